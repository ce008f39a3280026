"""The office prepares the team's 整改清单 in Excel: downloads the meeting's 整改清单, fills
the team list's rows in it, imports it, sees one row refused with its reason, fixes it,
confirms, sees the items — then prints the 整改方案 as PDF."""

import io
from datetime import date, timedelta

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from meetings.models import Meeting, Stage
from rectification.models import Item, ItemMeasure, ListKind, RectificationList
from tests.factories import MeetingFactory

from .helpers import assert_fits_width, log_in, screenshot

pytestmark = pytest.mark.browser


@pytest.fixture
def rectifying(cast):
    """The gov team's meeting, held, in 整改落实; 李委员's personal list submitted with one item."""
    meeting = MeetingFactory(organization=cast.gov, title="2026年度县政府办党组民主生活会")
    Meeting.objects.filter(pk=meeting.pk).update(stage=Stage.RECTIFYING, held_on=date(2026, 11, 20))
    from django.utils import timezone

    personal = RectificationList.objects.create(meeting=meeting, kind=ListKind.PERSONAL, owner=cast.member.person,
                                                state="submitted", first_submitted_at=timezone.now())
    item = Item.objects.create(rectification_list=personal, order=1, problem="有时听取不同意见不够耐心。",
                               term="deadline", deadline=date(2027, 3, 31), responsible=cast.member.person)
    ItemMeasure.objects.create(item=item, order=1, content="每月听取一次分管科室意见。", deadline=item.deadline)
    return meeting


def _fill(path: str, rows: list[dict]) -> bytes:
    """The downloaded workbook, its rows replaced by the team list's, as a person does in Excel."""
    with open(path, "rb") as f:  # the download's path has no .xlsx to tell openpyxl
        wb = load_workbook(io.BytesIO(f.read()))
    ws = wb.worksheets[0]
    header = [c.value for c in ws[1]]
    ws.delete_rows(2, ws.max_row)
    for row in rows:
        ws.append([row.get(label, "") for label in header])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def test_the_office_imports_the_team_list_from_excel_and_prints_the_plan(cast, page, rectifying, tmp_path):
    deadline = (date.today() + timedelta(days=90)).isoformat()
    log_in(page, cast.office)
    page.goto(f"/rectification/{rectifying.pk}/")
    page.get_by_role("link", name="整改文书").click()
    expect(page.get_by_role("heading", name="整改落实文书")).to_be_visible()
    screenshot(page, "rectification-docs-1-documents")
    with page.expect_download() as download:
        page.get_by_role("link", name="下载整改清单 Excel").click()
    assert download.value.suggested_filename.endswith("整改清单.xlsx")
    with open(download.value.path(), "rb") as f:
        sheet = load_workbook(io.BytesIO(f.read())).worksheets[0]
    assert sheet.cell(row=2, column=2).value == "有时听取不同意见不够耐心。"  # the office sees the submitted list

    rows = [
        {"问题": "调查研究不够深入，到基层一线少。", "整改目标": "每季度到基层调研不少于两次",
         "整改措施": "1.制定年度调研计划\n2.建立调研问题台账", "类型": "限期整改", "时限": deadline,
         "责任人": "张书记", "牵头部门": "督查室", "是否公开": "是"},
        {"问题": "会议文件仍然偏多。", "整改措施": "严格会议计划管理", "类型": "限期整改", "时限": deadline,
         "责任人": "王五", "牵头部门": "综合科", "是否公开": "否"},
    ]
    bad = tmp_path / "班子整改清单.xlsx"
    bad.write_bytes(_fill(download.value.path(), rows))

    page.goto(f"/rectification/{rectifying.pk}/")
    page.get_by_role("button", name="起草班子整改清单").click()
    page.get_by_role("link", name="从 Excel 导入").click()
    page.get_by_label("整改清单文件").set_input_files(str(bad))
    page.get_by_role("button", name="上传并检查").click()
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("文件中有 1 处问题，未导入任何事项")
    expect(alert.get_by_role("row", name="第 3 行")).to_contain_text("找不到班子成员“王五”")
    screenshot(page, "rectification-docs-2-import-error")
    assert not Item.objects.filter(rectification_list__kind=ListKind.TEAM).exists()

    rows[1]["责任人"] = "李委员"
    good = tmp_path / "班子整改清单-改.xlsx"
    good.write_bytes(_fill(download.value.path(), rows))
    page.get_by_label("整改清单文件").set_input_files(str(good))
    page.get_by_role("button", name="上传并检查").click()
    expect(page.get_by_role("heading", name="确认导入")).to_be_visible()
    expect(page.get_by_role("row", name="第 2 行")).to_contain_text("建立调研问题台账")
    screenshot(page, "rectification-docs-3-preview")
    page.get_by_role("button", name="确认导入 2 项").click()

    expect(page.get_by_text("已导入 2 项整改事项")).to_be_visible()
    expect(page.get_by_text("调查研究不够深入，到基层一线少。").first).to_be_visible()
    expect(page.get_by_text("会议文件仍然偏多。").first).to_be_visible()
    screenshot(page, "rectification-docs-4-list")
    team = RectificationList.objects.get(kind=ListKind.TEAM)
    assert [i.responsible.name for i in team.items.order_by("order")] == ["张书记", "李委员"]

    page.get_by_role("link", name="整改文书").click()
    # Celery runs eagerly here: the request returns once WeasyPrint is done (seconds on a busy machine).
    page.get_by_role("button", name="生成整改方案（草稿） PDF").click(timeout=120_000)
    link = page.get_by_role("link", name="下载 县政府办党组领导班子2026年度民主生活会整改方案.pdf")
    expect(link).to_be_visible(timeout=30_000)
    screenshot(page, "rectification-docs-5-plan")
    with page.expect_download() as plan:
        link.click()
    with open(plan.value.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
    assert_fits_width(page)
