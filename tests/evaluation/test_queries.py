"""The evaluation's list pages cost as many queries for 50 members as for 5."""

import pytest
from django.urls import reverse

from evaluation.models import Grade, Registration, Verdict
from organizations.services import person_permissions_sync

from ..factories import PersonFactory, UserFactory

pytestmark = pytest.mark.django_db


def _grow(branch_cast, evaluation):
    def grow(n):
        have = Registration.objects.filter(evaluation=evaluation).count()
        for i in range(have, n):
            person = PersonFactory(user=UserFactory(username=f"extra{i}"), name=f"党员{i}",
                                   organization=branch_cast.branch.parent, branch=branch_cast.branch)
            person_permissions_sync(person=person)
            registration = Registration.objects.create(evaluation=evaluation, person=person,
                                                       group_opinion="好", self_judgement="qualified")
            Verdict.objects.create(registration=registration, grade=Grade.QUALIFIED)
    return grow


@pytest.mark.parametrize("name", ["evaluation:overview", "evaluation:grades"])
def test_a_list_page_costs_the_same_for_5_and_50_members(login, branch_cast, evaluation, same_queries_at_5_and_50,
                                                         name):
    client = login(branch_cast.secretary)
    url = reverse(name, args=[evaluation.meeting_id])
    _, response = same_queries_at_5_and_50(_grow(branch_cast, evaluation), lambda: client.get(url))
    assert response.status_code == 200
    assert "党员49" in response.content.decode()


def _more_evaluations(branch_cast):
    """Another 组织生活会 of the branch with the evaluation on, per row: a 自我鉴定 waiting for
    the secretary and a member without the group's opinion."""
    from evaluation.models import Evaluation, RegistrationState

    from .conftest import make_life_meeting

    made = []

    def grow(n):
        while len(made) < n:
            evaluation = Evaluation.objects.create(meeting=make_life_meeting(branch_cast), enabled_by=branch_cast.office)
            Registration.objects.create(evaluation=evaluation, person=branch_cast.member5.person,
                                        state=RegistrationState.SUBMITTED)
            Registration.objects.create(evaluation=evaluation, person=branch_cast.member.person)
            made.append(evaluation)

    return grow


@pytest.mark.parametrize("who, title", [("secretary", "审定党员自我鉴定：1份待审定"), ("member3", "填写党小组评议意见：1人")])
def test_my_work_costs_the_same_for_5_and_50_evaluations(login, branch_cast, same_queries_at_5_and_50, who, title):
    client = login(getattr(branch_cast, who))
    _, response = same_queries_at_5_and_50(_more_evaluations(branch_cast), lambda: client.get("/?kind=民主评议党员"))
    assert response.content.decode().count(title) == 50
