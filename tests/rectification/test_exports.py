"""The 整改清单 in Excel: its columns and rows, text never a formula, and whose lists the
meeting's workbook holds."""

import io

from django.urls import reverse
from openpyxl import load_workbook

from documents.registry import get_type
from documents.render import spreadsheet_xlsx
from rectification.documents import COLUMNS, TABLE_KIND

from .docs_fixtures import add_item, lists  # noqa: F401


def _sheet(data: bytes):
    ws = load_workbook(io.BytesIO(data)).worksheets[0]
    return [[c.value for c in row] for row in ws.iter_rows()], ws


def test_the_list_workbook_has_the_issues_columns_and_one_row_per_item(lists):  # noqa: F811
    rows, _ = _sheet(spreadsheet_xlsx(get_type(TABLE_KIND).build(lists.team)))
    assert rows[0] == COLUMNS
    assert len(rows) == 4
    first = dict(zip(COLUMNS, rows[1]))
    assert first["序号"] == "1" and first["问题"] == "调查研究不够深入，到基层一线少。"
    assert first["整改措施"] == "1.制定年度调研计划。\n2.建立调研问题台账。"
    assert first["类型"] == "立行立改" and first["责任人"] == "张书记" and first["牵头部门"] == "县政府办"
    assert first["是否公开"] == "是" and first["状态"] == "已销号"
    assert first["进展"] == "措施2项，已完成2项，总体进度100%"
    second = dict(zip(COLUMNS, rows[2]))
    assert second["状态"] == "已逾期" and second["配合部门"] == "各股室"
    third = dict(zip(COLUMNS, rows[3]))
    assert third["类型"] == "长期坚持" and third["时限"] == lists.long_term.next_review.isoformat()
    assert third["责任人"] is None and third["状态"] == "整改中"


def test_text_that_looks_like_a_formula_stays_text(lists):  # noqa: F811
    add_item(lists.team, "=HYPERLINK(\"http://x\",\"点我\")", measures=("@SUM(A1:A2)", "#N/A"))
    _, ws = _sheet(spreadsheet_xlsx(get_type(TABLE_KIND).build(lists.team)))
    cell = ws.cell(row=5, column=2)
    assert cell.data_type == "s" and cell.value.startswith("=HYPERLINK")
    assert ws.cell(row=5, column=5).data_type == "s"


def test_the_meetings_workbook_holds_the_lists_its_reader_may_open(client, login, cast, lists):  # noqa: F811
    url = reverse("rectification:meeting_table_xlsx", args=[lists.team.meeting_id])
    response = client.get(url)
    assert response.status_code == 302 and "/login" in response.url
    assert login(cast.outsider).get(url).status_code == 404

    office, _ = _sheet(login(cast.office).get(url).content)
    problems = [row[1] for row in office[1:]]
    assert office[0] == COLUMNS + ["所属清单"]
    assert "有时听取不同意见不够耐心。" in problems  # submitted: the office tracks it
    assert "同事尚在起草的个人问题。" not in problems  # a draft is its owner's
    assert len(problems) == 4

    colleague, _ = _sheet(login(lists.colleague).get(url).content)
    problems = [row[1] for row in colleague[1:]]
    assert "同事尚在起草的个人问题。" in problems  # their own
    assert "有时听取不同意见不够耐心。" not in problems  # a colleague's personal item
    assert "调查研究不够深入，到基层一线少。" in problems  # the approved team list


def test_the_meetings_workbook_costs_the_same_queries_for_5_and_50_items(login, cast, lists, same_queries_at_5_and_50):  # noqa: F811
    client = login(cast.office)
    url = reverse("rectification:meeting_table_xlsx", args=[lists.team.meeting_id])

    def grow(n):
        while lists.team.items.count() < n:
            add_item(lists.team, f"第{lists.team.items.count() + 1}项问题", measures=("措施一", "措施二"))

    same_queries_at_5_and_50(grow, lambda: client.get(url))


def test_the_meetings_pdf_table_is_read_by_members_too_and_refused_to_outsiders(client, login, cast, lists):  # noqa: F811
    url = reverse("rectification:meeting_table_pdf", args=[lists.team.meeting_id])
    assert client.get(url).status_code == 302
    assert login(cast.outsider).get(url).status_code == 404
    response = login(cast.member).get(url)
    assert response.status_code == 200 and response.content.startswith(b"%PDF")


def test_the_list_workbooks_version_moves_with_what_rows_change_without_touching_updated_at(lists):  # noqa: F811
    from rectification.models import Item, ItemMeasure

    build = get_type(TABLE_KIND).build
    before = build(lists.team).version
    measure = ItemMeasure.objects.filter(item__rectification_list=lists.team).first()
    ItemMeasure.objects.filter(pk=measure.pk).update(percent=37)  # a progress report's write
    after_progress = build(lists.team).version
    assert after_progress != before
    Item.objects.filter(rectification_list=lists.team).update(disclosed=False)  # the 公示 choice
    assert build(lists.team).version != after_progress
