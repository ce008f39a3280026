"""Excel: the one place the app writes workbooks, and reading uploads safely.

Every workbook goes out through here so that no text can become a formula. openpyxl reads
a string starting with "=" as a formula and one like "#N/A" as an error value; a person's
opinion, title or topic is text, whatever it starts with. So every string cell is written
as a string (t="inlineStr"), and the text is kept exactly as typed: no apostrophe or space
is added, because opinions are quoted 原汁原味 and a template filled in and imported again
must read back unchanged.
"""

import io
import logging
import warnings
import zipfile
from collections.abc import Iterable

from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.utils.cell import range_boundaries
from openpyxl.xml.constants import SHEET_MAIN_NS
from openpyxl.xml.functions import iterparse

logger = logging.getLogger(__name__)

HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="E8EEF4")


def _as_text(cell):
    """A cell holding a str is a string cell: never a formula ("=…") nor an error ("#N/A")."""
    if isinstance(cell.value, str):
        cell.data_type = "s"
    return cell


def _streamed(ws, value):
    # Plain values appended to a write-only sheet are typed by openpyxl itself, which turns
    # "=…" into a formula; a cell built here carries its type with it.
    return _as_text(WriteOnlyCell(ws, value=value)) if isinstance(value, str) else value


def workbook_bytes(sheets: Iterable[tuple[str, list[str], Iterable[list]]], widths=None) -> bytes:
    """sheets: (sheet title, header row, rows). Rows may be a generator of any length.

    Written in openpyxl's write-only mode, so memory stays constant however many rows.
    """
    wb = Workbook(write_only=True)
    for title, headers, rows in sheets:
        ws = wb.create_sheet(title=title)
        for index, width in enumerate((widths or {}).get(title, []), start=1):
            ws.column_dimensions[get_column_letter(index)].width = width
        header_cells = []
        for text in headers:
            cell = _as_text(WriteOnlyCell(ws, value=text))
            cell.font = HEADER_FONT
            cell.fill = HEADER_FILL
            cell.alignment = Alignment(vertical="center")
            header_cells.append(cell)
        ws.append(header_cells)
        for row in rows:
            ws.append([_streamed(ws, value) for value in row])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def workbook_new() -> Workbook:
    """An editable workbook, for the import templates (drop-downs, hidden lists, notes).

    Fill it freely; it must leave through `workbook_save`, which types its text cells.
    """
    return Workbook()


def workbook_save(wb: Workbook) -> bytes:
    """The workbook as bytes, every text cell of every sheet a string cell."""
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                _as_text(cell)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


# --- reading uploads ----------------------------------------------------------------------

# A .xlsx is a zip: a few MB on the wire can hide gigabytes of XML. Real imports are small.
MAX_UNZIPPED_BYTES = 50 * 1024 * 1024
MERGE_CELL_TAG = f"{{{SHEET_MAIN_NS}}}mergeCell"
ROW_TAG = f"{{{SHEET_MAIN_NS}}}row"
UNREADABLE = "无法读取该文件：请上传用 Excel 或 WPS 保存的 .xlsx 文件（不支持 .xls、.csv）。"


class SheetProblem(Exception):
    """The file as a whole cannot be used; the message says why, for the person."""


class Formula(str):
    """The text of a cell that holds a formula (=VLOOKUP(…)), never its computed value.

    An import must say "this is a formula": the value Excel last computed may be stale,
    and a file written by a program other than Excel has none at all (it read as blank).
    """


FORMULA_REFUSED = "单元格是公式，请填写文字（可复制后“选择性粘贴 → 值”）。"


def cell_text(value) -> str:
    """A cell as the text a person typed: no None, no 13800000000.0, no full-width spaces."""
    if isinstance(value, Formula):
        return value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # Excel stores 13800000000 and 3 as floats
    return str(value).replace("\u3000", " ").strip()


def read_sheet(
    data: bytes, *, sheet_title: str, max_rows: int, unit: str = "行", header=cell_text, cell=cell_text
):
    """(header labels, [(Excel row number, values)]) of the named sheet (or the first).

    Empty rows are skipped; every other row keeps its Excel row number, so errors can say
    where. A merged cell reads as its value in every row and column it covers (a 部门 merged
    over three rows belongs to all three); a formula reaches `cell` as a Formula. Raises
    SheetProblem for a file that cannot be read or is too large.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if sum(info.file_size for info in archive.infolist()) > MAX_UNZIPPED_BYTES:
                raise SheetProblem("文件内容过大，请删除多余的工作表或格式后重新上传。")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about Excel features it skips
            wb = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
            ws = wb[sheet_title] if sheet_title in wb.sheetnames else wb.worksheets[0]
            ws.reset_dimensions()  # some tools write a wrong size; read what is really there
            merges = _Merges(ws, last_row=20 * max_rows + 1)
            first = next(ws.iter_rows(min_row=1, max_row=1), ())
            labels = [header(v) for v in merges.values(1, first)]
            while labels and not labels[-1]:
                labels.pop()
            width = max(len(labels), 1)
            lines = []
            for line, cells in enumerate(ws.iter_rows(min_row=2, max_col=width), start=2):
                if line > 20 * max_rows:
                    raise SheetProblem("文件行数过多，请删除多余的空行后重新上传。")
                values = [cell(v) for v in merges.values(line, cells)]
                values += [""] * (width - len(values))
                if any(values):
                    lines.append((line, values))
                    if len(lines) > max_rows:
                        raise SheetProblem(f"一次最多导入 {max_rows} {unit}，请分批导入。")
            wb.close()
    except SheetProblem:
        raise
    except Exception as exc:
        logger.info("xlsx upload unreadable: %r", exc)
        raise SheetProblem(UNREADABLE) from exc
    if not any(labels):
        raise SheetProblem("文件为空：第1行应为表头，请使用下载的模板填写。")
    return labels, lines


def _raw(cell):
    if getattr(cell, "data_type", None) == "f":
        return Formula(getattr(cell.value, "text", None) or cell.value)
    return cell.value


# A real roster merges a few cells; a file with more is not one a person filled in.
MAX_MERGED_CELLS = 200_000


class _Merges:
    """The sheet's merged ranges, read from its XML (read-only mode does not keep them)."""

    def __init__(self, ws, *, last_row: int):
        self.by_row: dict[int, list[tuple[int, int, tuple[int, int]]]] = {}
        self.anchor_values: dict[tuple[int, int], object] = {}
        covered = 0
        for ref in _merged_refs(ws):
            min_col, min_row, max_col, max_row = range_boundaries(ref)
            anchor = (min_row, min_col)
            self.anchor_values[anchor] = None
            for row in range(min_row, min(max_row, last_row) + 1):
                self.by_row.setdefault(row, []).append((min_col, max_col, anchor))
                covered += 1
                if covered > MAX_MERGED_CELLS:
                    raise SheetProblem("文件中合并单元格过多，请取消合并后重新上传。")

    def values(self, line: int, cells) -> list:
        values = []
        spans = self.by_row.get(line, ())
        for column, cell in enumerate(cells, start=1):
            value = _raw(cell)
            if (line, column) in self.anchor_values:
                self.anchor_values[(line, column)] = value
            else:
                for min_col, max_col, anchor in spans:
                    if min_col <= column <= max_col:
                        value = self.anchor_values[anchor]
                        break
            values.append(value)
        return values


def _merged_refs(ws):
    """The refs of <mergeCell> elements, streamed: the sheet may be large."""
    with ws._get_source() as source:
        for _event, element in iterparse(source, events=("end",)):
            if element.tag == MERGE_CELL_TAG:
                yield element.get("ref")
            if element.tag in (ROW_TAG, MERGE_CELL_TAG):
                element.clear()
