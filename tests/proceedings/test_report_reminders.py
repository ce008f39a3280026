"""Reminders of the situation report on the shared schedule: the secretary before and
after the due date, the upper level once it is overdue; once each, however often the
daily job runs; nothing once the report is sent."""

from datetime import date, timedelta

import pytest

from meetings.progress import send_phase_reminders
from notifications.models import Notification
from proceedings.phase_report import report_reminders_send

from .report_helpers import draft, held_meeting, prepared, sitting, send, sent  # noqa: F401

DUE = date(2027, 1, 12)


def _titles(user):
    return list(Notification.objects.filter(recipient=user).values_list("title", flat=True))


@pytest.mark.parametrize("days_before, phrase", [(3, "3天后到期"), (1, "明天到期"), (0, "今天到期")])
def test_the_secretary_is_reminded_before_the_due_date(cast, held_meeting, days_before, phrase):
    assert report_reminders_send(today=DUE - timedelta(days=days_before)) == 1
    assert _titles(cast.secretary) == [f"【召开情况报告·{phrase}】{held_meeting.title}：尚未生成"]
    assert _titles(cast.supervisor) == []


def test_a_quiet_day_sends_nothing(cast, held_meeting):
    assert report_reminders_send(today=DUE - timedelta(days=2)) == 0


def test_an_overdue_report_reaches_the_upper_level_too(cast, draft):
    assert report_reminders_send(today=DUE + timedelta(days=3)) == 2
    assert _titles(cast.secretary) == [f"【召开情况报告·已逾期3天】{draft.meeting.title}：草稿待报送"]
    assert _titles(cast.supervisor) == [f"【召开情况报告·已逾期3天】县政府办党组：{draft.meeting.title}尚未报送"]


def test_running_the_daily_job_twice_sends_each_reminder_once(cast, held_meeting):
    today = DUE + timedelta(days=3)
    first = send_phase_reminders(today)
    again = send_phase_reminders(today)
    assert first >= 2 and again == 0
    for user in (cast.secretary, cast.supervisor):
        titles = _titles(user)  # the report's reminder, and other phases' due the same day (备案)
        assert len(titles) == len(set(titles))
        assert len([t for t in titles if t.startswith("【召开情况报告·已逾期3天】")]) == 1


def test_the_next_overdue_day_reminds_again(cast, held_meeting):
    report_reminders_send(today=DUE + timedelta(days=3))
    report_reminders_send(today=DUE + timedelta(days=6))
    assert _titles(cast.secretary) == [
        f"【召开情况报告·已逾期6天】{held_meeting.title}：尚未生成",
        f"【召开情况报告·已逾期3天】{held_meeting.title}：尚未生成",
    ]


def test_a_sent_report_is_not_reminded(cast, sent):
    assert report_reminders_send(today=DUE) == 0
    assert report_reminders_send(today=DUE + timedelta(days=3)) == 0


def test_the_office_hears_of_the_deadline_once_from_the_milestone_reminder(cast, held_meeting):
    from meetings.services import milestone_reminders_send

    today = DUE - timedelta(days=1)
    milestone_reminders_send(today=today)
    send_phase_reminders(today)
    assert [t for t in _titles(cast.office) if "召开情况报告" in t] == [f"【明天到期】{held_meeting.title}：召开情况报告"]
