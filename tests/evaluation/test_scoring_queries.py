"""The pages the measuring county opens on a held evaluation — a closed round's results and
the members' view of the proposed grades — cost as many queries for 50 members as for 5."""

import pytest
from django.urls import reverse
from django.utils import timezone

from evaluation.models import Ballot, Grade, Participation, Registration, RoundState, RoundSubject, ScoringRound, Verdict
from evaluation.scoring import items_for
from organizations.services import person_permissions_sync

from ..factories import PersonFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def closed_round(evaluation, branch_cast):
    items_for(evaluation)
    now = timezone.now()
    return ScoringRound.objects.create(evaluation=evaluation, state=RoundState.CLOSED, minimum_voters=1,
                                       token="closed-round-token", opened_at=now, closed_at=now)


def _grow(branch_cast, round):
    """Members up to n, each scored in the round by three ballots, with a proposed grade."""
    def grow(n):
        evaluation = round.evaluation
        for i in range(Registration.objects.filter(evaluation=evaluation).count(), n):
            person = PersonFactory(user=UserFactory(username=f"scored{i}"), name=f"党员{i}",
                                   organization=branch_cast.branch.parent, branch=branch_cast.branch)
            person_permissions_sync(person=person)
            registration = Registration.objects.create(evaluation=evaluation, person=person, self_judgement="qualified")
            Verdict.objects.create(registration=registration, grade=Grade.QUALIFIED)
            RoundSubject.objects.create(round=round, person=person, order=i + 1)
            Participation.objects.create(round=round, person=person)
            Ballot.objects.bulk_create(Ballot(round=round, subject=person, score_1=18, score_2=19, score_3=20,
                                              score_4=17, score_5=16) for _ in range(3))
    return grow


def test_a_closed_rounds_results_cost_the_same_for_5_and_50_members(login, branch_cast, closed_round,
                                                                    same_queries_at_5_and_50):
    client = login(branch_cast.secretary)
    url = reverse("evaluation:results", args=[closed_round.pk])
    _, response = same_queries_at_5_and_50(_grow(branch_cast, closed_round), lambda: client.get(url))
    assert response.status_code == 200
    assert "党员49" in response.content.decode()


def test_the_members_view_of_proposed_grades_costs_the_same_for_5_and_50_members(login, branch_cast, evaluation,
                                                                                  closed_round,
                                                                                  same_queries_at_5_and_50):
    evaluation.grades_shown_at = timezone.now()
    evaluation.save(update_fields=["grades_shown_at"])
    client = login(branch_cast.member)
    url = reverse("evaluation:members_view", args=[evaluation.meeting_id])
    _, response = same_queries_at_5_and_50(_grow(branch_cast, closed_round), lambda: client.get(url))
    assert response.status_code == 200
    assert "党员49" in response.content.decode()
