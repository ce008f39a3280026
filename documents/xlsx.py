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
from dataclasses import dataclass

from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell._writer import _set_attributes
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.compat import safe_string
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.utils.cell import range_boundaries
from openpyxl.utils.exceptions import IllegalCharacterError
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


def workbook_bytes(sheets: Iterable[tuple[str, list[str], Iterable[list]]], widths=None) -> bytes:
    """sheets: (sheet title, header row, rows). Rows may be a generator of any length.

    Memory stays constant however many rows: each sheet's XML is written straight into
    the zip as its rows come. openpyxl makes everything else (workbook, styles, theme,
    properties) from a write-only workbook holding the same sheets; the rows are written
    here, cell by cell exactly as openpyxl's write-only mode writes them (see `_Rows`),
    because its per-cell objects cost about thirty times as much.
    """
    skeleton = Workbook(write_only=True)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for index, (title, headers, rows) in enumerate(sheets, start=1):
            ws = skeleton.create_sheet(title=title)  # openpyxl checks the title
            header_cells = []
            for text in headers:
                cell = _as_text(WriteOnlyCell(ws, value=text))
                cell.font = HEADER_FONT
                cell.fill = HEADER_FILL
                cell.alignment = Alignment(vertical="center")
                header_cells.append(cell)
            writer = _Rows(ws)
            with archive.open(f"xl/worksheets/sheet{index}.xml", "w", force_zip64=True) as part:
                part.write(_sheet_head((widths or {}).get(title, [])))
                part.write(writer.styled_row(1, header_cells))
                chunk = []
                for number, row in enumerate(rows, start=2):
                    chunk.append(writer.row(number, row))
                    if len(chunk) >= 500:
                        part.write("".join(chunk).encode())
                        chunk = []
                part.write("".join(chunk).encode())
                part.write(SHEET_TAIL)
        # The rest of the package, from openpyxl, once every style a cell used is known.
        rest = io.BytesIO()
        skeleton.save(rest)
        with zipfile.ZipFile(rest) as made:
            for info in made.infolist():
                if not info.filename.startswith("xl/worksheets/sheet"):
                    archive.writestr(info, made.read(info.filename))
    return buffer.getvalue()


# What openpyxl's write-only worksheet writes around the rows; in UTF-8 (declared), where
# openpyxl writes each Chinese character as a character reference (&#20013;), 8 bytes.
SHEET_HEAD = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<sheetPr><outlinePr summaryBelow="1" summaryRight="1"/><pageSetUpPr/></sheetPr>'
    '<sheetViews><sheetView workbookViewId="0"><selection activeCell="A1" sqref="A1"/></sheetView></sheetViews>'
    '<sheetFormatPr baseColWidth="8" defaultRowHeight="15"/>'
)
SHEET_TAIL = (
    b'</sheetData><pageMargins left="0.75" right="0.75" top="1" bottom="1" header="0.5" footer="0.5"/>'
    b"</worksheet>"
)


def _sheet_head(widths) -> bytes:
    cols = "".join(
        f'<col width="{safe_string(width)}" customWidth="1" min="{index}" max="{index}"/>'
        for index, width in enumerate(widths, start=1)
    )
    return (SHEET_HEAD + (f"<cols>{cols}</cols>" if cols else "") + "<sheetData>").encode()


class _Rows:
    """A sheet's rows as openpyxl's write-only mode writes them (`cell/_writer.py`):

    - a str is an inline string (t="inlineStr"), never a formula nor an error value,
      cut at Excel's 32,767 characters, refused (IllegalCharacterError) if it holds a
      control character, with xml:space="preserve" when it has outer spaces;
    - an int or a float is a number (t="n") in openpyxl's notation (safe_string);
    - None is left out; anything else (dates, Decimal, bool) goes through openpyxl's own
      cell, which gives it its type, its conversion and its number format.
    """

    def __init__(self, ws):
        self.ws = ws
        self.letters = [""] + [get_column_letter(i) for i in range(1, 31)]

    def row(self, number: int, values) -> str:
        cells = []
        letters = self.letters
        for column, value in enumerate(values, start=1):
            kind = type(value)
            if kind is str:
                if column >= len(letters):
                    letters += [get_column_letter(i) for i in range(len(letters), column + 1)]
                cells.append(_text(f"{letters[column]}{number}", value))
            elif value is None:
                continue
            elif kind is int or kind is float:
                if column >= len(letters):
                    letters += [get_column_letter(i) for i in range(len(letters), column + 1)]
                cells.append(f'<c r="{letters[column]}{number}" t="n"><v>{safe_string(value)}</v></c>')
            else:
                cells.append(self._cell(number, column, _as_text(WriteOnlyCell(self.ws, value=value))))
        return f'<row r="{number}">{"".join(cells)}</row>'

    def styled_row(self, number: int, cells) -> bytes:
        return f'<row r="{number}">{"".join(self._cell(number, i, c) for i, c in enumerate(cells, 1))}</row>'.encode()

    def _cell(self, number: int, column: int, cell) -> str:
        cell.column, cell.row = column, number
        if cell._value is None and not cell.has_style:
            return ""
        value, attrs = _set_attributes(cell, cell.has_style)
        style = f' s="{attrs["s"]}"' if "s" in attrs else ""
        ref = attrs["r"]
        if cell.data_type == "s":
            return _text(ref, value, style)
        if value is None or value == "":
            return f'<c r="{ref}"{style} t="{attrs["t"]}"></c>'
        return f'<c r="{ref}"{style} t="{attrs["t"]}"><v>{_escape(safe_string(value))}</v></c>'


def _text(ref: str, value: str, style: str = "") -> str:
    if len(value) > 32767:
        value = value[:32767]
    if _illegal(value):
        raise IllegalCharacterError(f"{value} cannot be used in worksheets.")
    if not value:
        return f'<c r="{ref}"{style} t="inlineStr"></c>'
    space = ' xml:space="preserve"' if value[0].isspace() or value[-1].isspace() else ""
    return f'<c r="{ref}"{style} t="inlineStr"><is><t{space}>{_escape(value)}</t></is></c>'


_illegal = ILLEGAL_CHARACTERS_RE.search


def _escape(text: str) -> str:
    # As lxml writes element text: &, <, > and the carriage return (kept, not normalised).
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    if "\r" in text:
        text = text.replace("\r", "&#13;")
    return text


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


@dataclass(frozen=True)
class RowError:
    """One reason an import refuses a file: its Excel row (None: the file as a whole), the
    column, and what to change, for the person."""

    row: int | None
    column: str
    reason: str


def header_errors(header: list[str], *, known, required, source: str) -> list[RowError]:
    """What is wrong with an import's header row: unknown or repeated columns, missing ones.
    `source` names where the right header comes from ("模板", "导出的整改清单")."""
    errors, seen = [], set()
    for label in header:
        if not label:
            continue
        if label not in known:
            errors.append(RowError(1, label, f"无法识别的列“{label}”，请使用{source}中的列名。"))
        elif label in seen:
            errors.append(RowError(1, label, f"列“{label}”出现了不止一次。"))
        seen.add(label)
    missing = [label for label in required if label not in seen]
    if missing:
        errors.append(RowError(1, "", f"缺少列：{'、'.join(missing)}。请使用{source}，不要删除或改名表头。"))
    return errors


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
