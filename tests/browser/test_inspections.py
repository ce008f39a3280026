"""Self-inspection materials in the browser: a member writes an outline over two sittings,
answers the opinions fed back to them, sees the quality hints and submits it; the secretary
comments, returns, sees the changes and passes it on; the upper level approves. A colleague
never sees it. Two windows saving the same section: the second is refused, nothing lost."""

import re
import time

import pytest
from playwright.sync_api import expect

from inspections.content import count_chars
from inspections.models import Material, MaterialSection, Problem
from meetings.models import Meeting, Stage
from organizations.models import TeamPosition
from organizations.services import team_member_add
from tests.factories import MeetingFactory, PersonFactory, UserFactory
from tests.inspections.conftest import routed

from .helpers import LAPTOP, PHONE, assert_fits_width, log_in, screenshot

pytestmark = pytest.mark.browser

CASE = ("2026年3月，我督查县政务服务中心“一网通办”工作时，只听取了科室汇报，没有到窗口实地查看，"
        "对群众反映的3件办事难问题跟进不及时。")
REVISED = CASE.replace("3件办事难问题跟进不及时", "3件办事难问题跟进不及时，其中1件拖了两个月才办结")


@pytest.fixture
def setting(cast):
    colleague = PersonFactory(user=UserFactory(username="member2"), name="王委员", organization=cast.gov)
    team_member_add(person=colleague, organization=cast.gov, position=TeamPosition.MEMBER, rank=3)
    meeting = MeetingFactory(organization=cast.gov, title="2026年度县政府办党组民主生活会",
                             aspects=["带头加强政治建设", "带头坚守人民情怀"])
    Meeting.objects.filter(pk=meeting.pk).update(stage=Stage.PRE_MEETING)
    person = cast.member.person
    routed(meeting, person, "李委员下基层调研少，到窗口看得少。")
    routed(meeting, person, "督查工作有时只看材料。")
    return meeting, colleague.user


def block(page, label):
    """The block (a form) holding the field with this label."""
    return page.locator("form.ed-block", has=page.get_by_label(label, exact=True))


def saved(form):
    expect(form.locator(".ed-state")).to_have_text(re.compile("已保存"), timeout=15_000)


def outline_of(user) -> Material:
    return Material.objects.get(author__user=user)


def _settle():
    """Let a save sent as the tab closed land before the next page loads: the test server
    shares one SQLite connection between its threads (a real server has no such limit)."""
    time.sleep(1.5)


def colleague_gets_404(page, material_pk):
    for path in (f"/inspections/{material_pk}/", f"/inspections/{material_pk}/edit/"):
        response = page.goto(path)
        assert response.status == 404, path


def test_an_outline_from_first_words_to_approval(cast, setting, new_page):
    meeting, colleague_user = setting
    member, colleague = new_page(), new_page()
    log_in(colleague, colleague_user)

    # --- first sitting --------------------------------------------------------------------
    log_in(member, cast.member)
    member.goto(f"/inspections/meeting/{meeting.pk}/")
    member.get_by_role("link", name="开始撰写我的发言提纲").click()
    expect(member.get_by_role("heading", name="李委员同志2026年度民主生活会个人发言提纲")).to_be_visible()
    material = outline_of(cast.member)
    colleague_gets_404(colleague, material.pk)

    preface = block(member, "前言")
    words = "我认真参加集中学习，与每位班子成员谈心谈话，对照两个方面查摆问题。"
    preface.get_by_label("前言", exact=True).fill(words)
    saved(preface)
    expect(member.locator("#ed-total")).to_have_text(str(count_chars(words)))

    first_aspect = member.locator("section.ed-group", has=member.get_by_role("heading", name="问题一：带头加强政治建设"))
    first_aspect.get_by_role("button", name="＋ 新增问题").click()
    problem = first_aspect.locator("form.ed-block").first
    problem.get_by_label("问题1").fill("调查研究不够深入")
    problem.get_by_label("具体表现和典型事例").fill(CASE)
    screenshot(member, "inspections-1-writing")
    browser_session = member.context
    member.close()  # the tab is closed before the autosave: the words must come back
    _settle()

    # --- second sitting: the same browser, a new tab ------------------------------------------
    member = browser_session.new_page()
    member.goto(f"/inspections/{material.pk}/edit/")
    problem = member.locator("form.ed-block", has=member.get_by_label("问题1"))
    expect(problem.get_by_label("具体表现和典型事例")).to_have_value(CASE)
    expect(problem.get_by_label("问题1")).to_have_value("调查研究不够深入")
    expect(member.get_by_role("textbox", name="前言")).to_have_value(re.compile("认真参加集中学习"))
    member.wait_for_function("() => !Object.keys(localStorage).some(k => k.startsWith('dlm-material:'))", timeout=15_000)
    assert Problem.objects.get(material=material).details == CASE

    answers = member.locator("#g-answers")
    expect(answers).to_contain_text("李委员下基层调研少，到窗口看得少。")
    first, second = answers.locator("form.ed-block").nth(0), answers.locator("form.ed-block").nth(1)
    first.get_by_label("回应").fill("我已制定年度调研计划，每月到政务服务大厅窗口现场办公。")
    saved(first)
    second.get_by_label("在以下问题中查摆").select_option(label="调查研究不够深入")
    saved(second)

    hints = member.locator("#hints")
    member.evaluate("() => htmx.trigger(document.body, 'refresh-hints')")
    expect(hints).to_contain_text("“带头坚守人民情怀”方面还没有查摆问题")
    expect(hints).to_contain_text("还没有进行原因剖析")
    expect(hints).not_to_contain_text("未回应")
    assert_fits_width(member)
    screenshot(member, "inspections-2-editor-laptop")
    member.set_viewport_size(PHONE)
    assert_fits_width(member)
    screenshot(member, "inspections-2-editor-phone")
    member.set_viewport_size(LAPTOP)

    member.get_by_role("link", name="提交书记审阅").first.click()
    expect(member.get_by_role("heading", name="提交前请看质量提示")).to_be_visible()
    member.get_by_role("button", name="确认提交书记审阅").click()
    expect(member.locator("#material-state")).to_have_text("待书记审阅")
    colleague_gets_404(colleague, material.pk)

    # --- the secretary comments on one section and returns it ---------------------------------
    secretary = new_page()
    log_in(secretary, cast.secretary)
    secretary.goto(f"/inspections/meeting/{meeting.pk}/")
    expect(secretary.locator("table.board")).to_contain_text("待书记审阅")
    screenshot(secretary, "inspections-3-board")
    secretary.get_by_role("link", name="李委员").click()
    section = secretary.locator("#sec-aspect-" + str(meeting.aspects.first().pk))
    section.get_by_text("对这一部分提意见").click()
    section.get_by_label("对“问题一：带头加强政治建设”的意见").fill("事例要写清楚后来怎么处理的、您本人的责任。")
    section.get_by_role("button", name="添加意见").click()
    expect(secretary.locator(".ed-comment")).to_contain_text("事例要写清楚后来怎么处理的")
    screenshot(secretary, "inspections-4-review")
    secretary.get_by_role("link", name="退回修改").click()
    secretary.get_by_label("意见说明").fill("请按意见补充事例。")
    secretary.get_by_role("button", name="确认退回修改").click()
    expect(secretary.locator("#material-state")).to_have_text("退回修改")
    expect(secretary.get_by_text("已退回修改。", exact=True)).to_be_visible()
    colleague_gets_404(colleague, material.pk)

    # --- the member revises beside the note and the comment, and resubmits -----------------------
    member.goto(f"/inspections/{material.pk}/edit/")
    review = member.locator("#ed-review")
    expect(review).to_contain_text("请按意见补充事例。")
    expect(review).to_contain_text("张书记")
    review.get_by_role("link", name="问题一：带头加强政治建设").click()
    first_aspect = member.locator("#g-aspect-" + str(meeting.aspects.first().pk))
    expect(first_aspect.locator(".ed-comment")).to_contain_text("事例要写清楚后来怎么处理的")
    expect(first_aspect.get_by_label("具体表现和典型事例")).to_be_in_viewport()
    problem = member.locator("form.ed-block", has=member.get_by_label("问题1"))
    problem.get_by_label("具体表现和典型事例").fill(REVISED)
    saved(problem)
    screenshot(member, "inspections-5-returned-with-comment")
    member.get_by_role("link", name="提交书记审阅").first.click()
    member.get_by_role("button", name="确认提交书记审阅").click()
    expect(member.locator("#material-state")).to_have_text("待书记审阅")

    # --- the secretary sees what changed and passes it on ----------------------------------------
    secretary.goto(f"/inspections/{material.pk}/")
    changes = secretary.locator("#changes")
    expect(changes).to_contain_text("与第1版相比的修改")
    expect(changes.locator(".diff ins").first).to_have_text("，其中1件拖了两个月才办结")
    screenshot(secretary, "inspections-6-diff")
    secretary.set_viewport_size(PHONE)
    assert_fits_width(secretary)
    screenshot(secretary, "inspections-6-diff-phone")
    secretary.set_viewport_size(LAPTOP)
    secretary.get_by_role("link", name="审阅通过，报上级审核").click()
    secretary.get_by_role("button", name="确认审阅通过，报上级审核").click()
    expect(secretary.locator("#material-state")).to_have_text("待上级审核")
    colleague_gets_404(colleague, material.pk)

    # --- the upper level approves ----------------------------------------------------------------
    supervisor = new_page()
    log_in(supervisor, cast.supervisor)
    supervisor.goto(f"/inspections/meeting/{meeting.pk}/")
    supervisor.get_by_role("link", name="李委员").click()
    expect(supervisor.get_by_text("，其中1件拖了两个月才办结")).to_be_visible()
    supervisor.get_by_role("link", name="审核通过").click()
    supervisor.get_by_role("button", name="确认审核通过").click()
    expect(supervisor.locator("#material-state")).to_have_text("已通过")
    screenshot(supervisor, "inspections-7-approved")
    colleague_gets_404(colleague, material.pk)
    material.refresh_from_db()
    assert material.state == "approved" and material.versions.count() == 2


def test_two_windows_saving_the_same_section_the_second_is_refused_and_nothing_is_lost(cast, setting, new_page):
    meeting, _ = setting
    first, second = new_page(), new_page()
    for page in (first, second):
        log_in(page, cast.member)
        page.goto(f"/inspections/meeting/{meeting.pk}/mine/")
        expect(page.get_by_role("textbox", name="前言")).to_be_visible()

    first.get_by_role("textbox", name="前言").fill("第一个窗口写下的前言。")
    saved(block(first, "前言"))

    second.get_by_role("textbox", name="前言").fill("第二个窗口写下的另一段前言。")
    conflict = block(second, "前言").locator(".ed-conflict")
    expect(conflict).to_contain_text("为避免覆盖，您这次的修改没有保存", timeout=15_000)
    expect(conflict).to_contain_text("第一个窗口写下的前言。")
    expect(second.get_by_role("textbox", name="前言")).to_have_value("第二个窗口写下的另一段前言。")
    screenshot(second, "inspections-8-conflict")
    material = outline_of(cast.member)
    assert MaterialSection.objects.get(material=material, key="preface").text == "第一个窗口写下的前言。"

    conflict.get_by_role("button", name="保留我的内容").click()
    saved(block(second, "前言"))
    assert MaterialSection.objects.get(material=material, key="preface").text == "第二个窗口写下的另一段前言。"


def test_a_session_timeout_and_a_network_hiccup_lose_nothing(cast, setting, new_page):
    meeting, _ = setting
    page = new_page()
    log_in(page, cast.member)
    page.goto(f"/inspections/meeting/{meeting.pk}/mine/")
    preface = block(page, "前言")

    page.context.set_offline(True)
    page.get_by_role("textbox", name="前言").fill("断网时写下的前言。")
    expect(preface.locator(".ed-state")).to_contain_text("网络中断", timeout=15_000)
    page.context.set_offline(False)
    saved(preface)

    page.context.clear_cookies(name="sessionid")  # the session ends (as after 30 idle minutes)
    page.get_by_role("textbox", name="前言").fill("登录超时后写下的前言。")
    expect(page.locator("#ed-notice")).to_contain_text("登录已超时", timeout=15_000)
    screenshot(page, "inspections-9-session-expired")

    log_in(page, cast.member)  # in the same browser: the copy in localStorage is still there
    page.goto(f"/inspections/{outline_of(cast.member).pk}/edit/")
    expect(page.locator("#ed-notice")).to_contain_text("已恢复您上次未保存的内容")
    saved(block(page, "前言"))
    assert MaterialSection.objects.get(material=outline_of(cast.member), key="preface").text == "登录超时后写下的前言。"
