"""Milestone reminders: three days before, the day before, on the day, and every few days
overdue; each only once a day."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.utils import timezone

from meetings.models import Meeting, MilestoneKind, Stage
from meetings.services import milestone_reminders_send
from meetings.tasks import send_milestone_reminders
from notifications.models import Notification

TODAY = date(2026, 3, 10)


def _due(meeting, kind, days_from_today):
    milestone = meeting.milestones.get(kind=kind)
    milestone.due_date = TODAY + timedelta(days=days_from_today)
    milestone.save(update_fields=["due_date"])
    return milestone


def _reminded(user):
    return list(Notification.objects.filter(recipient=user).values_list("title", flat=True))


def test_a_milestone_due_in_three_days_is_reminded(cast, meeting):
    _due(meeting, MilestoneKind.PLAN, 3)
    milestone_reminders_send(today=TODAY)
    assert _reminded(cast.office) == [f"【3天后到期】{meeting.title}：方案报审"]


def test_a_milestone_due_tomorrow_is_reminded(cast, meeting):
    _due(meeting, MilestoneKind.PLAN, 1)
    milestone_reminders_send(today=TODAY)
    assert _reminded(cast.office) == [f"【明天到期】{meeting.title}：方案报审"]


def test_a_milestone_due_today_is_reminded(cast, meeting):
    _due(meeting, MilestoneKind.PLAN, 0)
    milestone_reminders_send(today=TODAY)
    assert _reminded(cast.office) == [f"【今天到期】{meeting.title}：方案报审"]


def test_an_overdue_milestone_is_reminded(cast, meeting):
    _due(meeting, MilestoneKind.PLAN, -3)
    milestone_reminders_send(today=TODAY)
    assert _reminded(cast.office) == [f"【已逾期3天】{meeting.title}：方案报审"]


def test_a_milestone_due_later_is_not_reminded_yet(cast, meeting):
    _due(meeting, MilestoneKind.PLAN, 4)
    assert milestone_reminders_send(today=TODAY) == 0
    assert not Notification.objects.exists()


def test_a_milestone_without_a_date_is_not_reminded(cast, meeting):
    assert milestone_reminders_send(today=TODAY) == 0


def test_a_done_milestone_is_not_reminded(cast, meeting):
    milestone = _due(meeting, MilestoneKind.PLAN, -2)
    milestone.done_at = timezone.now()
    milestone.save(update_fields=["done_at"])
    assert milestone_reminders_send(today=TODAY) == 0
    assert not Notification.objects.exists()


@pytest.mark.parametrize("stage", [Stage.ARCHIVED, Stage.HALTED])
def test_a_milestone_of_an_archived_or_halted_meeting_is_not_reminded(cast, meeting, stage):
    _due(meeting, MilestoneKind.STUDY, 1)
    Meeting.objects.filter(pk=meeting.pk).update(stage=stage)
    assert milestone_reminders_send(today=TODAY) == 0
    assert not Notification.objects.exists()


def test_running_twice_sends_nothing_new(cast, meeting, django_capture_on_commit_callbacks):
    _due(meeting, MilestoneKind.STUDY, 1)
    _due(meeting, MilestoneKind.PLAN, -3)
    with django_capture_on_commit_callbacks(execute=True):
        first = milestone_reminders_send(today=TODAY)
    count, mails = Notification.objects.count(), len(mail.outbox)
    with django_capture_on_commit_callbacks(execute=True):
        second = milestone_reminders_send(today=TODAY)
    assert first == count == 2  # study and plan: the office (members hear from the phase)
    assert second == 0
    assert Notification.objects.count() == count
    assert len(mail.outbox) == mails


def test_each_window_is_reminded_once_as_the_date_comes_closer(cast, meeting):
    _due(meeting, MilestoneKind.PLAN, 3)
    for day in range(7):  # from three days before to three days overdue
        milestone_reminders_send(today=TODAY + timedelta(days=day))
    assert sorted(_reminded(cast.office)) == sorted(
        [
            f"【3天后到期】{meeting.title}：方案报审",
            f"【明天到期】{meeting.title}：方案报审",
            f"【今天到期】{meeting.title}：方案报审",
            f"【已逾期3天】{meeting.title}：方案报审",
        ]
    )


def test_a_new_due_date_is_reminded_again(cast, meeting):
    _due(meeting, MilestoneKind.PLAN, 1)
    milestone_reminders_send(today=TODAY)
    _due(meeting, MilestoneKind.PLAN, 3)
    milestone_reminders_send(today=TODAY)
    assert len(_reminded(cast.office)) == 2


@pytest.mark.parametrize("kind", [MilestoneKind.STUDY, MilestoneKind.TALKS, MilestoneKind.MATERIALS])
def test_the_milestone_job_reminds_the_office_and_leaves_members_to_their_phase(cast, meeting, kind):
    _due(meeting, kind, 1)
    milestone_reminders_send(today=TODAY)
    reminded = set(Notification.objects.values_list("recipient__username", flat=True))
    assert reminded == {"office"}


def test_a_member_behind_on_study_hears_of_it_once_a_day_not_twice(cast, meeting):
    from meetings.progress import send_phase_reminders

    Meeting.objects.filter(pk=meeting.pk).update(stage=Stage.PRE_MEETING)
    _due(meeting, MilestoneKind.STUDY, 1)
    for _ in range(2):  # the daily job, run twice
        milestone_reminders_send(today=TODAY)
        send_phase_reminders(TODAY)
    titles = _reminded(cast.member)
    assert len(titles) == 1 and "个人自学" in titles[0], titles


@pytest.mark.parametrize("kind", [MilestoneKind.PLAN, MilestoneKind.REPORT])
def test_only_the_office_is_reminded_of_the_plan_and_the_report(cast, meeting, kind):
    _due(meeting, kind, 1)
    milestone_reminders_send(today=TODAY)
    reminded = set(Notification.objects.values_list("recipient__username", flat=True))
    assert reminded == {"office"}


def test_neither_supervisors_nor_neighbours_are_reminded(cast, meeting):
    _due(meeting, MilestoneKind.STUDY, 1)
    milestone_reminders_send(today=TODAY)
    assert not Notification.objects.filter(recipient__in=[cast.supervisor, cast.outsider]).exists()


def test_reminders_go_out_by_email(cast, meeting, django_capture_on_commit_callbacks):
    _due(meeting, MilestoneKind.PLAN, 1)
    with django_capture_on_commit_callbacks(execute=True):
        milestone_reminders_send(today=TODAY)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["office@example.org"]
    assert message.subject == f"【明天到期】{meeting.title}：方案报审"
    assert "截止日期：2026年3月11日" in message.body
    assert f"/meetings/{meeting.pk}/" in message.body


def test_no_email_is_sent_to_a_person_without_an_address(cast, meeting, django_capture_on_commit_callbacks):
    cast.office.email = ""
    cast.office.save(update_fields=["email"])
    _due(meeting, MilestoneKind.PLAN, 1)
    with django_capture_on_commit_callbacks(execute=True):
        milestone_reminders_send(today=TODAY)
    assert _reminded(cast.office)  # still in the inbox
    assert mail.outbox == []


def test_no_email_is_sent_before_the_transaction_commits(cast, meeting, django_capture_on_commit_callbacks):
    _due(meeting, MilestoneKind.PLAN, 1)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        milestone_reminders_send(today=TODAY)
    assert len(callbacks) == 1
    assert mail.outbox == []


def test_a_meeting_prepared_again_after_a_halt_is_not_reminded_of_the_old_report(cast, meeting):
    from meetings.access import meeting_access
    from meetings.workflow import meeting_transition

    Meeting.objects.filter(pk=meeting.pk).update(stage=Stage.CONVENE_APPROVED)
    meeting.refresh_from_db()
    for name, user, kwargs in [
        ("record_held", cast.office, {"on_date": TODAY - timedelta(days=30)}),
        ("halt", cast.supervisor, {"note": "质量不高"}),
        ("restart_preparation", cast.office, {}),
    ]:
        meeting_transition(meeting=meeting, name=name, actor=user, access=meeting_access(user, meeting), **kwargs)
    assert milestone_reminders_send(today=TODAY) == 0


def test_the_daily_task_sends_the_reminders_of_today(cast, meeting):
    milestone = meeting.milestones.get(kind=MilestoneKind.PLAN)
    milestone.due_date = timezone.localdate() + timedelta(days=1)
    milestone.save(update_fields=["due_date"])
    assert send_milestone_reminders.delay().get() == 1
    assert _reminded(cast.office) == [f"【明天到期】{meeting.title}：方案报审"]
