"""The meeting's agenda: taken from the approved plan, reordered by the office, open to
items other phases propose (the democratic evaluation adds its scoring round).

Seeds 000 §四(二)2, 001 §四, 004 (the agenda of the third report): the items are the
plan's own words; each gets a kind so that meeting mode knows what to run.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db import transaction
from django.db.models import F, Max

from meetings.access import ensure_not_archived
from meetings.models import Meeting, PlanAgendaItem
from organizations.models import TeamPosition

from .models import AgendaItem, AgendaKind, Sitting, SittingStatus


class AgendaError(Exception):
    """A change of the agenda that is refused; the message is shown as is."""


class AgendaConflict(AgendaError):
    MESSAGE = "这项议程已被他人修改：为避免覆盖对方的修改，本次未保存；您填写的内容仍在下方，请核对后再保存。"


@dataclass(frozen=True)
class ProposedItem:
    """An item a phase proposes for the agenda: `key` keeps it from being added twice."""

    key: str
    title: str
    kind: str = AgendaKind.OTHER
    # Placed after the first item of this kind (at the end when there is none).
    after_kind: str = ""
    minutes_limit: int | None = None


AgendaProvider = Callable[[Meeting], Iterable[ProposedItem]]
_providers: list[AgendaProvider] = []


def register_agenda_item(provider: AgendaProvider) -> AgendaProvider:
    """Register `provider(meeting)` → ProposedItems; usable as a decorator."""
    _providers.append(provider)
    return provider


def proposed_items(meeting: Meeting) -> list[ProposedItem]:
    return [item for provider in _providers for item in provider(meeting)]


# The plan's words decide the kind: the seeds' items differ in wording, not in substance.
_KIND_WORDS = [
    (AgendaKind.REPORT, ("通报", "整改落实情况", "征求意见")),
    (AgendaKind.ROTATION, ("批评",)),
    (AgendaKind.SELF_INSPECTION, ("对照检查", "检视剖析")),
    (AgendaKind.SUPERVISOR, ("讲话", "点评", "指导")),
    (AgendaKind.SUMMARY, ("总结",)),
]


def kind_for_text(text: str) -> str:
    """The kind of a plan's agenda line: "书记带头开展自我批评…" is the rotation."""
    if "总结" in text:
        return AgendaKind.SUMMARY
    for kind, words in _KIND_WORDS:
        if any(w in text for w in words):
            return kind
    return AgendaKind.OTHER


def _secretary(meeting: Meeting):
    seat = meeting.organization.team.filter(position=TeamPosition.SECRETARY).select_related("person").first()
    return seat.person if seat else None


def _default_speaker(meeting: Meeting, kind: str, secretary):
    if kind in (AgendaKind.SELF_INSPECTION, AgendaKind.SUMMARY, AgendaKind.REPORT):
        return secretary, ""
    return None, ""  # the supervising leader: the plan's 到会指导, read when printed


def agenda_items(meeting: Meeting) -> list[AgendaItem]:
    return list(meeting.agenda_items.select_related("speaker"))


@transaction.atomic
def agenda_from_plan(*, meeting: Meeting) -> list[AgendaItem]:
    """Create the agenda from the plan's items (once; idempotent) and the phases' proposals."""
    ensure_not_archived(meeting, "会议议程")
    if meeting.agenda_items.exists():
        agenda_sync_proposals(meeting=meeting)
        return agenda_items(meeting)
    secretary = _secretary(meeting)
    texts = list(PlanAgendaItem.objects.filter(plan__meeting=meeting).order_by("order").values_list("text", flat=True))
    if not texts:
        from meetings.plan_defaults import agenda_for

        texts = list(agenda_for(meeting.kind))
    limits = None
    for order, text in enumerate(texts, start=1):
        kind = kind_for_text(text)
        speaker, speaker_text = _default_speaker(meeting, kind, secretary)
        if kind == AgendaKind.SELF_INSPECTION:
            from .rotation import speaking_limits

            limits = limits or speaking_limits(meeting)
            minutes = limits.speech_minutes
        else:
            minutes = None
        AgendaItem.objects.create(
            meeting=meeting, order=order, kind=kind, title=text, speaker=speaker, speaker_text=speaker_text,
            minutes_limit=minutes,
        )
    agenda_sync_proposals(meeting=meeting)
    return agenda_items(meeting)


def agenda_sync_proposals(*, meeting: Meeting) -> int:
    """Add the items other phases propose that the agenda lacks; returns how many."""
    have = set(meeting.agenda_items.exclude(source="").values_list("source", flat=True))
    added = 0
    for proposal in proposed_items(meeting):
        if proposal.key in have:
            continue
        anchor = meeting.agenda_items.filter(kind=proposal.after_kind).order_by("order").first() if proposal.after_kind else None
        if anchor:
            order = anchor.order + 1
            meeting.agenda_items.filter(order__gte=order).update(order=F("order") + 1)
        else:
            order = (meeting.agenda_items.aggregate(m=Max("order"))["m"] or 0) + 1
        AgendaItem.objects.create(
            meeting=meeting, order=order, kind=proposal.kind, title=proposal.title, source=proposal.key,
            minutes_limit=proposal.minutes_limit,
        )
        have.add(proposal.key)
        added += 1
    if added:
        _sitting_follows(meeting)
    return added


def _sitting_follows(meeting: Meeting) -> None:
    from .rotation import RotationError, sitting_refresh

    try:
        sitting_refresh(meeting=meeting)
    except RotationError as exc:
        raise AgendaError(str(exc)) from exc


def ensure_agenda_editable(meeting: Meeting) -> None:
    """The agenda is fixed once a sitting is under way; a halted sitting frees it again."""
    ensure_not_archived(meeting, "会议议程")
    if Sitting.objects.filter(meeting=meeting, status__in=[SittingStatus.IN_PROGRESS, SittingStatus.HELD]).exists():
        raise AgendaError("会议已开始或已召开，议程不能再调整。")


@transaction.atomic
def agenda_item_move(*, item: AgendaItem, step: int) -> None:
    """Move an item up (step=-1) or down (step=1) by swapping it with its neighbour."""
    ensure_agenda_editable(item.meeting)
    items = list(item.meeting.agenda_items.order_by("order", "id"))
    index = next(i for i, it in enumerate(items) if it.pk == item.pk)
    other = index + step
    if not 0 <= other < len(items):
        return
    items[index], items[other] = items[other], items[index]
    for order, it in enumerate(items, start=1):
        if it.order != order:
            AgendaItem.objects.filter(pk=it.pk).update(order=order, version=F("version") + 1)
    _sitting_follows(item.meeting)


@transaction.atomic
def agenda_item_update(*, item: AgendaItem, version: int, fields: dict) -> AgendaItem:
    """Save the office's edit of an item; a stale form is refused (AgendaConflict)."""
    ensure_agenda_editable(item.meeting)
    allowed = {k: v for k, v in fields.items() if k in {"title", "kind", "speaker", "speaker_text", "minutes_limit"}}
    if not AgendaItem.objects.filter(pk=item.pk, version=version).update(version=F("version") + 1, **allowed):
        raise AgendaConflict(AgendaConflict.MESSAGE)
    item.refresh_from_db()
    _sitting_follows(item.meeting)
    return item


@transaction.atomic
def agenda_item_add(*, meeting: Meeting, title: str, kind: str = AgendaKind.OTHER, speaker=None,
                    speaker_text: str = "", minutes_limit: int | None = None) -> AgendaItem:
    ensure_agenda_editable(meeting)
    order = (meeting.agenda_items.aggregate(m=Max("order"))["m"] or 0) + 1
    item = AgendaItem.objects.create(meeting=meeting, order=order, title=title, kind=kind, speaker=speaker,
                                     speaker_text=speaker_text, minutes_limit=minutes_limit)
    _sitting_follows(meeting)
    return item


@transaction.atomic
def agenda_item_delete(*, item: AgendaItem) -> bool:
    """Remove an item no sitting has used; returns whether it was removed."""
    ensure_agenda_editable(item.meeting)
    from .rotation import current_sitting

    current = current_sitting(item.meeting)
    if item.slots.exclude(sitting=current).exists():
        raise AgendaError("这项议程已用于此前会次的记录，不能删除。")
    if current is not None:
        from .rotation import sitting_touched

        if sitting_touched(current):
            raise AgendaError("本次会议已有发言或记录，议程不能再调整。")
        current.slots.filter(agenda_item=item).delete()
    deleted, _ = AgendaItem.objects.filter(pk=item.pk).delete()
    _sitting_follows(item.meeting)
    return bool(deleted)
