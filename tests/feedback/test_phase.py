"""How the phase reports: the meeting's checklist, my work, and the daily reminders."""

from datetime import timedelta

import pytest
from django.utils import timezone

from feedback.models import Solicitation
from feedback.phase import feedback_progress, feedback_reminders
from feedback.release import feedback_release, feedback_mark_seen
from meetings.models import Meeting, Milestone, MilestoneKind, Stage
from meetings.progress import send_phase_reminders, work_for
from meetings.services import meeting_convene_blockers
from notifications.models import Notification

from .factories import OpinionFactory, routed


def _items(meeting):
    return {item.label: item for item in feedback_progress(meeting)}


def _titles(user):
    return [item.title for item in work_for(user) if item.kind == "征求意见"]


# --- checklist -----------------------------------------------------------------------------


def test_without_a_solicitation_the_phase_is_not_done_and_blocks_convening(meeting):
    items = _items(meeting)
    assert not any(item.done for item in items.values())
    assert "尚未完成：征求意见——意见建议已梳理" in meeting_convene_blockers(meeting)


def test_ticking_the_milestone_by_hand_does_not_stand_in_for_the_phase(cast, meeting):
    Milestone.objects.filter(meeting=meeting, kind=MilestoneKind.OPINIONS).update(
        done_at=timezone.now(), done_by=cast.office
    )
    assert not any(item.done for item in _items(meeting).values())
    assert "尚未完成：征求意见——意见建议已梳理" in meeting_convene_blockers(meeting)


def test_collected_sorted_and_fed_back_follow_the_opinions(cast, solicitation, people):
    meeting = solicitation.meeting
    items = _items(meeting)
    assert not items["意见建议已收集"].done
    opinion = OpinionFactory(solicitation=solicitation)
    items = _items(meeting)
    assert items["意见建议已收集"].done and not items["意见建议已梳理"].done
    assert items["意见建议已梳理"].detail == "待梳理1条"
    routed(opinion, people["member"])
    items = _items(meeting)
    assert items["意见建议已梳理"].done and not items["已原汁原味反馈班子和班子成员"].done
    feedback_release(solicitation=solicitation, actor=cast.office)
    assert all(item.done for item in _items(meeting).values())
    # A late opinion sorted but not fed back opens the item again.
    routed(OpinionFactory(solicitation=solicitation), team=True)
    assert not _items(meeting)["已原汁原味反馈班子和班子成员"].done


def test_a_solicitation_released_without_any_opinion_is_not_fed_back(solicitation):
    """An empty phase is never done by default: nothing collected means nothing fed back."""
    Solicitation.objects.filter(pk=solicitation.pk).update(released_at=timezone.now())
    assert not any(item.done for item in _items(solicitation.meeting).values())


def test_the_checklist_shows_on_the_meeting_page_with_a_link(cast, solicitation, login):
    body = login(cast.office).get(f"/meetings/{solicitation.meeting_id}/").content.decode()
    assert f'href="/feedback/meeting/{solicitation.meeting_id}/"' in body
    assert "意见建议已梳理" in body


# --- my work -------------------------------------------------------------------------------


def test_the_office_is_asked_to_start_sort_and_feed_back(cast, meeting, people):
    Meeting.objects.filter(pk=meeting.pk).update(stage=Stage.PRE_MEETING)
    assert _titles(cast.office) == ["启动征求意见"]
    solicitation = Solicitation.objects.create(meeting=meeting, token="t" * 32)
    OpinionFactory.create_batch(2, solicitation=solicitation)
    routed(OpinionFactory(solicitation=solicitation), team=True)
    assert sorted(_titles(cast.office)) == ["反馈梳理好的意见（1条待反馈）", "梳理征求到的意见（2条待梳理）"]
    assert _titles(cast.member) == []


def test_a_member_is_asked_to_read_the_feedback_until_they_do(cast, solicitation, people):
    routed(OpinionFactory(solicitation=solicitation), people["member"])
    feedback_release(solicitation=solicitation, actor=cast.office)
    assert _titles(cast.member) == ["阅知征求到的意见建议"]
    feedback_mark_seen(solicitation=solicitation, person=people["member"])
    assert _titles(cast.member) == []
    assert _titles(cast.outsider) == []


# --- reminders ----------------------------------------------------------------------------


def test_the_office_hears_of_yesterdays_online_opinions_as_a_count_once(cast, solicitation):
    today = timezone.localdate()
    OpinionFactory.create_batch(3, solicitation=solicitation, channel="online", received_on=today - timedelta(days=1))
    OpinionFactory(solicitation=solicitation, channel="online", received_on=today)
    assert feedback_reminders(today) == 1
    note = Notification.objects.get()
    assert (note.recipient, note.title) == (cast.office, f"昨日网上收到3条意见建议：{solicitation.meeting.title}")
    assert feedback_reminders(today) == 0  # the daily job may run twice


@pytest.mark.parametrize("days_left, phrase", [(3, "3天后到期"), (1, "明天到期"), (0, "今天到期"), (-3, "已逾期3天")])
def test_the_office_is_reminded_of_the_deadline_while_work_remains(cast, solicitation, days_left, phrase):
    today = timezone.localdate()
    Milestone.objects.filter(meeting=solicitation.meeting, kind=MilestoneKind.OPINIONS).update(
        due_date=today + timedelta(days=days_left)
    )
    OpinionFactory(solicitation=solicitation, received_on=today - timedelta(days=5))
    assert feedback_reminders(today) == 1
    note = Notification.objects.get()
    assert phrase in note.title and "1条待梳理" in note.body
    assert send_phase_reminders(today) == 0


def test_no_deadline_reminder_far_ahead_or_once_done(cast, solicitation, people):
    today = timezone.localdate()
    milestone = Milestone.objects.filter(meeting=solicitation.meeting, kind=MilestoneKind.OPINIONS)
    milestone.update(due_date=today + timedelta(days=10))
    OpinionFactory(solicitation=solicitation, received_on=today - timedelta(days=5))
    assert feedback_reminders(today) == 0
    milestone.update(due_date=today, done_at=timezone.now())
    assert feedback_reminders(today) == 0


def test_members_who_have_not_read_their_feedback_are_reminded_after_two_days(cast, solicitation, people):
    routed(OpinionFactory(solicitation=solicitation, received_on=timezone.localdate() - timedelta(days=9)), team=True)
    feedback_release(solicitation=solicitation, actor=cast.office)
    Notification.objects.all().delete()
    Solicitation.objects.filter(pk=solicitation.pk).update(last_released_at=timezone.now() - timedelta(days=3))
    solicitation.refresh_from_db()
    feedback_mark_seen(solicitation=solicitation, person=people["secretary"])
    assert feedback_reminders(timezone.localdate()) == 2
    assert set(Notification.objects.values_list("recipient__username", flat=True)) == {"member", "colleague"}
    assert feedback_reminders(timezone.localdate()) == 0


def test_the_demo_data_includes_a_solicitation_in_progress_and_one_fed_back(db):
    from django.core.management import call_command

    call_command("seed_demo", verbosity=0)
    current, last_year = Solicitation.objects.order_by("-meeting__year")
    assert current.opinions.filter(state="new").exists()
    assert current.opinions.filter(state="merged").exists()
    assert current.opinions.filter(channel="online").exists()
    assert last_year.released_at is not None


def test_online_opinions_waiting_for_their_batch_keep_sorting_open(cast, solicitation, people, settings):
    """Sorted all that is written, yet opinions wait to be written: the phase is not done."""
    from feedback.services import opinion_submit

    settings.ANONYMOUS_BATCH_SIZE = 10
    routed(OpinionFactory(solicitation=solicitation), people["member"])
    opinion_submit(solicitation=solicitation, content="窗口午休时只开一个，群众排队太久。")
    item = _items(solicitation.meeting)["意见建议已梳理"]
    assert not item.done
    assert item.detail == "另有1条网上意见等待成批转入"
    assert "尚未完成：征求意见——意见建议已梳理" in meeting_convene_blockers(solicitation.meeting)
