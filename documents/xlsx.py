"""Excel: output in constant memory (openpyxl write-only mode), and reading uploads safely."""

import io
import logging
import warnings
import zipfile
from collections.abc import Iterable

from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill

logger = logging.getLogger(__name__)


def workbook_bytes(sheets: Iterable[tuple[str, list[str], Iterable[list]]], widths=None) -> bytes:
    """sheets: (sheet title, header row, rows). Rows may be a generator of any length."""
    wb = Workbook(write_only=True)
    for title, headers, rows in sheets:
        ws = wb.create_sheet(title=title)
        for index, width in enumerate((widths or {}).get(title, []), start=1):
            ws.column_dimensions[chr(64 + index)].width = width
        header_cells = []
        for text in headers:
            cell = WriteOnlyCell(ws, value=text)
            cell.font = Font(bold=True)
            cell.fill = PatternFill("solid", fgColor="E8EEF4")
            cell.alignment = Alignment(vertical="center")
            header_cells.append(cell)
        ws.append(header_cells)
        for row in rows:
            ws.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


# --- reading uploads ----------------------------------------------------------------------

# A .xlsx is a zip: a few MB on the wire can hide gigabytes of XML. Real imports are small.
MAX_UNZIPPED_BYTES = 50 * 1024 * 1024
UNREADABLE = "无法读取该文件：请上传用 Excel 或 WPS 保存的 .xlsx 文件（不支持 .xls、.csv）。"


class SheetProblem(Exception):
    """The file as a whole cannot be used; the message says why, for the person."""


def cell_text(value) -> str:
    """A cell as the text a person typed: no None, no 13800000000.0, no full-width spaces."""
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
    where. Raises SheetProblem for a file that cannot be read or is too large.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if sum(info.file_size for info in archive.infolist()) > MAX_UNZIPPED_BYTES:
                raise SheetProblem("文件内容过大，请删除多余的工作表或格式后重新上传。")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about Excel features it skips
            wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            ws = wb[sheet_title] if sheet_title in wb.sheetnames else wb.worksheets[0]
            ws.reset_dimensions()  # some tools write a wrong size; read what is really there
            first = next(ws.iter_rows(min_row=1, max_row=1, values_only=True), ())
            labels = [header(v) for v in first]
            while labels and not labels[-1]:
                labels.pop()
            width = max(len(labels), 1)
            lines = []
            for line, values in enumerate(
                ws.iter_rows(min_row=2, max_col=width, values_only=True), start=2
            ):
                if line > 20 * max_rows:
                    raise SheetProblem("文件行数过多，请删除多余的空行后重新上传。")
                values = [cell(v) for v in values] + [""] * (width - len(values))
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
