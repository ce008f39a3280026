"""The office edits a meeting's basics and aspects, and two editors do not overwrite each other."""

import pytest
from playwright.sync_api import expect

from tests.factories import MeetingFactory

from .helpers import log_in, screenshot

pytestmark = pytest.mark.browser


def aspect_rows(page):
    return page.locator(".aspect-row")


def test_the_office_removes_one_aspect_and_adds_another(cast, page):
    meeting = MeetingFactory(
        organization=cast.gov,
        title="2026年度县政府办党组民主生活会",
        aspects=["加强政治建设", "深化理论武装", "严守纪律规矩"],
    )

    log_in(page, cast.office)
    page.goto(f"/meetings/{meeting.pk}/")
    page.get_by_role("link", name="修改基本信息").click()
    expect(page.get_by_role("heading", name="修改会议")).to_be_visible()
    expect(aspect_rows(page)).to_have_count(4)  # three aspects and a blank one for a new aspect

    aspect_rows(page).nth(1).get_by_label("删除这一项").check()
    blank = aspect_rows(page).nth(3)
    blank.get_by_label("第4个方面").fill("带头增强党性修养")
    blank.get_by_label("具体内容").fill("坚持自我革命，敢于直面问题。")
    screenshot(page, "6-edit-form")
    page.get_by_role("button", name="保存").click()

    expect(page.get_by_text("已保存。")).to_be_visible()
    aspects = page.locator("section", has=page.get_by_role("heading", name="对照检查的方面"))
    expect(aspects.locator("ol > li strong")).to_have_text(
        ["加强政治建设", "严守纪律规矩", "带头增强党性修养"]
    )
    expect(aspects).to_contain_text("坚持自我革命，敢于直面问题。")
    screenshot(page, "6-aspects-changed")


def test_a_second_editor_is_told_of_the_conflict_and_keeps_what_they_typed(cast, new_page):
    meeting = MeetingFactory(organization=cast.gov, title="2026年度县政府办党组民主生活会")
    first, second = new_page(), new_page()
    for page in (first, second):
        log_in(page, cast.office)
        page.goto(f"/meetings/{meeting.pk}/edit/")

    first.get_by_label("会议主题").fill("第一位同志写的主题")
    first.get_by_role("button", name="保存").click()
    expect(first.get_by_text("已保存。")).to_be_visible()

    second.get_by_label("会议主题").fill("第二位同志写的主题")
    second.get_by_label("会议名称").fill("第二位同志改的名称")
    second.get_by_role("button", name="保存").click()

    expect(second.get_by_role("alert")).to_contain_text("其他人已修改")
    expect(second.get_by_label("会议主题")).to_have_value("第二位同志写的主题")
    expect(second.get_by_label("会议名称")).to_have_value("第二位同志改的名称")
    screenshot(second, "6-edit-conflict")
    meeting.refresh_from_db()
    assert meeting.theme == "第一位同志写的主题"
    assert meeting.title == "2026年度县政府办党组民主生活会"
