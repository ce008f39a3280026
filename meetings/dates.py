"""The meeting's dates, from one place: every page, document and form that shows or
measures against when the meeting is (or was) asks here, so that two places never disagree.

Three facts, each read by one function: the time the plan intends (`intended_time`,
WorkPlan.starts_at), the day the upper 组织部 agreed to when it consented to convene
(`agreed_date`, Meeting.agreed_on) and the day the meeting was held (`held_date`,
Meeting.held_on). The application to convene shows the proposed day, the agenda and the
chair's script the agreed one, the minutes and the situation report the held one;
`meeting_date_text` shows the most settled of them, and `meeting_day` the day forms
measure against.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.utils import timezone

from organizations.dateorder import Mark, day_text  # noqa: F401  day_text is re-exported for the phases

from .models import MilestoneKind


@dataclass(frozen=True)
class MeetingDates:
    planned: datetime | None  # 方案拟定的会议时间 (local time)
    held: date | None  # 实际召开日期
    agreed: date | None = None  # 上级同意召开的日期

    @property
    def planned_day(self) -> date | None:
        return self.planned.date() if self.planned else None

    @property
    def best_day(self) -> date | None:
        """The held day once held, else the agreed day, else the plan's day."""
        return self.held or self.agreed or self.planned_day


def meeting_dates(meeting, *, plan=None) -> MeetingDates:
    """`plan`: the plan being printed or compared, when it is not the saved one."""
    from .models import WorkPlan

    if plan is None:
        try:
            plan = meeting.plan
        except WorkPlan.DoesNotExist:
            plan = None
    planned = timezone.localtime(plan.starts_at) if plan and plan.starts_at else None
    return MeetingDates(planned=planned, held=meeting.held_on, agreed=meeting.agreed_on)


def intended_time(meeting) -> datetime | None:
    """The time the work plan intends for the meeting (local time), if it sets one."""
    return meeting_dates(meeting).planned


def agreed_date(meeting) -> date | None:
    """The day the upper 组织部 agreed to when it consented to convene (同意召开)."""
    return meeting.agreed_on


def held_date(meeting) -> date | None:
    """The day the meeting was held (会议已召开)."""
    return meeting.held_on


# Seed 000 §四(三)4, 002 #4: the situation report is due within 15 days of the meeting.
REPORT_WITHIN_DAYS = 15
REPORT_WITHIN = timedelta(days=REPORT_WITHIN_DAYS)


def situation_report_due(meeting_day: date) -> date:
    return meeting_day + REPORT_WITHIN


def report_due_is_automatic(report_due: date | None, meeting_day: date | None) -> bool:
    """Whether the report's date is still the one derived from the meeting day (or unset).

    A date the office typed itself is theirs: moving the meeting does not replace it.
    """
    return report_due is None or (meeting_day is not None and report_due == situation_report_due(meeting_day))


def time_text(value: datetime | None, empty: str = "未定") -> str:
    """2026年12月30日09:00, as the seeds write a meeting time."""
    return f"{day_text(value.date())}{value:%H:%M}" if value else empty


def meeting_date_text(meeting, dates: MeetingDates | None = None) -> str:
    """When the meeting is: "2026年12月28日（已召开）" or "2026年12月30日09:00（方案拟定）"."""
    dates = dates or meeting_dates(meeting)
    if dates.held:
        return f"{day_text(dates.held)}（已召开）"
    if dates.agreed:
        return f"{day_text(dates.agreed)}（上级同意召开）"
    if dates.planned:
        return f"{time_text(dates.planned)}（方案拟定）"
    return "未定"


# What forms measure their dates against (organizations.dateorder): milestones done before
# the meeting, and those that follow it (seed 000 §四, seed 002).
BEFORE_MEETING = (
    MilestoneKind.PLAN,
    MilestoneKind.STUDY,
    MilestoneKind.OPINIONS,
    MilestoneKind.TALKS,
    MilestoneKind.MATERIALS,
)
AFTER_MEETING = (MilestoneKind.REPORT, MilestoneKind.RECTIFICATION)


def plan_day(meeting) -> Mark | None:
    """The day the work plan sets for the meeting, if it sets one."""
    planned = meeting_dates(meeting).planned_day
    return Mark("工作方案中的会议时间", planned) if planned else None


def planned_day(meeting) -> Mark | None:
    """The day the plan sets, else the 召开会议 milestone's date."""
    in_plan = plan_day(meeting)
    if in_plan:
        return in_plan
    due = meeting.milestones.filter(kind=MilestoneKind.MEETING).values_list("due_date", flat=True).first()
    return Mark("“召开会议”节点日期", due) if due else None


def meeting_day(meeting) -> Mark | None:
    """The day the meeting was held, else the day it is planned for (None if not yet set)."""
    if meeting.held_on:
        return Mark("会议召开日期", meeting.held_on)
    if meeting.agreed_on:
        return Mark("上级同意召开的日期", meeting.agreed_on)
    return planned_day(meeting)
