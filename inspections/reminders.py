"""Chasing those behind: the daily reminders as the materials deadline nears, and the
office's or secretary's "提醒未完成的同志" on the board."""

from datetime import date

from django.urls import reverse
from django.utils import timezone

from meetings.models import Meeting, MilestoneKind, Stage
from meetings.services import reminder_window
from notifications.services import notify
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


def _remind_behind(meeting: Meeting, rows, title: str, key: str) -> int:
    sent = 0
    for row in rows:
        if not row.is_behind:
            continue
        mine = reverse("inspections:mine", args=[meeting.pk]) if row.person else reverse("inspections:team", args=[meeting.pk])
        sent += len(notify(
            recipients=_writer_users(meeting, row),
            title=title,
            body=f"{_what(row)}。当前状态：{row.status_label}。",
            url=mine,
            dedupe_key=f"inspections:{meeting.pk}:{_row_key(row)}:{key}",
        ))
    return sent


def materials_remind(*, meeting: Meeting, actor) -> int:
    """Remind everyone behind now; once a day at most, however often the button is pressed."""
    board = meeting_board(meeting)
    due = f"（截止{board.due_date:%Y年%m月%d日}）" if board.due_date else ""
    return _remind_behind(meeting, board.rows, f"【提醒】{meeting.title}：对照检查材料{due}",
                          f"nudge:{timezone.localdate()}")


def materials_reminders_send(*, today: date) -> int:
    """Materials due in 3 days, tomorrow, or overdue: the writers behind, the secretary with
    outlines waiting, the upper level with materials waiting. Idempotent per window."""
    sent = 0
    meetings = (
        Meeting.objects.filter(
            stage__in=CHASE_STAGES,
            milestones__kind=MilestoneKind.MATERIALS,
            milestones__done_at__isnull=True,
            milestones__due_date__lte=today + timezone.timedelta(days=3),
        )
        .select_related("organization")
        .distinct()
    )
    for meeting in meetings:
        board = meeting_board(meeting)
        window = reminder_window((board.due_date - today).days)
        if window is None:
            continue
        key, phrase = window
        stamp = f"{board.due_date}:{key}"
        sent += _remind_behind(meeting, board.rows, f"【{phrase}】{meeting.title}：对照检查材料", stamp)
        waiting = sum(1 for r in board.rows if r.status == MaterialState.SUBMITTED)
        if waiting:
            sent += len(notify(
                recipients=secretary_users(meeting),
                title=f"【{phrase}】{meeting.title}：{waiting}份材料待您审阅",
                url=reverse("inspections:meeting", args=[meeting.pk]),
                dedupe_key=f"inspections:{meeting.pk}:review:{stamp}",
            ))
        upper = sum(1 for r in board.rows if r.status == MaterialState.UPPER_REVIEW)
        if upper:
            sent += len(notify(
                recipients=supervisor_users(meeting.organization),
                title=f"【{phrase}】{meeting.organization.display_name}：{upper}份对照检查材料待上级审核",
                url=reverse("inspections:meeting", args=[meeting.pk]),
                dedupe_key=f"inspections:{meeting.pk}:upper:{stamp}",
            ))
    return sent
