"""After the meeting: the office compiles the situation report, edits a sentence and sends
it; the upper 组织部 finds it in its list (beside a late one, marked in words) and
acknowledges it with a note; the office keeps the stamped scan and issues the notice; a
member of the team gets 404 on the report and reads the notice (issue 12, "Done means")."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from meetings.models import Meeting, MilestoneKind, Stage
from tests.factories import MeetingFactory

from tests.proceedings.conftest import ready_meeting, team7  # noqa: F401
from tests.proceedings.report_helpers import held_meeting, prepared, sitting  # noqa: F401

from .helpers import log_in, screenshot

pytestmark = pytest.mark.browser


def _late_meeting(cast):
    """A neighbour's meeting held 20 days ago whose report is not sent: late."""
    meeting = MeetingFactory(organization=cast.edu, title="2026年度县教育局党组民主生活会")
    held = timezone.localdate() - timedelta(days=20)
    Meeting.objects.filter(pk=meeting.pk).update(stage=Stage.HELD, held_on=held)
    meeting.milestones.filter(kind=MilestoneKind.REPORT).update(due_date=held + timedelta(days=15))
    return meeting


def test_the_office_sends_the_situation_report_and_the_supervisor_acknowledges_it(cast, held_meeting, new_page):
    meeting = held_meeting
    late = _late_meeting(cast)
    office = new_page()
    log_in(office, cast.office)
    office.goto(f"/proceedings/{meeting.pk}/report/")
    expect(office.get_by_text("2027年1月12日（会后15日内）")).to_be_visible()
    office.get_by_role("button", name="生成报告草稿").click()
    expect(office.get_by_text("已根据会议记录和准备工作情况生成报告草稿")).to_be_visible()
    expect(office.get_by_role("heading", name="一、会前准备情况")).to_be_visible()
    expect(office.get_by_role("heading", name="六、下一步工作打算")).to_be_visible()

    opening = office.get_by_label("导语")
    opening.fill(opening.input_value().replace("严肃认真开展批评和自我批评", "严肃认真开展批评和自我批评，达到了预期目的"))
    office.locator("#section-opening").get_by_role("button", name="保存此部分").click()
    expect(office.get_by_text("“导语”已保存。")).to_be_visible()
    assert "达到了预期目的" in office.get_by_label("导语").input_value()
    screenshot(office, "report-draft")
    office.screenshot(path="/tmp/report-draft.png", full_page=True)

    office.get_by_role("link", name="报送上级").click()
    office.get_by_role("button", name="确认报送上级").click()
    expect(office.get_by_text("报告已报送上级。")).to_be_visible()
    expect(office.locator(".report-status")).to_contain_text("已报送")
    expect(office.locator(".report-status")).to_contain_text("按期报送")

    supervisor = new_page()
    log_in(supervisor, cast.supervisor)
    # My work names the late report, with the days in words.
    expect(supervisor.get_by_text("召开情况报告已逾期5天，尚未报送")).to_be_visible()
    supervisor.screenshot(path="/tmp/report-my-work.png", full_page=True)
    supervisor.goto("/proceedings/reports/")
    row = supervisor.get_by_role("row").filter(has_text=meeting.title)
    expect(row).to_contain_text("已报送")
    late_row = supervisor.get_by_role("row").filter(has_text=late.title)
    expect(late_row).to_contain_text("已逾期5天，尚未报送")  # in words, not only in red
    expect(late_row.locator(".pill.overdue")).to_be_visible()
    supervisor.screenshot(path="/tmp/report-list.png", full_page=True)
    row.get_by_role("link", name=meeting.title).click()
    expect(supervisor.get_by_text("达到了预期目的")).to_be_visible()
    supervisor.get_by_role("link", name="阅知").click()
    supervisor.get_by_label("阅知意见（可选）").fill("报告内容完整，请抓紧制定整改清单。")
    supervisor.get_by_role("button", name="确认阅知").click()
    expect(supervisor.get_by_text("报告已阅知。")).to_be_visible()
    expect(supervisor.locator(".report-status")).to_contain_text("上级已阅知")
    expect(supervisor.locator(".report-status")).to_contain_text("报告内容完整，请抓紧制定整改清单。")
    supervisor.screenshot(path="/tmp/report-acknowledged.png", full_page=True)

    # The office keeps the stamped copy and issues the notice to the members.
    office.reload()
    office.get_by_label("上传盖章扫描件").set_input_files(
        files=[{"name": "盖章报告.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4 stamped"}])
    office.get_by_role("button", name="上传", exact=True).click()
    expect(office.get_by_text("盖章扫描件已上传。")).to_be_visible()
    office.get_by_label("通报范围").fill("各党支部、机关全体党员")
    office.get_by_role("button", name="印发通报").click()
    expect(office.get_by_text("通报已印发，参会人员可以查阅。")).to_be_visible()
    office.screenshot(path="/tmp/report-archived-copy.png", full_page=True)

    member = new_page()
    log_in(member, cast.member)
    response = member.goto(f"/proceedings/{meeting.pk}/report/")
    assert response.status == 404
    member.goto(f"/proceedings/{meeting.pk}/notice/")
    expect(member.get_by_role("heading", name="关于县政府办党组召开2026年度民主生活会情况的通报")).to_be_visible()
    expect(member.get_by_text("各党支部、机关全体党员：")).to_be_visible()
    member.screenshot(path="/tmp/report-notice.png", full_page=True)
