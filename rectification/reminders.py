"""Deadlines of items (issue 13): reminders to the owner on the shared schedule
(notifications.schedule, with the 7-day reminder added for items), once each however
often the daily job runs; an overdue item escalates — to the secretary from its first
overdue reminder, then to the supervising level too (`escalation`). A 长期坚持 item is
reminded of its next review date instead. A closed or closing item is not reminded."""

from datetime import date

from django.db.models import Q
from django.urls import reverse

from inspections.models import MeasureTerm
from meetings.models import Stage
from notifications.schedule import reminder_due, reminder_horizon, reminder_send
from organizations.dateorder import day_text
from organizations.models import TeamMembership, TeamPosition
from organizations.selectors import office_users, supervisor_users

from .models import Item, ItemStatus

BEFORE = (7, 3, 1)
# Days overdue from which the supervising level hears of an item too.
ESCALATE_TO_UPPER_AFTER = 7
# Items are followed while their meeting is held and being rectified (not archived, halted).
REMIND_STAGES = (Stage.HELD, Stage.RECTIFYING)


def escalation(days_overdue: int) -> tuple[str, ...]:
    """Who hears of an overdue item besides its owner: the secretary from the first day
    overdue, the supervisor too from ESCALATE_TO_UPPER_AFTER days."""
    if days_overdue <= 0:
        return ()
    if days_overdue >= ESCALATE_TO_UPPER_AFTER:
        return ("secretary", "supervisor")
    return ("secretary",)


def due_date(item: Item) -> date | None:
    """The date the item is reminded of: its deadline, or its next review if 长期坚持."""
    return item.next_review if item.term == MeasureTerm.LONG_TERM else item.deadline


def secretary_users(org) -> list:
    return [
        seat.person.user
        for seat in TeamMembership.objects.filter(organization=org, position=TeamPosition.SECRETARY)
        .select_related("person__user")
        if seat.person.user and seat.person.user.is_active
    ]


def followed_items():
    """Open items of lists once approved whose meeting is still being rectified.

    Once approved, not approved now: a list being revised (申请修改) keeps its items followed,
    or an owner could silence the reminders and the escalation by asking to revise."""
    return Item.objects.filter(
        status=ItemStatus.OPEN, rectification_list__approved_at__isnull=False,
    ).filter(
        Q(carried_to__isnull=True, rectification_list__meeting__stage__in=REMIND_STAGES)
        | Q(carried_to__isnull=False) & ~Q(carried_to__stage__in=(Stage.ARCHIVED, Stage.HALTED))
    )


def due_by(day: date) -> Q:
    return (~Q(term=MeasureTerm.LONG_TERM) & Q(deadline__lte=day)) | Q(term=MeasureTerm.LONG_TERM, next_review__lte=day)


def item_reminders_send(*, today: date) -> int:
    """Send today's item reminders; returns how many messages were new."""
    items = followed_items().filter(due_by(reminder_horizon(today, BEFORE))).select_related(
        "rectification_list__meeting__organization", "rectification_list__owner__user", "responsible__user",
        "carried_to__organization",
    )
    people: dict[tuple[str, int], list] = {}

    def audience(kind, org):
        if (kind, org.pk) not in people:
            finder = {"secretary": secretary_users, "supervisor": supervisor_users, "office": office_users}[kind]
            people[kind, org.pk] = list(finder(org))
        return people[kind, org.pk]

    sent = 0
    for item in items:
        due = due_date(item)
        meeting = item.carried_to if item.carried_to_id else item.rectification_list.meeting
        org = meeting.organization
        reminder = reminder_due(due, today, before=BEFORE, every_overdue=org.overdue_reminder_days)
        if reminder is None:
            continue
        review = item.term == MeasureTerm.LONG_TERM
        phrase = reminder.phrase("复查" if review else "到期")
        owner = _owner(item)
        key = f"rectification_item:{item.pk}:{due.isoformat()}"
        url = reverse("rectification:item", args=[item.pk])
        what = "复查日期" if review else "完成时限"
        body = f"{item.rectification_list.title}：“{item.problem[:60]}”，{what}{day_text(due)}。"
        sent += reminder_send(
            item=f"{key}:owner", reminder=reminder, today=today,
            recipients=[owner] if owner else audience("office", org),
            title=f"【整改事项·{phrase}】{item.problem[:30]}", body=body, url=url,
        )
        for kind in escalation(-reminder.days_left):
            sent += reminder_send(
                item=f"{key}:{kind}", reminder=reminder, today=today, recipients=audience(kind, org),
                title=f"【整改督办·{phrase}】{org.display_name}：{item.problem[:30]}",
                body=f"{body}责任人：{_owner_name(item)}。", url=url,
            )
    return sent


def _owner(item: Item):
    rlist = item.rectification_list
    person = rlist.owner if not rlist.is_team else item.responsible
    user = person.user if person is not None else None
    return user if user is not None and user.is_active else None


def _owner_name(item: Item) -> str:
    rlist = item.rectification_list
    if not rlist.is_team:
        return rlist.owner.name
    return item.responsible_label or item.lead_department or "未定"
