"""A supervisor with many waiting reviews: groups on 我的工作, each a paged list (axe on each page)."""

import pytest
from playwright.sync_api import expect

from meetings.models import Stage
from tests.factories import MeetingFactory, OrganizationFactory

from .helpers import log_in, screenshot

pytestmark = pytest.mark.browser


def test_the_supervisor_opens_a_group_and_pages_through_it(cast, page):
    big = OrganizationFactory(name="县直机关大党支部", short_name="大党支部", parent=cast.gov)
    small = OrganizationFactory(name="县直机关小党支部", short_name="小党支部", parent=cast.gov)
    for _ in range(55):
        MeetingFactory(organization=big, stage=Stage.PLAN_REVIEW)
    for _ in range(3):
        MeetingFactory(organization=small, stage=Stage.PLAN_REVIEW)

    log_in(page, cast.supervisor)
    work = page.locator("section", has=page.get_by_role("heading", name="待办事项"))
    expect(work.get_by_role("listitem")).to_have_count(2)  # two groups, not 58 items
    screenshot(page, "lists-1-groups")
    work.get_by_role("link", name="大党支部 · 55项").click()

    expect(work.get_by_role("link", name="审批工作方案")).to_have_count(50)
    pager = page.get_by_role("navigation", name="分页")
    expect(pager.locator('[aria-current="page"]')).to_have_text("第 1 / 2 页")
    pager.get_by_role("link", name="下一页").click()
    expect(work.get_by_role("link", name="审批工作方案")).to_have_count(5)
    expect(page.get_by_role("navigation", name="分页").locator('[aria-current="page"]')).to_have_text("第 2 / 2 页")
    screenshot(page, "lists-2-second-page")

    page.get_by_role("navigation").get_by_role("link", name="会议", exact=True).click()
    expect(page.get_by_text("共 58 个会议")).to_be_visible()
    page.get_by_role("navigation", name="分页").get_by_role("link", name="下一页").click()
    expect(page.locator("main").get_by_role("row")).to_have_count(9)  # the head and 8 rows
