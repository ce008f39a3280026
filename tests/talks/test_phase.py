"""What the talks report to the meeting: its checklist, the convening check, each person's work."""

import pytest
from django.utils import timezone

from meetings.access import meeting_access
from meetings.models import MilestoneKind, Stage
from meetings.services import meeting_convene_blockers
from meetings.workflow import TransitionError, meeting_transition
from talks.models import PairNote, PairNoteKind, TalkState, pair_key
from talks.phase import talks_progress, talks_to_do

from .conftest import make_talk, person


def _items(meeting):
    return {item.label: item for item in talks_progress(meeting)}


def _complete(cast, meeting, third):
    """Every required pair of the team done, one excused; representatives named and talked to."""
    from organizations.models import OrganizationKind, Person
    from talks.models import TalkParticipant
    from tests.factories import OrganizationFactory, PersonFactory

    team = [person(cast.secretary), person(cast.member), person(third)]
    branch = OrganizationFactory(name="机关支部", kind=OrganizationKind.BRANCH, parent=cast.gov)
    Person.objects.filter(pk__in=[p.pk for p in team]).update(branch=branch)
    rep = PersonFactory(user=None, name="代表", organization=cast.gov, branch=branch)
    TalkParticipant.objects.create(meeting=meeting, person=rep, is_representative=True)
    make_talk(meeting, team[0], team[1])
    make_talk(meeting, team[0], team[2])
    key = pair_key(team[1].pk, team[2].pk)
    PairNote.objects.create(
        meeting=meeting,
        kind=PairNoteKind.EXCUSED,
        person_a_id=key[0],
        person_b_id=key[1],
        reason="病假",
    )
    for p in team:
        make_talk(meeting, p, rep)


def test_the_checklist_says_how_many_pairs_have_talked(cast, third, talks_meeting):
    make_talk(talks_meeting, person(cast.secretary), person(cast.member))
    item = _items(talks_meeting)["应谈对象全部谈完（四必谈）"]
    assert not item.done and item.required_to_convene
    assert item.detail == "已谈1/3对"
    assert item.url == f"/talks/meeting/{talks_meeting.pk}/"
    assert not _items(talks_meeting)["谈话对象已确定"].done


def test_the_checklist_is_done_when_every_pair_is_done_or_excused(cast, third, talks_meeting):
    _complete(cast, talks_meeting, third)
    items = _items(talks_meeting)
    assert items["应谈对象全部谈完（四必谈）"].done
    assert items["应谈对象全部谈完（四必谈）"].detail == "已谈5/6对，免谈1对"
    assert items["谈话对象已确定"].done
    assert items["谈话记录均已确认"].done


def test_convening_is_refused_until_the_talks_are_complete(cast, third, talks_meeting):
    def request_convening():
        meeting_transition(
            meeting=talks_meeting,
            name="request_convening",
            actor=cast.office,
            access=meeting_access(cast.office, talks_meeting),
        )

    blockers = [b for b in meeting_convene_blockers(talks_meeting) if "谈心谈话" in b]
    assert blockers == ["尚未完成：谈心谈话——应谈对象全部谈完（四必谈）"]
    with pytest.raises(TransitionError, match="谈心谈话——应谈对象全部谈完"):
        request_convening()
    _complete(cast, talks_meeting, third)
    assert not [b for b in meeting_convene_blockers(talks_meeting) if "谈心谈话" in b]


def test_ticking_the_milestone_by_hand_does_not_stand_in_for_the_talks(cast, talks_meeting):
    talks_meeting.milestones.filter(kind=MilestoneKind.TALKS).update(
        done_at=timezone.now(), done_by=cast.office
    )
    item = _items(talks_meeting)["应谈对象全部谈完（四必谈）"]
    assert not item.done
    assert item.required_to_convene


def test_my_work_lists_whom_i_still_have_to_talk_to_and_what_waits_for_my_confirmation(
    cast, third, talks_meeting
):
    talks_meeting.milestones.filter(kind=MilestoneKind.TALKS).update(due_date=timezone.localdate())
    talk = make_talk(
        talks_meeting,
        person(cast.secretary),
        person(cast.member),
        state=TalkState.RECORDED,
        recorded_by=person(cast.secretary),
    )
    items = {item.kind: item for item in talks_to_do(cast.member)}  # not talked yet comes first
    assert items["谈心谈话"].title == "谈心谈话：还需与2人谈（王委员、张书记）"
    assert items["谈心谈话"].url == f"/talks/meeting/{talks_meeting.pk}/mine/"
    assert items["谈心谈话"].due_date == timezone.localdate()
    assert items["待确认"].url == f"/talks/{talk.pk}/"
    assert [i.kind for i in talks_to_do(cast.secretary)] == [
        "谈心谈话"
    ]  # the recorder waits, no "confirm"
    assert talks_to_do(cast.office) == []
    assert talks_to_do(cast.outsider) == []


def test_my_work_is_quiet_before_the_plan_is_approved(cast, third, talks_meeting):
    from .conftest import set_stage

    set_stage(talks_meeting, Stage.PLAN_REVIEW)
    assert talks_to_do(cast.member) == []


def test_the_home_page_shows_the_talks_to_do(cast, third, talks_meeting, login):
    body = login(cast.member).get("/").content.decode()
    assert "谈心谈话：还需与2人谈（张书记、王委员）" in body
