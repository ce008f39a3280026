"""The chasing journey: a county supervisor chases three organisations in one action (as
the overview's ticked boxes bring them), one office reads the reminder in its inbox, the
supervisor leaves a 督导意见 on a meeting and its secretary reads it on the meeting page."""

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from organizations.models import StaffKind
from organizations.services import staff_assign
from tests.factories import MeetingFactory, OrganizationFactory, PersonFactory, UserFactory

from .helpers import PHONE, assert_fits_width, log_in, screenshot

pytestmark = pytest.mark.browser

# Where a person looks at the pages this journey passes (the brief's shots folder).
SHOTS = Path(os.environ.get("CHASE_SHOTS", "/work/wt/shots"))


def _shot(page, name):
    screenshot(page, name)
    if SHOTS.is_dir():
        page.screenshot(path=SHOTS / f"chase-{name}.png", full_page=True)


def _office(org, username, name):
    person = PersonFactory(user=UserFactory(username=username), name=name, organization=org)
    staff_assign(person=person, organization=org, kind=StaffKind.OFFICE)
    return person.user


@pytest.fixture
def late_three(cast, meeting):
    _office(cast.edu, "edu_office", "周教育")
    farm = OrganizationFactory(name="中共测试县农业农村局党组", short_name="县农业农村局党组", parent=cast.county)
    _office(farm, "farm_office", "吴农业")
    return [
        meeting,
        MeetingFactory(organization=cast.edu, title="2026年度县教育局党组民主生活会"),
        MeetingFactory(organization=farm, title="2026年度县农业农村局党组民主生活会"),
    ]


def test_a_supervisor_chases_three_organisations_and_comments_and_the_office_reads_it(
    cast, late_three, new_page
):
    supervisor = new_page()
    log_in(supervisor, cast.supervisor)
    query = "&".join(f"target={m.pk}:opinions" for m in late_three) + f"&target={late_three[0].pk}:talks"
    supervisor.goto(f"/oversight/chase/?{query}&next=/meetings/")
    expect(supervisor.get_by_role("heading", name="催办对象（3个会议）")).to_be_visible()
    expect(supervisor.get_by_role("cell", name="县农业农村局党组", exact=True)).to_be_visible()
    expect(supervisor.get_by_label("催办内容")).to_have_value(
        "你单位以下工作进度滞后于时间节点，请抓紧推进、按期完成，并在系统中及时更新进度。如有困难，请及时向上级报告。"
    )
    _shot(supervisor, "confirm")

    # An emptied message box is refused in Chinese, nothing is sent, the targets stay.
    supervisor.get_by_label("催办内容").fill("")
    supervisor.evaluate("() => document.querySelector('#id_message').removeAttribute('required')")
    supervisor.get_by_role("button", name="发出催办").click()
    expect(supervisor.get_by_text("请填写催办内容。").first).to_be_visible()
    expect(supervisor.get_by_role("cell", name="县农业农村局党组", exact=True)).to_be_visible()

    supervisor.get_by_label("催办内容").fill("请于本周五前完成征求意见的梳理和反馈。")
    supervisor.get_by_role("button", name="发出催办").click()
    expect(supervisor.get_by_text("已向3个组织发出催办。")).to_be_visible()
    assert supervisor.url.endswith("/meetings/")

    supervisor.goto("/oversight/chases/")
    expect(supervisor.get_by_role("heading", name="催办记录")).to_be_visible()
    expect(supervisor.get_by_text("共 4 条")).to_be_visible()
    _shot(supervisor, "history")

    # A 督导意见 on the gov meeting, from its page.
    supervisor.goto(f"/meetings/{late_three[0].pk}/")
    supervisor.get_by_role("textbox", name="督导意见").fill("征求意见范围偏窄，请扩大到服务对象和基层党员。")
    supervisor.get_by_role("button", name="提出督导意见").click()
    expect(supervisor.get_by_text("督导意见已提出，已通知该组织的办公室和书记。")).to_be_visible()
    _shot(supervisor, "meeting-panel")

    office = new_page()
    log_in(office, cast.office)
    office.goto("/inbox/")
    expect(office.get_by_text(f"【催办】{late_three[0].title}：征求意见、谈心谈话")).to_be_visible()
    _shot(office, "inbox")

    secretary = new_page(viewport=PHONE)
    log_in(secretary, cast.secretary)
    secretary.goto(f"/meetings/{late_three[0].pk}/")
    panel = secretary.locator("#oversight")
    expect(panel.get_by_text("征求意见范围偏窄，请扩大到服务对象和基层党员。")).to_be_visible()
    expect(panel.get_by_role("button", name="提出督导意见")).to_have_count(0)
    assert_fits_width(secretary)
    _shot(secretary, "meeting-panel-phone")
