"""Excel import of opinions gathered offline: template, row-numbered errors, preview, and
nothing saved until the office confirms a clean file."""

import io
from datetime import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from feedback.imports import LABELS, SHEET_TITLE, opinions_parse
from feedback.models import Opinion, OpinionEvent, OpinionState

GOOD = {"意见建议内容": "建议精简会议。", "征求方式": "座谈会", "收到日期": "2026-01-05"}


def xlsx(rows: list[dict], headers=LABELS) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET_TITLE
    ws.append(list(headers))
    for row in rows:
        ws.append([row.get(h, "") for h in headers])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def upload(data: bytes, name="意见.xlsx"):
    return SimpleUploadedFile(name, data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


def _errors(data, meeting):
    return [(e.row, e.column, e.reason) for e in opinions_parse(data, meeting=meeting).errors]


def test_the_template_lists_this_meetings_members_and_aspects(cast, solicitation, people, login):
    response = login(cast.office).get(f"/feedback/{solicitation.pk}/import/template.xlsx")
    assert response.status_code == 200
    wb = load_workbook(io.BytesIO(response.content))
    assert wb.sheetnames == [SHEET_TITLE, "选项", "说明"]
    assert [c.value for c in wb[SHEET_TITLE][1]] == ["意见建议内容*", "征求方式*", "收到日期*", "提出人类别", "反映对象",
                                                    "方面", "类别", "提出人", "联系方式"]
    options = [c.value for c in wb["选项"]["D"] if c.value]
    assert options == ["反映对象", "班子", "张书记", "李委员", "王委员"]
    assert "1. 方面一" in [c.value for c in wb["选项"]["E"]]
    # The template as downloaded, filled in, imports cleanly.
    ws = wb[SHEET_TITLE]
    ws.append(["意见", "座谈会", "2026-01-05", "群众", "李委员", "1. 方面一", "建议", "", ""])
    buffer = io.BytesIO()
    wb.save(buffer)
    assert opinions_parse(buffer.getvalue(), meeting=solicitation.meeting).ok


def test_a_clean_file_parses_with_what_was_filled_in(solicitation, people, meeting):
    result = opinions_parse(
        xlsx([
            {**GOOD, "反映对象": "班子、李委员", "方面": "2", "类别": "建议", "提出人类别": "两代表一委员"},
            {**GOOD, "反映对象": "王委员", "收到日期": datetime(2026, 1, 6)},
            {**GOOD, "收到日期": "2026年1月7日", "方面": "方面一"},
        ]),
        meeting=meeting,
    )
    assert result.ok, result.errors
    first, second, third = (r.entry for r in result.rows)
    assert (first.concerns_team, [p.name for p in first.concerns], first.aspect.order, first.kind) == (
        True, ["李委员"], 2, "suggestion")
    assert first.source == "representative" and first.is_classified
    assert first.addressed_member is None  # several people: no single addressee
    assert second.addressed_member == people["colleague"] and not second.is_classified
    assert str(second.received_on) == "2026-01-06"
    assert third.aspect.title == "方面一"
    assert result.classified == 1


@pytest.mark.parametrize(
    "row, column, reason",
    [
        ({**GOOD, "意见建议内容": ""}, "意见建议内容", "必填"),
        ({**GOOD, "意见建议内容": "长" * 2001}, "意见建议内容", "2000"),
        ({**GOOD, "征求方式": "微信"}, "征求方式", "无法识别"),
        ({**GOOD, "收到日期": "去年"}, "收到日期", "不是有效的日期"),
        ({**GOOD, "收到日期": "2099-01-01"}, "收到日期", "不能晚于今天"),
        ({**GOOD, "反映对象": "赵局长"}, "反映对象", "找不到班子成员“赵局长”"),
        ({**GOOD, "方面": "9"}, "方面", "不是本次会议的对照检查方面"),
        ({**GOOD, "类别": "表扬"}, "类别", "无法识别"),
        ({**GOOD, "提出人类别": "外星人"}, "提出人类别", "无法识别"),
        # Kept as written or refused with its place: never silently altered.
        ({**GOOD, "意见建议内容": "建议\u202e精简会议"}, "意见建议内容", "第3个字符"),
        ({**GOOD, "意见建议内容": "建议\ufffd精简"}, "意见建议内容", "U+FFFD"),
    ],
)
def test_each_bad_cell_is_reported_with_its_row_and_column(solicitation, people, meeting, row, column, reason):
    errors = _errors(xlsx([GOOD, row]), meeting)
    assert len(errors) == 1
    assert errors[0][:2] == (3, column)
    assert reason in errors[0][2]


def test_a_file_that_is_not_a_workbook_gets_a_clear_message(meeting):
    [(row, _, reason)] = _errors(b"this is not excel", meeting)
    assert row is None and ".xlsx" in reason


def test_renamed_or_missing_columns_are_named(meeting):
    headers = [h for h in LABELS if h != "收到日期"] + ["备注"]
    reasons = [e[2] for e in _errors(xlsx([GOOD], headers=headers), meeting)]
    assert any("无法识别的列“备注”" in r for r in reasons)
    assert any("缺少列：收到日期" in r for r in reasons)


def test_an_empty_sheet_says_so(meeting):
    assert "没有意见建议" in _errors(xlsx([]), meeting)[0][2]


def test_the_import_previews_then_saves_only_on_confirmation(cast, solicitation, people, login):
    client = login(cast.office)
    url = f"/feedback/{solicitation.pk}/import/"
    data = xlsx([GOOD, {**GOOD, "意见建议内容": "第二条", "反映对象": "李委员", "类别": "意见"}])
    preview = client.post(url, {"file": upload(data)})
    body = preview.content.decode()
    assert "确认导入 2 条" in body
    assert "第 3 行" in body
    assert not Opinion.objects.exists()
    token = preview.context["confirm"]["token"].value()
    response = client.post(url, {"token": token})
    assert response.status_code == 302
    assert Opinion.objects.count() == 2
    assert Opinion.objects.get(content="第二条").state == OpinionState.SORTED
    assert set(Opinion.objects.values_list("entered_by", flat=True)) == {cast.office.pk}
    assert set(OpinionEvent.objects.values_list("action", flat=True)) == {"导入"}
    # The same confirmation cannot import twice.
    client.post(url, {"token": token})
    assert Opinion.objects.count() == 2


def test_a_file_with_a_bad_row_saves_nothing_and_points_at_the_row(cast, solicitation, people, login):
    client = login(cast.office)
    response = client.post(
        f"/feedback/{solicitation.pk}/import/",
        {"file": upload(xlsx([GOOD, {**GOOD, "征求方式": "微博"}, GOOD]))},
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert "文件中有 1 处问题，未导入任何数据" in body
    assert "第 3 行" in body and "征求方式" in body
    assert not Opinion.objects.exists()


@pytest.mark.parametrize("name, message", [("意见.xls", "只支持 .xlsx 文件"), ("意见.csv", "只支持 .xlsx 文件")])
def test_other_file_types_are_refused(cast, solicitation, login, name, message):
    response = login(cast.office).post(f"/feedback/{solicitation.pk}/import/", {"file": upload(b"x", name=name)})
    assert message in response.content.decode()


def test_a_stale_confirmation_asks_to_upload_again(cast, solicitation, login):
    response = login(cast.office).post(f"/feedback/{solicitation.pk}/import/", {"token": "forged"}, follow=True)
    assert "上传的文件已过期" in response.content.decode()
    assert not Opinion.objects.exists()


def test_too_many_rows_are_refused(meeting, monkeypatch):
    from feedback import imports

    monkeypatch.setattr(imports, "MAX_ROWS", 3)
    reason = _errors(xlsx([GOOD] * 4), meeting)[0][2]
    assert "一次最多导入 3 条" in reason


def test_excel_day_numbers_are_read_as_dates(meeting):
    result = opinions_parse(xlsx([{**GOOD, "收到日期": 46000}]), meeting=meeting)
    assert str(result.rows[0].entry.received_on) == "2025-12-09"
