"""The list's workflow: submitted, returned with comments, approved by the secretary, the
team list and the secretary's own list by the upper level; a change after approval only
with a reason; approval waits for coverage; the next person hears of each move."""

import pytest

from notifications.models import Notification
from rectification import coverage
from rectification.models import ListEvent, ListKind, ListState, VersionOutcome
from rectification.services import ListLocked, item_add, list_ensure
from rectification.workflow import TransitionError, available_transitions, list_transition

from .lists_fixtures import DEADLINE, access_of, cover, fill


def move(rlist, name, user, note=""):
    return list_transition(rlist=rlist, name=name, actor=user, access=access_of(user, rlist), note=note)


def names(rlist, user):
    return {t.name for t in available_transitions(rlist, access_of(user, rlist))}


def inbox(user):
    return list(Notification.objects.filter(recipient=user).values_list("title", flat=True))


def test_an_empty_list_cannot_be_submitted(cast, own_list):
    with pytest.raises(TransitionError, match="还没有整改事项"):
        move(own_list, "submit", cast.member)


def test_submitting_freezes_a_version_and_tells_the_secretary(cast, own_list, django_capture_on_commit_callbacks):
    fill(own_list, 2, cast.member)
    with django_capture_on_commit_callbacks(execute=True):
        move(own_list, "submit", cast.member, note="请书记审批")
    own_list.refresh_from_db()
    version = own_list.versions.get()
    assert own_list.state == ListState.SUBMITTED and own_list.first_submitted_at and own_list.submitted_at
    assert version.number == 1 and len(version.content["items"]) == 2
    assert version.content["items"][0]["measures"][0]["content"].startswith("措施1")
    assert any("提交书记审批" in t for t in inbox(cast.secretary))


def test_a_return_needs_the_comments_and_the_owner_reads_them(cast, own_list, django_capture_on_commit_callbacks):
    fill(own_list, 1, cast.member)
    move(own_list, "submit", cast.member)
    with pytest.raises(TransitionError, match="须填写意见"):
        move(own_list, "return", cast.secretary)
    with django_capture_on_commit_callbacks(execute=True):
        move(own_list, "return", cast.secretary, note="措施要具体到时间")
    own_list.refresh_from_db()
    assert own_list.state == ListState.RETURNED
    assert own_list.versions.get().outcome == VersionOutcome.RETURNED
    assert Notification.objects.filter(recipient=cast.member, body__contains="措施要具体到时间").exists()
    # Returned: editable again, and resubmitted as the second version.
    item_add(rlist=own_list, actor=cast.member, problem="补充的问题", deadline=DEADLINE, measures=["补充措施"])
    move(own_list, "submit", cast.member)
    assert own_list.versions.count() == 2


def test_the_secretary_approves_a_members_list(cast, own_list):
    fill(own_list, 1, cast.member)
    cover(own_list, cast.member)
    assert names(own_list, cast.secretary) == set()  # a draft: not theirs to see
    move(own_list, "submit", cast.member)
    assert names(own_list, cast.secretary) == {"return", "approve"}
    assert names(own_list, cast.member) == {"withdraw"}
    move(own_list, "approve", cast.secretary)
    own_list.refresh_from_db()
    assert own_list.state == ListState.APPROVED and own_list.approved_at
    assert own_list.versions.get().outcome == VersionOutcome.APPROVED


def test_the_owner_cannot_approve_their_own_list(cast, own_list):
    fill(own_list, 1, cast.member)
    move(own_list, "submit", cast.member)
    with pytest.raises(TransitionError, match="不能"):
        move(own_list, "approve", cast.member)


def test_the_team_list_goes_on_to_the_supervisor(cast, team_list, django_capture_on_commit_callbacks):
    fill(team_list, 1, cast.office)
    cover(team_list, cast.office)
    move(team_list, "submit", cast.office)
    with django_capture_on_commit_callbacks(execute=True):
        move(team_list, "approve", cast.secretary)
    team_list.refresh_from_db()
    assert team_list.state == ListState.UPPER_REVIEW and team_list.passed_on_at
    assert any("报上级审批" in t for t in inbox(cast.supervisor))
    with django_capture_on_commit_callbacks(execute=True):
        move(team_list, "upper_approve", cast.supervisor)
    team_list.refresh_from_db()
    assert team_list.state == ListState.APPROVED
    assert any("上级审批通过" in t for t in inbox(cast.office))


def test_the_supervisor_may_return_the_team_list(cast, team_list):
    fill(team_list, 1, cast.office)
    cover(team_list, cast.office)
    move(team_list, "submit", cast.office)
    move(team_list, "approve", cast.secretary)
    move(team_list, "upper_return", cast.supervisor, note="要对照巡察反馈问题")
    team_list.refresh_from_db()
    assert team_list.state == ListState.RETURNED
    assert team_list.versions.get().outcome == VersionOutcome.UPPER_RETURNED


def test_the_secretarys_own_list_goes_straight_to_the_upper_level(cast, held_meeting):
    own = list_ensure(meeting=held_meeting, kind=ListKind.PERSONAL, owner=cast.secretary.person)
    fill(own, 1, cast.secretary)
    cover(own, cast.secretary)
    assert names(own, cast.secretary) == {"submit_upper"}
    with pytest.raises(TransitionError, match="直接报上级"):
        move(own, "submit", cast.secretary)
    move(own, "submit_upper", cast.secretary)
    own.refresh_from_db()
    assert own.state == ListState.UPPER_REVIEW and own.passed_on_at
    move(own, "upper_approve", cast.supervisor)
    own.refresh_from_db()
    assert own.state == ListState.APPROVED


def test_withdrawing_before_the_decision(cast, own_list):
    fill(own_list, 1, cast.member)
    move(own_list, "submit", cast.member)
    move(own_list, "withdraw", cast.member)
    own_list.refresh_from_db()
    assert own_list.state == ListState.DRAFT and own_list.versions.get().outcome == VersionOutcome.WITHDRAWN


def test_approval_is_refused_while_something_is_uncovered(cast, own_list, monkeypatch):
    fill(own_list, 1, cast.member)
    move(own_list, "submit", cast.member)
    monkeypatch.setattr(coverage, "uncovered",
                        lambda rlist: [coverage.Uncovered("criticism", 1, "有时听取不同意见不够耐心。", "李委员")])
    with pytest.raises(TransitionError, match="还有1条意见"):
        move(own_list, "approve", cast.secretary)
    own_list.refresh_from_db()
    assert own_list.state == ListState.SUBMITTED


def test_a_change_after_approval_needs_a_reason_and_keeps_the_approved_version(cast, own_list):
    fill(own_list, 1, cast.member)
    cover(own_list, cast.member)
    move(own_list, "submit", cast.member)
    move(own_list, "approve", cast.secretary)
    with pytest.raises(ListLocked, match="申请修改"):
        item_add(rlist=own_list, actor=cast.member, problem="新问题", deadline=DEADLINE, measures=["新措施"])
    with pytest.raises(TransitionError, match="修改原因"):
        move(own_list, "revise", cast.member)
    move(own_list, "revise", cast.member, note="巡察反馈了新问题")
    own_list.refresh_from_db()
    assert own_list.state == ListState.DRAFT
    assert own_list.versions.get(number=1).outcome == VersionOutcome.APPROVED
    item_add(rlist=own_list, actor=cast.member, problem="新问题", deadline=DEADLINE, measures=["新措施"])
    move(own_list, "submit", cast.member)
    second = own_list.versions.get(number=2)
    assert second.reason == "巡察反馈了新问题" and len(second.content["items"]) == 4
    move(own_list, "approve", cast.secretary)
    assert own_list.versions.get(number=1).outcome == VersionOutcome.SUPERSEDED


def test_every_move_is_recorded_with_who_and_why(cast, own_list):
    fill(own_list, 1, cast.member)
    move(own_list, "submit", cast.member)
    move(own_list, "return", cast.secretary, note="再具体些")
    events = list(ListEvent.objects.filter(rectification_list=own_list).values_list("transition", "actor", "note"))
    assert events == [("submit", cast.member.pk, ""), ("return", cast.secretary.pk, "再具体些")]


def test_a_wrong_state_says_so(cast, own_list):
    fill(own_list, 1, cast.member)
    with pytest.raises(TransitionError, match="当前草稿"):
        move(own_list, "approve", cast.secretary)


def test_lists_do_not_move_before_the_meeting_is_held(cast, own_list):
    from meetings.models import Meeting, Stage

    fill(own_list, 1, cast.member)
    Meeting.objects.filter(pk=own_list.meeting_id).update(stage=Stage.ARCHIVED)
    own_list.refresh_from_db()
    with pytest.raises(TransitionError, match="不能再流转"):
        move(own_list, "submit", cast.member)


def test_the_criticisms_received_must_be_covered_before_approval(cast, own_list):
    fill(own_list, 1, cast.member)
    move(own_list, "submit", cast.member)
    with pytest.raises(TransitionError, match="还有2条意见"):
        move(own_list, "approve", cast.secretary)


def test_an_item_without_its_deadline_stops_the_submission(cast, own_list):
    from rectification.models import Item

    fill(own_list, 1, cast.member)
    Item.objects.filter(rectification_list=own_list).update(deadline=None)  # as taken from a source
    with pytest.raises(TransitionError, match="第1项：限期整改的事项须填写完成时限"):
        move(own_list, "submit", cast.member)


def test_the_secretary_does_not_pass_the_team_list_up_while_its_opinions_are_uncovered(cast, team_list):
    fill(team_list, 1, cast.office)
    move(team_list, "submit", cast.office)
    with pytest.raises(TransitionError, match="还有1条意见"):  # the supervisor's 点评 of the minutes
        move(team_list, "approve", cast.secretary)
    team_list.refresh_from_db()
    assert team_list.state == ListState.SUBMITTED and team_list.passed_on_at is None
    move(team_list, "withdraw", cast.office)
    cover(team_list, cast.office)
    move(team_list, "submit", cast.office)
    move(team_list, "approve", cast.secretary)
    team_list.refresh_from_db()
    assert team_list.state == ListState.UPPER_REVIEW
