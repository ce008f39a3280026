"""Who gets in: outsiders see nothing of a meeting, and guessing passwords locks an account."""

import pytest
from playwright.sync_api import expect

from tests.factories import MeetingFactory

from .helpers import log_in, screenshot

pytestmark = pytest.mark.browser


def test_an_outsider_opening_a_meeting_url_gets_page_not_found(cast, page):
    meeting = MeetingFactory(organization=cast.gov, title="2026年度县政府办党组民主生活会")

    log_in(page, cast.outsider)
    expect(page.get_by_role("heading", name="我的工作")).to_be_visible()
    response = page.goto(f"/meetings/{meeting.pk}/")

    assert response.status == 404
    expect(page.get_by_role("heading", name="页面不存在")).to_be_visible()
    expect(page.get_by_text(meeting.title)).to_have_count(0)
    screenshot(page, "3-outsider-404")

    page.get_by_role("navigation").get_by_role("link", name="会议", exact=True).click()
    expect(page.get_by_role("heading", name="会议")).to_be_visible()
    expect(page.get_by_text("没有符合条件的会议。")).to_be_visible()
    expect(page.get_by_text(meeting.title)).to_have_count(0)


def test_five_wrong_passwords_lock_the_account_for_30_minutes(cast, page):
    for _ in range(4):
        log_in(page, cast.office, password="wrong-password")
        expect(page.get_by_role("heading", name="登录")).to_be_visible()
        expect(page.locator(".form-errors")).to_contain_text("正确的")
    screenshot(page, "5-wrong-password")

    log_in(page, cast.office, password="wrong-password")
    expect(page.get_by_role("heading", name="账号已暂时锁定")).to_be_visible()
    expect(page.get_by_text("已锁定30分钟")).to_be_visible()
    screenshot(page, "5-locked-out")

    log_in(page, cast.office)  # even the right password is refused now
    expect(page.get_by_role("heading", name="账号已暂时锁定")).to_be_visible()
