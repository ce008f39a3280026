"""The supervisor's overview: the tree, its roll-up, the filters, the page and its scope.

Until each phase registers its batched status, the columns are the tests' own: `columns`
registers two providers that read the meeting's milestones (plan, talks), so a test makes a
cell late by giving its milestone a past due date.
"""

from datetime import date, timedelta

import pytest

from meetings import status as meeting_status
from meetings.models import MeetingKind, Milestone, MilestoneKind, Stage
from organizations.models import OrganizationKind, StaffKind
from organizations.services import staff_assign
from oversight.overview import NO_MEETING, OverviewFilters, Sort, build_overview
from tests.factories import MeetingFactory, OrganizationFactory, PersonFactory, UserFactory

TODAY = date(2026, 11, 20)


@pytest.fixture
def columns(monkeypatch):
    """Two columns: 方案报审 (started once the plan is sent up) and 谈心谈话 (never started)."""
    monkeypatch.setattr(meeting_status, "_columns", [])

    @meeting_status.register_status(MilestoneKind.PLAN, "方案报审", order=10)
    def _plan(batch):
        return {
            m.pk: batch.from_milestone(m, MilestoneKind.PLAN, started=m.stage != Stage.PREPARING)
            for m in batch.meetings
        }

    @meeting_status.register_status(MilestoneKind.TALKS, "谈心谈话", order=20)
    def _talks(batch):
        return {m.pk: batch.from_milestone(m, MilestoneKind.TALKS, started=False) for m in batch.meetings}

    return [MilestoneKind.PLAN, MilestoneKind.TALKS]


@pytest.fixture
def freeze_today(monkeypatch):
    """The page asks timezone.localdate() for today: the tests' TODAY."""
    from oversight.views import overview as view

    monkeypatch.setattr(view.timezone, "localdate", lambda *args: TODAY)


def due(meeting, kind, days_from_today, *, done=False):
    from django.utils import timezone

    Milestone.objects.filter(meeting=meeting, kind=kind).update(
        due_date=TODAY + timedelta(days=days_from_today),
        done_at=timezone.now() if done else None,
    )


def overview(user, **asked):
    return build_overview(user, filters=OverviewFilters(year=2026, **asked), today=TODAY)


@pytest.fixture
def tree(cast, columns):
    """Below the county: gov (党组) with two branches, one of them late; edu (党组) on time.

        县委 ─ 县政府办党组 (plan due in 10 days)
             │    ├ 政府办第一党支部 (talks 5 days late)
             │    └ 政府办第二党支部 (all done)
             └ 县教育局党组 (plan due in 2 days: 临期)
    """
    first = OrganizationFactory(name="县政府办第一党支部", short_name="政府办第一党支部", parent=cast.gov, kind=OrganizationKind.BRANCH)
    second = OrganizationFactory(name="县政府办第二党支部", short_name="政府办第二党支部", parent=cast.gov, kind=OrganizationKind.BRANCH)
    gov_meeting = MeetingFactory(organization=cast.gov)
    due(gov_meeting, MilestoneKind.PLAN, 10)
    first_meeting = MeetingFactory(organization=first, kind=MeetingKind.ORGANIZATION_LIFE)
    due(first_meeting, MilestoneKind.TALKS, -5)
    second_meeting = MeetingFactory(organization=second, kind=MeetingKind.ORGANIZATION_LIFE, stage=Stage.HELD)
    due(second_meeting, MilestoneKind.PLAN, -30, done=True)
    due(second_meeting, MilestoneKind.TALKS, -20, done=True)
    edu_meeting = MeetingFactory(organization=cast.edu)
    due(edu_meeting, MilestoneKind.PLAN, 2)
    return type("Tree", (), dict(
        first=first, second=second, gov_meeting=gov_meeting, first_meeting=first_meeting,
        second_meeting=second_meeting, edu_meeting=edu_meeting,
    ))


def names(found):
    return [row.organization.display_name for row in found.rows]


# --- the tree and its roll-up -------------------------------------------------------------


def test_the_county_supervisor_sees_the_top_level_of_everything_below_the_county(cast, tree):
    found = overview(cast.supervisor)
    assert names(found) == ["县政府办党组", "县教育局党组"]
    assert found.scope_size == 4 and found.total == 4
    gov = found.rows[0]
    assert gov.children_count == 2 and gov.below_count == 2 and gov.depth == 0
    assert gov.meeting == tree.gov_meeting


def test_a_late_branch_makes_its_party_group_late_in_the_roll_up(cast, tree):
    gov, edu = overview(cast.supervisor).rows
    assert gov.own[MilestoneKind.TALKS].code == "not_started"  # its own talks have no date
    assert gov.below[MilestoneKind.TALKS].label == "逾期5天"  # the first branch's
    assert gov.rolled[MilestoneKind.TALKS].label == "逾期5天"
    assert gov.rolled[MilestoneKind.PLAN].code == "not_started"  # its own, worse than the done branch's
    assert gov.rolled_worst.label == "逾期5天"
    assert edu.rolled_worst.label == "临期" and edu.below == {}


def test_drilling_down_shows_the_children_with_breadcrumbs_and_the_focus(cast, tree):
    found = overview(cast.supervisor, under=cast.gov.pk)
    assert names(found) == ["政府办第一党支部", "政府办第二党支部"]
    assert found.focus.organization == cast.gov
    assert found.trail == [cast.gov]
    first, second = found.rows
    assert first.path == [cast.gov] and first.depth == 1
    assert first.own[MilestoneKind.TALKS].days_late == 5
    assert second.status_code == "done"
    assert found.total == 3  # the focus and its two branches


def test_counts_are_organisations_by_their_worst_status(cast, tree):
    OrganizationFactory(name="县教育局机关党支部", parent=cast.edu, kind=OrganizationKind.BRANCH)  # no meeting
    found = overview(cast.supervisor)
    assert found.count_of("overdue") == 1  # the first branch
    assert found.count_of("due_soon") == 1  # edu
    assert found.count_of("not_started") == 1  # gov
    assert found.count_of("done") == 1
    assert found.count_of(NO_MEETING) == 1
    assert found.total == 5 == sum(c.count for c in found.counts)


# --- filters, search, sort -----------------------------------------------------------------


def test_overdue_only_lists_the_late_organisations_flat_with_their_path(cast, tree):
    found = overview(cast.supervisor, overdue_only=True)
    assert names(found) == ["政府办第一党支部"]
    assert found.rows[0].path_names() == "县政府办党组"


def test_a_milestone_and_status_pick_that_cell(cast, tree):
    assert names(overview(cast.supervisor, column=MilestoneKind.PLAN, status="due_soon")) == ["县教育局党组"]
    assert names(overview(cast.supervisor, column=MilestoneKind.PLAN, status="done")) == ["政府办第二党支部"]
    assert names(overview(cast.supervisor, column=MilestoneKind.TALKS, status="overdue")) == ["政府办第一党支部"]


def test_a_status_alone_picks_by_the_worst(cast, tree):
    assert names(overview(cast.supervisor, status="not_started")) == ["县政府办党组"]


def test_stage_kind_and_year_narrow_the_meetings(cast, tree):
    assert names(overview(cast.supervisor, stage=Stage.HELD)) == ["政府办第二党支部"]
    branches = overview(cast.supervisor, kind=MeetingKind.ORGANIZATION_LIFE, flat=True)
    assert [r.organization.display_name for r in branches.rows if r.meetings] == ["政府办第一党支部", "政府办第二党支部"]
    assert branches.count_of(NO_MEETING) == 2  # the two 党组 hold no 组织生活会
    last_year = build_overview(cast.supervisor, filters=OverviewFilters(year=2025), today=TODAY)
    assert last_year.count_of(NO_MEETING) == 4


def test_search_finds_by_name_at_any_depth(cast, tree):
    found = overview(cast.supervisor, q="第二")
    assert names(found) == ["政府办第二党支部"]
    assert found.rows[0].path == [cast.gov]
    assert names(overview(cast.supervisor, q="教育")) == ["县教育局党组"]


def test_sort_by_lateness_puts_the_worst_first_in_a_flat_list(cast, tree):
    found = overview(cast.supervisor, sort=Sort.LATE)
    assert names(found) == ["政府办第一党支部", "县教育局党组", "县政府办党组", "政府办第二党支部"]


def test_filters_within_a_drill_down_stay_within_its_subtree(cast, tree):
    assert names(overview(cast.supervisor, under=cast.edu.pk, overdue_only=True)) == []
    assert names(overview(cast.supervisor, under=cast.gov.pk, flat=True)) == ["县政府办党组", "政府办第一党支部", "政府办第二党支部"]


# --- scope -----------------------------------------------------------------------------------


def test_a_neighbouring_countys_supervisor_sees_none_of_it(cast, tree):
    other = OrganizationFactory(name="中共邻县委员会", kind=OrganizationKind.COMMITTEE)
    OrganizationFactory(name="中共邻县某局党组", parent=other)
    person = PersonFactory(user=UserFactory(username="neighbour"), organization=other)
    staff_assign(person=person, organization=other, kind=StaffKind.SUPERVISOR, unit="组织部")
    found = overview(person.user)
    assert names(found) == ["中共邻县某局党组"]
    from django.http import Http404

    with pytest.raises(Http404):
        overview(person.user, under=cast.gov.pk)


def test_a_supervision_group_member_sees_exactly_the_assigned_organisations(cast, tree, login):
    from organizations.models import SupervisionGroup

    person = PersonFactory(user=UserFactory(username="group_member"), organization=cast.county)
    group = SupervisionGroup.objects.create(name="县委第一督导组", sent_by=cast.county)
    group.members.add(person)
    group.organizations.add(cast.gov, tree.second)
    found = overview(person.user, sort=Sort.LATE)
    assert names(found) == ["县政府办党组", "政府办第二党支部"]  # not the first branch below gov
    tops = overview(person.user)
    assert names(tops) == ["县政府办党组"] and tops.rows[0].children_count == 1  # the assigned branch sits below it
    assert names(overview(person.user, under=cast.gov.pk)) == ["政府办第二党支部"]
    body = login(person.user).get(URL).content.decode()
    assert ">督导总览</a>" in body and "县教育局党组" not in body
    group.is_active = False
    group.save()
    from organizations.selectors import forget_org_perms

    forget_org_perms(person.user)
    assert login(person.user).get(URL).status_code == 404


def test_someone_who_oversees_nothing_gets_an_empty_overview(cast, tree):
    found = overview(cast.office)
    assert found.rows == [] and found.total == 0


# --- the page ------------------------------------------------------------------------------

URL = "/oversight/"


def test_the_page_requires_login(client, cast):
    response = client.get(URL)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("who", ["office", "member", "secretary", "outsider"])
def test_people_who_oversee_nothing_get_404(cast, login, who):
    assert login(getattr(cast, who)).get(URL).status_code == 404


def test_a_neighbours_organisation_is_404_on_the_page(cast, tree, login):
    other = OrganizationFactory(name="中共邻县委员会", kind=OrganizationKind.COMMITTEE)
    OrganizationFactory(name="中共邻县某局党组", parent=other)
    person = PersonFactory(user=UserFactory(username="neighbour"), organization=other)
    staff_assign(person=person, organization=other, kind=StaffKind.SUPERVISOR, unit="组织部")
    client = login(person.user)
    body = client.get(URL).content.decode()
    assert "中共邻县某局党组" in body and "县政府办党组" not in body
    assert client.get(URL, {"under": cast.gov.pk}).status_code == 404


def test_the_supervisor_sees_each_cell_as_text_the_roll_up_and_chase_boxes(cast, tree, login, freeze_today):
    body = login(cast.supervisor).get(URL, {"year": 2026}).content.decode()
    assert 'href="/oversight/"' in body and ">督导总览</a>" in body  # the nav
    assert "县政府办党组" in body and "县教育局党组" in body
    assert "政府办第一党支部" not in body  # one level at a time
    assert f'href="?year=2026&amp;under={cast.gov.pk}">下级 2 个 ›</a>' in body
    assert '下级：<span class="pill ps-overdue"' in body and "逾期5天</span>" in body
    assert '<span class="pill ps-due_soon"' in body  # edu's plan
    assert f'href="/meetings/{tree.gov_meeting.pk}/"' in body
    assert f'action="/oversight/chase/"' in body
    assert f'name="target" value="{tree.edu_meeting.pk}:plan"' in body  # 临期 is chased
    assert f'name="target" value="{tree.gov_meeting.pk}:talks"' in body  # 未开始 with its window open
    assert f'value="{tree.gov_meeting.pk}:plan"' in body
    assert "催办所选" in body


def test_drilling_down_on_the_page_shows_crumbs_and_the_focus_row(cast, tree, login, freeze_today):
    body = login(cast.supervisor).get(URL, {"year": 2026, "under": cast.gov.pk}).content.decode()
    assert '<a href="?year=2026">全部组织</a> › <span aria-current="page">县政府办党组</span>' in body
    assert "本级" in body and "政府办第一党支部" in body and "政府办第二党支部" in body
    assert f'value="{tree.first_meeting.pk}:talks"' in body
    assert f'value="{tree.second_meeting.pk}:' not in body  # all done: nothing to chase


def test_the_page_filters_to_the_overdue_with_their_path(cast, tree, login, freeze_today):
    body = login(cast.supervisor).get(URL, {"year": 2026, "overdue": "on"}).content.decode()
    assert "符合条件的组织 1 个" in body
    assert '<span class="ov-path">县政府办党组 ›</span>' in body and "政府办第一党支部" in body
    assert "县教育局党组</span>" not in body


def test_bad_filters_get_a_chinese_message_and_the_defaults(cast, tree, login, freeze_today):
    response = login(cast.supervisor).get(URL, {"year": "明年", "q": "教育"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "年度：请填写整数。" in body
    assert "县教育局党组" in body and "县政府办党组</span>" not in body  # the search still applies
    assert 'value="教育"' in body  # kept in the form


def test_a_flat_list_pages_by_50(cast, columns, login, freeze_today):
    OrganizationFactory.create_batch(55, parent=cast.gov, kind=OrganizationKind.BRANCH)
    client = login(cast.supervisor)
    first = client.get(URL, {"flat": "on"}).content.decode()
    assert "第 1 / 2 页" in first and "flat=on&amp;page=2" in first
    assert "符合条件的组织 57 个" in first


# --- queries do not grow with the county ---------------------------------------------------


def _grower(cast):
    made = []

    def grow(n):
        while len(made) < n:
            party_group = OrganizationFactory(parent=cast.county)
            branch = OrganizationFactory(parent=party_group, kind=OrganizationKind.BRANCH)
            for org in (party_group, branch):
                meeting = MeetingFactory(organization=org)
                due(meeting, MilestoneKind.PLAN, -len(made) - 1)
            made.append(party_group)

    return grow


def test_build_overview_costs_the_same_for_5_and_50_organisations(cast, columns, same_queries_at_5_and_50):
    from organizations.selectors import forget_org_perms

    def fetch():
        forget_org_perms(cast.supervisor)  # a new request remembers nothing
        return overview(cast.supervisor, sort=Sort.LATE)

    count, found = same_queries_at_5_and_50(_grower(cast), fetch)
    assert len(found.rows) == 102 and count <= 8


@pytest.mark.parametrize("asked", [{}, {"sort": "late"}], ids=["tree", "by-lateness"])
def test_the_page_costs_the_same_for_5_and_50_organisations(cast, columns, login, same_queries_at_5_and_50, freeze_today, asked):
    client = login(cast.supervisor)
    _, response = same_queries_at_5_and_50(_grower(cast), lambda: client.get(URL, asked))
    body = response.content.decode()
    assert response.status_code == 200
    assert ("第 1 / 3 页" if asked else "第 1 / 2 页") in body  # 102 flat, or 52 at the top
    assert body.count('name="target"') >= 50
