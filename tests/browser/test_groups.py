"""督导组: the county's supervisor sends a group to one organisation; its member sees that
organisation's meeting and no other, and loses it when the group ends."""

import pytest
from playwright.sync_api import expect

from tests.factories import MeetingFactory, PersonFactory, UserFactory

from .helpers import log_in, screenshot

pytestmark = pytest.mark.browser


def test_a_group_is_sent_its_member_sees_only_the_assigned_and_loses_it_when_it_ends(cast, new_page):
    watcher = PersonFactory(user=UserFactory(username="watcher"), name="钱督导", organization=cast.county)
    assigned = MeetingFactory(organization=cast.gov, title="2026年度县政府办党组民主生活会")
    sibling = MeetingFactory(organization=cast.edu, title="2026年度县教育局党组民主生活会")

    boss = new_page()
    log_in(boss, cast.supervisor)
    boss.get_by_role("navigation").get_by_role("link", name="组织", exact=True).click()
    boss.get_by_role("link", name="管理督导组").click()
    expect(boss.get_by_text("尚未派出督导组。")).to_be_visible()
    boss.get_by_role("link", name="派出督导组").click()
    boss.get_by_role("button", name="保存").click()
    expect(boss.locator(".field.has-error")).to_have_count(3)
    boss.get_by_label("督导组名称").fill("县委第一督导组")
    boss.get_by_label("钱督导").check()
    boss.get_by_label(cast.gov.name).check()
    boss.get_by_role("button", name="保存").click()
    row = boss.get_by_role("row", name="县委第一督导组")
    expect(row).to_contain_text("在督导中")
    expect(row).to_contain_text("钱督导")
    screenshot(boss, "groups-sent")

    member = new_page()
    log_in(member, watcher.user)
    member.get_by_role("navigation").get_by_role("link", name="会议", exact=True).click()
    expect(member.get_by_role("link", name=assigned.title)).to_be_visible()
    expect(member.get_by_text(sibling.title)).to_have_count(0)
    assert member.goto(f"/meetings/{sibling.pk}/").status == 404
    member.goto("/meetings/")
    member.get_by_role("link", name=assigned.title).click()
    expect(member.get_by_role("heading", name=assigned.title)).to_be_visible()

    row.get_by_role("button", name="结束督导").click()
    expect(boss.get_by_role("row", name="县委第一督导组")).to_contain_text("已结束")
    assert member.goto(f"/meetings/{assigned.pk}/").status == 404
