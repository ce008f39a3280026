"""Writing the lists: starting one, adding, changing and removing items and their measures.

Only while the list is editable (a draft, or returned for revision) and the meeting is in
the stages after it was held: a submitted or approved list is frozen, and a change after
approval goes through `list_transition(name="revise")` with a written reason first.

Every item and measure carries the version it was loaded at. A save from an older version
is refused (`ItemConflict`) with what is there now, so that the person who typed sees both
and decides; nothing they typed is lost. Every change writes an `ItemEvent`, so the item's
history starts with its creation.

The field rules of seed 000 §四(三) ("明确整改目标、重点、措施、时限、责任人") live in
`item_rules`: 限期整改 needs a deadline, 长期坚持 a review date instead, 立行立改 a near
deadline; a personal item's 责任人 is its owner; a team item names a member or a department.
"""

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from inspections.models import MeasureTerm
from organizations.models import Person, TeamMembership

from .access import ensure_list_editable
from .models import (
    Item,
    ItemEvent,
    ItemMeasure,
    ItemSource,
    ItemStatus,
    ListKind,
    ListState,
    ProgressReport,
    RectificationList,
)

# 立行立改: fixed at once — a deadline within this many days of the meeting (or of today,
# when the list is drawn up later).
IMMEDIATE_DAYS = 30

ITEM_FIELDS = (
    "problem", "target", "term", "deadline", "next_review", "responsible", "responsible_text",
    "lead_department", "cooperating", "disclosed",
)
MEASURE_FIELDS = ("content", "deadline")


class ListLocked(Exception):
    """The list cannot be changed now; the message says why, for the page."""


class ItemConflict(Exception):
    """Someone saved this item or measure after it was loaded here; `current` is theirs."""

    def __init__(self, current, actor=None):
        self.current = current
        if current.updated_by_id is None or actor is not None and current.updated_by_id == actor.pk:
            where = "在您的另一个窗口中"
        else:
            person = getattr(current.updated_by, "person", None)
            where = f"由{person.name if person else current.updated_by.username}"
        when = timezone.localtime(current.updated_at).strftime("%H:%M:%S")
        super().__init__(
            f"这一项已于{when}{where}保存过（第{current.version}版）。"
            "为避免覆盖，您这次的修改没有保存；您填写的内容仍在下面，请核对当前内容后再保存。"
        )


class ItemGone(Exception):
    """The item or measure was deleted meanwhile."""


# --- the list -------------------------------------------------------------------------------


def list_ensure(*, meeting, kind: str, owner: Person | None = None) -> RectificationList:
    """The team list of the meeting, or a member's own, started on first visit (idempotent)."""
    owner = None if kind == ListKind.TEAM else owner
    if kind == ListKind.PERSONAL and owner is None:
        raise ValueError("个人整改清单须有本人")
    lookup = {"meeting": meeting, "kind": kind, "owner": owner}
    existing = RectificationList.objects.filter(**lookup).first()
    if existing:
        return existing
    try:
        with transaction.atomic():
            return RectificationList.objects.create(**lookup, started_at=timezone.now())
    except IntegrityError:  # two first visits at once: the other one made it
        return RectificationList.objects.get(**lookup)


def _ensure_editable(rlist: RectificationList) -> None:
    ensure_list_editable(rlist)
    if rlist.state not in ListState.editable():
        raise ListLocked(
            f"清单{rlist.get_state_display()}，不能再修改。"
            + ("批准后如需修改，请先“申请修改”并写明原因。" if rlist.state == ListState.APPROVED else "")
        )


def _locked_list(rlist: RectificationList) -> RectificationList:
    locked = RectificationList.objects.select_for_update(of=("self",)).select_related("meeting").get(pk=rlist.pk)
    _ensure_editable(locked)
    return locked


# --- the rules of an item -------------------------------------------------------------------


def immediate_limit(rlist: RectificationList, today: date | None = None) -> date:
    today = today or timezone.localdate()
    start = max(filter(None, [rlist.meeting.held_on, today]))
    return start + timedelta(days=IMMEDIATE_DAYS)


def team_people(rlist: RectificationList):
    """Who may answer for a team item: the members of the team."""
    seats = TeamMembership.objects.filter(organization_id=rlist.meeting.organization_id).in_rank_order()
    return [seat.person for seat in seats.select_related("person")]


def item_rules(rlist: RectificationList, values: dict) -> dict:
    """The item's fields made consistent, or ValidationError naming the field and the rule."""
    values = dict(values)
    errors = {}
    if not (values.get("problem") or "").strip():
        errors["problem"] = "请填写问题。"
    term = values.get("term") or MeasureTerm.DEADLINE
    values["term"] = term
    deadline = values.get("deadline")
    if term == MeasureTerm.DEADLINE and not deadline:
        errors["deadline"] = "限期整改的事项须填写完成时限。"
    if term == MeasureTerm.IMMEDIATE:
        limit = immediate_limit(rlist)
        if not deadline:
            errors["deadline"] = "立行立改的事项须填写完成时限。"
        elif deadline > limit:
            errors["deadline"] = f"立行立改的事项须在{IMMEDIATE_DAYS}天内完成（最迟{limit:%Y-%m-%d}）；时间较长的请选“限期整改”。"
    if term == MeasureTerm.LONG_TERM:
        if not values.get("next_review"):
            errors["next_review"] = "长期坚持的事项须填写下次复查日期。"
    else:
        values["next_review"] = None
    if rlist.is_team:
        responsible = values.get("responsible")
        if responsible is not None and responsible.pk not in {p.pk for p in team_people(rlist)}:
            errors["responsible"] = "责任人须是班子成员。"
        if responsible is None and not (values.get("lead_department") or "").strip() and not (
            values.get("responsible_text") or ""
        ).strip():
            errors["responsible"] = "班子整改事项须明确责任人（班子成员）或牵头部门。"
    else:
        # Seed 001 §五(二): the personal plan is the member's own, and so is each item.
        values["responsible"] = rlist.owner
        values["responsible_text"] = ""
    if errors:
        raise ValidationError(errors)
    for key in ("problem", "target", "responsible_text", "lead_department", "cooperating"):
        if key in values:
            values[key] = (values[key] or "").strip()
    return values


def _event(item, *, action: str, label: str, actor, note: str = "", at=None) -> ItemEvent:
    return ItemEvent.objects.create(
        item=item, action=action, label=label, from_status=item.status, to_status=item.status, actor=actor,
        note=note, at=at or timezone.now(),
    )


def _labels(model, names) -> str:
    return "、".join(str(model._meta.get_field(n).verbose_name) for n in names)


# --- items ------------------------------------------------------------------------------------


@transaction.atomic
def item_create(
    *, rlist: RectificationList, actor, problem: str, target: str = "", term: str = MeasureTerm.DEADLINE,
    deadline: date | None = None, responsible: Person | None = None, measures=(), sources=(), **more,
) -> Item:
    """A new item at the end of the list, with its measures and where it came from.

    `measures`: texts, or dicts with `content` and `deadline`. `sources`: dicts of
    ItemSource's fields (`kind`, one of the source columns, `quote`). `more`: next_review,
    responsible_text, lead_department, cooperating, disclosed.
    """
    locked = _locked_list(rlist)
    unknown = set(more) - set(ITEM_FIELDS)
    if unknown:
        raise TypeError(f"unknown item fields: {sorted(unknown)}")
    values = item_rules(locked, {"problem": problem, "target": target, "term": term, "deadline": deadline,
                                 "responsible": responsible, **more})
    order = (locked.items.aggregate(m=Max("order"))["m"] or 0) + 1
    item = Item.objects.create(rectification_list=locked, order=order, created_by=actor, updated_by=actor, **values)
    rows = [m if isinstance(m, dict) else {"content": m} for m in measures]
    ItemMeasure.objects.bulk_create([
        ItemMeasure(item=item, order=n, content=row["content"].strip(), deadline=row.get("deadline") or item.deadline,
                    updated_by=actor)
        for n, row in enumerate(rows, start=1) if (row.get("content") or "").strip()
    ])
    ItemSource.objects.bulk_create([ItemSource(item=item, added_by=actor, **source) for source in sources])
    _event(item, action="create", label="创建", actor=actor,
           note=f"{item.get_term_display()}；措施{len(rows)}条" + (f"；来源{len(sources)}项" if sources else ""))
    return item


def item_add(*, rlist: RectificationList, actor, measures=(), **fields) -> Item:
    """An item written by hand (the list page's form): no source to link."""
    return item_create(rlist=rlist, actor=actor, measures=measures, **fields)


def _locked_item(item: Item, version: int | None, actor) -> Item:
    locked = Item.objects.select_for_update(of=("self",)).select_related("updated_by__person").filter(pk=item.pk).first()
    if locked is None:
        raise ItemGone("这一事项已被删除。")
    if version is not None and locked.version != version:
        raise ItemConflict(locked, actor)
    return locked


@transaction.atomic
def item_update(*, item: Item, version: int, actor, **fields) -> Item:
    """Save the item's fields from `version`; a stale version raises ItemConflict."""
    rlist = _locked_list(item.rectification_list)
    locked = _locked_item(item, version, actor)
    unknown = set(fields) - set(ITEM_FIELDS)
    if unknown:
        raise TypeError(f"unknown item fields: {sorted(unknown)}")
    current = {name: getattr(locked, name) for name in ITEM_FIELDS}
    values = item_rules(rlist, {**current, **fields})
    changed = [name for name in ITEM_FIELDS if values.get(name) != current[name]]
    if not changed:
        return locked
    for name in changed:
        setattr(locked, name, values[name])
    locked.version += 1
    locked.updated_by = actor
    locked.save(update_fields=[*changed, "version", "updated_by", "updated_at"])
    _event(locked, action="change", label="修改", actor=actor, note=f"修改了{_labels(Item, changed)}")
    return locked


def _ensure_deletable(item: Item, rlist: RectificationList) -> None:
    """Deleting an item takes its progress, evidence, history and 销号 with it. A list reopened
    by 申请修改 is a draft again, but what was done on it since approval stays: such an item
    is changed, not deleted; one carried into the next meeting belongs to that meeting."""
    if item.carried_at:
        raise ListLocked("这一事项已转入下一次民主生活会继续整改，不能删除。")
    if not rlist.approved_at:
        return
    if item.status == ItemStatus.CLOSED:
        raise ListLocked("这一事项已销号，销号记录须保留，不能删除；如需调整，请修改事项并在修改原因中说明。")
    if item.status != ItemStatus.OPEN:
        raise ListLocked("这一事项正在销号核验，不能删除。")
    if ProgressReport.objects.filter(measure__item=item).exists():
        raise ListLocked("这一事项已有整改进展报告，删除会丢失进展和佐证材料，不能删除；如需调整，请修改事项或措施。")


@transaction.atomic
def item_delete(*, item: Item, actor) -> None:
    """Remove an item from a draft (its history goes with it: it was never submitted as such
    — a submitted version keeps its text in the frozen content) — never what was done on it
    after approval (`_ensure_deletable`)."""
    rlist = _locked_list(item.rectification_list)
    locked = _locked_item(item, None, actor)
    _ensure_deletable(locked, rlist)
    Item.objects.filter(pk=locked.pk).delete()


# --- measures ---------------------------------------------------------------------------------


@transaction.atomic
def measure_add(*, item: Item, actor, content: str, deadline: date | None = None) -> ItemMeasure:
    _locked_list(item.rectification_list)
    locked = _locked_item(item, None, actor)
    if not (content or "").strip():
        raise ValidationError({"content": "请填写整改措施。"})
    order = (locked.measures.aggregate(m=Max("order"))["m"] or 0) + 1
    measure = ItemMeasure.objects.create(item=locked, order=order, content=content.strip(),
                                         deadline=deadline or locked.deadline, updated_by=actor)
    _event(locked, action="measure_add", label="添加措施", actor=actor, note=measure.content[:60])
    return measure


@transaction.atomic
def measure_update(*, measure: ItemMeasure, version: int, actor, content: str, deadline: date | None = None) -> ItemMeasure:
    _locked_list(measure.item.rectification_list)
    locked = ItemMeasure.objects.select_for_update(of=("self",)).select_related("updated_by__person").filter(
        pk=measure.pk).first()
    if locked is None:
        raise ItemGone("这条措施已被删除。")
    if locked.version != version:
        raise ItemConflict(locked, actor)
    if not (content or "").strip():
        raise ValidationError({"content": "请填写整改措施。"})
    values = {"content": content.strip(), "deadline": deadline}
    changed = [name for name in MEASURE_FIELDS if getattr(locked, name) != values[name]]
    if not changed:
        return locked
    for name in changed:
        setattr(locked, name, values[name])
    locked.version += 1
    locked.updated_by = actor
    locked.save(update_fields=[*changed, "version", "updated_by", "updated_at"])
    _event(locked.item, action="measure_change", label="修改措施", actor=actor,
           note=f"第{locked.order}条：修改了{_labels(ItemMeasure, changed)}")
    return locked


@transaction.atomic
def measure_delete(*, measure: ItemMeasure, actor) -> None:
    rlist = _locked_list(measure.item.rectification_list)
    if rlist.approved_at and ProgressReport.objects.filter(measure_id=measure.pk).exists():
        # Its reports and their evidence would go with it (after 申请修改 the list is a draft again).
        raise ListLocked("这条措施已有整改进展报告，删除会丢失进展和佐证材料，不能删除；如需调整，请修改措施内容。")
    deleted, _ = ItemMeasure.objects.filter(pk=measure.pk).delete()
    if deleted:
        _event(measure.item, action="measure_delete", label="删除措施", actor=actor, note=measure.content[:60])
