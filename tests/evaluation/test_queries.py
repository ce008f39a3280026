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


def _members_and_events_grower(branch_cast, registration):
    """Branch members up to n (the people the reviewer may name to read for one on leave)
    and as many events in the registration's history."""
    from evaluation.models import RegistrationEvent

    made = []

    def grow(n):
        while len(made) < n:
            i = len(made)
            person = PersonFactory(user=UserFactory(username=f"extra{i}"), name=f"党员{i}",
                                   organization=branch_cast.branch.parent, branch=branch_cast.branch)
            person_permissions_sync(person=person)
            RegistrationEvent.objects.create(registration=registration, action=f"退回修改{i}", from_state="submitted",
                                             to_state="draft", actor=branch_cast.secretary, note=f"第{i}次退回")
            made.append(person)

    return grow


@pytest.mark.parametrize("who", ["secretary", "member"])
def test_a_registration_costs_the_same_for_5_and_50_members_and_events(login, branch_cast, evaluation,
                                                                        same_queries_at_5_and_50, who):
    from evaluation.services import registration_for

    registration = registration_for(evaluation=evaluation, person=branch_cast.member.person)
    client = login(getattr(branch_cast, who))
    url = reverse("evaluation:registration", args=[registration.pk])
    _, response = same_queries_at_5_and_50(_members_and_events_grower(branch_cast, registration),
                                           lambda: client.get(url))
    body = response.content.decode()
    assert "第49次退回" in body
    if who == "secretary":
        assert "党员49" in body  # offered to read the text of one on leave


def test_the_scoring_page_costs_the_same_for_5_and_50_rounds(login, branch_cast, evaluation, same_queries_at_5_and_50):
    from evaluation.models import RoundState, ScoringRound
    from evaluation.scoring import items_for

    items_for(evaluation)

    def grow(n):
        for i in range(ScoringRound.objects.filter(evaluation=evaluation).count(), n):
            ScoringRound.objects.create(evaluation=evaluation, state=RoundState.CLOSED, minimum_voters=1,
                                        token=f"round-token-{i}", created_by=branch_cast.office)

    client = login(branch_cast.secretary)
    url = reverse("evaluation:scoring", args=[evaluation.meeting_id])
    _, response = same_queries_at_5_and_50(grow, lambda: client.get(url))
    assert response.content.decode().count('href="/evaluation/round/') >= 50


def test_the_documents_page_costs_the_same_for_5_and_50_files(login, branch_cast, evaluation, same_queries_at_5_and_50):
    from django.contrib.contenttypes.models import ContentType

    from documents.models import GeneratedFile

    def grow(n):
        for i in range(GeneratedFile.objects.count(), n):
            GeneratedFile.objects.create(kind="evaluation_summary", format="xlsx", title=f"民主评议汇总表{i:02d}",
                                         content_type=ContentType.objects.get_for_model(evaluation),
                                         object_id=evaluation.pk, content_hash=f"{i:064d}",
                                         requested_by=branch_cast.office)

    client = login(branch_cast.secretary)
    url = reverse("evaluation:documents", args=[evaluation.meeting_id])
    _, response = same_queries_at_5_and_50(grow, lambda: client.get(url))
    assert response.content.decode().count('<li><a href="/documents/') == 20  # the newest 20 are listed
