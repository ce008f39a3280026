"""After the meeting with criticisms in the minutes: the office opens the coverage page,
turns two criticisms and the team's opinion into team items one click each, merges the
点评 into one of them, sets the last criticism aside with a reason and sees 未覆盖 reach 0;
a member imports their approved outline's measures into their personal list in one click
(issue 13, "Done means")."""

import pytest
from playwright.sync_api import expect

from rectification.models import Item, SetAside
from tests.proceedings.conftest import ready_meeting, sitting, team7  # noqa: F401
from tests.rectification.conftest import held_meeting  # noqa: F401
from tests.rectification.sources_fixtures import approved_material, personal_list_for, routed

from .helpers import PHONE, log_in, screenshot

pytestmark = pytest.mark.browser


def test_the_office_covers_every_source_one_click_each(cast, held_meeting, new_page):
    meeting = held_meeting
    routed(meeting, None, "班子调研不够深入，对基层情况掌握不全面。")
    office = new_page()
    log_in(office, cast.office)
    office.goto(f"/rectification/{meeting.pk}/")
    office.get_by_role("link", name="意见覆盖情况").click()
    expect(office.locator("#uncovered-count")).to_have_text("5")
    office.screenshot(path="/tmp/sources-coverage-before.png", full_page=True)

    def row(text):
        return office.locator("tr.source-row").filter(has=office.locator("td:first-child", has_text=text))

    for text in ("调查研究不够深入，到基层一线少。", "对分管领域的督促检查不够。", "班子调研不够深入"):
        row(text).get_by_role("button", name="列入班子清单").click()
        expect(office.locator(".msg-success")).to_contain_text("已列入")
        expect(row(text)).to_contain_text("整改清单第")
    expect(office.locator("#uncovered-count")).to_have_text("2")

    comment = row("整改要一项一项抓落实")
    third = Item.objects.get(problem__startswith="班子调研不够深入")
    expect(comment.get_by_label("合并到").locator(f'option[value="{third.pk}"]')).to_contain_text("班子第3项：班子调研")
    comment.get_by_label("合并到").select_option(str(third.pk))
    comment.get_by_role("button", name="合并").click()
    expect(office.locator(".msg-success")).to_contain_text("已合并到第3项")
    expect(row("整改要一项一项抓落实")).to_contain_text("合并")

    last = row("有时听取不同意见不够耐心。")
    last.get_by_text("不列入…").click()
    last.get_by_role("button", name="确认不列入").click()  # no reason yet: the browser asks for one
    assert not SetAside.objects.exists()
    last.get_by_label("不列入清单的原因").fill("已在会上当场说明并立行立改，不再单列。")
    last.get_by_role("button", name="确认不列入").click()
    expect(office.locator(".msg-success")).to_have_text("已说明不列入清单的原因。")
    expect(office.locator("#uncovered-count")).to_have_text("0")
    expect(office.get_by_text("全部已覆盖")).to_be_visible()
    expect(row("有时听取不同意见不够耐心。")).to_contain_text("已在会上当场说明并立行立改")
    screenshot(office, "sources-coverage-done")
    office.screenshot(path="/tmp/sources-coverage-done.png", full_page=True)
    assert Item.objects.filter(rectification_list__meeting=meeting).count() == 3

    # The item keeps its sources, with links back to where they were said.
    row("整改要一项一项抓落实").get_by_role("link", name="班子整改清单第3项").click()
    panel = office.locator(".item-sources")
    expect(panel).to_contain_text("班子调研不够深入，对基层情况掌握不全面。")
    expect(panel.get_by_role("link", name="整改要一项一项抓落实，建立台账，按期销号。")).to_be_visible()
    office.screenshot(path="/tmp/sources-item-panel.png", full_page=True)
    panel.get_by_role("link", name="班子调研不够深入，对基层情况掌握不全面。").click()
    expect(office.get_by_text("班子调研不够深入，对基层情况掌握不全面。").first).to_be_visible()


def test_a_member_imports_their_outlines_measures_in_one_click(cast, held_meeting, new_page):
    meeting = held_meeting
    approved_material(meeting, cast.member.person,
                      problems=(("调查研究不深入", "到基层一线少。"), ("督促检查不够", "对分管领域跟进不及时。")))
    member = new_page(viewport=PHONE)
    log_in(member, cast.member)
    member.goto(f"/rectification/{meeting.pk}/")
    member.get_by_role("button", name="制定我的个人整改清单").click()
    member.get_by_role("link", name="整改来源", exact=True).click()
    expect(member.get_by_text("调查研究不深入：每季度下基层调研一次")).to_be_visible()
    member.screenshot(path="/tmp/sources-member-before.png", full_page=True)
    member.get_by_role("button", name="一键导入我的发言提纲中的问题和措施").click()
    expect(member.locator(".msg-success")).to_have_text("已从发言提纲导入3项整改事项及其措施。")
    problem = member.locator("tr.source-row").filter(has=member.locator("td:first-child", has_text="对分管领域跟进不及时"))
    expect(problem).to_contain_text("个人整改清单第2项")
    expect(member.get_by_role("button", name="一键导入我的发言提纲中的问题和措施")).to_have_count(0)
    member.screenshot(path="/tmp/sources-member-after.png", full_page=True)
    member.get_by_role("link", name="返回清单").click()
    expect(member.get_by_text("督促检查不够：每季度下基层调研一次")).to_be_visible()
    member.screenshot(path="/tmp/sources-member-list.png", full_page=True)
    rlist = personal_list_for(meeting, cast.member.person)
    assert [i.measures.count() for i in rlist.items.order_by("order")] == [2, 2, 1]
