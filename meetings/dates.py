"""The meeting's own dates, as every form of every phase measures its dates against them."""

from datetime import date, timedelta

from django.utils import timezone

from organizations.dateorder import Mark

from .models import Meeting, MilestoneKind

# Milestones done before the meeting, and those that follow it (seed 000 §四, seed 002).
BEFORE_MEETING = (
    MilestoneKind.PLAN,
    MilestoneKind.STUDY,
    MilestoneKind.OPINIONS,
    MilestoneKind.TALKS,
    MilestoneKind.MATERIALS,
)
AFTER_MEETING = (MilestoneKind.REPORT, MilestoneKind.RECTIFICATION)


def plan_day(meeting: Meeting) -> Mark | None:
    """The day the work plan sets for the meeting, if it sets one."""
    from .models import WorkPlan

    starts_at = WorkPlan.objects.filter(meeting=meeting).values_list("starts_at", flat=True).first()
    return Mark("工作方案中的会议时间", timezone.localtime(starts_at).date()) if starts_at else None


def planned_day(meeting: Meeting) -> Mark | None:
    """The day the plan sets, else the 召开会议 milestone's date."""
    in_plan = plan_day(meeting)
    if in_plan:
        return in_plan
    due = meeting.milestones.filter(kind=MilestoneKind.MEETING).values_list("due_date", flat=True).first()
    return Mark("“召开会议”节点日期", due) if due else None


def meeting_day(meeting: Meeting) -> Mark | None:
    """The day the meeting was held, else the day it is planned for (None if not yet set)."""
    if meeting.held_on:
        return Mark("会议召开日期", meeting.held_on)
    return planned_day(meeting)


REPORT_WITHIN = timedelta(days=15)


def report_due_is_automatic(report_due: date | None, meeting_day: date | None) -> bool:
    """Whether the report's date is still the one derived from the meeting day (or unset).

    A date the office typed itself is theirs: moving the meeting does not replace it.
    """
    return report_due is None or (meeting_day is not None and report_due == meeting_day + REPORT_WITHIN)
