"""A record's life: recorded by one, confirmed (or disputed) by the other, counted only then."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from meetings.models import MilestoneKind, Stage
from notifications.models import Notification
from talks.access import talk_access, talks_access
from talks.models import PlannedCriticism, Talk, TalkEvent, TalkMode, TalkParticipant, TalkState
from talks.services import TalkContent, talk_create, talk_update, talks_milestone_sync
from talks.workflow import TalkError, talk_transition
from tests.factories import PersonFactory

from .conftest import CONTENT, TALKED_ON, make_talk, person, set_stage


def _content(initiator, **overrides):
    return TalkContent(
        **{
            "talked_on": TALKED_ON,
            "place": "党组会议室",
            "initiator_id": initiator.pk,
            **CONTENT,
            **overrides,
        }
    )


def _record(meeting, user, other, *, submit=True, **overrides):
    return talk_create(
        meeting=meeting,
        person_a=person(user),
        person_b=other,
        content=_content(person(user), **overrides),
        actor=user,
        access=talks_access(user, meeting),
        submit=submit,
    )


def _move(talk, name, user, note=""):
    talk.refresh_from_db()
    return talk_transition(
        talk=talk, name=name, actor=user, access=talk_access(user, talk), note=note
    )


def _titles(user):
    return list(Notification.objects.filter(recipient=user).values_list("title", flat=True))


def test_a_member_records_a_talk_and_the_secretary_confirms_it(
    cast, talks_meeting, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        talk = _record(
            talks_meeting,
            cast.member,
            person(cast.secretary),
            criticisms=((person(cast.member).pk, "对班子成员放手不够。"),),
        )
    assert talk.state == TalkState.RECORDED
    assert talk.recorded_by == person(cast.member)
    assert _titles(cast.secretary) == ["请确认谈心谈话记录：张书记与李委员"]
    [criticism] = PlannedCriticism.objects.all()
    assert (criticism.critic, criticism.target) == (person(cast.member), person(cast.secretary))

    with django_capture_on_commit_callbacks(execute=True):
        _move(talk, "confirm", cast.secretary)
    talk.refresh_from_db()
    assert talk.state == TalkState.CONFIRMED
    assert talk.confirmed_by == cast.secretary and talk.confirmed_at
    assert _titles(cast.member) == ["谈心谈话记录已确认：张书记与李委员"]
    assert list(talk.events.values_list("action", "from_state", "to_state")) == [
        ("记录并提交", "", TalkState.RECORDED),
        ("确认谈话", TalkState.RECORDED, TalkState.CONFIRMED),
    ]


def test_the_recorder_cannot_confirm_their_own_record(cast, talks_meeting):
    talk = _record(talks_meeting, cast.member, person(cast.secretary))
    with pytest.raises(TalkError, match="不能对这份记录进行“确认谈话”"):
        _move(talk, "confirm", cast.member)


def test_a_third_member_and_the_office_cannot_confirm_for_someone_with_a_login(
    cast, talks_meeting, third
):
    talk = _record(talks_meeting, cast.member, person(cast.secretary))
    for user in (third, cast.office):
        with pytest.raises(TalkError):
            _move(talk, "confirm", user)


def test_the_office_confirms_from_the_paper_form_for_someone_without_a_login(cast, talks_meeting):
    head = PersonFactory(user=None, name="何科长", organization=cast.gov)
    talk = _record(talks_meeting, cast.member, head)
    event = _move(talk, "confirm", cast.office)
    talk.refresh_from_db()
    assert talk.state == TalkState.CONFIRMED
    assert event.note == "据签字的纸质谈心谈话记录表代为确认"


def test_the_other_says_it_did_not_happen_and_the_recorder_corrects_and_resubmits(
    cast, talks_meeting, django_capture_on_commit_callbacks
):
    talk = _record(talks_meeting, cast.member, person(cast.secretary))
    with pytest.raises(TalkError, match="须填写说明"):
        _move(talk, "dispute", cast.secretary)
    with django_capture_on_commit_callbacks(execute=True):
        _move(talk, "dispute", cast.secretary, note="那天我在市里开会，谈话没有进行。")
    talk.refresh_from_db()
    assert talk.state == TalkState.DISPUTED
    assert "谈心谈话记录对方未确认：张书记与李委员" in _titles(cast.member)
    assert "谈心谈话记录对方未确认：张书记与李委员" in _titles(cast.office)

    talk_update(
        talk=talk,
        content=_content(person(cast.member), talked_on=TALKED_ON + timedelta(days=1)),
        actor=cast.member,
        submit=True,
    )
    talk.refresh_from_db()
    assert talk.state == TalkState.RECORDED
    assert talk.talked_on == TALKED_ON + timedelta(days=1)


def test_a_record_is_submitted_only_with_the_three_written_headings(cast, talks_meeting):
    with pytest.raises(TalkError, match="请先填写：班子集体的问题、对方的不足和改进的建议。"):
        _record(
            talks_meeting,
            cast.member,
            person(cast.secretary),
            team_problems=" ",
            other_shortcomings="",
        )
    assert not Talk.objects.exists()  # nothing half-made is left behind


def test_a_talk_can_be_arranged_ahead_and_recorded_after_it_took_place(cast, talks_meeting):
    tomorrow = timezone.localdate() + timedelta(days=1)
    talk = _record(
        talks_meeting,
        cast.member,
        person(cast.secretary),
        submit=False,
        talked_on=tomorrow,
        team_problems="",
        own_problems="",
        other_shortcomings="",
    )
    assert talk.state == TalkState.PLANNED
    with pytest.raises(TalkError, match="谈话日期还没有到"):
        talk_update(
            talk=talk,
            content=_content(person(cast.member), talked_on=tomorrow),
            actor=cast.member,
            submit=True,
        )
    # The other side may fill it in and submit it; they become the recorder.
    talk_update(
        talk=talk, content=_content(person(cast.secretary)), actor=cast.secretary, submit=True
    )
    talk.refresh_from_db()
    assert (talk.state, talk.recorded_by) == (TalkState.RECORDED, person(cast.secretary))


def test_only_the_recorder_changes_a_submitted_record(cast, talks_meeting):
    talk = _record(talks_meeting, cast.member, person(cast.secretary))
    with pytest.raises(TalkError, match="您不能修改这份记录"):
        talk_update(talk=talk, content=_content(person(cast.member)), actor=cast.secretary)


def test_a_pair_has_one_open_record_at_a_time(cast, talks_meeting):
    _record(talks_meeting, cast.member, person(cast.secretary))
    with pytest.raises(TalkError, match="两人之间已有一份“待确认”的记录"):
        _record(talks_meeting, cast.secretary, person(cast.member))


def test_a_member_records_only_their_own_talks_but_the_office_enters_any_from_paper(
    cast, talks_meeting, third
):
    with pytest.raises(TalkError, match="只能记录本人参加的谈心谈话"):
        talk_create(
            meeting=talks_meeting,
            person_a=person(cast.secretary),
            person_b=person(cast.member),
            content=_content(person(cast.secretary)),
            actor=third,
            access=talks_access(third, talks_meeting),
            submit=True,
        )
    talk = talk_create(
        meeting=talks_meeting,
        person_a=person(cast.secretary),
        person_b=person(cast.member),
        content=_content(person(cast.secretary)),
        actor=cast.office,
        access=talks_access(cast.office, talks_meeting),
        submit=True,
    )
    assert talk.recorded_by is None
    _move(talk, "confirm", cast.member)  # either of the two confirms the office's entry


def test_talks_are_face_to_face_unless_a_member_is_mobile_or_elderly(cast, talks_meeting):
    with pytest.raises(TalkError, match="一对一、面对面"):
        _record(talks_meeting, cast.member, person(cast.secretary), mode=TalkMode.VIDEO)
    TalkParticipant.objects.create(
        meeting=talks_meeting, person=person(cast.member), is_elderly=True
    )
    assert (
        _record(talks_meeting, cast.member, person(cast.secretary), mode=TalkMode.VIDEO).mode
        == TalkMode.VIDEO
    )


def test_the_office_reopens_a_mistaken_confirmation_with_a_reason(cast, talks_meeting):
    talk = make_talk(talks_meeting, person(cast.member), person(cast.secretary))
    with pytest.raises(TalkError):
        _move(talk, "reopen", cast.member, note="误点")
    _move(talk, "reopen", cast.office, note="确认人误操作")
    talk.refresh_from_db()
    assert (talk.state, talk.confirmed_at) == (TalkState.RECORDED, None)


@pytest.mark.parametrize("stage", [Stage.HELD, Stage.RECTIFYING, Stage.ARCHIVED])
def test_records_are_frozen_once_the_meeting_is_held(cast, talks_meeting, stage):
    talk = _record(talks_meeting, cast.member, person(cast.secretary))
    set_stage(talks_meeting, stage)
    # Archived is refused as everywhere (meetings.access.ensure_not_archived, a 403 in a
    # view); held and after, by the phase's own window.
    refusal = (PermissionDenied, "会议已归档") if stage == Stage.ARCHIVED else (TalkError, "已不能再修改")
    with pytest.raises(refusal[0], match=refusal[1]):
        _move(talk, "confirm", cast.secretary)
    with pytest.raises(refusal[0]):
        _record(talks_meeting, cast.member, person(cast.secretary))
    assert TalkEvent.objects.count() == 1


# --- the 谈心谈话 milestone follows the coverage ------------------------------------------------


def _milestone(meeting):
    return meeting.milestones.get(kind=MilestoneKind.TALKS)


def _complete_the_team(cast, meeting, third):
    from organizations.models import OrganizationKind, Person
    from tests.factories import OrganizationFactory

    team = [person(cast.secretary), person(cast.member), person(third)]
    branch = OrganizationFactory(name="机关支部", kind=OrganizationKind.BRANCH, parent=cast.gov)
    Person.objects.filter(pk__in=[p.pk for p in team]).update(branch=branch)
    rep = PersonFactory(user=None, name="代表", organization=cast.gov, branch=branch)
    TalkParticipant.objects.create(meeting=meeting, person=rep, is_representative=True)
    talks = [
        make_talk(meeting, a, b)
        for a, b in [(team[0], team[1]), (team[0], team[2]), (team[1], team[2])]
    ]
    talks += [make_talk(meeting, p, rep) for p in team]
    return talks


def test_the_milestone_is_completed_at_full_coverage_and_reopened_when_it_drops(
    cast, talks_meeting, third
):
    talks = _complete_the_team(cast, talks_meeting, third)
    talks_milestone_sync(meeting_id=talks_meeting.pk)
    assert _milestone(talks_meeting).done_at is not None
    _move(talks[0], "reopen", cast.office, note="确认有误")
    talks_milestone_sync(meeting_id=talks_meeting.pk)
    assert _milestone(talks_meeting).done_at is None


def test_a_milestone_the_office_marked_done_by_hand_is_left_alone(cast, talks_meeting):
    talks_meeting.milestones.filter(kind=MilestoneKind.TALKS).update(
        done_at=timezone.now(), done_by=cast.office
    )
    talks_milestone_sync(meeting_id=talks_meeting.pk)
    assert _milestone(talks_meeting).done_at is not None
