"""Heart-to-heart talks, walked as people do: record, confirm, see coverage, keep it confidential."""

import re

import pytest
from playwright.sync_api import expect

from talks.models import PairNote, Talk, TalkState
from tests.talks.conftest import add_third, meeting_in_preparation

from .helpers import LAPTOP, PHONE, assert_fits_width, log_in, screenshot

pytestmark = pytest.mark.browser


@pytest.fixture
def third(cast):
    return add_third(cast)


@pytest.fixture
def talks_meeting(cast, third):
    return meeting_in_preparation(cast)


def cell(page, a, b):
    """The matrix square of a's row and b's column (its link is labelled "a与b：state")."""
    return page.get_by_label(re.compile(f"^{a}与{b}："))


def test_a_member_records_a_talk_the_secretary_confirms_and_the_third_member_sees_only_that_it_happened(
    cast,
    third,
    talks_meeting,
    new_page,
):
    member, secretary, other = new_page(), new_page(), new_page()

    # 李委员 opens the talks from the meeting and records the talk with the secretary.
    log_in(member, cast.member)
    member.goto(f"/meetings/{talks_meeting.pk}/")
    member.get_by_role("link", name="谈心谈话", exact=True).click()
    expect(member.get_by_role("heading", name="谈心谈话", exact=True)).to_be_visible()
    expect(cell(member, "李委员", "张书记")).to_have_text("○")
    member.get_by_role("link", name="记录谈心谈话").click()
    expect(member.get_by_role("heading", name="记录谈心谈话")).to_be_visible()
    expect(member.get_by_role("complementary")).to_contain_text("避免寒暄问候、闲聊家常")
    member.get_by_label("谈话对象").select_option(label="张书记")
    member.get_by_label("谈话地点").fill("党组书记办公室")
    member.get_by_label("一、班子集体的问题").fill(
        "班子抓巡察整改“重部署、轻督促”，个别事项推进缓慢。"
    )
    member.get_by_label("二、自身的问题及整改的打算").fill(
        "本人深入基层调研不够。整改打算：每月下基层一次。"
    )
    member.get_by_label("三、对方的不足和改进的建议").fill(
        "张书记对班子成员分管工作过问多、放手少。建议多放手。"
    )
    member.locator("#id_criticisms-0-content").fill("对班子成员分管工作放手不够，影响成员主动性。")
    screenshot(member, "talks-1-record-form-laptop")
    member.set_viewport_size(PHONE)
    assert_fits_width(member)
    screenshot(member, "talks-1-record-form-phone")
    member.set_viewport_size(LAPTOP)
    member.get_by_role("button", name="提交，请对方确认").click()

    expect(member.get_by_text("记录已提交，已通知谈话另一方确认")).to_be_visible()
    expect(member.locator("#talk-state")).to_have_text("待确认")
    talk = Talk.objects.get()
    assert talk.state == TalkState.RECORDED

    # 张书记 finds it on 我的工作 and confirms.
    log_in(secretary, cast.secretary)
    secretary.get_by_role("link", name=re.compile("确认谈心谈话记录：与李委员")).click()
    expect(secretary.get_by_text("李委员记录了这次谈话，请核对内容。")).to_be_visible()
    expect(secretary.get_by_text("对班子成员分管工作放手不够，影响成员主动性。")).to_be_visible()
    screenshot(secretary, "talks-2-secretary-confirms")
    # Before confirming, the secretary adds their own side of the talk to the same record.
    secretary.get_by_role("link", name="填写本人的谈话内容").click()
    secretary.get_by_label("一、自身的问题及整改的打算").fill("本人抓班子自身建设不够经常。整改打算：每季度专题研究一次。")
    secretary.get_by_label("二、对方的不足和改进的建议").fill("李委员督查后跟踪问效不够，建议建立台账、逐项销号。")
    secretary.locator("#id_planned-0-content").fill("李委员对分管科室的问题碍于情面，批评不够直接。")
    screenshot(secretary, "talks-2-secretary-writes-own-part")
    secretary.get_by_role("button", name="保存并确认谈话").click()
    expect(secretary.locator("#talk-state")).to_have_text("已确认")
    own_part = secretary.locator(".talk-part")
    expect(own_part).to_contain_text("张书记本人填写的内容")
    expect(own_part).to_contain_text("张书记对李委员：李委员对分管科室的问题碍于情面，批评不够直接。")

    # The recorder reads both sides on the same record.
    member.reload()
    expect(member.locator(".talk-part")).to_contain_text("每季度专题研究一次")

    # The matrix cell turns done.
    secretary.get_by_role("link", name="谈话覆盖矩阵").click()
    expect(cell(secretary, "张书记", "李委员")).to_have_text("✓")
    expect(secretary.locator("td.cell.done")).to_have_count(2)  # both halves of the square
    assert_fits_width(secretary)
    screenshot(secretary, "talks-3-matrix-laptop")
    secretary.set_viewport_size(PHONE)
    assert_fits_width(secretary)
    screenshot(secretary, "talks-3-matrix-phone")

    # 王委员 sees that the two talked, but the record itself is not there for them.
    log_in(other, third)
    other.goto(f"/talks/meeting/{talks_meeting.pk}/")
    expect(cell(other, "李委员", "张书记")).to_have_text("✓")
    cell(other, "李委员", "张书记").click()
    expect(other.locator("#pair-state")).to_have_text("已谈")
    expect(other.get_by_text("谈话内容只有谈话双方、书记和办公室可以查看。")).to_be_visible()
    expect(other.get_by_role("link", name=re.compile("党组书记办公室"))).to_have_count(0)
    screenshot(other, "talks-4-third-member-sees-the-pair")
    response = other.goto(f"/talks/{talk.pk}/")
    assert response.status == 404
    expect(other.get_by_text("巡察整改")).to_have_count(0)


def test_the_office_excuses_a_pair_with_a_reason(cast, third, talks_meeting, page):
    log_in(page, cast.office)
    page.goto(f"/talks/meeting/{talks_meeting.pk}/")
    cell(page, "李委员", "王委员").click()
    expect(page.get_by_role("heading", name="李委员与王委员")).to_be_visible()
    page.get_by_role("button", name="登记免谈").click()
    expect(page.get_by_text("免谈须填写原因。")).to_be_visible()
    page.get_by_label("原因").fill("王委员赴省委党校脱产学习三个月，经党组研究同意免谈。")
    page.get_by_role("button", name="登记免谈").click()

    expect(page.get_by_text("李委员与王委员已登记为免谈。")).to_be_visible()
    expect(page.locator("#pair-state")).to_have_text("免谈")
    expect(page.get_by_text("王委员赴省委党校脱产学习三个月")).to_be_visible()
    screenshot(page, "talks-5-office-excused-a-pair")
    page.get_by_role("link", name="← 返回覆盖矩阵").click()
    expect(cell(page, "王委员", "李委员")).to_have_text("免")
    expect(page.locator("#coverage-percent")).to_have_text("0%")  # excused is never done
    assert PairNote.objects.get().reason.startswith("王委员赴省委党校")
