"""Write operations of oversight: 催办 (chasing) and 督导意见 (comments)."""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from meetings.models import Stage
from notifications.services import notify
from organizations.models import SupervisorBody
from organizations.selectors import office_users, overseen_org_ids, person_for_user

from .models import Chase, Comment
from .selectors import chase_item_label, chasing_bodies, office_users_by_org, secretary_users

DEFAULT_CHASE_MESSAGE = (
    "你单位以下工作进度滞后于时间节点，请抓紧推进、按期完成，并在系统中及时更新进度。"
    "如有困难，请及时向上级报告。"
)


class ChaseError(Exception):
    """The chase was refused as a whole: nothing was recorded or sent."""


def _who(user) -> str:
    person = person_for_user(user)
    return person.name if person else user.get_username()


def _signed(user, body: str) -> str:
    """How a message names its sender, as the pages do: 赵督导（组织部）."""
    label = SupervisorBody(body).label if body in SupervisorBody.values else body
    return f"{_who(user)}（{label}）" if label else _who(user)


@transaction.atomic
def chase_send(*, by, targets, message: str) -> list[Chase]:
    """Chase each (meeting, key) target (key blank: the meeting as a whole) in one action.

    Refused as a whole when a target is outside what `by` oversees or its meeting is
    archived. One Chase row per target, recording who chased, for which body, whom and
    when; each office user of the organisations gets one message listing everything
    chased of them, not one per target. A fixed number of queries besides the inserts
    (the chase rows and their recipients in bulk, one inbox message per office user).
    """
    targets = list(dict.fromkeys((meeting, key) for meeting, key in targets))
    message = (message or "").strip()
    if not targets:
        raise ChaseError("请选择要催办的组织。")
    if not message:
        raise ChaseError("请填写催办内容。")
    scope = overseen_org_ids(by)
    if any(meeting.organization_id not in scope for meeting, _ in targets):
        raise ChaseError("所选组织有的不在您的督导范围内，未发出任何催办。")
    archived = [meeting for meeting, _ in targets if meeting.stage == Stage.ARCHIVED]
    if archived:
        raise ChaseError(f"{archived[0].title}已归档，无需催办；未发出任何催办。")

    org_ids = {meeting.organization_id for meeting, _ in targets}
    bodies = chasing_bodies(by, org_ids)
    offices = office_users_by_org(org_ids)
    now = timezone.now()
    chases = Chase.objects.bulk_create(
        Chase(
            meeting=meeting,
            milestone=key,
            message=message,
            by=by,
            body=bodies.get(meeting.organization_id, ""),
            at=now,
        )
        for meeting, key in targets
    )
    Recipient = Chase.recipients.through
    Recipient.objects.bulk_create(
        Recipient(chase_id=chase.pk, user_id=user.pk)
        for chase in chases
        for user in offices.get(chase.meeting.organization_id, [])
    )
    _notify_offices(by, chases, offices, message)
    return chases


def _notify_offices(by, chases, offices, message) -> None:
    # Each office user hears once per action, of every meeting chased of them.
    what: dict[int, dict] = {}  # user id → {meeting: [labels]}
    users = {}
    for chase in chases:
        for user in offices.get(chase.meeting.organization_id, []):
            users[user.pk] = user
            what.setdefault(user.pk, {}).setdefault(chase.meeting, []).append(chase_item_label(chase.milestone))
    for user_pk, meetings in what.items():
        first = next(iter(meetings))
        sender = _signed(by, next(c.body for c in chases if c.meeting == first))
        lines = [f"· {m.organization.display_name}《{m.title}》：{'、'.join(labels)}" for m, labels in meetings.items()]
        if len(meetings) == 1:
            title = f"【催办】{first.title}：{'、'.join(meetings[first])}"
        else:
            title = f"【催办】{len(meetings)}次会议的工作进度"
        notify(
            recipients=[users[user_pk]],
            title=title,
            body=f"{sender}催办：{message}\n\n催办事项：\n" + "\n".join(lines),
            url=reverse("meetings:detail", args=[first.pk]),
        )


@transaction.atomic
def comment_create(*, meeting, author, bodies, text: str) -> Comment:
    """A supervisor's 督导意见 on the meeting; its office and its secretary are told."""
    order = list(SupervisorBody.values)
    body = min(bodies, key=lambda b: order.index(b) if b in order else len(order), default="")
    comment = Comment.objects.create(meeting=meeting, author=author, body=body, text=text.strip())
    notify(
        recipients=[*office_users(meeting.organization), *secretary_users(meeting.organization_id)],
        title=f"【督导意见】{meeting.title}",
        body=f"{_signed(author, body)}提出督导意见：\n{comment.text}",
        url=reverse("meetings:detail", args=[meeting.pk]) + "#oversight",
    )
    return comment
