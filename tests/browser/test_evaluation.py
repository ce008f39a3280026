"""民主评议党员, walked as people do: the member's self-assessment approved by the branch; the
scoring in the room on five phones through the QR link; the committee's grades approved by
the upper committee; the 汇总表 opened in Excel."""

import io
import re

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from evaluation.models import Evaluation, Grade, Registration, RegistrationState, ScoringRound, Verdict
from evaluation.scoring import Sheet, round_create, round_transition, scored_people, sheet_submit
from evaluation.services import registration_for
from evaluation.verdicts import verdict_propose
from tests.evaluation.conftest import make_branch_cast, make_life_meeting

from .helpers import PHONE, assert_fits_width, log_in, screenshot

pytestmark = pytest.mark.browser
VOTERS = ("member", "member3", "member4", "member5", "member7")  # 黄同志 (member7) is probationary


@pytest.fixture
def branch(cast):
    people = make_branch_cast(cast)
    meeting = make_life_meeting(people)
    return people, meeting


def test_the_office_switches_it_on_a_member_submits_and_the_secretary_approves(branch, new_page):
    people, meeting = branch
    office, member, secretary = new_page(), new_page(PHONE), new_page()

    log_in(office, people.office)
    office.goto(f"/meetings/{meeting.pk}/")
    office.get_by_role("link", name="未开展民主评议党员").click()
    office.get_by_label("本次组织生活会同时开展民主评议党员").check()
    office.get_by_label("自我评价截止日期").fill("2026-12-20")
    office.get_by_role("button", name="保存").click()
    expect(office.get_by_role("heading", name="民主评议党员", exact=True)).to_be_visible()
    screenshot(office, "evaluation-1-overview-office")

    log_in(member, people.member)
    member.goto("/")
    member.get_by_role("link", name="民主评议党员：撰写并提交自我鉴定").click()
    member.get_by_role("textbox", name="自我鉴定（党性分析）").fill("一年来坚持学习党章党规，立足本职，服务群众。\n不足是联系群众不够经常。")
    member.get_by_label("自我评价").select_option(label="合格")
    member.get_by_role("button", name="保存").click()
    expect(member.get_by_text("已保存。")).to_be_visible()
    member.get_by_role("button", name="提交支部审定").click()
    expect(member.get_by_text("状态：待支部审定")).to_be_visible()
    assert_fits_width(member)
    screenshot(member, "evaluation-2-submitted-phone")

    log_in(secretary, people.secretary)
    secretary.goto("/")
    secretary.get_by_role("link", name="审定党员自我鉴定：1份待审定").click()
    secretary.get_by_role("link", name="李委员").click()
    expect(secretary.get_by_text("不足是联系群众不够经常。")).to_be_visible()
    secretary.get_by_role("button", name="审定通过").click()
    expect(secretary.get_by_text("状态：支部已审定")).to_be_visible()
    screenshot(secretary, "evaluation-3-approved")
    assert Registration.objects.get(person=people.member.person).state == RegistrationState.APPROVED


def _score_on_phone(page, user, link, points):
    log_in(page, user)
    page.goto(link)
    expect(page.get_by_role("heading", name="民主评议党员评分表")).to_be_visible()
    page.get_by_role("button", name="逐人评分 / 全部显示").click()  # all on one page
    for field in page.locator("input[type=number]").all():
        field.fill(str(points))
    for group in page.locator(".ev-rating").all():
        group.get_by_label("好", exact=True).check()
    page.get_by_role("button", name="核对合计").click()
    expect(page.get_by_role("heading", name="请核对您的评分")).to_be_visible()
    expect(page.locator(".ev-review")).to_contain_text(str(points * 5))
    page.get_by_role("button", name="确认提交").click()
    expect(page.get_by_role("heading", name="评分已提交")).to_be_visible()


def test_five_members_score_on_their_phones_and_the_result_shows_only_after_the_fifth(branch, new_page):
    people, meeting = branch
    evaluation = Evaluation.objects.create(meeting=meeting, enabled_by=people.office)
    office = new_page()
    log_in(office, people.office)
    office.goto(f"/evaluation/meeting/{meeting.pk}/scoring/")
    office.get_by_role("button", name="安排评分").click()
    office.get_by_role("button", name="开始评分").click()
    expect(office.get_by_role("img", name=re.compile("^评分表二维码"))).to_be_visible()
    link = office.locator("code").inner_text()
    screenshot(office, "evaluation-4-meeting-screen")
    round = ScoringRound.objects.get(evaluation=evaluation)

    for i, name in enumerate(VOTERS):
        phone = new_page(PHONE)
        _score_on_phone(phone, getattr(people, name), link.replace("https://dlm.example.gov.cn", ""), 16 + i % 3)
        if i == 0:
            assert_fits_width(phone)
            screenshot(phone, "evaluation-5-scored-phone")
        if i == 3:
            office.goto(f"/evaluation/round/{round.pk}/results/")
            expect(office.get_by_text("评分结束后才显示结果")).to_be_visible()
    # A second try on the same phone is refused.
    phone.goto(link.replace("https://dlm.example.gov.cn", ""))
    expect(phone.get_by_role("heading", name="您已提交过评分")).to_be_visible()

    office.goto(f"/evaluation/round/{round.pk}/")
    expect(office.locator(".ev-big")).to_have_text("5")
    office.get_by_role("button", name="结束评分").click()
    office.get_by_role("link", name="查看评分结果").click()
    expect(office.get_by_role("heading", name="党员评分（5人评分）")).to_be_visible()
    screenshot(office, "evaluation-6-results")


def test_a_phone_sheet_with_a_score_out_of_range_is_refused_with_the_reason(branch, new_page):
    people, meeting = branch
    evaluation = Evaluation.objects.create(meeting=meeting)
    round = round_create(evaluation=evaluation, access="accounts", minimum_voters=5, with_committee=False,
                         actor=people.office)
    round = round_transition(round=round, name="open", actor=people.office)
    phone = new_page(PHONE)
    log_in(phone, people.member)
    phone.goto(f"/evaluation/s/{round.token}/")
    phone.get_by_role("button", name="逐人评分 / 全部显示").click()
    for field in phone.locator("input[type=number]").all():
        field.fill("15")
    phone.locator("input[type=number]").first.fill("25")
    phone.get_by_role("button", name="核对合计").click()
    expect(phone.get_by_role("alert").first).to_contain_text("须填写0至20之间的整数")
    screenshot(phone, "evaluation-7-out-of-range-phone")


def _scored(people, meeting):
    evaluation = Evaluation.objects.create(meeting=meeting)
    round = round_create(evaluation=evaluation, access="accounts", minimum_voters=5, with_committee=True,
                         actor=people.office)
    round = round_transition(round=round, name="open", actor=people.office)
    for name in VOTERS:
        person = getattr(people, name).person
        sheet_submit(round=round, voter=person, sheet=Sheet(
            scores={p.pk: [17, 17, 17, 17, 17] for p in scored_people(round, person)}, committee=[1, 1, 1, 2, 2]))
    round_transition(round=round, name="close", actor=people.office)
    for name in ("member", "member5"):
        registration_for(evaluation=evaluation, person=getattr(people, name).person)
    return evaluation


def test_the_committee_grades_the_upper_committee_approves_and_the_summary_opens_in_excel(branch, new_page):
    people, meeting = branch
    evaluation = _scored(people, meeting)
    secretary, supervisor = new_page(), new_page()

    log_in(secretary, people.secretary)
    secretary.goto(f"/evaluation/meeting/{meeting.pk}/grades/")
    li = secretary.locator(f"#member-{people.member.person.pk}")
    li.get_by_label("初步意见").select_option(label="优秀")
    li.get_by_role("button", name="保存初步意见").click()
    chen = secretary.locator(f"#member-{people.member5.person.pk}")
    chen.get_by_label("初步意见").select_option(label="不合格")
    chen.get_by_role("button", name="保存初步意见").click()
    expect(secretary.get_by_text("评定为“不合格”须写明理由。")).to_be_visible()
    chen = secretary.locator(f"#member-{people.member5.person.pk}")
    chen.get_by_label("初步意见").select_option(label="不合格")
    chen.get_by_label("理由（基本合格、不合格必填）").fill("全年无故不参加组织生活，经教育仍不改正。")
    chen.get_by_role("button", name="保存初步意见").click()
    expect(secretary.locator(f"#member-{people.member7.person.pk}")).to_contain_text("不定等次")
    secretary.get_by_role("button", name="征求全体党员意见").click()
    for person in (people.member.person, people.member5.person):
        secretary.locator(f"#member-{person.pk}").get_by_role("button", name="确定等次").click()
    expect(secretary.locator(f"#member-{people.member5.person.pk}")).to_contain_text("报上级审批")
    screenshot(secretary, "evaluation-8-grades")

    log_in(supervisor, people.supervisor)
    supervisor.goto("/")
    supervisor.get_by_role("link", name="审批民主评议党员等次：2人（优秀、不合格）").click()
    for person in (people.member.person, people.member5.person):
        supervisor.locator(f"#member-{person.pk}").get_by_role("button", name="审批同意").click()
        expect(supervisor.locator(f"#member-{person.pk}")).to_contain_text("上级已审批")
    assert set(Verdict.objects.values_list("grade", "state")) == {(Grade.EXCELLENT, "approved"),
                                                                  (Grade.UNQUALIFIED, "approved")}

    secretary.goto(f"/evaluation/meeting/{meeting.pk}/documents/")
    secretary.get_by_role("button", name="生成 Excel").click()
    with secretary.expect_download() as download:
        secretary.get_by_role("link", name=re.compile(r"^下载 .+汇总表\.xlsx$")).click()
    with open(download.value.path(), "rb") as data:
        workbook = load_workbook(io.BytesIO(data.read()))
    assert workbook.sheetnames == ["汇总表", "明细表"]
    headers = [c.value for c in workbook["明细表"][1]]
    assert headers[:5] == ["序号", "姓名", "党小组", "党员类别", "自我评价"] and "评定等次" in headers
    rows = {row[1]: row for row in workbook["明细表"].iter_rows(min_row=2, values_only=True)}
    assert rows["黄同志"][headers.index("评定等次")] == "不定等次"
    assert rows["陈同志"][headers.index("理由")] == "全年无故不参加组织生活，经教育仍不改正。"


def test_the_probationary_member_scores_but_the_committee_cannot_grade_them(branch, new_page):
    people, meeting = branch
    evaluation = _scored(people, meeting)
    registration = registration_for(evaluation=evaluation, person=people.member7.person)
    with pytest.raises(Exception, match="不定等次"):
        verdict_propose(registration=registration, grade=Grade.QUALIFIED, reason="", actor=people.secretary)
    page = new_page()
    log_in(page, people.secretary)
    page.goto(f"/evaluation/meeting/{meeting.pk}/grades/")
    card = page.locator(f"#member-{people.member7.person.pk}")
    expect(card).to_contain_text("不定等次")
    expect(card.get_by_label("初步意见")).to_have_count(0)


def test_with_ballot_codes_the_office_prints_them_and_a_phone_scores_one_member_at_a_time(branch, new_page):
    people, meeting = branch
    evaluation = Evaluation.objects.create(meeting=meeting)
    round = round_create(evaluation=evaluation, access="codes", minimum_voters=5, with_committee=False,
                         actor=people.office)
    round = round_transition(round=round, name="open", actor=people.office)
    office = new_page()
    log_in(office, people.office)
    office.goto(f"/evaluation/round/{round.pk}/")
    office.get_by_label("生成评分码的数量").fill("8")
    office.get_by_role("button", name="生成并打印评分码").click()
    expect(office.locator(".ev-code")).to_have_count(8)
    screenshot(office, "evaluation-9-codes")
    code = office.locator(".ev-code").first.inner_text().split("\n")[0]

    phone = new_page(PHONE)  # no login: the code is the way in
    phone.goto(f"/evaluation/s/{round.token}/")
    phone.get_by_label("评分码").fill(code.lower())
    phone.get_by_role("button", name="开始评分").click()
    # On a phone the sheet shows one member at a time.
    members = phone.locator("fieldset.ev-member")
    expect(members.nth(0)).to_be_visible()
    expect(members.nth(1)).to_be_hidden()
    expect(phone.get_by_text("1 / 7")).to_be_visible()
    for index in range(7):
        for field in members.nth(index).locator("input[type=number]").all():
            field.fill("18")
        expect(members.nth(index).locator("output")).to_have_text("90")
        if index < 6:
            phone.get_by_role("button", name="下一位").click()
    expect(phone.get_by_text("7 / 7")).to_be_visible()
    assert_fits_width(phone)
    screenshot(phone, "evaluation-10-one-at-a-time-phone")
    phone.get_by_role("button", name="核对合计").click()
    phone.get_by_role("button", name="确认提交").click()
    expect(phone.get_by_role("heading", name="评分已提交")).to_be_visible()

    again = new_page(PHONE)
    again.goto(f"/evaluation/s/{round.token}/")
    again.get_by_label("评分码").fill(code)
    again.get_by_role("button", name="开始评分").click()
    expect(again.locator("p.error")).to_have_text("评分码无效或已经使用过，请核对纸条上的评分码。")


def test_the_office_enters_a_paper_sheet_and_members_read_the_proposed_grades(branch, new_page):
    people, meeting = branch
    evaluation = Evaluation.objects.create(meeting=meeting)
    round = round_create(evaluation=evaluation, access="accounts", minimum_voters=5, with_committee=True,
                         actor=people.office)
    round_transition(round=round, name="open", actor=people.office)
    office = new_page()
    log_in(office, people.office)
    office.goto(f"/evaluation/round/{round.pk}/")
    office.get_by_role("link", name="录入纸质评分表").click()
    for field in office.locator("input[type=number]").all():
        field.fill("19")
    for group in office.locator(".ev-rating").all():
        group.get_by_label("较好", exact=True).check()
    office.get_by_role("button", name="保存这一张").click()
    expect(office.get_by_text("已录入一张纸质评分表（共1份评分）")).to_be_visible()
    screenshot(office, "evaluation-11-paper-entry")

    verdict_propose(registration=registration_for(evaluation=evaluation, person=people.member4.person),
                    grade=Grade.QUALIFIED, reason="", actor=people.secretary)
    member = new_page(PHONE)
    log_in(member, people.member5)
    member.goto(f"/evaluation/meeting/{meeting.pk}/grades/view/")
    expect(member.get_by_text("支部委员会尚未公布初步评定意见。")).to_be_visible()
    evaluation.grades_shown_at = evaluation.enabled_at
    evaluation.save(update_fields=["grades_shown_at"])
    member.reload()
    member.get_by_label("我对初步评定意见的意见").fill("同意。")
    member.get_by_role("button", name="提交意见").click()
    expect(member.get_by_text("您的意见已送支部委员会。")).to_be_visible()
    assert_fits_width(member)

    round_transition(round=round, name="close", actor=people.office)
    member.goto(f"/evaluation/s/{round.token}/")
    expect(member.get_by_role("heading", name="评分已经结束")).to_be_visible()
