"""Excel output in constant memory (openpyxl write-only mode)."""

import io
from collections.abc import Iterable

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill


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
