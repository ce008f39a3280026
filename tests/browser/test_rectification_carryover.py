"""Carry-over in the browser (issue 13): after a meeting whose items are closed except one,
the office carries that one into the next meeting with a reason (a tick without a reason
is refused and nothing saved) and archives the meeting; next year's meeting is created;
the member opens their outline in it and sees the unfinished item as 旧账."""

from datetime import date

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from meetings.models import Meeting, MeetingAspect, MilestoneKind, Stage
from rectification.models import Item, ItemStatus, ListKind, ListState, RectificationList
from tests.factories import MeetingFactory

from .helpers import PHONE, assert_fits_width, log_in, screenshot

pytestmark = pytest.mark.browser

UNFINISHED = "对分管领域的督促检查不够，跟踪问效不及时。"
REASON = "涉及全县政务服务平台整合，需待省级平台上线后完成，转入下一年度继续整改。"


@pytest.fixture
def last_year(cast):
    meeting = MeetingFactory(organization=cast.gov, title="2026年度县政府办党组民主生活会")
    Meeting.objects.filter(pk=meeting.pk).update(stage=Stage.RECTIFYING, held_on=date(2026, 12, 10))
    meeting.milestones.filter(kind=MilestoneKind.REPORT).update(done_at=timezone.now())
    now = timezone.now()
    team = RectificationList.objects.create(meeting=meeting, kind=ListKind.TEAM, state=ListState.APPROVED,
                                            first_submitted_at=now, passed_on_at=now, approved_at=now)
    mine = RectificationList.objects.create(meeting=meeting, kind=ListKind.PERSONAL, owner=cast.member.person,
                                            state=ListState.APPROVED, first_submitted_at=now, approved_at=now)
    Item.objects.create(rectification_list=team, problem="政务服务事项办理时限偏长。", status=ItemStatus.CLOSED,
                        closed_at=now)
    Item.objects.create(rectification_list=mine, problem="理论学习不够系统，学用结合不紧。", status=ItemStatus.CLOSED,
                        closed_at=now, order=1)
    Item.objects.create(rectification_list=mine, problem=UNFINISHED, deadline=date(2027, 6, 30), order=2)
    return meeting


def test_an_unfinished_item_is_carried_and_shows_as_an_old_account_in_next_years_outline(cast, last_year, new_page):
    office = new_page()
    log_in(office, cast.office)
    office.goto(f"/meetings/{last_year.pk}/")
    office.get_by_role("link", name="整改事项全部销号或转入下一次会议").click()
    expect(office.get_by_role("heading", name="整改销号与转入下一次会议")).to_be_visible()
    expect(office.get_by_text("尚未销号1项")).to_be_visible()

    # Ticked without a reason: refused, said where, nothing carried.
    office.get_by_label("转入下一次").check()
    office.get_by_role("button", name="转入下一次会议").click()
    expect(office.locator(".error").first).to_contain_text("第1项：请填写转入原因")
    assert not Item.objects.filter(carried_at__isnull=False).exists()
    screenshot(office, "carryover-1-no-reason")

    office.get_by_label("第1项的转入原因").fill(REASON)
    office.get_by_role("button", name="转入下一次会议").click()
    expect(office.get_by_text("已将1项整改事项转入下一次会议。")).to_be_visible()
    carried = office.locator("section", has=office.get_by_role("heading", name="已转入下一次会议的事项"))
    expect(carried).to_contain_text(UNFINISHED)
    expect(carried).to_contain_text(REASON)
    expect(office.get_by_text("已完成", exact=True)).to_be_visible()  # the 整改落实 milestone
    screenshot(office, "carryover-2-carried")

    # Every item is closed or carried: the office archives the meeting.
    office.get_by_role("link", name=f"← 返回{last_year.title}").click()
    office.get_by_role("link", name="归档", exact=True).click()  # the archive's own page
    office.get_by_role("button", name="归档", exact=True).click()
    expect(office.get_by_text("会议已归档，材料已只读")).to_be_visible()
    screenshot(office, "carryover-3-archived")

    # Next year's meeting is created.
    office.get_by_role("navigation").get_by_role("link", name="会议", exact=True).click()
    office.get_by_role("link", name="新建会议").click()
    office.get_by_label("会议类型").select_option(label="民主生活会")
    office.get_by_label("年度").fill("2027")
    office.get_by_label("会议名称").fill("2027年度县政府办党组民主生活会")
    office.get_by_role("button", name="创建会议").click()
    expect(office.get_by_text("已创建“2027年度县政府办党组民主生活会”。")).to_be_visible()
    following = Meeting.objects.get(year=2027)
    assert Item.objects.get(problem=UNFINISHED).carried_to == following

    # Its plan approved elsewhere (another journey): the members write their outlines.
    MeetingAspect.objects.create(meeting=following, order=1, title="带头加强政治建设")
    Meeting.objects.filter(pk=following.pk).update(stage=Stage.PRE_MEETING)

    member = new_page()
    log_in(member, cast.member)
    member.goto(f"/inspections/meeting/{following.pk}/")
    member.get_by_role("link", name="开始撰写我的发言提纲").click()
    expect(member.get_by_role("heading", name="李委员同志2027年度民主生活会个人发言提纲")).to_be_visible()
    last = member.locator("section.ed-group", has=member.get_by_role("heading", name="上年度整改措施落实情况"))
    expect(last).to_contain_text(UNFINISHED)
    expect(last).to_contain_text("旧账·正在整改")
    expect(last).to_contain_text("2027年6月30日")
    expect(last).not_to_contain_text("理论学习不够系统")  # closed last year: not carried
    screenshot(member, "carryover-4-outline-old-account")

    member.goto(f"/rectification/{following.pk}/carried/")
    expect(member.get_by_text(UNFINISHED)).to_be_visible()
    member.set_viewport_size(PHONE)
    assert_fits_width(member)
    screenshot(member, "carryover-5-old-accounts-phone")


DRAFT = "（草稿）对家属经商问题管得不严，尚在斟酌怎么写。"


def test_a_members_unsubmitted_list_is_counted_on_the_carry_page_never_shown_and_holds_the_archive(
        cast, last_year, new_page):
    from tests.factories import PersonFactory

    colleague = PersonFactory(name="王委员", organization=cast.gov)
    draft = RectificationList.objects.create(meeting=last_year, kind=ListKind.PERSONAL, owner=colleague)
    Item.objects.create(rectification_list=draft, problem=DRAFT)
    office = new_page()
    log_in(office, cast.office)
    office.goto(f"/rectification/{last_year.pk}/carry/")
    expect(office.get_by_text("1份个人整改清单尚未批准")).to_be_visible()
    expect(office.get_by_text("共有整改事项3项", exact=False)).to_be_visible()
    expect(office.locator("main")).not_to_contain_text("对家属经商")
    screenshot(office, "carryover-6-unapproved-counted")

    office.goto(f"/meetings/{last_year.pk}/")
    office.get_by_role("link", name="归档", exact=True).click()
    expect(office.get_by_text("有1份个人整改清单尚未批准，不能归档", exact=False)).to_be_visible()
    expect(office.locator("main")).not_to_contain_text("对家属经商")
    screenshot(office, "carryover-7-archive-refused")
    assert Meeting.objects.get(pk=last_year.pk).stage == Stage.RECTIFYING
