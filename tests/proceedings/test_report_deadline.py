"""The situation report is due 15 calendar days after the held day (seed 000 §四(三)4,
002 方案2 / 方案8), counted in Asia/Shanghai; late is said in words."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.utils import timezone

from meetings.dates import situation_report_due
from meetings.models import MilestoneKind
from proceedings.report import punctuality, report_due

from .report_helpers import HELD, draft, held_meeting, prepared, sitting, sent  # noqa: F401

SHANGHAI = ZoneInfo("Asia/Shanghai")


def test_the_project_counts_days_in_shanghai():
    assert settings.TIME_ZONE == "Asia/Shanghai"


@pytest.mark.parametrize("held, due", [
    (date(2026, 12, 28), date(2027, 1, 12)),  # across the year
    (date(2028, 2, 20), date(2028, 3, 6)),  # a leap February has 29 days
    (date(2027, 2, 20), date(2027, 3, 7)),
    (date(2026, 9, 30), date(2026, 10, 15)),  # the National Day holiday still counts: calendar days
])
def test_the_due_date_is_fifteen_calendar_days_after_the_held_day(held, due):
    assert situation_report_due(held) == due


def test_recording_the_meeting_held_puts_the_due_date_on_the_report_milestone(held_meeting):
    milestone = held_meeting.milestones.get(kind=MilestoneKind.REPORT)
    assert milestone.due_date == date(2027, 1, 12)
    assert report_due(held_meeting) == date(2027, 1, 12)


def test_a_date_the_office_typed_on_the_milestone_is_the_due_date(held_meeting):
    held_meeting.milestones.filter(kind=MilestoneKind.REPORT).update(due_date=date(2027, 1, 8))
    assert report_due(held_meeting) == date(2027, 1, 8)


def test_a_report_sent_late_in_the_evening_in_beijing_counts_on_that_beijing_day():
    due = date(2027, 1, 12)
    # 23:30 in Beijing on the due day is 15:30 UTC: on time.
    on_time = datetime(2027, 1, 12, 23, 30, tzinfo=SHANGHAI)
    assert punctuality(due=due, sent_at=on_time, today=date(2027, 1, 13)).label == "按期报送"
    # 00:30 in Beijing the next day is still the 12th in UTC: one day late.
    late = datetime(2027, 1, 13, 0, 30, tzinfo=SHANGHAI)
    assert late.astimezone(ZoneInfo("UTC")).date() == due
    result = punctuality(due=due, sent_at=late, today=date(2027, 1, 13))
    assert (result.label, result.late, result.days) == ("逾期1天报送", True, 1)


def test_today_in_shanghai_is_the_day_that_decides_overdue():
    # 17:00 UTC on the due day is already the next morning in Beijing.
    instant = datetime(2027, 1, 12, 17, 0, tzinfo=ZoneInfo("UTC"))
    today = timezone.localdate(instant)
    assert today == date(2027, 1, 13)
    assert punctuality(due=date(2027, 1, 12), sent_at=None, today=today).label == "已逾期1天，尚未报送"


@pytest.mark.parametrize("days_left, label, late", [
    (3, "还剩3天", False),
    (0, "今天到期，尚未报送", False),
    (-2, "已逾期2天，尚未报送", True),
])
def test_an_unsent_report_says_how_it_stands(days_left, label, late):
    due = date(2027, 1, 12)
    result = punctuality(due=due, sent_at=None, today=due - timedelta(days=days_left))
    assert (result.label, result.late) == (label, late)


def test_a_report_sent_on_its_due_day_is_on_time_and_a_day_later_is_late(cast, sent):
    sent_day = timezone.localdate(sent.sent_at)
    on_time = punctuality(due=sent_day, sent_at=sent.sent_at, today=sent_day + timedelta(days=5))
    late = punctuality(due=sent_day - timedelta(days=1), sent_at=sent.sent_at, today=sent_day)
    assert (on_time.label, on_time.late) == ("按期报送", False)
    assert (late.label, late.late) == ("逾期1天报送", True)
