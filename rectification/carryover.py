"""Carry-over into the next meeting (issue 13; seed 003 §六(三): "全面盘点…上一年度民主生活会…
尚未完成的整改问题，一揽子推进整改落实，清理旧账、解决新账").

An unfinished item is marked 转入下一次 with a reason when its meeting is about to be
archived. It stays the same row with the same history, open, and from then on belongs to
the organisation's next meeting of the same kind (`carried_to`) — filled when that meeting
is created (`meetings.progress.register_created`, phase_carryover) or at once when it
already exists. Until then it answers to the meeting it was carried out of
(`carried_from`, see access.governing_meeting).

A closed item of an archived meeting is re-examined (回头看) through the next meeting: it
reopens there as a carried item, with the reason.

The meeting moves to 已归档 only when every item it holds is closed or carried, and no
list with items is left unapproved (`archive_blockers`); the RECTIFICATION milestone
follows the same rule (`rectification_milestone_sync`). A meeting holds the items of its
approved lists only (`held_by`).
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from meetings.models import Meeting, MilestoneKind, Stage
from notifications.services import notify

from .access import governing_meeting, item_owner_id
from .models import Item, ItemEvent, ItemStatus


class CarryError(Exception):
    """A carry, undo or 回头看 that is not allowed; the message is shown as is."""


# --- which meeting, which items ---------------------------------------------------------


def _same_line(meeting: Meeting):
    return Meeting.objects.filter(organization_id=meeting.organization_id, kind=meeting.kind).exclude(pk=meeting.pk)


def next_meeting(meeting: Meeting) -> Meeting | None:
    """The organisation's next meeting of the same kind: the first created after this one
    (never one of an earlier year entered late)."""
    return _same_line(meeting).filter(pk__gt=meeting.pk, year__gte=meeting.year).order_by("pk").first()


def previous_meeting(meeting: Meeting) -> Meeting | None:
    """The meeting this one is the next of."""
    return _same_line(meeting).filter(pk__lt=meeting.pk, year__lte=meeting.year).order_by("-pk").first()


def held_by(meeting) -> Q:
    """The items a meeting holds now: those of its own approved lists not carried out of
    it, and those carried into it (and not carried on).

    Only approved lists: a member's list never submitted is theirs alone (access.list_roles),
    one waiting for the secretary not yet the meeting's — neither is shown on the office's
    carry page, carried, nor reported to the 督导组 (unapproved_lists counts them instead).
    An approved list stays approved (`approved_at`) while a revision is drafted. Items
    carried into a meeting came from an approved list (item_carry refuses others)."""
    return (
        Q(rectification_list__meeting=meeting, rectification_list__approved_at__isnull=False, carried_from__isnull=True)
        | Q(carried_to=meeting)
    )


def carried_out_of(meeting) -> Q:
    return Q(carried_from=meeting)


def carried_into(meeting):
    """The 旧账 of this meeting: items carried into it from the previous one, in list order."""
    return (
        Item.objects.filter(carried_to=meeting)
        .select_related("rectification_list__owner", "rectification_list__meeting__organization", "responsible")
        .order_by("rectification_list__kind", "rectification_list__owner__name", "order", "pk")
    )


def unfinished_items(meeting):
    """What keeps the meeting from being archived: held, neither closed nor carried."""
    return (
        Item.objects.filter(held_by(meeting))
        .exclude(status=ItemStatus.CLOSED)
        .select_related("rectification_list__owner", "responsible")
        .order_by("rectification_list__kind", "rectification_list__owner__name", "order", "pk")
    )


@dataclass(frozen=True)
class Tally:
    """A meeting's items at a glance: how many it holds, closed, carried on, still open."""

    total: int
    closed: int
    carried: int
    open: int
    closing: int
    carried_in: int
    carried_in_closed: int
    # The meeting's lists with items but not approved (by kind): counted, never shown.
    unapproved_personal: int = 0
    unapproved_team: int = 0

    @property
    def unfinished(self) -> int:
        return self.open + self.closing

    @property
    def unapproved(self) -> int:
        return self.unapproved_personal + self.unapproved_team

    @property
    def settled(self) -> bool:
        return self.total > 0 and self.unfinished == 0 and self.unapproved == 0


def unapproved_lists(meeting) -> dict[str, int]:
    """How many of the meeting's lists hold items but were never approved, by kind — their
    items are not the meeting's yet (held_by), yet they must not silently vanish at archiving."""
    from .models import ListKind, RectificationList

    counts = (
        RectificationList.objects.filter(meeting=meeting, approved_at__isnull=True, items__isnull=False)
        .aggregate(personal=Count("pk", filter=Q(kind=ListKind.PERSONAL), distinct=True),
                   team=Count("pk", filter=Q(kind=ListKind.TEAM), distinct=True))
    )
    return counts


def meeting_tally(meeting) -> Tally:
    """Three queries whatever the number of items."""
    held = Item.objects.filter(held_by(meeting)).aggregate(
        total=Count("pk"),
        closed=Count("pk", filter=Q(status=ItemStatus.CLOSED)),
        open=Count("pk", filter=Q(status=ItemStatus.OPEN)),
        closing=Count("pk", filter=Q(status=ItemStatus.CLOSING)),
        carried_in=Count("pk", filter=Q(carried_to=meeting)),
        carried_in_closed=Count("pk", filter=Q(carried_to=meeting, status=ItemStatus.CLOSED)),
    )
    carried = Item.objects.filter(carried_out_of(meeting)).count()
    unapproved = unapproved_lists(meeting)
    return Tally(
        total=held["total"] + carried, closed=held["closed"], carried=carried, open=held["open"],
        closing=held["closing"], carried_in=held["carried_in"], carried_in_closed=held["carried_in_closed"],
        unapproved_personal=unapproved["personal"], unapproved_team=unapproved["team"],
    )


# --- the archive blocker and the milestone ----------------------------------------------


def archive_blockers(meeting) -> list[str]:
    """Seed 003 §六(三), issue 13: no 已归档 while an item is neither closed nor carried over
    with a reason."""
    reasons = []
    tally = meeting_tally(meeting)
    if tally.unfinished:
        parts = [f"整改中{tally.open}项" if tally.open else "", f"待销号{tally.closing}项" if tally.closing else ""]
        reasons.append(
            f"尚有{tally.unfinished}项整改事项既未销号、也未转入下一次会议（{'、'.join(p for p in parts if p)}），"
            "不能归档：请逐项销号，或在“转入下一次会议”页写明原因后转入"
        )
    # Only how many: a list never submitted is its owner's alone, its text not the office's.
    if tally.unapproved_team:
        reasons.append("领导班子整改清单尚未批准，不能归档：请提交审批后再逐项销号或转入下一次会议")
    if tally.unapproved_personal:
        reasons.append(
            f"有{tally.unapproved_personal}份个人整改清单尚未批准，不能归档：请督促本人提交、书记审批后再逐项销号或转入下一次会议"
        )
    unexplained = Item.objects.filter(carried_out_of(meeting), carry_reason="").count()
    if unexplained:
        reasons.append(f"有{unexplained}项转入下一次会议的整改事项未写明原因，不能归档")
    return reasons


def rectification_milestone_sync(*, meeting, actor) -> bool:
    """The 整改落实 milestone is done exactly when every item the meeting holds is closed or
    carried over (the archive move requires it; it never ticks it itself). Called after
    every carry, undo and 回头看 — and by 销号 and its reopening. Returns whether done."""
    settled = meeting_tally(meeting).settled
    milestones = meeting.milestones.filter(kind=MilestoneKind.RECTIFICATION)
    if settled:
        milestones.filter(done_at__isnull=True).update(done_at=timezone.now(), done_by=actor)
    else:
        milestones.exclude(done_at__isnull=True).update(done_at=None, done_by=None)
    return settled


# --- carrying, undoing, re-examining ----------------------------------------------------


def _event(item: Item, *, action: str, label: str, from_status: str, actor, note: str, at) -> ItemEvent:
    return ItemEvent.objects.create(
        item=item, action=action, label=label, from_status=from_status, to_status=item.status, actor=actor,
        note=note, at=at,
    )


def _locked(item: Item) -> Item:
    return (
        Item.objects.select_for_update(of=("self",))
        .select_related("rectification_list__meeting", "carried_to", "carried_from")
        .get(pk=item.pk)
    )


def _refresh(item: Item, locked: Item, fields: list[str]) -> None:
    for name in fields:
        setattr(item, name, getattr(locked, name))


CARRY_FIELDS = ["carried_at", "carry_reason", "carried_from", "carried_to", "status", "closed_at", "closed_by"]


def item_carry(*, item: Item, reason: str, actor) -> ItemEvent:
    """Mark an unfinished item 转入下一次 with its reason: it stays open, the same row, and
    belongs to the next meeting of the same kind from the day that meeting exists."""
    reason = (reason or "").strip()
    if not reason:
        raise CarryError("请填写转入下一次会议的原因")
    with transaction.atomic():
        locked = _locked(item)
        meeting = governing_meeting(locked)
        if meeting.stage != Stage.RECTIFYING:
            raise CarryError(f"会议处于“{meeting.get_stage_display()}”阶段：整改落实阶段、归档之前才能转入下一次会议")
        if locked.rectification_list.approved_at is None:
            raise CarryError("该事项所在的整改清单尚未批准，不能转入下一次会议")
        if locked.status == ItemStatus.CLOSED:
            raise CarryError("该事项已销号，无需转入下一次会议")
        if locked.carried_from_id == meeting.pk:
            raise CarryError("该事项已转入下一次会议")
        now = timezone.now()
        locked.carried_at, locked.carry_reason = now, reason
        locked.carried_from, locked.carried_to = meeting, next_meeting(meeting)
        locked.save(update_fields=["carried_at", "carry_reason", "carried_from", "carried_to"])
        event = _event(locked, action="carry", label="转入下一次会议", from_status=locked.status, actor=actor,
                       note=reason, at=now)
        rectification_milestone_sync(meeting=meeting, actor=actor)
        transaction.on_commit(lambda: carry_notify(event_id=event.pk))
    _refresh(item, locked, CARRY_FIELDS)
    return event


def items_carry(*, items_reasons: list[tuple[Item, str]], actor) -> list[ItemEvent]:
    """Carry several items at once (the office's page): all of them or none."""
    with transaction.atomic():
        return [item_carry(item=item, reason=reason, actor=actor) for item, reason in items_reasons]


def item_carry_undo(*, item: Item, actor) -> ItemEvent:
    """Take back a carry while the meeting it was carried out of is not archived."""
    with transaction.atomic():
        locked = _locked(item)
        source = locked.carried_from
        if source is None:
            raise CarryError("该事项没有转入下一次会议")
        if source.stage == Stage.ARCHIVED:
            raise PermissionDenied("会议已归档，转入下一次会议不能再撤销")
        own = locked.rectification_list.meeting
        now = timezone.now()
        if source.pk == own.pk:
            locked.carried_at, locked.carry_reason, locked.carried_from, locked.carried_to = None, "", None, None
        else:
            # Carried on a second time: it goes back to the meeting it was carried into.
            # Which meeting it came from before is kept in its history; `carried_from`
            # only matters while `carried_to` is empty, so its own meeting stands in.
            earlier = locked.events.filter(action__in=("carry", "reexamine"), at__lt=locked.carried_at).last()
            locked.carried_to, locked.carried_from = source, own
            locked.carried_at = earlier.at if earlier else locked.carried_at
            locked.carry_reason = earlier.note if earlier else locked.carry_reason
        locked.save(update_fields=["carried_at", "carry_reason", "carried_from", "carried_to"])
        event = _event(locked, action="carry_undo", label="撤销转入下一次会议", from_status=locked.status,
                       actor=actor, note="", at=now)
        rectification_milestone_sync(meeting=source, actor=actor)
    _refresh(item, locked, CARRY_FIELDS)
    return event


def item_reexamine(*, item: Item, meeting: Meeting, reason: str, actor) -> ItemEvent:
    """回头看 across years: a closed item of an archived meeting reopens in the next meeting,
    as an item carried into it, with the reason."""
    reason = (reason or "").strip()
    if not reason:
        raise CarryError("请填写回头看重新整改的原因")
    with transaction.atomic():
        locked = _locked(item)
        source = governing_meeting(locked)
        if locked.status != ItemStatus.CLOSED:
            raise CarryError("只有已销号的事项才能回头看后重新整改")
        if source.stage != Stage.ARCHIVED:
            raise CarryError("会议尚未归档：请在本次会议的回头看中重新打开该事项")
        if meeting.stage == Stage.ARCHIVED:
            raise PermissionDenied("会议已归档，不能再回头看")
        following = next_meeting(source)
        if following is None or following.pk != meeting.pk:
            raise CarryError("只能通过下一次会议对上次会议已销号的事项回头看")
        now = timezone.now()
        from_status = locked.status
        locked.status, locked.closed_at, locked.closed_by = ItemStatus.OPEN, None, None
        locked.carried_at, locked.carry_reason, locked.carried_from, locked.carried_to = now, reason, source, meeting
        locked.save(update_fields=CARRY_FIELDS)
        event = _event(locked, action="reexamine", label="回头看：转入本次会议重新整改", from_status=from_status,
                       actor=actor, note=reason, at=now)
        rectification_milestone_sync(meeting=meeting, actor=actor)
        transaction.on_commit(lambda: carry_notify(event_id=event.pk))
    _refresh(item, locked, CARRY_FIELDS)
    return event


def carried_claim(meeting: Meeting) -> int:
    """A new meeting takes the items carried out of the organisation's meetings of the same
    kind that are still waiting for it (meetings.progress.register_created)."""
    waiting = Item.objects.filter(
        carried_to__isnull=True, carried_from__isnull=False, carried_from__organization_id=meeting.organization_id,
        carried_from__kind=meeting.kind, carried_from__pk__lt=meeting.pk, carried_from__year__lte=meeting.year,
    )
    return waiting.update(carried_to=meeting)


def carry_notify(*, event_id: int) -> None:
    """The item's owner hears that it goes on in the next meeting (and why)."""
    event = ItemEvent.objects.select_related(
        "item__rectification_list__owner__user", "item__responsible__user", "item__carried_to",
    ).get(pk=event_id)
    item = event.item
    owner = item.rectification_list.owner if not item.rectification_list.is_team else item.responsible
    if owner is None or owner.user is None or owner.user_id == event.actor_id or item_owner_id(item) is None:
        return
    where = f"转入{item.carried_to.title}" if item.carried_to_id else "转入下一次会议"
    notify(
        recipients=[owner.user],
        title=f"{event.label}：{item.problem[:30]}",
        body=f"整改事项“{item.problem}”{where}继续整改。\n原因：{event.note}",
        url=reverse("rectification:carried", args=[item.carried_to_id]) if item.carried_to_id else "",
    )
