""""My work" asks a phase's provider only for someone who holds one of its roles.

The roles are decided from what the request has memoised already (the organisation
permissions), so a member's home never runs the office's or the supervisor's providers,
and costs the same however much work waits on those roles elsewhere.
"""

import pytest

from meetings import progress
from meetings.models import Stage
from organizations.models import SupervisionGroup
from tests.factories import MeetingFactory, OrganizationFactory

from .test_queries import _grower

# What a member's home (cast.member, 李委员 of gov) costs: the session, the user, the
# permissions, the providers that can hold work for a team member, the recent meetings.
# (22 before the roles too: every provider asked its permission first, and a query that
# can only be empty — approvals, closings — is never sent by Django.)
MEMBER_HOME_QUERIES = 22


def _names(providers):
    return {p.__name__ for p in providers}


def test_a_member_is_not_asked_the_office_or_supervisor_providers(cast):
    asked = _names(progress.work_providers(cast.member))
    assert {"office_actions", "supervisor_reviews", "group_study_to_record", "mode_work",
            "preparation_work", "room_work", "report_work"}.isdisjoint(asked)
    # Work that can fall to anyone with a person stays asked: talks, duties, items.
    assert {"talks_to_do", "duties_due", "item_work", "self_study_to_log", "milestones_due"} <= asked


def test_the_office_and_the_supervisor_are_asked_their_own(cast):
    office = _names(progress.work_providers(cast.office))
    assert {"office_actions", "group_study_to_record", "preparation_work"} <= office
    assert "supervisor_reviews" not in office
    supervisor = _names(progress.work_providers(cast.supervisor))
    assert {"supervisor_reviews", "report_work"} <= supervisor
    assert "office_actions" not in supervisor


def test_deciding_the_roles_costs_no_query_once_the_permissions_are_read(cast, django_assert_num_queries):
    progress.work_providers(cast.member)  # reads the permissions, as the request does first
    with django_assert_num_queries(0):
        progress.work_providers(cast.member)


def test_a_provider_for_a_role_is_not_called_for_others(cast, monkeypatch):
    called = []

    def office_only(user):
        called.append(user.username)
        return []

    monkeypatch.setattr(progress, "_work", list(progress._work))
    progress.register_work(office_only, roles=(progress.OFFICE,))
    progress.work_for(cast.member)
    progress.work_for(cast.supervisor)
    assert called == []
    progress.work_for(cast.office)
    assert called == ["office"]


def test_a_supervision_group_member_is_an_overseer(cast, monkeypatch):
    group = SupervisionGroup.objects.create(name="第一督导组", sent_by=cast.county)
    group.members.add(cast.outsider.person)
    group.organizations.add(cast.gov)

    def for_overseers(user):
        return []

    monkeypatch.setattr(progress, "_work", list(progress._work))
    progress.register_work(for_overseers, roles=(progress.OVERSEER,))
    assert for_overseers in progress.work_providers(cast.outsider)
    assert for_overseers in progress.work_providers(cast.supervisor)
    assert for_overseers not in progress.work_providers(cast.member)


def test_an_unknown_role_is_refused():
    with pytest.raises(ValueError):
        progress.register_work(lambda user: [], roles=("secretary",))


def test_a_members_home_costs_the_same_however_much_waits_on_other_roles(cast, login, same_queries_at_5_and_50):
    """Rows in other roles' work: meetings of the neighbour waiting on its office (a plan to
    finish) and on the supervisor (a plan to approve); none of them is the member's."""

    def make(i):
        org = OrganizationFactory(name=f"县直第{i:02d}党组", parent=cast.county)
        return MeetingFactory(organization=org, stage=Stage.PLAN_REVIEW if i % 2 else Stage.PREPARING)

    client = login(cast.member)
    count, response = same_queries_at_5_and_50(_grower(make), lambda: client.get("/"))
    assert response.status_code == 200
    assert count == MEMBER_HOME_QUERIES


def test_the_offices_closings_are_one_query_with_its_items(cast, django_assert_num_queries):
    from rectification.phase_progress import item_work

    progress.work_providers(cast.office)  # the request's permissions and person, read once
    assert cast.office.person
    with django_assert_num_queries(2):  # their items, the closings; the secretary's seats were a third
        assert item_work(cast.office) == []

def test_the_planner_reads_no_plans_where_the_person_does_not_plan(cast, django_assert_num_queries):
    from proceedings.phase_planner import planner_work
    from tests.factories import PersonFactory, UserFactory

    from organizations.models import OrganizationKind
    from organizations.services import person_permissions_sync

    branch = OrganizationFactory(name="机关支部", kind=OrganizationKind.BRANCH, parent=cast.gov)
    MeetingFactory(organization=branch, stage=Stage.PRE_MEETING, kind="organization_life")
    # In the branch but no party member: neither on its committee nor among its members.
    outsider = PersonFactory(user=UserFactory(username="masses"), organization=cast.gov, branch=branch,
                             is_party_member=False)
    person_permissions_sync(person=outsider)
    assert outsider.user.person
    with django_assert_num_queries(3):  # the meetings, their planners' people; no plans (was 6)
        assert planner_work(outsider.user) == []
