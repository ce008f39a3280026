"""The measuring county's democratic evaluation (evaluation/county.py): the switch, 登记表 in
every state, closed scoring rounds with anonymous ballots, grades; and the pages it opens."""

from collections import Counter

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db.models import Count
from django.urls import reverse

from anonymity.writes import check_anonymous_model
from evaluation.models import (
    Ballot,
    CommitteeBallot,
    Evaluation,
    Participation,
    Registration,
    RegistrationEvent,
    RegistrationState,
    RoundState,
    ScoringRound,
    Verdict,
    VerdictState,
)
from meetings.models import MeetingKind, Stage

pytestmark = pytest.mark.django_db


def _seed(orgs=12, seed=1, *flags):
    call_command("seed_county", "--orgs", str(orgs), "--seed", str(seed), *flags)


def _snapshot():
    return (
        sorted(Evaluation.objects.values_list("meeting__title", "enabled")),
        sorted(Registration.objects.values_list("evaluation__meeting__title", "person__name", "state")),
        sorted(Verdict.objects.values_list("registration__person__name", "grade", "state")),
        sorted(Ballot.objects.values_list("id", "subject__name", "score_1", "score_5")),
    )


def test_the_county_switches_the_evaluation_on_for_most_branch_meetings_and_off_for_some():
    _seed()
    switches = Counter(Evaluation.objects.values_list("enabled", flat=True))
    assert switches[True] > switches[False] > 0
    assert not Evaluation.objects.exclude(meeting__kind=MeetingKind.ORGANIZATION_LIFE).exists()
    assert not Registration.objects.filter(evaluation__enabled=False).exists()


def test_registrations_are_in_every_state_before_the_materials_are_done_and_approved_after():
    _seed()
    assert set(Registration.objects.values_list("state", flat=True)) == set(RegistrationState.values)
    held = Registration.objects.filter(evaluation__meeting__stage__in=[Stage.HELD, Stage.RECTIFYING, Stage.ARCHIVED])
    assert held.exists() and not held.exclude(state=RegistrationState.APPROVED).exists()
    approved = RegistrationEvent.objects.filter(to_state=RegistrationState.APPROVED)
    assert approved.count() == Registration.objects.filter(state=RegistrationState.APPROVED).count()
    assert not Registration.objects.filter(state=RegistrationState.SUBMITTED, self_assessment="").exists()


def test_every_held_meeting_has_a_closed_round_whose_ballots_match_who_took_part():
    _seed()
    held = Evaluation.objects.filter(enabled=True, meeting__stage__in=[Stage.HELD, Stage.RECTIFYING, Stage.ARCHIVED])
    rounds = ScoringRound.objects.filter(evaluation__in=held).annotate(n=Count("subjects"))
    assert rounds.count() == held.count() > 0
    for round in rounds:
        assert round.state == RoundState.CLOSED and round.closed_at > round.opened_at
        voters = Participation.objects.filter(round=round).count()
        # Each voter scores every member but themself, and the committee once.
        assert Ballot.objects.filter(round=round).count() == voters * (round.n - 1)
        assert CommitteeBallot.objects.filter(round=round).count() == voters


def test_the_ballots_carry_no_voter_and_no_time():
    check_anonymous_model(Ballot)
    check_anonymous_model(CommitteeBallot)
    assert {f.name for f in Ballot._meta.concrete_fields} == {"id", "round", "subject"} | {
        f"score_{i}" for i in range(1, 6)}


def test_grades_are_proposed_fixed_and_approved_by_the_county_and_basic_ones_give_a_reason():
    _seed()
    states = set(Verdict.objects.values_list("state", flat=True))
    assert {VerdictState.PROPOSED, VerdictState.FIXED, VerdictState.APPROVED} <= states
    assert not Verdict.objects.filter(grade="basic", reason="").exists()
    assert not Verdict.objects.filter(registration__evaluation__meeting__stage=Stage.ARCHIVED,
                                      state=VerdictState.PROPOSED).exists()
    shown = Evaluation.objects.filter(registrations__verdict__state=VerdictState.FIXED).distinct()
    assert not shown.filter(grades_shown_at=None).exists()  # fixed only after 征求全体党员意见


def test_the_same_seed_gives_the_same_evaluation_and_another_seed_another():
    _seed(5, 3)
    first = _snapshot()
    assert first[1]  # there is something to compare
    _seed(5, 3, "--flush")
    assert _snapshot() == first
    _seed(5, 4, "--flush")
    assert _snapshot() != first


def test_the_branch_office_opens_a_seeded_evaluation_its_results_and_its_grades(client):
    _seed()
    round = (ScoringRound.objects.filter(evaluation__meeting__stage=Stage.RECTIFYING)
             .select_related("evaluation__meeting").first())
    meeting = round.evaluation.meeting
    office = get_user_model().objects.filter(person__staff_roles__organization=meeting.organization_id,
                                             person__staff_roles__kind="office").first()
    client.force_login(office, backend="django.contrib.auth.backends.ModelBackend")
    someone = Registration.objects.filter(evaluation=round.evaluation).select_related("person").first().person
    for url in (reverse("evaluation:overview", args=[meeting.pk]), reverse("evaluation:results", args=[round.pk]),
                reverse("evaluation:grades", args=[meeting.pk])):
        answer = client.get(url)
        assert answer.status_code == 200, url
        assert someone.name in answer.content.decode(), url
