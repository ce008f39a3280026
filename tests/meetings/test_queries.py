"""The meetings' list pages cost the same number of queries for 5 rows as for 50.

Rows are meetings (the list), waiting items (my work), each in an organisation of its own
where the supervisor watches them, so a count that grows with organisations fails too.
"""

import pytest
from django.utils import timezone

from meetings.models import Milestone, Stage
from tests.factories import MeetingFactory, OrganizationFactory


def _grower(make):
    made = []

    def grow(n):
        while len(made) < n:
            made.append(make(len(made)))

    return grow


def _meeting_in_new_org(cast, i, **fields):
    org = OrganizationFactory(name=f"县直第{i:02d}党支部", parent=cast.gov)
    return MeetingFactory(organization=org, **fields)


def test_the_office_list_costs_the_same_for_5_and_50_meetings(cast, login, same_queries_at_5_and_50):
    client = login(cast.office)
    grow = _grower(lambda i: MeetingFactory(organization=cast.gov))
    _, response = same_queries_at_5_and_50(grow, lambda: client.get("/meetings/"))
    body = response.content.decode()
    assert body.count('<td><a href="/meetings/') == 50
    assert "共 50 个会议" in body


def test_the_supervisor_list_costs_the_same_for_5_and_50_meetings(cast, login, same_queries_at_5_and_50):
    client = login(cast.supervisor)
    grow = _grower(lambda i: _meeting_in_new_org(cast, i))
    _, response = same_queries_at_5_and_50(grow, lambda: client.get("/meetings/?stage=preparing"))
    assert response.content.decode().count('<td><a href="/meetings/') == 50


def test_the_second_page_costs_the_same_as_the_first(cast, login, same_queries_at_5_and_50):
    client = login(cast.supervisor)
    grow = _grower(lambda i: _meeting_in_new_org(cast, i))
    grow(60)
    _, response = same_queries_at_5_and_50(lambda n: None, lambda: client.get("/meetings/?page=2"))
    assert response.content.decode().count('<td><a href="/meetings/') == 10


def test_my_work_of_the_office_costs_the_same_for_5_and_50_meetings(cast, login, same_queries_at_5_and_50):
    def make(i):
        meeting = MeetingFactory(organization=cast.gov)
        Milestone.objects.filter(meeting=meeting).update(due_date=timezone.localdate())
        return meeting

    client = login(cast.office)
    _, response = same_queries_at_5_and_50(_grower(make), lambda: client.get("/"))
    assert response.status_code == 200


def test_my_work_of_the_supervisor_costs_the_same_for_5_and_50_reviews(cast, login, same_queries_at_5_and_50):
    client = login(cast.supervisor)
    grow = _grower(lambda i: _meeting_in_new_org(cast, i, stage=Stage.PLAN_REVIEW))
    _, response = same_queries_at_5_and_50(grow, lambda: client.get("/"))
    body = response.content.decode()
    assert "审批工作方案" not in body  # 50 are grouped, one group per organisation
    assert body.count("· 1项</a>") == 50


def test_my_work_filtered_costs_the_same_for_5_and_50_reviews(cast, login, same_queries_at_5_and_50):
    client = login(cast.supervisor)
    grow = _grower(lambda i: _meeting_in_new_org(cast, i, stage=Stage.PLAN_REVIEW))
    _, response = same_queries_at_5_and_50(grow, lambda: client.get("/?kind=审批"))
    assert response.content.decode().count("审批工作方案") == 50


def _team_grower(cast, meeting=None):
    """Team members of the cast's 党组 (the rows of the checklist's talks, study and materials)."""
    from organizations.models import TeamPosition
    from organizations.services import team_member_add
    from tests.factories import PersonFactory, UserFactory

    def make(i):
        person = PersonFactory(user=UserFactory(username=f"team{i:02d}"), name=f"成员{i:02d}", organization=cast.gov)
        team_member_add(person=person, organization=cast.gov, position=TeamPosition.MEMBER, rank=10 + i)
        return person

    return _grower(make)


@pytest.mark.parametrize("who", ["office", "member", "supervisor"])
def test_the_meeting_home_costs_the_same_for_5_and_50_team_members(cast, login, meeting, who, same_queries_at_5_and_50):
    client = login(getattr(cast, who))
    _, response = same_queries_at_5_and_50(_team_grower(cast), lambda: client.get(f"/meetings/{meeting.pk}/"))
    body = response.content.decode()
    assert "谈心谈话" in body and "对照检查材料" in body


def test_the_plan_page_costs_the_same_for_5_and_50_team_members(cast, login, meeting, same_queries_at_5_and_50):
    client = login(cast.office)
    _, response = same_queries_at_5_and_50(_team_grower(cast), lambda: client.get(f"/meetings/{meeting.pk}/plan/"))
    assert response.status_code == 200


def test_a_frozen_plan_version_costs_the_same_for_5_and_50_attendees(cast, login, meeting, same_queries_at_5_and_50):
    from meetings.access import meeting_access
    from meetings.plans import plan_content, plan_create_default
    from meetings.models import PlanSubmission
    from meetings.workflow import meeting_transition

    plan = plan_create_default(meeting=meeting)
    meeting_transition(meeting=meeting, name="submit_plan", actor=cast.office,
                       access=meeting_access(cast.office, meeting), note="")
    grow_team = _team_grower(cast)

    def grow(n):
        grow_team(n)
        plan.attendees.set(cast.gov.team.values_list("person", flat=True))
        PlanSubmission.objects.filter(plan=plan, number=1).update(content=plan_content(plan))

    client = login(cast.supervisor)
    _, response = same_queries_at_5_and_50(grow, lambda: client.get(f"/meetings/{meeting.pk}/plan/v/1/"))
    assert "成员49" in response.content.decode()


def test_the_create_form_costs_the_same_for_5_and_50_organisations_and_templates(cast, login, same_queries_at_5_and_50):
    from meetings.models import AspectTemplate, MeetingKind
    from organizations.models import StaffKind
    from organizations.services import staff_assign
    from organizations.models import Person

    office = Person.objects.get(user=cast.office)

    def make(i):
        org = OrganizationFactory(name=f"县直第{i:02d}党支部", parent=cast.gov)
        staff_assign(person=office, organization=org, kind=StaffKind.OFFICE)
        template = AspectTemplate.objects.create(name=f"模板{i:02d}", kind=MeetingKind.DEMOCRATIC_LIFE, organization=org)
        template.items.create(order=1, title="本组织方面")
        return org

    client = login(cast.office)
    _, response = same_queries_at_5_and_50(_grower(make), lambda: client.get("/meetings/new/"))
    body = response.content.decode()
    assert "县直第49党支部" in body and "模板49" in body
