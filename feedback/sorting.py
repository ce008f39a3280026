"""Sorting opinions (梳理): classify, merge duplicates, set aside — one or hundreds at a time.

Every change of state goes through `opinions_move`, which checks the move against `MOVES`,
updates the rows and records who did it, when and why.
"""

from dataclasses import dataclass
from uuid import UUID

from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from meetings.models import MeetingAspect
from organizations.models import Person

from .models import Opinion, OpinionEvent, OpinionRouting, OpinionState, Solicitation
from .services import solicitation_touch

S = OpinionState


@dataclass(frozen=True)
class Move:
    label: str
    sources: frozenset
    target: str


MOVES = {
    "classify": Move("梳理分类", frozenset({S.NEW, S.SORTED}), S.SORTED),
    "classify_partly": Move("部分分类", frozenset({S.NEW, S.SORTED}), S.NEW),
    "merge": Move("合并重复意见", frozenset({S.NEW, S.SORTED}), S.MERGED),
    "split": Move("拆分出合并", frozenset({S.MERGED}), S.NEW),
    "set_aside": Move("搁置", frozenset({S.NEW, S.SORTED}), S.SET_ASIDE),
    "restore": Move("恢复", frozenset({S.SET_ASIDE}), S.NEW),
    "release": Move("反馈", frozenset({S.SORTED}), S.RELEASED),
}


class SortingError(Exception):
    """A change that is not allowed; the message is shown to the office as is."""


def opinions_move(*, ids, move: str, actor, note: str = "", fields: dict | None = None) -> int:
    """Move these opinions by the named move, or raise SortingError for any that cannot."""
    spec = MOVES[move]
    rows = list(Opinion.objects.select_for_update().filter(pk__in=ids).values_list("pk", "state"))
    refused = [state for _, state in rows if state not in spec.sources]
    if refused:
        states = "、".join(sorted({OpinionState(s).label for s in refused}))
        raise SortingError(f"有{len(refused)}条意见处于“{states}”状态，不能“{spec.label}”，所选意见均未修改。")
    if not rows:
        return 0
    Opinion.objects.filter(pk__in=[pk for pk, _ in rows]).update(state=spec.target, **(fields or {}))
    now = timezone.now()
    OpinionEvent.objects.bulk_create(
        [
            OpinionEvent(
                opinion_id=pk,
                action=spec.label,
                from_state=state,
                to_state=spec.target,
                actor=actor,
                at=now,
                note=note,
            )
            for pk, state in rows
        ],
        batch_size=500,
    )
    return len(rows)


# --- classifying -------------------------------------------------------------------------

KEEP = object()  # leave this part of the classification as it is
FROM_SENDER = "from_sender"  # route each opinion to whom its sender addressed


@dataclass(frozen=True)
class Concerns:
    team: bool = False
    members: tuple[Person, ...] = ()

    def __bool__(self):
        return self.team or bool(self.members)


@dataclass(frozen=True)
class Outcome:
    """What a classification did, opinion by opinion, so the office is told exactly that.

    `changed` + `unchanged` + `skipped` + `missing` = the opinions asked for; `sorted` +
    `waiting` = the editable ones (`changed` + `unchanged`), by their state afterwards.
    """

    changed: int = 0  # aspect, kind or whom it concerns is now different
    unchanged: int = 0  # already classified exactly as chosen
    sorted: int = 0  # 已梳理 afterwards
    waiting: int = 0  # still 待梳理 afterwards …
    without_kind: int = 0  # … because it has no 类别
    without_concerns: int = 0  # … because it concerns nobody yet (反映对象)
    skipped: int = 0  # not editable any more (fed back, merged, set aside)
    skipped_states: tuple[str, ...] = ()
    missing: int = 0  # not an opinion of this solicitation

    @property
    def message(self) -> str:
        parts = []
        if self.changed:
            parts.append(f"已修改 {self.changed} 条的分类")
        if self.unchanged:
            parts.append(f"{self.unchanged} 条原已是所选分类，未变化")
        if self.sorted:
            parts.append(f"现已梳理 {self.sorted} 条")
        if self.waiting:
            reasons = []
            if self.without_kind:
                reasons.append(f"{self.without_kind} 条未定类别")
            if self.without_concerns:
                reasons.append(f"{self.without_concerns} 条未定反映对象，可在“反映对象”中选“按提出人所选”或指定对象")
            parts.append(f"{self.waiting} 条仍待梳理（{'；'.join(reasons)}）")
        if self.skipped:
            states = "、".join(OpinionState(s).label for s in self.skipped_states)
            parts.append(f"{self.skipped} 条处于“{states}”状态，不能修改，未处理")
        if self.missing:
            parts.append(f"{self.missing} 条不在本次征求意见中，未处理")
        return "；".join(parts) + "。" if parts else "没有可处理的意见。"

    @property
    def complete(self) -> bool:
        """Everything asked for is now sorted: nothing to warn about."""
        return not (self.waiting or self.skipped or self.missing)


@transaction.atomic
def opinions_classify(
    *,
    solicitation: Solicitation,
    ids,
    actor,
    aspect: MeetingAspect | None | object = KEEP,
    kind: str | object = KEEP,
    concerns: Concerns | str | object = KEEP,
) -> Outcome:
    """Set aspect, kind and whom the opinions concern (the team and/or members).

    An opinion with a kind and at least one person or the team is sorted; otherwise it
    waits. Opinions already fed back, merged or set aside are left alone and counted.
    """
    ids = list(dict.fromkeys(ids))
    rows = list(
        Opinion.objects.select_for_update()
        .filter(solicitation=solicitation, pk__in=ids)
        .values_list("pk", "state", "addressed_member_id")
    )
    editable = [(pk, addressed) for pk, state, addressed in rows if state in S.editable()]
    skipped_states = tuple(sorted({state for _, state, _ in rows if state not in S.editable()}))
    counts = {"skipped": len(rows) - len(editable), "skipped_states": skipped_states,
              "missing": len(ids) - len(rows)}
    editable_ids = [pk for pk, _ in editable]
    if not editable_ids:
        return Outcome(**counts)
    before = _classification_of(editable_ids)
    updates = {}
    if aspect is not KEEP:
        updates["aspect"] = aspect
    if kind is not KEEP:
        updates["kind"] = kind
    if updates:
        Opinion.objects.filter(pk__in=editable_ids).update(**updates)
    if concerns is not KEEP:
        _route(editable, concerns)
    _settle_states(editable_ids, actor)
    after = _classification_of(editable_ids)
    solicitation_touch(solicitation_id=solicitation.pk)
    waiting = [c for c in after.values() if c[3] != S.SORTED]
    changed = sum(1 for pk in editable_ids if before[pk][:3] != after[pk][:3])
    return Outcome(
        changed=changed,
        unchanged=len(editable_ids) - changed,
        sorted=len(editable_ids) - len(waiting),
        waiting=len(waiting),
        without_kind=sum(1 for c in waiting if not c[1]),
        without_concerns=sum(1 for c in waiting if not c[2]),
        **counts,
    )


def _classification_of(ids) -> dict:
    """pk → (aspect, kind, whom it concerns, state): what a report compares."""
    routes: dict = {pk: set() for pk in ids}
    for opinion_id, member_id in OpinionRouting.objects.filter(opinion_id__in=ids).values_list(
        "opinion_id", "member_id"
    ):
        routes[opinion_id].add(member_id if member_id is not None else "team")
    return {
        pk: (aspect_id, kind, frozenset(routes[pk]), state)
        for pk, aspect_id, kind, state in Opinion.objects.filter(pk__in=ids).values_list(
            "pk", "aspect_id", "kind", "state"
        )
    }


def _route(editable: list[tuple[UUID, int | None]], concerns) -> None:
    """Replace the routing of opinions not yet fed back (no one has answered them yet)."""
    ids = [pk for pk, _ in editable]
    OpinionRouting.objects.filter(opinion_id__in=ids).delete()
    routings = []
    for pk, addressed in editable:
        if concerns == FROM_SENDER:
            routings.append(OpinionRouting(opinion_id=pk, member_id=addressed))
            continue
        if concerns.team:
            routings.append(OpinionRouting(opinion_id=pk, member=None))
        routings += [OpinionRouting(opinion_id=pk, member=m) for m in dict.fromkeys(concerns.members)]
    OpinionRouting.objects.bulk_create(routings, batch_size=1000)


def _settle_states(ids, actor) -> None:
    """Sorted when kind and concerns are both set; waiting otherwise."""
    routed = Exists(OpinionRouting.objects.filter(opinion=OuterRef("pk")))
    complete = list(
        Opinion.objects.filter(pk__in=ids)
        .filter(routed)
        .exclude(kind="")
        .values_list("pk", flat=True)
    )
    opinions_move(ids=complete, move="classify", actor=actor)
    opinions_move(ids=set(ids) - set(complete), move="classify_partly", actor=actor)


# --- merging duplicates ------------------------------------------------------------------


@transaction.atomic
def opinions_merge(*, solicitation: Solicitation, ids: list, actor, primary_id=None) -> Opinion:
    """Fold duplicates into one opinion that stands for the group (counted once).

    Every text stays as it was written and is fed back with the group. The group keeps
    the first classified opinion's classification (or the named one's), plus whoever any
    of the others were routed to, so nobody loses an opinion meant for them.
    """
    chosen = list(
        Opinion.objects.select_for_update()
        .filter(solicitation=solicitation, pk__in=ids)
        .prefetch_related("routings")
    )
    if len(chosen) < 2:
        raise SortingError("请至少选择两条意见进行合并。")
    order = {str(pk): i for i, pk in enumerate(ids)}
    chosen.sort(key=lambda o: order.get(str(o.pk), len(order)))
    primary = _primary(chosen, primary_id)
    others = [o for o in chosen if o.pk != primary.pk]
    if primary.state not in (S.NEW, S.SORTED, S.RELEASED):
        raise SortingError(f"意见{primary.code}处于“{primary.get_state_display()}”状态，不能作为合并后的意见。")
    if primary.state == S.RELEASED and any(o.routings.all() for o in others):
        # Re-routing a fed-back opinion would show it to someone after the fact.
        wanted = {r.member_id for o in others for r in o.routings.all()}
        if not wanted <= {r.member_id for r in primary.routings.all()}:
            raise SortingError("已反馈的意见只能并入反映对象相同的重复意见。")
    if primary.state != S.RELEASED:
        _absorb(primary, others)
    other_ids = [o.pk for o in others]
    opinions_move(
        ids=other_ids,
        move="merge",
        actor=actor,
        note=f"并入意见{primary.code}",
        fields={"duplicate_of": primary},
    )
    # Duplicates of a merged group follow it into the new one.
    Opinion.objects.filter(duplicate_of_id__in=other_ids).update(duplicate_of=primary)
    OpinionRouting.objects.filter(opinion_id__in=other_ids).delete()
    OpinionEvent.objects.create(
        opinion=primary,
        action="合并重复意见",
        from_state=primary.state,
        to_state=primary.state,
        actor=actor,
        at=timezone.now(),
        note=f"合并{len(others)}条相同意见：{'、'.join(o.code for o in others)}",
    )
    if primary.state != S.RELEASED:
        _settle_states([primary.pk], actor)
    solicitation_touch(solicitation_id=solicitation.pk)
    primary.refresh_from_db()
    return primary


def _primary(chosen: list[Opinion], primary_id) -> Opinion:
    if primary_id:
        for opinion in chosen:
            if str(opinion.pk) == str(primary_id):
                return opinion
        raise SortingError("合并后保留的意见须在所选意见之中。")
    for state in (S.RELEASED, S.SORTED):
        for opinion in chosen:
            if opinion.state == state:
                return opinion
    return chosen[0]


def _absorb(primary: Opinion, others: list[Opinion]) -> None:
    fields = []
    for name in ("aspect_id", "kind"):
        if not getattr(primary, name):
            value = next((getattr(o, name) for o in others if getattr(o, name)), None)
            if value:
                setattr(primary, name, value)
                fields.append(name)
    if fields:
        primary.save(update_fields=[f.removesuffix("_id") for f in fields])
    have = {r.member_id for r in primary.routings.all()}
    wanted = {r.member_id for o in others for r in o.routings.all()} - have
    OpinionRouting.objects.bulk_create(
        [OpinionRouting(opinion=primary, member_id=member_id) for member_id in wanted]
    )


@transaction.atomic
def opinion_split(*, opinion: Opinion, actor) -> Opinion:
    """Take a merged duplicate out of its group again; it waits to be sorted on its own."""
    opinions_move(ids=[opinion.pk], move="split", actor=actor, fields={"duplicate_of": None})
    solicitation_touch(solicitation_id=opinion.solicitation_id)
    opinion.refresh_from_db()
    return opinion


# --- setting aside -----------------------------------------------------------------------


@transaction.atomic
def opinions_set_aside(*, solicitation: Solicitation, ids, reason: str, actor) -> int:
    """Leave opinions out of the count and the feedback, saying why (e.g. 与本次主题无关)."""
    reason = (reason or "").strip()
    if not reason:
        raise SortingError("搁置意见须写明原因。")
    ids = _own(solicitation, ids)
    count = opinions_move(
        ids=ids, move="set_aside", actor=actor, note=reason, fields={"set_aside_reason": reason}
    )
    solicitation_touch(solicitation_id=solicitation.pk)
    return count


@transaction.atomic
def opinions_restore(*, solicitation: Solicitation, ids, actor) -> int:
    count = opinions_move(
        ids=_own(solicitation, ids), move="restore", actor=actor, fields={"set_aside_reason": ""}
    )
    solicitation_touch(solicitation_id=solicitation.pk)
    return count


def _own(solicitation: Solicitation, ids) -> list:
    """Only this solicitation's opinions, whatever ids were posted."""
    return list(
        Opinion.objects.filter(Q(pk__in=ids), solicitation=solicitation).values_list("pk", flat=True)
    )
