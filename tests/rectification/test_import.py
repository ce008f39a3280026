"""Importing a list's items from Excel: row-numbered errors, nothing half-saved, only into an
editable list by its writer, and the export of a list re-imports to the same items."""

import io

import pytest
from django.urls import reverse
from openpyxl import Workbook

from documents.registry import get_type
from documents.render import spreadsheet_xlsx
from rectification.documents import COLUMNS, TABLE_KIND, table_rows
from rectification.imports import items_import, items_parse
from rectification.models import Item, ListKind, ListState, RectificationList

from .docs_fixtures import lists  # noqa: F401

GOOD = ["", "文件多会议多的问题仍然存在。", "", "会议文件数量明显减少", "1.精简会议\n2.压减发文（时限：2027-01-31）",
        "限期整改", "2027-03-31", "李委员", "办公室", "", "否", "", ""]


def workbook(*rows, header=COLUMNS) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "整改清单"
    ws.append(header)
    for row in rows:
        ws.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def row(**changes):
    values = dict(zip(COLUMNS, GOOD))
    values.update(changes)
    return [values[c] for c in COLUMNS]


@pytest.fixture
def new_team_list(cast, lists):  # noqa: F811
    """A team list in draft, empty (the meeting has one team list: the approved one goes)."""
    RectificationList.objects.filter(pk=lists.team.pk).delete()
    return RectificationList.objects.create(meeting=lists.personal.meeting, kind=ListKind.TEAM)


def test_a_clean_file_previews_its_items_with_their_measures(new_team_list):
    result = items_parse(workbook(row()), rlist=new_team_list)
    assert result.ok
    [item] = result.rows
    assert item.line == 2 and item.problem == "文件多会议多的问题仍然存在。"
    assert item.responsible.name == "李委员" and item.deadline.isoformat() == "2027-03-31"
    assert [(m, d.isoformat()) for m, d in item.measures] == [("精简会议", "2027-03-31"), ("压减发文", "2027-01-31")]


def test_each_error_names_its_row_and_column_and_the_reason(new_team_list):
    data = workbook(
        row(),
        row(问题=""),
        row(类型="马上就办"),
        row(时限="明年春天"),
        row(责任人="王五"),
        row(整改措施=""),
        row(整改目标="=A1"),
    )
    result = items_parse(data, rlist=new_team_list)
    errors = {(e.row, e.column): e.reason for e in result.errors}
    assert errors[(3, "问题")].startswith("必填")
    assert "无法识别" in errors[(4, "类型")] and "立行立改" in errors[(4, "类型")]
    assert "不是有效的日期" in errors[(5, "时限")]
    assert "找不到班子成员“王五”" in errors[(6, "责任人")]
    assert "至少填写一条整改措施" in errors[(7, "整改措施")]
    assert "公式" in errors[(8, "整改目标")]
    assert 2 not in {e.row for e in result.errors}


def test_a_personal_lists_responsible_is_its_owner(cast, lists):  # noqa: F811
    result = items_parse(workbook(row(责任人="张书记")), rlist=lists.draft)
    assert [e.column for e in result.errors] == ["责任人"]
    ok = items_parse(workbook(row(责任人="")), rlist=lists.draft)
    assert ok.ok and ok.rows[0].responsible == lists.draft.owner


def test_missing_columns_and_a_file_that_is_no_workbook_are_refused_whole(new_team_list):
    result = items_parse(workbook(["问题"], header=["问题", "备注"]), rlist=new_team_list)
    reasons = " ".join(e.reason for e in result.errors)
    assert "无法识别的列“备注”" in reasons and "缺少列：整改措施、类型、时限" in reasons
    result = items_parse(b"MZ not a zip", rlist=new_team_list)
    assert result.errors[0].row is None and ".xlsx" in result.errors[0].reason


READ_BACK = ["问题", "整改目标", "整改措施", "类型", "时限", "责任人", "牵头部门", "配合部门", "是否公开"]


def _read_back(rlist):
    return [[dict(zip(COLUMNS, r))[c] for c in READ_BACK] for r in table_rows(rlist.items.order_by("order", "id"))]


def test_the_export_of_a_list_reimports_to_the_same_items(cast, lists):  # noqa: F811
    from .docs_fixtures import add_item

    team = lists.team
    add_item(team, "=SUM(A1) 看似公式的问题", deadline=lists.mine.deadline, measures=("一", "二"), lead_department="办公室")
    lists.long_term.measures.update(deadline=lists.mine.deadline)  # a measure's own deadline
    before = _read_back(team)
    exported = spreadsheet_xlsx(get_type(TABLE_KIND).build(team))
    # The list goes back to draft (a new version) and is filled again from its own export.
    RectificationList.objects.filter(pk=team.pk).update(state=ListState.DRAFT)
    team.refresh_from_db()
    Item.objects.filter(rectification_list=team).delete()
    result = items_parse(exported, rlist=team)
    assert result.ok, result.errors
    items_import(rlist=team, rows=result.rows, actor=cast.office)
    assert _read_back(team) == before
    assert len(before) == 4 and "（时限：" in before[2][2]


def test_the_import_writes_all_rows_or_none(cast, new_team_list, monkeypatch):
    result = items_parse(workbook(row(), row(问题="第二项")), rlist=new_team_list)
    from rectification import imports

    real = imports.item_create
    made = []

    def second_fails(**kwargs):
        if made:
            raise RuntimeError("disk full")
        made.append(real(**kwargs))
        return made[-1]

    monkeypatch.setattr(imports, "item_create", second_fails)
    with pytest.raises(RuntimeError):
        items_import(rlist=new_team_list, rows=result.rows, actor=cast.office)
    assert not Item.objects.filter(rectification_list=new_team_list).exists()


def test_only_an_editable_list_takes_an_import(cast, lists):  # noqa: F811
    from rectification.services import ListLocked

    result = items_parse(workbook(row(责任人="")), rlist=lists.personal)
    with pytest.raises(ListLocked):  # submitted: waiting for the secretary
        items_import(rlist=lists.personal, rows=result.rows, actor=cast.member)


def test_the_import_page_is_its_writers_alone(client, login, cast, lists, new_team_list):  # noqa: F811
    url = reverse("rectification:import", args=[new_team_list.pk])
    response = client.get(url)
    assert response.status_code == 302 and "/login" in response.url
    assert login(cast.outsider).get(url).status_code == 404
    assert login(cast.secretary).get(url).status_code == 403  # approves it, does not write it
    assert login(cast.member).get(reverse("rectification:import", args=[lists.draft.pk])).status_code == 404
    assert login(cast.member).get(reverse("rectification:import", args=[lists.personal.pk])).status_code == 403
    assert login(cast.office).get(url).status_code == 200


def test_the_office_uploads_sees_the_error_fixes_it_and_confirms(login, cast, new_team_list):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = login(cast.office)
    url = reverse("rectification:import", args=[new_team_list.pk])
    bad = SimpleUploadedFile("清单.xlsx", workbook(row(), row(类型="马上")))
    page = client.post(url, {"file": bad})
    assert page.status_code == 400
    assert "第 3 行" in page.content.decode() and not new_team_list.items.exists()
    good = SimpleUploadedFile("清单.xlsx", workbook(row(), row(问题="第二项")))
    page = client.post(url, {"file": good})
    assert page.status_code == 200 and "确认导入 2 项" in page.content.decode()
    token = page.context["confirm"].initial["token"]
    assert not new_team_list.items.exists()  # nothing before the confirmation
    done = client.post(url, {"token": token}, follow=True)
    assert done.redirect_chain[-1][0] == reverse("rectification:list", args=[new_team_list.pk])
    assert "已导入 2 项整改事项" in done.content.decode()
    assert list(new_team_list.items.order_by("order").values_list("problem", flat=True)) == [
        "文件多会议多的问题仍然存在。", "第二项"]
    again = client.post(url, {"token": token})  # a second confirmation finds nothing
    assert again.status_code == 302 and new_team_list.items.count() == 2
