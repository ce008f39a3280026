"""After the meeting with criticisms in the minutes: the office opens the coverage page,
turns two criticisms and the team's opinion into team items one click each, merges the
点评 into one of them, sets the last criticism aside with a reason and sees 未覆盖 reach 0;
a member drafts their personal list from their approved outline's measures in one click,
covers their criticisms, fills in what the submit check asks and submits; the secretary
returns it once with a comment and, once fixed and resubmitted, approves it (issue 13,
"Done means")."""

import pytest
from playwright.sync_api import expect

from inspections.models import Measure, MeasureTerm, Problem
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


def decide(page, button, note=""):
    page.get_by_role("link", name=button, exact=True).first.click()
    if note:
        page.get_by_label("修改意见").fill(note)
    page.get_by_role("button", name=f"确认{button}").click()


def submit(page):
    page.get_by_role("link", name="提交书记审批").click()
    page.get_by_role("button", name="确认提交书记审批").click()


def test_a_member_drafts_their_list_from_their_outline_and_the_secretary_returns_it_once_then_approves_it(
    cast, held_meeting, new_page,  # noqa: F811
):
    meeting = held_meeting
    outline = approved_material(meeting, cast.member.person,
                                problems=(("调查研究不深入", "到基层一线少。"), ("督促检查不够", "对分管领域跟进不及时。")))
    # A problem whose only measure is a standing one: the outline gives it no date.
    listening = Problem.objects.create(material=outline, order=3, title="听取不同意见不够耐心", details="")
    Measure.objects.create(material=outline, problem=listening, order=5, content="坚持重要事项会前充分听取意见",
                           term=MeasureTerm.LONG_TERM)
    member = new_page(viewport=PHONE)
    log_in(member, cast.member)
    member.goto(f"/rectification/{meeting.pk}/")
    member.get_by_role("button", name="制定我的个人整改清单").click()
    member.get_by_role("link", name="整改来源", exact=True).click()
    expect(member.get_by_text("调查研究不深入：每季度下基层调研一次")).to_be_visible()
    member.screenshot(path="/tmp/sources-member-before.png", full_page=True)
    member.get_by_role("button", name="一键导入我的发言提纲中的问题和措施").click()
    expect(member.locator(".msg-success")).to_have_text("已从发言提纲导入4项整改事项及其措施。")

    def row(text):
        return member.locator("tr.source-row").filter(has=member.locator("td:first-child", has_text=text))

    expect(row("对分管领域跟进不及时")).to_contain_text("个人整改清单第2项")
    expect(member.get_by_role("button", name="一键导入我的发言提纲中的问题和措施")).to_have_count(0)
    member.screenshot(path="/tmp/sources-member-after.png", full_page=True)
    rlist = personal_list_for(meeting, cast.member.person)
    items = list(rlist.items.order_by("order"))
    assert [i.measures.count() for i in items] == [2, 2, 1, 1]

    # The criticisms received at the meeting are each merged into the item that answers them.
    for text, item in (("调查研究不够深入，到基层一线少。", items[0]), ("对分管领域的督促检查不够。", items[1])):
        row(text).get_by_label("合并到").select_option(str(item.pk))
        row(text).get_by_role("button", name="合并").click()
        expect(member.locator(".msg-success")).to_contain_text(f"已合并到第{item.order}项")
    expect(member.locator("#uncovered-count")).to_have_text("0")
    member.get_by_role("link", name="返回清单").click()
    expect(member.locator("#uncovered")).to_have_count(0)
    # The outline's dates came with the items: 时限 for the lone measure, 复查 for the others.
    def fact(n, name):
        return member.locator(".rect-item").nth(n).locator(".rect-facts > div", has_text=name).locator("dd")

    expect(fact(0, "下次复查")).to_have_text("2027年3月31日")
    expect(fact(3, "完成时限")).to_have_text("2026年12月31日")
    expect(fact(2, "下次复查")).to_have_text("未定")
    expect(member.get_by_text("督促检查不够：每季度下基层调研一次")).to_be_visible()
    member.screenshot(path="/tmp/sources-member-list.png", full_page=True)

    # Submitting names what is still missing; the member fills it in on the page.
    submit(member)
    expect(member.get_by_text("第3项：长期坚持的事项须填写下次复查日期。")).to_be_visible()
    member.get_by_role("link", name="← 返回清单").click()
    member.locator(".rect-item").nth(2).get_by_role("link", name="修改").click()
    member.locator(".rect-item.editing").get_by_label("下次复查").fill("2027-06-30")
    member.locator(".rect-item.editing").get_by_role("button", name="保存").click()
    expect(member.locator(".rect-item.editing")).to_have_count(0)
    submit(member)
    expect(member.locator("#list-state")).to_have_text("待书记审批")

    # The secretary returns it once, with a comment.
    secretary = new_page()
    log_in(secretary, cast.secretary)
    secretary.goto(f"/rectification/{meeting.pk}/")
    secretary.get_by_role("link", name="李委员同志个人整改清单").click()
    expect(secretary.get_by_text("坚持重要事项会前充分听取意见")).to_be_visible()
    decide(secretary, "退回修改", "第一项要写明整改目标：调研哪些单位、何时形成调研报告")
    expect(secretary.locator("#list-state")).to_have_text("退回修改")

    # The member reads the comment, fixes the item and resubmits.
    member.reload()
    expect(member.locator("#return-note")).to_contain_text("第一项要写明整改目标：调研哪些单位、何时形成调研报告")
    member.locator(".rect-item").nth(0).get_by_role("link", name="修改").click()
    member.locator(".rect-item.editing").get_by_label("整改目标").fill("每季度到分管的3个基层单位调研，2027年6月底前形成调研报告")
    member.locator(".rect-item.editing").get_by_role("button", name="保存").click()
    expect(member.locator(".rect-item.editing")).to_have_count(0)
    expect(fact(0, "整改目标")).to_have_text("每季度到分管的3个基层单位调研，2027年6月底前形成调研报告")
    submit(member)
    expect(member.locator("#list-state")).to_have_text("待书记审批")

    # The secretary sees what changed and approves.
    secretary.reload()
    expect(secretary.locator("#changes")).to_contain_text("2027年6月底前形成调研报告")
    decide(secretary, "审批通过")
    expect(secretary.locator("#list-state")).to_have_text("已批准")

    member.reload()
    expect(member.locator("#list-state")).to_have_text("已批准")
    expect(fact(0, "整改目标")).to_have_text("每季度到分管的3个基层单位调研，2027年6月底前形成调研报告")
    expect(fact(2, "下次复查")).to_have_text("2027年6月30日")
    screenshot(member, "sources-member-approved")
    member.screenshot(path="/tmp/sources-member-approved.png", full_page=True)
    rlist.refresh_from_db()
    assert rlist.state == "approved" and rlist.versions.count() == 2
