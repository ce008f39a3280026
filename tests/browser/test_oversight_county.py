"""Issue 15's journeys on the seeded county (`seed_county`): the county supervisor filters the
overview to the overdue, checks that the roll-up's colours are its children's, chases three
organisations in one action, and the office of one of them finds the reminder; a 督导组
member sees only the organisations assigned; the supervisor of a neighbouring county gets
404 on every drill-down of this one."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from meetings.models import Meeting
from organizations.county import COUNTY_PASSWORD
from organizations.models import OrganizationKind, StaffKind, SupervisionGroup
from organizations.services import staff_assign
from oversight.models import Chase
from tests.factories import OrganizationFactory, PersonFactory, UserFactory

from .helpers import log_in, screenshot

pytestmark = pytest.mark.browser


@pytest.fixture
def county(transactional_db):
    call_command("seed_county", orgs=30, seed=1, force=True, verbosity=0)
    return type("County", (), {"user": lambda username: _user(username)})


def _user(username):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username=username)


def _background(locator) -> str:
    return locator.evaluate("e => getComputedStyle(e).backgroundColor")


def test_the_county_supervisor_filters_the_late_checks_the_roll_up_and_chases_three(county, page, new_page):
    log_in(page, _user("county_supervisor"), COUNTY_PASSWORD)
    page.get_by_role("navigation").get_by_role("link", name="督导总览").click()
    expect(page.get_by_role("heading", name="督导总览", exact=True)).to_be_visible()

    # The roll-up: a top organisation whose subtree is late shows "下级：逾期N天" in a column;
    # drilled into, one of its children shows that very status, in the same colour.
    row = page.locator("tbody tr").filter(has=page.locator(".ov-below .pill.ps-overdue")).first
    rolled = row.locator(".ov-below .pill.ps-overdue").first
    expect(rolled).to_be_visible()
    label = rolled.inner_text()
    colour = _background(rolled)
    row.get_by_role("link", name=re.compile("^下级")).click()
    expect(page.get_by_role("navigation", name="位置")).to_contain_text("全部组织 ›")
    child = page.locator("tbody tr .pill.ps-overdue", has_text=re.compile(f"^{label}$")).first
    expect(child).to_be_visible()
    assert _background(child) == colour
    screenshot(page, "oversight-county-1-drilled")

    # 仅看逾期, from the whole county.
    page.get_by_role("link", name="全部组织").click()
    page.get_by_label("仅看逾期").check()
    page.get_by_role("button", name="筛选").click()
    expect(page.get_by_text(re.compile(r"符合条件的组织 \d+ 个"))).to_be_visible()
    boxes = page.locator("input[name=target]")
    meetings, picked = [], []
    for i in range(boxes.count()):  # one late cell of each of three organisations
        pk = int(boxes.nth(i).get_attribute("value").split(":")[0])
        if pk not in meetings and len(meetings) < 3:
            meetings.append(pk)
            picked.append(boxes.nth(i))
    assert len(meetings) == 3
    for box in picked:
        box.check()
    screenshot(page, "oversight-county-2-overdue")
    page.get_by_role("button", name="催办所选").first.click()

    expect(page.get_by_role("heading", name="催办", exact=True)).to_be_visible()
    for pk in meetings:
        expect(page.get_by_text(Meeting.objects.get(pk=pk).organization.display_name).first).to_be_visible()
    page.get_by_role("button", name="发出催办").click()
    expect(page.get_by_text("已向3个组织发出催办")).to_be_visible()
    assert Chase.objects.filter(meeting_id__in=meetings).values("meeting").distinct().count() == 3

    # The office of one of them finds the reminder in its inbox.
    chase = Chase.objects.filter(meeting_id=meetings[0]).first()
    office = chase.recipients.first()
    assert office is not None
    office_page = new_page()
    log_in(office_page, office, COUNTY_PASSWORD)
    office_page.get_by_role("link", name=re.compile("^消息")).click()
    expect(office_page.get_by_text(re.compile("【催办】")).first).to_be_visible()
    screenshot(office_page, "oversight-county-3-office-inbox")


def test_a_group_member_sees_only_the_assigned_and_a_neighbour_sees_none(county, page, new_page):
    group = SupervisionGroup.objects.filter(is_active=True, members__user__username="county_group_1").first()
    assigned = {org.display_name for org in group.organizations.all()}
    log_in(page, _user("county_group_1"), COUNTY_PASSWORD)
    page.goto("/oversight/?flat=on")
    expect(page.get_by_role("heading", name="督导总览", exact=True)).to_be_visible()
    shown = {name.strip() for name in page.locator("tbody tr .ov-org").all_inner_texts()}
    assert shown == assigned
    screenshot(page, "oversight-county-4-group")

    # The supervisor of the neighbouring county: 404 on each drill-down of this one.
    other = OrganizationFactory(name="中共邻县委员会", kind=OrganizationKind.COMMITTEE)
    OrganizationFactory(name="中共邻县某局党组", parent=other)
    person = PersonFactory(user=UserFactory(username="neighbour"), organization=other)
    staff_assign(person=person, organization=other, kind=StaffKind.SUPERVISOR, unit="组织部")
    neighbour = new_page()
    log_in(neighbour, person.user)
    neighbour.goto("/oversight/")
    expect(neighbour.get_by_role("row").filter(has_text="邻县某局党组")).to_be_visible()
    expect(neighbour.get_by_text("白云县")).to_have_count(0)
    some = Meeting.objects.exclude(organization__in=[other]).order_by("pk")[:3]
    for meeting in some:
        for url in (f"/meetings/{meeting.pk}/", f"/oversight/?under={meeting.organization_id}"):
            assert neighbour.goto(url).status == 404, url
