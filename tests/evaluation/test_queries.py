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
