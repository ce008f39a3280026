"""When the meeting is: one function, so the plan, the page and the 会议概况表 agree."""

from datetime import date, datetime, time

from django.utils import timezone

from documents.content import Table
from meetings.dates import meeting_date_text, meeting_dates
from meetings.documents import meeting_summary
from meetings.models import Meeting, WorkPlan
from meetings.plans import plan_content, plan_create_default


def _summary_row(meeting, label):
    table = next(b for b in meeting_summary(meeting).blocks if isinstance(b, Table))
    return next(row[1] for row in table.rows if row[0] == label)


def _plan_at(meeting, day, hour):
    plan = plan_create_default(meeting=meeting)
    WorkPlan.objects.filter(pk=plan.pk).update(starts_at=timezone.make_aware(datetime.combine(day, time(hour))))
    return Meeting.objects.get(pk=meeting.pk)


def test_the_summary_shows_the_time_the_plan_sets(meeting):
    meeting = _plan_at(meeting, date(2026, 12, 30), 9)
    assert _summary_row(meeting, "会议时间") == "2026年12月30日09:00（方案拟定）"


def test_the_plan_and_the_summary_show_the_same_time(meeting):
    meeting = _plan_at(meeting, date(2026, 12, 30), 9)
    time_line = plan_content(meeting.plan)["sections"][0][1][0]
    assert time_line.startswith("2026年12月30日09:00")
    assert _summary_row(meeting, "会议时间").startswith("2026年12月30日09:00")


def test_once_held_the_held_day_is_shown(meeting):
    meeting = _plan_at(meeting, date(2026, 12, 30), 9)
    Meeting.objects.filter(pk=meeting.pk).update(held_on=date(2026, 12, 28))
    meeting.refresh_from_db()
    dates = meeting_dates(meeting)
    assert (dates.planned_day, dates.held, dates.best_day) == (date(2026, 12, 30), date(2026, 12, 28), date(2026, 12, 28))
    assert _summary_row(meeting, "会议时间") == "2026年12月28日（已召开）"


def test_without_a_plan_time_the_meeting_time_is_not_set(meeting):
    assert meeting_date_text(meeting) == "未定"
    assert _summary_row(meeting, "会议时间") == "未定"


def test_the_meeting_page_shows_the_same_time_as_the_summary(cast, meeting, login):
    meeting = _plan_at(meeting, date(2026, 12, 30), 9)
    body = login(cast.member).get(f"/meetings/{meeting.pk}/").content.decode()
    assert '<span id="meeting-date">2026年12月30日09:00（方案拟定）</span>' in body


def test_the_intended_the_agreed_and_the_held_day_are_three_facts_each_from_one_function(meeting):
    from meetings.dates import agreed_date, held_date, intended_time, meeting_day

    meeting = _plan_at(meeting, date(2026, 12, 30), 9)
    Meeting.objects.filter(pk=meeting.pk).update(agreed_on=date(2026, 12, 29))
    meeting.refresh_from_db()
    assert (intended_time(meeting).date(), agreed_date(meeting), held_date(meeting)) == (
        date(2026, 12, 30), date(2026, 12, 29), None
    )
    assert meeting_date_text(meeting) == "2026年12月29日（上级同意召开）"
    assert (meeting_day(meeting).label, meeting_day(meeting).day) == ("上级同意召开的日期", date(2026, 12, 29))
    Meeting.objects.filter(pk=meeting.pk).update(held_on=date(2026, 12, 28))
    meeting.refresh_from_db()
    assert meeting_dates(meeting).best_day == date(2026, 12, 28)
    assert meeting_date_text(meeting) == "2026年12月28日（已召开）"
