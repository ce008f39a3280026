"""Where each pair stands: only a confirmed talk is done; an excused pair is never done."""

import pytest

from organizations.models import OrganizationKind, Person
from talks.coverage import Cell, meeting_coverage
from talks.models import PairNote, PairNoteKind, TalkParticipant, TalkState, pair_key
from tests.factories import OrganizationFactory, PersonFactory

from .conftest import make_talk, person


def _excuse(meeting, a, b, reason="长期病假"):
    key = pair_key(a.pk, b.pk)
    return PairNote.objects.create(
        meeting=meeting,
        kind=PairNoteKind.EXCUSED,
        person_a_id=key[0],
        person_b_id=key[1],
        reason=reason,
    )


@pytest.mark.parametrize(
    "state, cell",
    [
        (TalkState.CONFIRMED, Cell.DONE),
        (TalkState.RECORDED, Cell.RECORDED),
        (TalkState.PLANNED, Cell.PLANNED),
        (TalkState.DISPUTED, Cell.PLANNED),
        (TalkState.CANCELLED, Cell.REQUIRED),
    ],
)
def test_a_pair_shows_the_state_of_its_talk_and_only_a_confirmed_one_counts(
    cast, talks_meeting, state, cell
):
    make_talk(talks_meeting, person(cast.secretary), person(cast.member), state=state)
    coverage = meeting_coverage(talks_meeting)
    assert coverage.status(person(cast.secretary).pk, person(cast.member).pk).state == cell
    assert coverage.total.done == (1 if state == TalkState.CONFIRMED else 0)


def test_an_excused_pair_is_shown_as_excused_and_not_counted_as_done(cast, talks_meeting, third):
    _excuse(talks_meeting, person(cast.member), person(third))
    coverage = meeting_coverage(talks_meeting)
    status = coverage.status(person(cast.member).pk, person(third).pk)
    assert status.state == Cell.EXCUSED
    assert status.excused.reason == "长期病假"
    assert (coverage.total.required, coverage.total.done, coverage.total.excused) == (3, 0, 1)
    assert coverage.total.percent == 0


def test_a_confirmed_talk_makes_an_excused_pair_done(cast, talks_meeting, third):
    _excuse(talks_meeting, person(cast.member), person(third))
    make_talk(talks_meeting, person(cast.member), person(third))
    status = meeting_coverage(talks_meeting).status(person(cast.member).pk, person(third).pk)
    assert status.state == Cell.DONE


def test_the_furthest_talk_of_a_pair_wins(cast, talks_meeting):
    a, b = person(cast.secretary), person(cast.member)
    make_talk(talks_meeting, a, b, state=TalkState.DISPUTED)
    make_talk(talks_meeting, a, b, state=TalkState.CONFIRMED)
    make_talk(talks_meeting, a, b, state=TalkState.PLANNED)
    assert meeting_coverage(talks_meeting).status(a.pk, b.pk).state == Cell.DONE


def test_totals_per_rule_and_per_person_and_the_percentage(cast, talks_meeting, third):
    secretary, member = person(cast.secretary), person(cast.member)
    make_talk(talks_meeting, secretary, member)
    _excuse(talks_meeting, member, person(third))
    coverage = meeting_coverage(talks_meeting)
    rules = {t.label: (t.required, t.done, t.excused, t.percent) for t in coverage.by_rule}
    assert rules["书记与班子成员必谈"] == (2, 1, 0, 50)
    assert rules["班子成员之间必谈"] == (1, 0, 1, 100)  # nothing left due: the excused one is not
    people = {
        c.person.name: (c.tally.required, c.tally.done, c.tally.excused, c.tally.percent)
        for c in coverage.columns
    }
    assert people == {"张书记": (2, 1, 0, 50), "李委员": (2, 1, 1, 100), "王委员": (2, 0, 1, 0)}
    assert (coverage.total.missing, coverage.total.percent) == (1, 50)
    assert not coverage.complete


def test_coverage_is_complete_when_every_required_pair_is_done_or_excused(
    cast, talks_meeting, third
):
    team = [person(cast.secretary), person(cast.member), person(third)]
    make_talk(talks_meeting, team[0], team[1])
    make_talk(talks_meeting, team[0], team[2])
    _excuse(talks_meeting, team[1], team[2])
    # Nobody's branch is known, so the representatives' rule cannot be applied yet.
    assert len(meeting_coverage(talks_meeting).gaps) == 3
    assert not meeting_coverage(talks_meeting).complete

    branch = OrganizationFactory(name="机关支部", kind=OrganizationKind.BRANCH, parent=cast.gov)
    Person.objects.filter(pk__in=[p.pk for p in team]).update(branch=branch)
    representative = PersonFactory(user=None, name="代表", organization=cast.gov, branch=branch)
    TalkParticipant.objects.create(
        meeting=talks_meeting, person=representative, is_representative=True
    )
    for p in team[:2]:
        make_talk(talks_meeting, p, representative)
    assert not meeting_coverage(talks_meeting).complete
    make_talk(talks_meeting, team[2], representative)
    coverage = meeting_coverage(talks_meeting)
    assert coverage.complete
    assert (coverage.total.required, coverage.total.done, coverage.total.excused) == (6, 5, 1)


def test_a_talk_outside_the_rule_shows_but_does_not_count(cast, talks_meeting):
    outsider_of_the_rule = PersonFactory(user=None, name="退休老干部", organization=cast.gov)
    make_talk(talks_meeting, person(cast.member), outsider_of_the_rule)
    coverage = meeting_coverage(talks_meeting)
    status = coverage.status(person(cast.member).pk, outsider_of_the_rule.pk)
    assert status.state == Cell.DONE and not status.is_required
    assert coverage.total.done == 0
    assert coverage.person(outsider_of_the_rule.pk).group == "other"


def test_the_criticisms_planned_for_the_meeting_come_from_confirmed_talks_only(
    cast, talks_meeting, third
):
    from talks.selectors import planned_criticisms

    make_talk(talks_meeting, person(cast.member), person(cast.secretary), criticism="放手不够。")
    make_talk(
        talks_meeting,
        person(third),
        person(cast.secretary),
        state=TalkState.RECORDED,
        criticism="尚未确认的批评。",
    )
    assert [
        (c.critic.name, c.target.name, c.content) for c in planned_criticisms(talks_meeting)
    ] == [("李委员", "张书记", "放手不够。")]
