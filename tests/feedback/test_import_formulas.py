"""A formula in an imported opinion file is reported, never read as its cached value."""

import io

from openpyxl import Workbook

from feedback.imports import LABELS, SHEET_TITLE, opinions_parse


def test_a_formula_in_an_opinion_is_reported_as_a_formula(solicitation, meeting):
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET_TITLE
    ws.append(list(LABELS))
    ws.append(['="建议"&"精简会议"', "座谈会", "2026-01-05"])
    buffer = io.BytesIO()
    wb.save(buffer)

    result = opinions_parse(buffer.getvalue(), meeting=meeting)

    assert [(e.row, e.column, e.reason[:12]) for e in result.errors] == [(2, "意见建议内容", "单元格是公式，请填写文字")]


def test_text_that_only_looks_like_a_formula_is_kept_as_written(solicitation, meeting):
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET_TITLE
    ws.append(list(LABELS))
    ws.append(["建议", "座谈会", "2026-01-05"])
    ws["A2"].value = "=不是公式的意见"
    ws["A2"].data_type = "s"  # typed as text, as a string cell from our own exports
    buffer = io.BytesIO()
    wb.save(buffer)

    result = opinions_parse(buffer.getvalue(), meeting=meeting)

    assert result.ok, result.errors
    assert result.rows[0].entry.content == "=不是公式的意见"
