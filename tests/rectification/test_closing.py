"""销号: the owner asks, a verifier who is not the owner closes or refuses with a reason;
the 回头看 reopens a closed item with a reason while the meeting is not archived. Every
step is in the item's history and the next person hears of it."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from meetings.models import Meeting, Stage
from notifications.models import Notification
from rectification.closing import TransitionError, available_transitions, item_transition
from rectification.models import ItemStatus, MeasureStatus
from rectification.progress import progress_report

from .progress_fixtures import access_for


def move(item, user, name, note=""):
    return item_transition(item=item, name=name, actor=user, access=access_for(user, item), note=note)


def finish(cast, item):
    for measure in item.measures.all():
        progress_report(measure=measure, on=timezone.localdate(), text="已完成", status=MeasureStatus.DONE,
                        actor=cast.member, access=access_for(cast.member, item))


def names(item, user):
    return [t.name for t in available_transitions(item, access_for(user, item))]


def test_the_owner_asks_once_every_measure_is_done(cast, personal_item, django_capture_on_commit_callbacks):
    finish(cast, personal_item)
    with django_capture_on_commit_callbacks(execute=True):
        event = move(personal_item, cast.member, "request_close")
    assert personal_item.status == ItemStatus.CLOSING
    assert (event.from_status, event.to_status, event.actor) == ("open", "closing", cast.member)
    told = set(Notification.objects.filter(title__startswith="申请销号").values_list("recipient__username", flat=True))
    assert told == {"office", "secretary"}


def test_asking_with_measures_unfinished_needs_a_note_why(cast, personal_item):
    with pytest.raises(TransitionError, match="还有措施未完成"):
        move(personal_item, cast.member, "request_close")
    move(personal_item, cast.member, "request_close", note="第二条措施为长期性工作，已纳入制度")
    assert personal_item.status == ItemStatus.CLOSING


def test_the_secretary_closes_a_personal_item(cast, personal_item, django_capture_on_commit_callbacks):
    finish(cast, personal_item)
    move(personal_item, cast.member, "request_close")
    with django_capture_on_commit_callbacks(execute=True):
        move(personal_item, cast.secretary, "close")
    personal_item.refresh_from_db()
    assert personal_item.status == ItemStatus.CLOSED
    assert personal_item.closed_by == cast.secretary and personal_item.closed_at is not None
    assert Notification.objects.filter(recipient=cast.member, title__startswith="核验销号").exists()


def test_the_owner_cannot_close_their_own_item(cast, personal_item):
    finish(cast, personal_item)
    move(personal_item, cast.member, "request_close")
    assert names(personal_item, cast.member) == []
    with pytest.raises(PermissionDenied):
        move(personal_item, cast.member, "close")


def test_a_team_item_is_confirmed_by_the_supervisor_not_the_office(cast, team_item):
    finish(cast, team_item)
    move(team_item, cast.member, "request_close")
    assert names(team_item, cast.office) == [] and names(team_item, cast.secretary) == []
    assert names(team_item, cast.supervisor) == ["close", "refuse"]
    move(team_item, cast.supervisor, "close")
    assert team_item.status == ItemStatus.CLOSED


def test_a_refusal_needs_the_reason_and_goes_back_to_the_owner(cast, personal_item,
                                                               django_capture_on_commit_callbacks):
    finish(cast, personal_item)
    move(personal_item, cast.member, "request_close")
    with pytest.raises(TransitionError, match="须写明理由"):
        move(personal_item, cast.office, "refuse")
    with django_capture_on_commit_callbacks(execute=True):
        move(personal_item, cast.office, "refuse", note="调研报告尚未附上")
    assert personal_item.status == ItemStatus.OPEN
    notice = Notification.objects.get(recipient=cast.member, title__startswith="退回继续整改")
    assert "调研报告尚未附上" in notice.body


def test_the_re_check_reopens_a_closed_item_with_a_reason_until_archiving(cast, personal_item):
    finish(cast, personal_item)
    move(personal_item, cast.member, "request_close")
    move(personal_item, cast.secretary, "close")
    assert "reopen" not in names(personal_item, cast.member)
    with pytest.raises(TransitionError, match="须写明理由"):
        move(personal_item, cast.office, "reopen")
    move(personal_item, cast.office, "reopen", note="回头看发现问题反弹")
    personal_item.refresh_from_db()
    assert personal_item.status == ItemStatus.OPEN and personal_item.closed_at is None
    move(personal_item, cast.member, "request_close")
    move(personal_item, cast.secretary, "close")
    Meeting.objects.filter(pk=personal_item.rectification_list.meeting_id).update(stage=Stage.ARCHIVED)
    assert names(personal_item, cast.office) == []
    with pytest.raises(PermissionDenied, match="已归档"):
        move(personal_item, cast.office, "reopen", note="再看")


def test_the_history_keeps_every_step(cast, personal_item):
    finish(cast, personal_item)
    move(personal_item, cast.member, "request_close")
    move(personal_item, cast.office, "refuse", note="缺佐证")
    move(personal_item, cast.member, "request_close")
    move(personal_item, cast.secretary, "close")
    move(personal_item, cast.supervisor, "reopen", note="回头看")
    steps = personal_item.events.filter(action__in=("request_close", "refuse", "close", "reopen"))
    assert list(steps.values_list("action", "actor__username")) == [
        ("request_close", "member"), ("refuse", "office"), ("request_close", "member"), ("close", "secretary"),
        ("reopen", "supervisor"),
    ]


def test_a_move_from_the_wrong_state_is_refused(cast, personal_item):
    with pytest.raises(TransitionError, match="不能“核验销号”"):
        move(personal_item, cast.secretary, "close")


# --- the pages ---------------------------------------------------------------------------------


def _url(item, name):
    return reverse("rectification:item_move", args=[item.pk, name])


def test_the_owner_sees_no_close_button_and_a_post_is_403(cast, personal_item, login):
    finish(cast, personal_item)
    move(personal_item, cast.member, "request_close")
    page = login(cast.member).get(personal_item.get_absolute_url()).content.decode()
    assert _url(personal_item, "close") not in page
    assert "等待核验人核验" in page
    assert login(cast.member).post(_url(personal_item, "close")).status_code == 403
    personal_item.refresh_from_db()
    assert personal_item.status == ItemStatus.CLOSING


def test_the_secretary_closes_through_the_page(cast, personal_item, login):
    finish(cast, personal_item)
    move(personal_item, cast.member, "request_close")
    client = login(cast.secretary)
    page = client.get(personal_item.get_absolute_url()).content.decode()
    assert _url(personal_item, "close") in page and "核对进展和佐证材料" in page
    response = client.post(_url(personal_item, "close"))
    assert response.status_code == 302
    personal_item.refresh_from_db()
    assert personal_item.status == ItemStatus.CLOSED


def test_a_refusal_without_a_reason_shows_the_message_and_keeps_the_state(cast, personal_item, login):
    finish(cast, personal_item)
    move(personal_item, cast.member, "request_close")
    response = login(cast.office).post(_url(personal_item, "refuse"), {"note": ""})
    assert response.status_code == 400 and "请填写此项。" in response.content.decode()
    personal_item.refresh_from_db()
    assert personal_item.status == ItemStatus.CLOSING


def test_the_move_pages_anonymous_outsider_and_wrong_role(cast, personal_item, client, login):
    finish(cast, personal_item)
    move(personal_item, cast.member, "request_close")
    response = client.get(_url(personal_item, "close"))
    assert response.status_code == 302 and "login" in response["Location"]
    assert login(cast.outsider).get(_url(personal_item, "close")).status_code == 404
    assert login(cast.supervisor).post(_url(personal_item, "close")).status_code == 403
    assert login(cast.office).get(_url(personal_item, "nonsense")).status_code == 404


def test_the_rectification_milestone_follows_the_closing_and_reopening_of_the_last_item(cast, personal_item):
    from meetings.models import MilestoneKind

    milestone = personal_item.rectification_list.meeting.milestones.get(kind=MilestoneKind.RECTIFICATION)
    finish(cast, personal_item)
    move(personal_item, cast.member, "request_close")
    milestone.refresh_from_db()
    assert milestone.done_at is None
    move(personal_item, cast.secretary, "close")
    milestone.refresh_from_db()
    assert milestone.done_at is not None and milestone.done_by == cast.secretary
    move(personal_item, cast.office, "reopen", note="回头看发现问题反弹")
    milestone.refresh_from_db()
    assert milestone.done_at is None
