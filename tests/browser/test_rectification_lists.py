"""The lists' journey (issue 13 step 1): a member drafts their personal list by hand and
submits it; the secretary returns it once with a comment; the member reads the comment,
fixes the list and resubmits; the secretary approves it. The office drafts and submits the
team list; the secretary approves it and it goes on to the supervisor, who approves it. The
list page is looked at on a laptop and on a phone."""

import pytest
from playwright.sync_api import expect

from tests.proceedings.conftest import ready_meeting, sitting, team7  # noqa: F401
from tests.rectification.conftest import held_meeting  # noqa: F401

from .helpers import PHONE, assert_fits_width, log_in, screenshot

pytestmark = pytest.mark.browser


def add_item(page, problem, measures, deadline="2027-03-31", department=""):
    form = page.locator("#add-item")
    form.locator("textarea[name=problem]").fill(problem)
    form.get_by_label("整改目标").fill("切实改进，取得实效")
    form.get_by_label("完成时限").fill(deadline)
    if department:
        form.get_by_label("牵头部门").fill(department)
    form.get_by_label("整改措施").fill("\n".join(measures))
    form.get_by_role("button", name="添加事项").click()
    expect(page.get_by_text("整改事项。").first).to_be_visible()


def decide(page, button, note=""):
    page.get_by_role("link", name=button, exact=True).first.click()
    if note:
        page.get_by_label("修改意见").fill(note)
    page.get_by_role("button", name=f"确认{button}").click()


def test_a_personal_list_is_returned_once_and_approved_and_the_team_list_goes_to_the_supervisor(
    cast, held_meeting, new_page,  # noqa: F811
):
    meeting = held_meeting
    # The member drafts their own list, adding items and measures by hand.
    member = new_page()
    log_in(member, cast.member)
    member.goto(f"/rectification/{meeting.pk}/")
    member.get_by_role("button", name="制定我的个人整改清单").click()
    expect(member.get_by_role("heading", name="李委员同志2026年度民主生活会个人整改清单")).to_be_visible()
    add_item(member, "调查研究不够深入，到基层一线少", ["每季度到分管领域基层单位调研不少于一次"])
    add_item(member, "对分管领域的督促检查不够", ["建立分管领域工作台账，每月调度一次"])
    # Approval waits for the criticisms received: each is merged into the item it became.
    expect(member.locator("#uncovered")).to_contain_text("还有2条意见")
    member.get_by_role("link", name="整改来源", exact=True).click()
    for text, index in (("调查研究不够深入，到基层一线少。", 0), ("对分管领域的督促检查不够。", 1)):
        row = member.locator("tr.source-row", has_text=text)
        row.get_by_label("合并到").select_option(index=index)
        row.get_by_role("button", name="合并").click()
        expect(member.locator("tr.source-row", has_text=text)).to_contain_text("合并")
    expect(member.locator("#uncovered-count")).to_have_text("0")
    member.get_by_role("link", name="返回清单").click()
    expect(member.locator("#uncovered")).to_have_count(0)
    # A missing deadline is named on the field, and what was typed stays.
    form = member.locator("#add-item")
    form.locator("textarea[name=problem]").fill("听取不同意见不够耐心")
    form.get_by_role("button", name="添加事项").click()
    expect(member.get_by_text("限期整改的事项须填写完成时限。").first).to_be_visible()
    expect(member.locator("#add-item textarea[name=problem]")).to_have_value("听取不同意见不够耐心")
    # One more measure on the item's own page.
    member.get_by_role("link", name="调查研究不够深入，到基层一线少").click()
    member.locator("#measures").get_by_label("整改措施").last.fill("形成调研报告，提出改进措施")
    member.get_by_role("button", name="添加措施").click()
    expect(member.get_by_text("已添加整改措施。")).to_be_visible()
    member.screenshot(path="/tmp/lists-item.png", full_page=True)
    member.get_by_role("link", name="李委员同志2026年度民主生活会个人整改清单").click()
    member.get_by_role("link", name="提交书记审批").click()
    member.get_by_role("button", name="确认提交书记审批").click()
    expect(member.locator("#list-state")).to_have_text("待书记审批")

    # The secretary returns it once, with a comment.
    secretary = new_page()
    log_in(secretary, cast.secretary)
    secretary.goto(f"/rectification/{meeting.pk}/")
    secretary.get_by_role("link", name="李委员同志个人整改清单").click()
    expect(secretary.get_by_text("形成调研报告，提出改进措施")).to_be_visible()
    decide(secretary, "退回修改", "第二项要写明完成时限和责任到人的具体办法")
    expect(secretary.locator("#list-state")).to_have_text("退回修改")

    # The member sees the comment, fixes the item and resubmits.
    member.reload()
    expect(member.locator("#return-note")).to_contain_text("第二项要写明完成时限和责任到人的具体办法")
    second = member.locator(".rect-item").nth(1)
    second.get_by_role("link", name="修改").click()
    editing = member.locator(".rect-item.editing")
    editing.get_by_label("整改目标").fill("分管领域每项工作责任到人，按月督办")
    editing.get_by_role("button", name="保存").click()
    expect(member.locator(".rect-item.editing")).to_have_count(0)
    expect(member.get_by_text("分管领域每项工作责任到人，按月督办")).to_be_visible()
    member.get_by_role("link", name="提交书记审批").click()
    member.get_by_role("button", name="确认提交书记审批").click()
    expect(member.locator("#list-state")).to_have_text("待书记审批")
    screenshot(member, "rect-list-member")
    member.screenshot(path="/tmp/lists-member.png", full_page=True)

    # The secretary sees what changed and approves.
    secretary.reload()
    expect(secretary.locator("#changes")).to_contain_text("按月督办")
    decide(secretary, "审批通过")
    expect(secretary.locator("#list-state")).to_have_text("已批准")

    # The office drafts and submits the team list.
    office = new_page()
    log_in(office, cast.office)
    office.goto(f"/rectification/{meeting.pk}/")
    office.get_by_role("button", name="起草班子整改清单").click()
    add_item(office, "落实中央八项规定精神还有差距", ["严格执行公务接待制度，每季度通报一次"], department="办公室")
    # The supervisor's 点评 becomes an item of the team list in one click.
    office.get_by_role("link", name="整改来源", exact=True).click()
    office.locator("tr.source-row", has_text="整改要一项一项抓落实").get_by_role("button", name="列入本清单").click()
    expect(office.locator("#uncovered-count")).to_have_text("0")
    office.get_by_role("link", name="返回清单").click()
    # The 点评's item needs a department and a deadline before the list can be submitted.
    office.locator(".rect-item").nth(1).get_by_role("link", name="修改").click()
    office.locator(".rect-item.editing").get_by_label("牵头部门").fill("办公室")
    office.locator(".rect-item.editing").get_by_label("完成时限").fill("2027-06-30")
    office.locator(".rect-item.editing").get_by_role("button", name="保存").click()
    expect(office.locator(".rect-item.editing")).to_have_count(0)
    office.get_by_role("link", name="提交书记审批").click()
    office.get_by_role("button", name="确认提交书记审批").click()
    expect(office.get_by_text("第2项：须有至少一条整改措施。")).to_be_visible()
    office.get_by_role("link", name="← 返回清单").click()
    office.locator(".rect-item").nth(1).get_by_role("link", name="增改措施").click()
    office.locator("#measures").get_by_label("整改措施").last.fill("建立整改台账，每月调度，按期销号")
    office.get_by_role("button", name="添加措施").click()
    expect(office.get_by_text("已添加整改措施。")).to_be_visible()
    office.get_by_role("link", name="县政府办党组领导班子2026年度民主生活会整改清单").click()
    office.get_by_role("link", name="提交书记审批").click()
    office.get_by_role("button", name="确认提交书记审批").click()
    expect(office.locator("#list-state")).to_have_text("待书记审批")

    # The secretary approves it: it goes on to the supervisor.
    secretary.goto(f"/rectification/{meeting.pk}/")
    secretary.get_by_role("link", name="领导班子整改清单").click()
    decide(secretary, "审批通过，报上级审批")
    expect(secretary.locator("#list-state")).to_have_text("待上级审批")

    supervisor = new_page()
    log_in(supervisor, cast.supervisor)
    supervisor.goto(f"/rectification/{meeting.pk}/")
    supervisor.get_by_role("link", name="领导班子整改清单").click()
    decide(supervisor, "上级审批通过")
    expect(supervisor.locator("#list-state")).to_have_text("已批准")
    supervisor.screenshot(path="/tmp/lists-team-laptop.png", full_page=True)

    # The office files both approved lists (备案).
    office.goto(f"/rectification/{meeting.pk}/")
    office.get_by_role("button", name="报送备案（2份）").click()
    expect(office.get_by_text("已报送2份整改方案备案")).to_be_visible()
    office.screenshot(path="/tmp/lists-meeting.png", full_page=True)

    # The office reopens the team list (申请修改): its new draft stays inside the team; the
    # supervisor reads the approved version until the list comes up again.
    office.goto(f"/rectification/{meeting.pk}/")
    office.get_by_role("link", name="领导班子整改清单").click()
    office.get_by_role("link", name="申请修改", exact=True).click()
    office.get_by_label("修改原因").fill("巡察反馈了新的问题，须补充列入")
    office.get_by_role("button", name="确认申请修改").click()
    expect(office.locator("#list-state")).to_have_text("草稿")
    add_item(office, "草稿中新增：巡察反馈的会议费管理问题", ["规范会议费报销审核"], department="办公室")
    supervisor.reload()
    expect(supervisor.locator("#frozen-note")).to_contain_text("以下是第1版（已批准）的内容")
    expect(supervisor.locator("#items")).to_contain_text("落实中央八项规定精神还有差距")
    expect(supervisor.get_by_text("草稿中新增")).to_have_count(0)
    supervisor.screenshot(path="/tmp/lists-team-revised-supervisor.png", full_page=True)

    # The member's list on a phone: readable, nothing wider than the screen.
    phone = new_page(viewport=PHONE)
    log_in(phone, cast.member)
    phone.goto(f"/rectification/{meeting.pk}/")
    assert_fits_width(phone)
    phone.screenshot(path="/tmp/lists-phone-meeting.png", full_page=True)
    phone.get_by_role("link", name="李委员同志个人整改清单").click()
    expect(phone.locator("#list-state")).to_have_text("已批准")
    assert_fits_width(phone)
    phone.screenshot(path="/tmp/lists-phone.png", full_page=True)
