"""The criticism planner, walked as people do: a member plans criticisms of two colleagues,
one gets a hint; the office sees the matrix with the gaps, on a laptop and on a phone."""

import re

import pytest
from playwright.sync_api import expect

from tests.proceedings.conftest import ready_meeting, team7  # noqa: F401  the gov team of seven

from .helpers import PHONE, assert_fits_width, log_in, screenshot

pytestmark = pytest.mark.browser

GOOD = "张书记今年有3次党组会议在议题材料会前才下发，大家来不及研究，民主集中制执行得不够严格。"
HOPE = "希望王委员在今后的工作中更加注重调查研究，取得更大成绩。"


def test_a_member_plans_two_criticisms_one_gets_a_hint_and_the_office_sees_the_gaps(cast, ready_meeting, new_page):
    member = new_page()
    log_in(member, cast.member)
    member.goto(f"/meetings/{ready_meeting.pk}/")
    member.get_by_role("link", name="批评意见准备", exact=True).click()
    expect(member.get_by_role("heading", name="我拟提出的批评意见")).to_be_visible()
    expect(member.get_by_role("region", name="尚未拟定")).to_contain_text("张书记")

    secretary_card = member.locator("#r-%d" % cast.secretary.person.pk)
    secretary_card.get_by_label("拟对张书记提出的批评意见").fill(GOOD)
    secretary_card.get_by_role("button", name="保存").click()
    expect(member.get_by_text("已保存对张书记的批评意见。")).to_be_visible()

    wang = ready_meeting.organization.team.get(person__name="王委员").person
    wang_card = member.locator(f"#r-{wang.pk}")
    wang_card.get_by_label("拟对王委员提出的批评意见").fill(HOPE)
    # The hint shows while typing (htmx), before anything is saved…
    expect(wang_card.locator(".plan-live")).to_contain_text("只提了希望，没有点出问题。")
    wang_card.get_by_role("button", name="保存").click()
    # …and stays with the saved text; it never stops the save.
    expect(member.get_by_text("已保存对王委员的批评意见。系统有1条提示")).to_be_visible()
    wang_card = member.locator(f"#r-{wang.pk}")
    expect(wang_card.locator(".plan-item")).to_contain_text(HOPE)
    expect(wang_card.locator(".hint")).to_contain_text("不能以提希望代替点问题")
    expect(member.locator(f"#r-{cast.secretary.person.pk} .hint")).to_have_count(0)
    screenshot(member, "planner-1-member-laptop")
    member.screenshot(path="/tmp/planner-member.png", full_page=True)

    # The hint is a hint: 李委员 may leave it, or rewrite the text; here he opens it again.
    wang_card.get_by_role("link", name="修改").click()
    expect(member.get_by_role("heading", name="修改对王委员的批评意见")).to_be_visible()
    expect(member.locator("#live-edit")).to_contain_text("只提了希望")
    member.screenshot(path="/tmp/planner-edit.png", full_page=True)
    member.get_by_role("link", name="取消").click()

    office = new_page()
    log_in(office, cast.office)
    office.goto(f"/meetings/{ready_meeting.pk}/")
    office.get_by_role("link", name="批评意见准备", exact=True).click()
    expect(office.get_by_role("heading", name="批评意见准备", exact=True)).to_be_visible()
    matrix = office.locator("table.plan-matrix")
    expect(matrix.get_by_title("李委员对张书记：1条", exact=True)).to_have_text("1")
    expect(matrix.get_by_title("李委员对王委员：1条，1条提示")).to_have_text("1!")
    expect(matrix.get_by_title("李委员尚未拟定对刘委员的批评意见")).to_be_visible()
    gaps = office.get_by_role("region", name="尚有空缺")
    expect(gaps).to_contain_text("李委员：对刘委员、陈委员、杨委员、黄委员（4人）")
    expect(gaps).to_contain_text("还没有同事拟对其提出批评意见")
    nobody = gaps.get_by_role("list", name="尚无人批评的成员")
    expect(nobody).to_contain_text("李委员")  # he gives, but nobody plans to criticise him yet
    expect(nobody.locator("li")).to_have_count(5)  # all but 张书记 and 王委员
    expect(office.locator(".talk-totals")).to_contain_text("2/42")
    matrix.get_by_title("李委员对王委员：1条，1条提示").click()
    expect(office.locator(f"#c-{cast.member.person.pk}-{wang.pk}")).to_contain_text("只提了希望")
    screenshot(office, "planner-2-office-matrix-laptop")
    office.screenshot(path="/tmp/planner-office.png", full_page=True)

    phone = new_page(viewport=PHONE)
    log_in(phone, cast.office)
    phone.goto(f"/proceedings/{ready_meeting.pk}/planner/")
    expect(phone.locator("table.plan-matrix")).to_be_hidden()
    expect(phone.locator(f"#g-{cast.member.person.pk}")).to_contain_text(HOPE)
    assert_fits_width(phone)
    screenshot(phone, "planner-3-office-phone")
    phone.screenshot(path="/tmp/planner-phone.png", full_page=True)


def test_above_nine_members_the_office_turns_the_plan_into_the_critic_assignment(cast, ready_meeting, team7, new_page):
    from organizations.models import TeamPosition
    from organizations.services import team_member_add
    from tests.factories import PersonFactory, UserFactory
    from tests.proceedings.planner_kit import plan

    people = list(team7.people)
    for rank, name in enumerate(["周委员", "吴委员", "郑委员", "孙委员"], start=8):
        person = PersonFactory(user=UserFactory(username=f"extra{rank}"), name=name, organization=cast.gov)
        team_member_add(person=person, organization=cast.gov, position=TeamPosition.MEMBER, rank=rank)
        people.append(person)
    for i, giver in enumerate(people):  # each plans criticisms of the next two
        for step in (1, 2):
            plan(ready_meeting, giver, people[(i + step) % len(people)])

    office = new_page()
    log_in(office, cast.office)
    office.goto(f"/proceedings/{ready_meeting.pk}/planner/")
    expect(office.get_by_role("region", name="批评人安排")).to_contain_text("目前尚未安排")
    office.get_by_role("link", name="按拟提出的批评意见安排批评人").click()
    expect(office.get_by_role("heading", name="按拟提出的批评意见安排批评人")).to_be_visible()
    expect(office.get_by_role("row", name=re.compile("^张书记 "))).to_contain_text("郑委员、孙委员")
    screenshot(office, "planner-4-critics-preview")
    office.screenshot(path="/tmp/planner-critics.png", full_page=True)
    office.get_by_role("button", name="确认安排（11位成员）").click()
    expect(office.get_by_text("已按拟提出的批评意见安排11位成员的批评人。")).to_be_visible()
    expect(office.get_by_role("region", name="批评人安排")).to_contain_text("目前已安排22对")
    expect(office.locator("td.plan-assigned")).to_have_count(22)

    member = new_page(viewport=PHONE)
    log_in(member, cast.member)
    member.goto(f"/proceedings/{ready_meeting.pk}/planner/")  # a member lands on their own row
    expect(member.get_by_role("heading", name="我拟提出的批评意见")).to_be_visible()
    assert_fits_width(member)
    screenshot(member, "planner-5-member-phone")
    member.screenshot(path="/tmp/planner-member-phone.png", full_page=True)
