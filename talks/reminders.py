"""Reminders before the talks deadline (the meeting's 谈心谈话 milestone).

Each person who still has pairs missing hears whom they still have to talk to; the office
hears the totals and who cannot be reminded because they have no login. The days are
notifications.schedule's (a week, 3 days and 1 day before, on the day, then every N days
overdue), each sent once a day however often the job runs.
"""

from datetime import date

from django.urls import reverse

from meetings.models import Milestone, MilestoneKind, Stage
from meetings.progress import reminders_held
from notifications.schedule import reminder_due, reminder_horizon, reminder_send
from organizations.dateorder import day_text
from organizations.selectors import office_users

from .access import has_login
from .coverage import Coverage, coverages
from .selectors import personal_lines

# The talks take weeks to arrange, so their reminders start a week ahead.
BEFORE = (7, 3, 1)


def _reminder(milestone: Milestone, today: date):
    every = milestone.meeting.organization.overdue_reminder_days
    return reminder_due(milestone.due_date, today, before=BEFORE, every_overdue=every)


def _missing_by_person(coverage: Coverage) -> dict[int, list]:
    missing: dict[int, list] = {}
    for status in coverage.pairs.values():
        if status.is_missing:
            for pid in status.key:
                missing.setdefault(pid, []).append(status)
    return missing


def talk_reminders_send(*, today: date) -> int:
    """Send what is due today; return how many messages were created."""
    milestones = list(
        Milestone.objects.filter(
            kind=MilestoneKind.TALKS,
            done_at__isnull=True,
            due_date__isnull=False,
            due_date__lte=reminder_horizon(today, BEFORE),
            meeting__stage=Stage.PRE_MEETING,
        ).select_related("meeting__organization")
    )
    due = [(m, _reminder(m, today)) for m in milestones]
    due = [(m, r) for m, r in due if r is not None]
    if not due:
        return 0
    by_meeting = coverages([m.meeting for m, _ in due])
    # The office's totals wait a day after a supervisor chased the office by hand about the
    # talks (meetings.progress.reminders_held); each person's own pairs are still named.
    held = reminders_held({(m.meeting_id, m.kind) for m, _ in due})
    sent = 0
    for milestone, reminder in due:
        meeting = milestone.meeting
        coverage = by_meeting[meeting.pk]
        missing = _missing_by_person(coverage)
        if not missing:
            continue
        phrase = reminder.phrase("截止")
        deadline = f"截止日期：{day_text(milestone.due_date)}。"
        url = reverse("talks:mine", args=[meeting.pk])
        offline = []
        for pid in missing:
            person = coverage.roster.people[pid]
            if not has_login(person):
                offline.append(person.name)
                continue
            lines = [line for line in personal_lines(coverage, pid) if line.status.is_missing]
            names = "、".join(f"{line.other.name}（{line.status.label}）" for line in lines)
            sent += reminder_send(
                item=f"talks:{meeting.pk}",
                reminder=reminder,
                today=today,
                recipients=[person.user],
                title=f"【谈心谈话·{phrase}】{meeting.title}：还有{len(lines)}位应谈对象",
                body=f"{deadline}\n尚未完成：{names}",
                url=url,
            )
        body = f"{deadline}\n应谈{coverage.total.required}对，已谈{coverage.total.done}对，免谈{coverage.total.excused}对，尚缺{coverage.total.missing}对。"
        if offline:
            body += f"\n以下人员没有登录账号，请线下通知：{'、'.join(offline)}。"
        if (meeting.pk, milestone.kind) in held:
            continue
        sent += reminder_send(
            item=f"talks:{meeting.pk}:office",
            reminder=reminder,
            today=today,
            recipients=office_users(meeting.organization),
            title=f"【谈心谈话·{phrase}】{meeting.title}：尚缺{coverage.total.missing}对",
            body=body,
            url=reverse("talks:matrix", args=[meeting.pk]),
        )
    return sent
