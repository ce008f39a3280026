"""Chasing those behind: the daily reminders as the materials deadline nears, and the
office's or secretary's "提醒未完成的同志" on the board."""

from datetime import date

from django.urls import reverse
from django.utils import timezone

from meetings.models import Meeting, MilestoneKind, Stage
from notifications.schedule import reminder_due, reminder_horizon, reminder_send
from notifications.services import notify
from organizations.dateorder import day_text
from organizations.selectors import office_users, supervisor_users

from .models import MaterialState
from .selectors import BoardRow, meeting_board
from .workflow import secretary_users

# Writing happens in 会前准备 (and again after a halt); nobody is chased before the plan is
# approved or once the meeting has been asked to convene.
CHASE_STAGES = [Stage.PRE_MEETING, Stage.HALTED]


def _writer_users(meeting: Meeting, row: BoardRow) -> list:
    if row.person is not None:
        return [row.person.user] if row.person.user_id else []
    drafter = row.material.drafter if row.material else None
    if drafter is not None and drafter.user_id:
        return [drafter.user]
    return list(office_users(meeting.organization))


def _row_key(row: BoardRow) -> str:
    return f"p{row.person.pk}" if row.person else "team"


def _what(row: BoardRow) -> str:
    if row.status == MaterialState.RETURNED:
        return f"{row.label}已退回修改，请按审阅意见修改后重新提交"
    return "请抓紧撰写并提交班子对照检查材料" if row.person is None else "请抓紧撰写并提交个人发言提纲"


def _behind_body(row: BoardRow) -> str:
    return f"{_what(row)}。当前状态：{row.status_label}。"


def _writer_url(meeting: Meeting, row: BoardRow) -> str:
    return reverse("inspections:mine" if row.person else "inspections:team", args=[meeting.pk])


def _remind_behind(meeting: Meeting, rows, title: str, key: str) -> int:
    sent = 0
    for row in rows:
        if not row.is_behind:
            continue
        sent += len(notify(
            recipients=_writer_users(meeting, row),
            title=title,
            body=_behind_body(row),
            url=_writer_url(meeting, row),
            dedupe_key=f"inspections:{meeting.pk}:{_row_key(row)}:{key}",
        ))
    return sent


def materials_remind(*, meeting: Meeting, actor) -> int:
    """Remind everyone behind now; once a day at most, however often the button is pressed."""
    board = meeting_board(meeting)
    due = f"（截止{day_text(board.due_date)}）" if board.due_date else ""
    return _remind_behind(meeting, board.rows, f"【提醒】{meeting.title}：对照检查材料{due}",
                          f"nudge:{timezone.localdate()}")


def materials_reminders_send(*, today: date) -> int:
    """Materials due soon or overdue, on notifications.schedule's days: the writers behind,
    the secretary with outlines waiting, the upper level with materials waiting."""
    sent = 0
    meetings = (
        Meeting.objects.filter(
            stage__in=CHASE_STAGES,
            milestones__kind=MilestoneKind.MATERIALS,
            milestones__done_at__isnull=True,
            milestones__due_date__lte=reminder_horizon(today),
        )
        .select_related("organization")
        .distinct()
    )
    for meeting in meetings:
        board = meeting_board(meeting)
        reminder = reminder_due(board.due_date, today, every_overdue=meeting.organization.overdue_reminder_days)
        if reminder is None:
            continue
        phrase = reminder.phrase()
        for row in board.rows:
            if row.is_behind:
                sent += reminder_send(
                    item=f"inspections:{meeting.pk}:{_row_key(row)}",
                    reminder=reminder,
                    today=today,
                    recipients=_writer_users(meeting, row),
                    title=f"【{phrase}】{meeting.title}：对照检查材料",
                    body=_behind_body(row),
                    url=_writer_url(meeting, row),
                )
        waiting = sum(1 for r in board.rows if r.status == MaterialState.SUBMITTED)
        if waiting:
            sent += reminder_send(
                item=f"inspections:{meeting.pk}:review",
                reminder=reminder,
                today=today,
                recipients=secretary_users(meeting),
                title=f"【{phrase}】{meeting.title}：{waiting}份材料待您审阅",
                url=reverse("inspections:meeting", args=[meeting.pk]),
            )
        upper = sum(1 for r in board.rows if r.status == MaterialState.UPPER_REVIEW)
        if upper:
            sent += reminder_send(
                item=f"inspections:{meeting.pk}:upper",
                reminder=reminder,
                today=today,
                recipients=supervisor_users(meeting.organization),
                title=f"【{phrase}】{meeting.organization.display_name}：{upper}份对照检查材料待上级审核",
                url=reverse("inspections:meeting", args=[meeting.pk]),
            )
    return sent
