"""The office imports its roster from Excel: a bad row is reported, fixed, then imported."""

import io

import pytest
from openpyxl import Workbook
from playwright.sync_api import expect

from organizations.models import Person, TeamMembership
from organizations.roster import COLUMNS

from .helpers import log_in, screenshot

pytestmark = pytest.mark.browser


def _roster(tmp_path, name, rows):
    wb = Workbook()
    ws = wb.active
    ws.append([c.header for c in COLUMNS])
    keys = [c.key for c in COLUMNS]
    for row in rows:
        ws.append([row.get(key, "") for key in keys])
    path = tmp_path / name
    buffer = io.BytesIO()
    wb.save(buffer)
    path.write_bytes(buffer.getvalue())
    return path


def test_the_office_fixes_a_bad_row_and_imports_the_roster(new_page, cast, tmp_path):
    good = {"name": "周新", "username": "zhouxin", "department": "秘书一科", "position": "委员", "rank": 5, "oversees": "秘书一科"}
    bad = {"name": "吴用", "username": "wuyong", "position": "常委", "rank": 6}
    page = new_page()
    log_in(page, cast.office)
    page.goto(f"/organizations/{cast.gov.pk}/")
    page.get_by_role("link", name="导入名册").click()

    page.get_by_label("名册文件").set_input_files(_roster(tmp_path, "roster.xlsx", [good, bad]))
    page.get_by_role("button", name="上传并检查").click()
    expect(page.get_by_text("未导入任何数据")).to_be_visible()
    errors = page.get_by_role("alert")
    expect(errors.get_by_role("cell", name="第 3 行")).to_be_visible()
    expect(errors.get_by_text("常委")).to_be_visible()
    screenshot(page, "roster-bad-row")
    assert not Person.objects.filter(user__username="zhouxin").exists()  # nothing saved

    bad["position"] = "委员"
    page.get_by_label("名册文件").set_input_files(_roster(tmp_path, "roster-fixed.xlsx", [good, bad]))
    page.get_by_role("button", name="上传并检查").click()
    expect(page.get_by_role("heading", name="确认导入")).to_be_visible()
    page.get_by_role("button", name="确认导入").click()

    expect(page.get_by_role("heading", name=cast.gov.name)).to_be_visible()
    expect(page.get_by_role("cell", name="周新").first).to_be_visible()
    seat = TeamMembership.objects.get(organization=cast.gov, person__user__username="zhouxin")
    assert seat.rank == 5 and [d.name for d in seat.oversees.all()] == ["秘书一科"]
    assert TeamMembership.objects.filter(organization=cast.gov, person__user__username="wuyong").exists()


def test_a_member_has_no_import_button_and_cannot_open_the_page(new_page, cast):
    page = new_page()
    log_in(page, cast.member)
    page.goto(f"/organizations/{cast.gov.pk}/")
    expect(page.get_by_role("link", name="导入名册")).to_have_count(0)
    assert page.goto(f"/organizations/{cast.gov.pk}/roster/import/").status == 403
