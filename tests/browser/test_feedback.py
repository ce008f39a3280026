"""Soliciting opinions, as people do it: a citizen on a phone, the office at its desk, the
members reading what was said about them."""

import io
import re

import pytest
import segno
from openpyxl import Workbook
from playwright.sync_api import expect

from feedback.imports import LABELS, SHEET_TITLE
from feedback.models import Opinion, OpinionState
from organizations.models import Person, TeamPosition
from organizations.services import team_member_add
from tests.factories import PersonFactory, UserFactory
from tests.feedback.factories import OpinionFactory, SolicitationFactory

from .helpers import LAPTOP, PHONE, assert_fits_width, log_in, screenshot

pytestmark = pytest.mark.browser


@pytest.fixture
def solicitation(cast, meeting, settings, live_server):
    # The QR code carries the site's own address; here that is the test server.
    settings.SITE_URL = live_server.url
    # Each online opinion written at once, so the office sees it straight away (batching
    # is tested in tests/feedback/test_anonymity.py).
    settings.ANONYMOUS_BATCH_SIZE = 1
    return SolicitationFactory(meeting=meeting, created_by=cast.office)


@pytest.fixture
def colleague(cast):
    """A second member of the gov team: 王委员."""
    person = PersonFactory(user=UserFactory(username="colleague"), name="王委员", organization=cast.gov)
    team_member_add(person=person, organization=cast.gov, position=TeamPosition.MEMBER, rank=3)
    return person


def _xlsx(rows) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET_TITLE
    ws.append(LABELS)
    for row in rows:
        ws.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def test_a_citizen_sends_an_anonymous_opinion_about_a_member_from_a_phone(
    cast, solicitation, new_page, colleague, live_server
):
    office = new_page()
    log_in(office, cast.office)
    office.goto(f"/meetings/{solicitation.meeting_id}/")
    office.get_by_role("link", name="征求意见", exact=True).click()
    link = office.get_by_label("链接").input_value()
    assert link == f"{live_server.url}/feedback/f/{solicitation.token}/"
    # The QR code on the page is that very link.
    svg = office.request.get(office.locator("img.fb-qr").get_attribute("src")).text()
    expected = io.BytesIO()
    segno.make(link, error="m").save(expected, kind="svg", scale=8, border=2, xmldecl=False, title="网上征求意见二维码")
    assert svg == expected.getvalue().decode()
    screenshot(office, "feedback-1-office-overview")

    citizen = new_page(PHONE)
    citizen.goto(link)
    expect(citizen.get_by_role("heading", name="征求意见建议")).to_be_visible()
    expect(citizen.get_by_role("link", name="我的工作")).to_have_count(0)  # no logged-in navigation
    assert_fits_width(citizen)
    citizen.get_by_role("button", name="提交").click()
    expect(citizen.get_by_text("请填写意见内容。")).to_be_visible()
    citizen.get_by_text("李委员").click()
    citizen.get_by_label("涉及方面（可不选）").select_option(label="2. 方面二")
    citizen.get_by_label("意见建议").fill("李委员分管的窗口午休时只开一个，群众排队太久。")
    citizen.get_by_label("您的身份（可不选）").select_option(label="服务对象")
    screenshot(citizen, "feedback-1-citizen-phone-form")
    citizen.get_by_role("button", name="提交").click()

    expect(citizen.get_by_role("heading", name="已收到，谢谢您！")).to_be_visible()
    assert_fits_width(citizen)
    screenshot(citizen, "feedback-1-citizen-phone-thanks")
    opinion = Opinion.objects.get()
    assert opinion.addressed_member.name == "李委员"
    assert (opinion.channel, opinion.source, opinion.state) == ("online", "service_user", OpinionState.NEW)
    assert opinion.is_anonymous and opinion.entered_by is None

    office.get_by_role("link", name=re.compile("意见梳理")).click()
    row = office.locator("tr", has_text="群众排队太久")
    expect(row).to_contain_text("李委员（提出人所选）")
    expect(row).to_contain_text("网上征求")


def test_the_office_imports_a_spreadsheet_fixing_the_row_it_is_told_about(cast, solicitation, page, tmp_path):
    bad = tmp_path / "意见汇总（座谈会）.xlsx"
    rows = [
        ["建议精简会议，减少陪会。", "座谈会", "2026-01-05", "干部", "班子", "1", "建议", "", ""],
        ["希望李委员多到窗口一线。", "微博", "2026-01-05", "群众", "李委员", "", "", "", ""],
        ["调研成果转化不够。", "征求意见表", "2026-01-06", "党员", "", "", "", "", ""],
    ]
    bad.write_bytes(_xlsx(rows))

    log_in(page, cast.office)
    page.goto(f"/feedback/{solicitation.pk}/")
    page.get_by_role("link", name="Excel 导入").first.click()
    expect(page.get_by_role("link", name="下载导入模板")).to_be_visible()
    page.get_by_label("意见建议文件").set_input_files(bad)
    page.get_by_role("button", name="上传并检查").click()

    problems = page.get_by_role("alert")
    expect(problems).to_contain_text("文件中有 1 处问题，未导入任何数据")
    expect(problems.locator("tr", has_text="第 3 行")).to_contain_text("征求方式")
    expect(problems.locator("tr", has_text="第 3 行")).to_contain_text("“微博”无法识别")
    screenshot(page, "feedback-2-import-bad-row")
    assert not Opinion.objects.exists()

    rows[1][1] = "个别访谈"
    fixed = tmp_path / "意见汇总（修改后）.xlsx"
    fixed.write_bytes(_xlsx(rows))
    page.get_by_label("意见建议文件").set_input_files(fixed)
    page.get_by_role("button", name="上传并检查").click()
    expect(page.get_by_role("button", name="确认导入 3 条")).to_be_visible()
    expect(page.locator("tr", has_text="第 3 行")).to_contain_text("希望李委员多到窗口一线")
    screenshot(page, "feedback-2-import-preview")
    assert not Opinion.objects.exists()
    page.get_by_role("button", name="确认导入 3 条").click()

    expect(page.get_by_text("已导入 3 条意见建议，其中已梳理 1 条、待梳理 2 条。")).to_be_visible()
    expect(page.locator("tbody tr")).to_have_count(3)
    screenshot(page, "feedback-2-imported-list")
    assert Opinion.objects.filter(state=OpinionState.SORTED).count() == 1


def test_the_office_sorts_merges_and_feeds_back_and_each_member_sees_only_their_share(
    cast, solicitation, colleague, new_page
):
    member = Person.objects.get(user=cast.member)
    OpinionFactory(solicitation=solicitation, content="李委员对分管科室督促多、指导少。", addressed_member=member,
                   sender_name="实名群众赵某", sender_contact="13900000000", channel="interview")
    OpinionFactory(solicitation=solicitation, content="建议精简会议和文件。", channel="forum")
    OpinionFactory(solicitation=solicitation, content="会议文件太多，建议精简。", channel="online")
    OpinionFactory(solicitation=solicitation, content="王委员讲话太长，会风需改进。", addressed_member=colleague)

    office = new_page()
    log_in(office, cast.office)
    office.goto(f"/feedback/{solicitation.pk}/opinions/")
    expect(office.locator("tbody tr")).to_have_count(4)

    # Two say the same: merge them, keeping both texts.
    office.locator("tr", has_text="建议精简会议和文件。").get_by_role("checkbox").check()
    office.locator("tr", has_text="会议文件太多，建议精简。").get_by_role("checkbox").check()
    expect(office.get_by_text("已选 2 条")).to_be_visible()
    office.get_by_role("button", name="合并为一条").click()
    expect(office.get_by_text(re.compile(r"已将 2 条意见合并为一条"))).to_be_visible()
    expect(office.locator("tbody tr")).to_have_count(3)
    expect(office.locator("tr", has_text="另含 1 条相同意见")).to_have_count(1)

    # Classify the whole page at once: each to whom its sender addressed it.
    bulk = office.get_by_role("group", name="批量操作")
    bulk.get_by_label("全选本页").check()
    bulk.get_by_label("类别", exact=True).select_option(label="意见")
    bulk.get_by_label("反映对象", exact=True).select_option(label="按提出人所选")
    screenshot(office, "feedback-3-bulk-classify")
    bulk.get_by_role("button", name="应用分类").click()
    expect(office.get_by_text("已修改 3 条的分类；现已梳理 3 条。")).to_be_visible()
    expect(office.locator("tbody .fb-state", has_text="已梳理")).to_have_count(3)

    # One more by hand: the aspect and a second person it concerns.
    office.locator("tr", has_text="督促多、指导少").get_by_role("link", name="梳理").click()
    office.get_by_label("方面").select_option(label="1. 方面一")
    office.get_by_role("button", name="保存", exact=True).click()
    expect(office.locator(".msg-success")).to_have_text(re.compile(r"^意见 \w{8} 已梳理。$"))

    office.get_by_role("link", name=re.compile("^反馈")).click()
    expect(office.get_by_text(re.compile("本次将反馈已梳理的"))).to_contain_text("3")
    screenshot(office, "feedback-3-release-preview")
    office.get_by_role("button", name="反馈给班子和班子成员").click()
    expect(office.get_by_text(re.compile(r"已向班子及班子成员反馈 3 条意见建议"))).to_be_visible()

    reader = new_page()
    log_in(reader, cast.member)
    reader.get_by_role("link", name="阅知征求到的意见建议").click()
    own, team = reader.locator("#own"), reader.locator("#team")
    expect(own).to_contain_text("李委员对分管科室督促多、指导少。")
    expect(own.locator(".fb-item")).to_have_count(1)
    expect(team).to_contain_text("建议精简会议和文件。")
    expect(team).to_contain_text("会议文件太多，建议精简。")  # every text, word for word
    expect(reader.get_by_text("王委员讲话太长")).to_have_count(0)
    for trace in ("实名群众赵某", "13900000000", "个别访谈", "网上征求"):
        expect(reader.get_by_text(trace)).to_have_count(0)
    assert_fits_width(reader)
    screenshot(reader, "feedback-4-member-laptop")
    reader.set_viewport_size(PHONE)
    assert_fits_width(reader)
    screenshot(reader, "feedback-4-member-phone")
    reader.set_viewport_size(LAPTOP)

    other = new_page()
    log_in(other, colleague.user)
    other.goto(f"/feedback/{solicitation.pk}/mine/")
    expect(other.locator("#own")).to_contain_text("王委员讲话太长，会风需改进。")
    expect(other.locator("#team")).to_contain_text("建议精简会议和文件。")
    expect(other.get_by_text("督促多、指导少")).to_have_count(0)
    screenshot(other, "feedback-4-other-member")

    office.goto(f"/feedback/{solicitation.pk}/")
    expect(office.locator("tr", has_text="李委员")).to_contain_text("已阅")
    expect(office.locator("tr", has_text="张书记")).to_contain_text("未阅")
    screenshot(office, "feedback-5-office-receipts")


def test_the_poster_shows_the_address_it_encodes_and_warns_that_a_phone_cannot_reach_localhost(
    cast, solicitation, new_page, settings, live_server
):
    """Without SITE_URL the QR code carries the address the office came by; here that is the
    test server on localhost, which a phone would take for itself."""
    settings.SITE_URL = ""
    office = new_page()
    log_in(office, cast.office)
    office.goto(f"/feedback/{solicitation.pk}/")
    link = f"{live_server.url}/feedback/f/{solicitation.token}/"
    assert office.get_by_label("链接").input_value() == link
    with office.expect_popup() as popup:
        office.get_by_role("link", name="打印张贴页").click()
    poster = popup.value
    expect(poster.get_by_text(f"二维码中的地址：{link}")).to_be_visible()
    expect(poster.get_by_role("alert")).to_contain_text("群众用手机扫码打不开")
    svg = poster.request.get(poster.locator("img.poster-qr").get_attribute("src")).text()
    expected = io.BytesIO()
    segno.make(link, error="m").save(expected, kind="svg", scale=8, border=2, xmldecl=False, title="网上征求意见二维码")
    assert svg == expected.getvalue().decode()
    screenshot(poster, "feedback-6-poster-warns-localhost")
    # Printed, the warning and the on-screen note are left off; the address stays.
    poster.emulate_media(media="print")
    expect(poster.get_by_role("alert")).to_be_hidden()
    expect(poster.locator(".poster-url")).to_have_text(link)


def test_back_and_submit_again_stores_the_opinion_once(solicitation, new_page):
    citizen = new_page(PHONE)
    citizen.goto(f"/feedback/f/{solicitation.token}/")
    citizen.get_by_label("意见建议").fill("建议窗口午休时多开一个。")
    citizen.get_by_role("button", name="提交").click()
    expect(citizen.get_by_role("heading", name="已收到，谢谢您！")).to_be_visible()

    citizen.go_back()
    expect(citizen.get_by_label("意见建议")).to_have_value("建议窗口午休时多开一个。")
    citizen.get_by_role("button", name="提交").click()
    expect(citizen.get_by_role("alert")).to_contain_text("这一页的意见已经提交过，没有重复记录")
    expect(citizen.get_by_label("意见建议")).to_have_value("建议窗口午休时多开一个。")  # nothing lost
    screenshot(citizen, "feedback-7-resubmitted-once")
    assert Opinion.objects.count() == 1


def test_a_refused_post_about_a_member_keeps_the_choice_and_still_offers_everyone(solicitation, new_page, colleague):
    # A post is judged against only the member it names (issue 11); shown again, the page
    # offers the whole team and keeps what was chosen.
    citizen = new_page(PHONE)
    citizen.goto(f"/feedback/f/{solicitation.token}/")
    citizen.get_by_text("王委员").click()
    citizen.get_by_label("涉及方面（可不选）").select_option(label="2. 方面二")
    citizen.get_by_role("button", name="提交").click()
    expect(citizen.get_by_text("请填写意见内容。")).to_be_visible()
    expect(citizen.get_by_label("王委员")).to_be_checked()
    expect(citizen.get_by_label("涉及方面（可不选）")).to_have_value(str(solicitation.meeting.aspects.get(order=2).pk))
    for name in ("领导班子（整体）", "李委员", "王委员"):
        expect(citizen.get_by_text(name, exact=False).first).to_be_visible()
    screenshot(citizen, "form-refused-post-keeps-choice")
    citizen.get_by_label("意见建议").fill("王委员分管的项目审批环节偏多，建议合并。")
    citizen.get_by_role("button", name="提交").click()
    expect(citizen.get_by_role("heading", name="已收到，谢谢您！")).to_be_visible()
    opinion = Opinion.objects.get()
    assert (opinion.addressed_member, opinion.suggested_aspect.order) == (colleague, 2)
