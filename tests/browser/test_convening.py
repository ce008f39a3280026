"""Convening: the office asks, the upper 组织部 agrees, then the meeting is recorded as held.

A phase that does not apply (here the talks) is marked 不适用 with its reason by the
office; until then the request to convene is refused and the page says why.
"""

from django.utils import timezone

import pytest
from playwright.sync_api import expect

from meetings import progress
from meetings.access import meeting_access
from meetings.models import Stage
from meetings.plan_review import plan_decide
from meetings.workflow import meeting_transition

from .helpers import log_in, screenshot

pytestmark = pytest.mark.browser


@pytest.fixture
def only_plan_and_talks(monkeypatch):
    """The journey is about convening: study, opinions and materials test their own items."""
    kept = [e for e in progress._checklist if e.key in ("basics", "plan", "talks")]
    monkeypatch.setattr(progress, "_checklist", kept)


@pytest.fixture
def approved(cast, jiwei, meeting):
    """The plan approved by both upper bodies."""
    meeting_transition(meeting=meeting, name="submit_plan", actor=cast.office, access=meeting_access(cast.office, meeting))
    for user in (cast.supervisor, jiwei):
        plan_decide(meeting=meeting, access=meeting_access(user, meeting), actor=user, approve=True)
    meeting.refresh_from_db()
    assert meeting.stage == Stage.PRE_MEETING
    return meeting


def test_the_office_asks_to_convene_the_organisation_department_agrees_and_it_is_held(
    cast, jiwei, approved, only_plan_and_talks, new_page
):
    meeting = approved
    office = new_page()
    log_in(office, cast.office)
    office.goto(f"/meetings/{meeting.pk}/")

    # Refused while the talks are not done: the page names what is missing.
    office.get_by_role("link", name="报请召开").click()
    expect(office.get_by_role("status")).to_contain_text("以下事项完成后才能报请召开")
    expect(office.get_by_role("status")).to_contain_text("尚未完成：谈心谈话——应谈对象全部谈完（四必谈）")
    office.get_by_role("button", name="确认报请召开").click()
    expect(office.get_by_role("alert")).to_contain_text("尚未完成：谈心谈话")
    screenshot(office, "convene-refused")

    # The office marks the talks 不适用 with its reason; the checklist says so.
    office.goto(f"/meetings/{meeting.pk}/")
    office.get_by_role("link", name="标注不适用").click()
    office.get_by_label("环节").select_option(label="谈心谈话")
    office.get_by_role("button", name="标注为不适用").click()
    expect(office.locator("#id_reason_error").get_by_text("请写明不适用的理由。")).to_be_visible()
    office.get_by_label("不适用的理由").fill("班子成员已在本年度专题会议前逐一谈心谈话，书面记录已归档。")
    office.get_by_role("button", name="标注为不适用").click()
    expect(office.get_by_text("已标注为不适用。")).to_be_visible()
    talks = office.locator("#phase-talks")
    expect(talks).to_contain_text("不适用")
    expect(office.get_by_text("不适用：班子成员已在本年度专题会议前逐一谈心谈话")).to_be_visible()
    screenshot(office, "convene-talks-waived")

    office.get_by_role("link", name="报请召开").click()
    office.get_by_role("button", name="确认报请召开").click()
    expect(office.locator("#stage")).to_have_text("报请召开")
    # Not held before the upper level agrees.
    expect(office.get_by_role("link", name="会议已召开")).to_have_count(0)

    # The 纪委 cannot give the consent; the 组织部 does.
    discipline = new_page()
    log_in(discipline, jiwei)
    discipline.goto(f"/meetings/{meeting.pk}/")
    expect(discipline.get_by_role("link", name="暂缓召开")).to_be_visible()
    expect(discipline.get_by_role("link", name="同意召开")).to_have_count(0)

    supervisor = new_page()
    log_in(supervisor, cast.supervisor)
    supervisor.get_by_role("link", name="审核召开申请").click()
    # The consent fixes the day (the application's page, beside the report).
    supervisor.get_by_label("同意召开日期").fill(timezone.localdate().isoformat())
    supervisor.get_by_role("button", name="确认同意召开").click()
    expect(supervisor.locator("#stage")).to_have_text("已同意召开")
    expect(supervisor.locator(".stages li.current")).to_have_text("已同意召开")
    screenshot(supervisor, "convene-agreed")

    office.goto(f"/meetings/{meeting.pk}/")
    office.get_by_role("link", name="会议已召开").click()
    held = timezone.localdate()  # a meeting cannot be recorded as held on a day to come
    office.get_by_label("召开日期").fill(held.isoformat())
    office.get_by_role("button", name="确认会议已召开").click()
    expect(office.locator("#stage")).to_have_text("已召开")
    expect(office.locator("#meeting-date")).to_have_text(f"{held.year}年{held.month}月{held.day}日（已召开）")
    history = office.locator(".history li", has_text="报请召开 → 已同意召开")
    expect(history).to_contain_text("报请召开 → 已同意召开")
    expect(history).to_contain_text("赵督导")
    meeting.refresh_from_db()
    assert (meeting.stage, meeting.held_on) == (Stage.HELD, held)


def test_the_organisation_department_may_still_postpone_an_agreed_meeting(cast, approved, only_plan_and_talks, new_page):
    meeting = approved
    meeting.__class__.objects.filter(pk=meeting.pk).update(stage=Stage.CONVENE_APPROVED)
    supervisor = new_page()
    log_in(supervisor, cast.supervisor)
    supervisor.goto(f"/meetings/{meeting.pk}/")
    supervisor.get_by_role("link", name="暂缓召开").click()
    supervisor.get_by_label("意见说明").fill("对照检查材料需进一步修改完善。")
    supervisor.get_by_role("button", name="确认暂缓召开").click()
    expect(supervisor.locator("#stage")).to_have_text("会前准备")
    expect(supervisor.locator(".history li", has_text="暂缓召开").locator(".note")).to_have_text("对照检查材料需进一步修改完善。")
