"""Reminders before the talks deadline (the meeting's 谈心谈话 milestone).

Each person who still has pairs missing hears whom they still have to talk to; the office
hears the totals and who cannot be reminded because they have no login. Every message
carries a dedupe key per (meeting, due date, window), so the daily job may run twice.
"""

from datetime import date, timedelta

from django.urls import reverse

from meetings.models import Milestone, MilestoneKind, Stage
from notifications.services import notify
from organizations.selectors import office_users

from .access import has_login
from .coverage import Coverage, coverages
from .selectors import personal_lines

WINDOW_DAYS = 7


def reminder_window(days_left: int) -> tuple[str, str] | None:
    """(key, phrase) of the reminder due with this many days left; None between windows."""
    if days_left < 0:
        return "overdue", f"已逾期{-days_left}天"
    if days_left == 0:
        return "today", "今天截止"
    if days_left == 1:
        return "tomorrow", "明天截止"
    if days_left <= 3:
        return "soon", f"{days_left}天后截止"
    if days_left <= WINDOW_DAYS:
        return "week", f"{days_left}天后截止"
    return None


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
            due_date__lte=today + timedelta(days=WINDOW_DAYS),
            meeting__stage=Stage.PRE_MEETING,
        ).select_related("meeting__organization")
    )
    due = [(m, reminder_window((m.due_date - today).days)) for m in milestones]
    due = [(m, w) for m, w in due if w is not None]
    if not due:
        return 0
    by_meeting = coverages([m.meeting for m, _ in due])
    sent = 0
    for milestone, (key, phrase) in due:
        meeting = milestone.meeting
        coverage = by_meeting[meeting.pk]
        missing = _missing_by_person(coverage)
        if not missing:
            continue
        dedupe = f"talks:{meeting.pk}:{milestone.due_date}:{key}"
        deadline = f"截止日期：{milestone.due_date:%Y年%m月%d日}。"
        url = reverse("talks:mine", args=[meeting.pk])
        offline = []
        for pid in missing:
            person = coverage.roster.people[pid]
            if not has_login(person):
                offline.append(person.name)
                continue
            lines = [line for line in personal_lines(coverage, pid) if line.status.is_missing]
            names = "、".join(f"{line.other.name}（{line.status.label}）" for line in lines)
            sent += len(
                notify(
                    recipients=[person.user],
                    title=f"【谈心谈话·{phrase}】{meeting.title}：还有{len(lines)}位应谈对象",
                    body=f"{deadline}\n尚未完成：{names}",
                    url=url,
                    dedupe_key=dedupe,
                )
            )
        body = f"{deadline}\n应谈{coverage.total.required}对，已谈{coverage.total.done}对，免谈{coverage.total.excused}对，尚缺{coverage.total.missing}对。"
        if offline:
            body += f"\n以下人员没有登录账号，请线下通知：{'、'.join(offline)}。"
        sent += len(
            notify(
                recipients=office_users(meeting.organization),
                title=f"【谈心谈话·{phrase}】{meeting.title}：尚缺{coverage.total.missing}对",
                body=body,
                url=reverse("talks:matrix", args=[meeting.pk]),
                dedupe_key=f"{dedupe}:office",
            )
        )
    return sent
