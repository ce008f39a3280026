"""The streamed sheet writer writes every row exactly as openpyxl's write-only mode did.

`workbook_bytes` writes the rows' XML itself (openpyxl's per-cell objects cost thirty times
as much) and takes the rest of the package from openpyxl. The reference below is the
writer it replaced, word for word; both files must hold the same cells, byte for byte
in the sheets once openpyxl's character references (&#20013;) are read as characters.
"""

import datetime
import gc
import decimal
import io
import re
import zipfile

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import IllegalCharacterError

from documents.xlsx import HEADER_FILL, HEADER_FONT, _as_text, workbook_bytes


def openpyxl_workbook(sheets, widths=None) -> bytes:
    """The writer as it was: every cell an openpyxl WriteOnlyCell."""
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
            ws.append([_as_text(WriteOnlyCell(ws, value=v)) if isinstance(v, str) else v for v in row])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


ROWS = [
    [1, " x", datetime.date(2026, 1, 2), decimal.Decimal("1.5"), True, None, "", 2.5, datetime.datetime(2026, 1, 2, 3, 4)],
    ["=1+1", "#N/A", "a&b<c>d\"e'f", "line\nbreak\r\nx\ty", "长" * 40000, 0.1, 10**20, -3, False],
    [],
    [None, None, "末尾 ", "\u3000全角空格开头", '=HYPERLINK("http://x","y")', "@SUM(A1)", "+1", "-1"],
    ["中文　全角", datetime.time(3, 4), datetime.timedelta(hours=30), 1e-7, float("nan"), 0, -0.0],
    [None] * 30 + ["第31列"],
]
SHEETS = [("表", ["序号", "=内容", " 备注"], ROWS), ("统计", ["项目", "条数"], [["共3条", 3]])]


def _sheets(data: bytes) -> dict:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {n: archive.read(n) for n in archive.namelist() if n.startswith("xl/worksheets/")}


def _as_characters(xml: bytes) -> bytes:
    xml = re.sub(rb"^<\?xml[^>]*\?>\n", b"", xml)
    return re.sub(rb"&#(\d+);", lambda m: chr(int(m.group(1))).encode() if int(m.group(1)) > 127 else m.group(0), xml)


@pytest.mark.parametrize("widths", [{"表": [6, 70.5, 24]}, None])
def test_the_sheets_are_the_ones_openpyxl_wrote(widths):
    ours = _sheets(workbook_bytes(SHEETS, widths=widths))
    theirs = _sheets(openpyxl_workbook(SHEETS, widths=widths))
    assert ours.keys() == theirs.keys()
    for name in theirs:
        assert _as_characters(ours[name]) == _as_characters(theirs[name]), name


def test_every_cell_reads_back_the_same_value_type_and_style():
    ours = load_workbook(io.BytesIO(workbook_bytes(SHEETS, widths={"表": [6, 70]})))
    theirs = load_workbook(io.BytesIO(openpyxl_workbook(SHEETS, widths={"表": [6, 70]})))
    assert ours.sheetnames == theirs.sheetnames
    for a, b in zip(ours.worksheets, theirs.worksheets):
        assert a.column_dimensions["B"].width == b.column_dimensions["B"].width
        cells_a = [c for row in a.iter_rows() for c in row]
        cells_b = [c for row in b.iter_rows() for c in row]
        assert len(cells_a) == len(cells_b)
        for x, y in zip(cells_a, cells_b):
            same_value = x.value == y.value or (x.value != x.value and y.value != y.value)  # nan
            assert same_value and x.data_type == y.data_type, x.coordinate
            assert (x.number_format, x.font.b, x.fill.fgColor.rgb) == (y.number_format, y.font.b, y.fill.fgColor.rgb)


# openpyxl's own writer, stopped mid-sheet, complains when its generator is collected.
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_a_control_character_is_refused_as_openpyxl_refuses_it():
    for writer in (workbook_bytes, openpyxl_workbook):
        with pytest.raises(IllegalCharacterError):
            writer([("表", ["a"], [["意见\x07"]])])
    gc.collect()  # here, where the warning is expected


def test_rows_stream_from_a_generator_of_any_length():
    rows = ([i, f"第{i}条"] for i in range(3000))
    wb = load_workbook(io.BytesIO(workbook_bytes([("表", ["序号", "内容"], rows)])), read_only=True)
    values = list(wb["表"].iter_rows(values_only=True))
    assert len(values) == 3001 and values[-1] == (2999, "第2999条")
