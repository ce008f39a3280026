"""The county supervisor's 督导总览: the tree's roll-up, filtering to the overdue, drilling down
to the late branch and on to its meeting (axe on each page)."""

import re

import pytest
from playwright.sync_api import expect

from tests.oversight.test_overview import columns, freeze_today, tree  # noqa: F401 (fixtures)

from .helpers import PHONE, assert_fits_width, log_in, screenshot

pytestmark = pytest.mark.browser


def test_the_supervisor_finds_the_late_branch_from_the_roll_up(cast, tree, freeze_today, page, new_page):
    log_in(page, cast.supervisor)
    page.get_by_role("navigation").get_by_role("link", name="督导总览").click()
    expect(page.get_by_role("heading", name="督导总览", exact=True)).to_be_visible()
    gov = page.get_by_role("row").filter(has_text="县政府办党组")
    expect(gov).to_contain_text("下级：逾期5天")  # the first branch's talks, rolled up
    expect(page.get_by_role("row").filter(has_text="政府办第一党支部")).to_have_count(0)  # one level at a time
    screenshot(page, "overview-1-tree")

    page.get_by_label("仅看逾期").check()
    page.get_by_role("button", name="筛选").click()
    expect(page.get_by_text("符合条件的组织 1 个")).to_be_visible()
    late = page.get_by_role("row").filter(has_text="政府办第一党支部")
    expect(late).to_contain_text("县政府办党组 ›")  # its path
    expect(late.get_by_label("催办政府办第一党支部：谈心谈话")).to_be_visible()
    screenshot(page, "overview-2-overdue")

    page.get_by_role("link", name="清除条件").click()
    page.get_by_role("row").filter(has_text="县政府办党组").get_by_role("link", name="下级 2 个 ›").click()
    expect(page.get_by_role("navigation", name="位置")).to_contain_text("全部组织 › 县政府办党组")
    branch = page.get_by_role("row").filter(has_text="政府办第一党支部")
    expect(branch).to_contain_text("逾期5天")
    branch.get_by_role("link", name="组织生活会").click()
    expect(page).to_have_url(re.compile(rf"/meetings/{tree.first_meeting.pk}/$"))

    phone = new_page(viewport=PHONE)
    log_in(phone, cast.supervisor)
    phone.goto("/oversight/")
    assert_fits_width(phone)  # the table scrolls inside its box
    screenshot(phone, "overview-3-phone")
