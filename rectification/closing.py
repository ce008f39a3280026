"""销号 (closing an item) and the 回头看 (re-check): the one function that moves an item.

Issue 13: closing needs a verifier who is not the owner — the office or the secretary
verifies a personal item, the supervisor confirms a team item (access.item_roles). The
owner asks to close once every measure is done, or says why not; a refused closing goes
back with the reason; a closed item may be reopened at the 回头看 with a reason while its
meeting is not archived. Every step is an ItemEvent; the next person is told on commit.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from meetings.workflow import Transition
from notifications.services import notify
from organizations.selectors import office_users, supervisor_users

from .access import ItemAccess, ItemRole, ListRole, governing_meeting, item_owner_id
from .carryover import rectification_milestone_sync
from .models import Item, ItemEvent, ItemStatus, MeasureStatus
from .progress import ensure_item_followable

S = ItemStatus


class TransitionError(Exception):
    """A move that is not allowed; the message is shown to the person as is."""


REOPENERS = (ListRole.OFFICE, ListRole.APPROVER, ListRole.SUPERVISOR)

TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in [
        Transition(
            "request_close", "申请销号", (S.OPEN,), S.CLOSING, (ItemRole.REPORTER,),
            help_text="各项措施完成后申请销号，由核验人核验；尚有措施未完成的，须说明理由。",
        ),
        Transition(
            "close", "核验销号", (S.CLOSING,), S.CLOSED, (ItemRole.VERIFIER,),
            help_text="核对进展和佐证材料，确认整改到位后销号。",
        ),
        Transition(
            "refuse", "退回继续整改", (S.CLOSING,), S.OPEN, (ItemRole.VERIFIER,), needs_note=True, style="secondary",
            help_text="整改尚未到位的，写明理由退回责任人继续整改。",
        ),
        Transition(
            "reopen", "回头看：重新整改", (S.CLOSED,), S.OPEN, REOPENERS, needs_note=True, style="secondary",
            help_text="回头看发现问题反弹或整改不到位的，写明原因重新打开。",
        ),
    ]
}


def _allowed(transition: Transition, access: ItemAccess) -> bool:
    return any(access.has(role) for role in transition.roles)


def available_transitions(item: Item, access: ItemAccess) -> list[Transition]:
    """The moves this reader may make on the item now (the page shows these buttons only)."""
    try:
        ensure_item_followable(item)
    except PermissionDenied:  # archived, or the list not approved: no move at all
        return []
    return [t for t in TRANSITIONS.values() if item.status in t.sources and _allowed(t, access)]


def unfinished_measures(item: Item) -> list:
    return [m for m in item.measures.all() if m.status != MeasureStatus.DONE]


@transaction.atomic
def item_transition(*, item: Item, name: str, actor, access: ItemAccess, note: str = "") -> ItemEvent:
    """Move the item by the named transition, or raise TransitionError saying why not
    (PermissionDenied for a role that may not make it, an archived meeting included)."""
    transition = TRANSITIONS.get(name)
    if transition is None:
        raise TransitionError("未知的操作。")
    if not _allowed(transition, access):
        raise PermissionDenied(f"您不能“{transition.label}”这个事项")
    locked = Item.objects.select_for_update(of=("self",)).select_related(
        "rectification_list__meeting", "carried_to").get(pk=item.pk)
    ensure_item_followable(locked)
    if locked.status not in transition.sources:
        raise TransitionError(f"事项当前{locked.get_status_display()}，不能“{transition.label}”。")
    note = (note or "").strip()
    if transition.needs_note and not note:
        raise TransitionError(f"“{transition.label}”须写明理由。")
    if name == "request_close" and unfinished_measures(locked) and not note:
        raise TransitionError("还有措施未完成：请说明为什么现在申请销号。")

    now = timezone.now()
    source = locked.status
    locked.status = transition.target
    locked.version += 1
    locked.updated_by = actor
    fields = ["status", "version", "updated_by", "updated_at"]
    if name == "close":
        locked.closed_at, locked.closed_by = now, actor
        fields += ["closed_at", "closed_by"]
    elif name == "reopen":
        locked.closed_at, locked.closed_by = None, None
        fields += ["closed_at", "closed_by"]
    locked.save(update_fields=fields)
    for attr in ("status", "version", "closed_at", "closed_by"):
        setattr(item, attr, getattr(locked, attr))
    event = ItemEvent.objects.create(
        item=locked, action=name, label=transition.label, from_status=source, to_status=transition.target,
        actor=actor, note=note, at=now,
    )
    if name in ("close", "reopen"):
        # The 整改落实 milestone follows the items: done when every item is closed or carried.
        rectification_milestone_sync(meeting=governing_meeting(item), actor=actor)
    transaction.on_commit(lambda: item_event_notify(event_id=event.pk))
    return event


# --- who hears about a move ----------------------------------------------------------------


def owner_users(item: Item) -> list:
    """Who answers for the item: its owner, else (a team item held by a department) the office."""
    from organizations.models import Person

    owner_id = item_owner_id(item)
    person = Person.objects.filter(pk=owner_id).select_related("user").first() if owner_id else None
    if person is not None and person.user:
        return [person.user]
    return list(office_users(governing_meeting(item).organization))


def verifier_users(item: Item) -> list:
    """Who verifies its closing: the supervisor for a team item, else the office and the secretary."""
    from .reminders import secretary_users

    org = governing_meeting(item).organization
    if item.rectification_list.is_team:
        return list(supervisor_users(org))
    owner = set(u.pk for u in owner_users(item))
    return [u for u in [*office_users(org), *secretary_users(org)] if u.pk not in owner]


AUDIENCE = {"request_close": "verifiers", "close": "owner", "refuse": "owner", "reopen": "owner"}


def item_event_notify(*, event_id: int) -> None:
    event = ItemEvent.objects.select_related("item__rectification_list__meeting__organization").get(pk=event_id)
    item = event.item
    audience = AUDIENCE.get(event.action)
    if audience is None:
        return
    recipients = verifier_users(item) if audience == "verifiers" else owner_users(item)
    body = f"{item.rectification_list.title}：{event.get_from_status_display()} → {event.get_to_status_display()}。"
    if event.note:
        body += f"\n说明：{event.note}"
    notify(recipients=[u for u in recipients if u.pk != event.actor_id], title=f"{event.label}：{item.problem[:40]}",
           body=body, url=reverse("rectification:item", args=[item.pk]))
