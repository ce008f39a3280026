"""Where items come from (issue 13, "Where items come from, in one click"): the candidates
of a list and the one-click moves that turn a candidate into an item, merge it into one,
or set it aside with a written reason.

The sources, and who they concern:
- the approved team material's problems and measures, the approved outline's for a
  member (inspections: they are already items there, with deadlines);
- the criticisms of the minutes (proceedings), each received by one member; the office
  may turn any of them into a team item;
- the opinions routed to the team or to one member (feedback), their words verbatim and
  never the sender, fed back before they are listed (what a member was told to answer);
- the supervisor's 点评 of the meeting's sittings (proceedings), for the team;
- the upper inspections' findings the office entered (rectification.findings).

A personal list shows only what concerns its owner: never a colleague's routed opinions.
Every read below is a fixed number of queries whatever the number of sources.
"""

from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone

from feedback.models import OpinionRouting, OpinionState
from inspections.models import Material, MaterialKind, MaterialState, Measure, MeasureTerm, Problem
from meetings.models import Meeting
from proceedings.models import Criticism, SittingStatus, SupervisorComment

from .access import ensure_list_editable
from .models import (
    Item,
    ItemEvent,
    ItemMeasure,
    ItemSource,
    ItemStatus,
    ListState,
    RectificationList,
    SetAside,
    SourceKind,
    UpperFinding,
)

# The column of ItemSource (and SetAside) that holds each kind's link.
COLUMN = {
    SourceKind.PROBLEM: "problem",
    SourceKind.MEASURE: "measure",
    SourceKind.CRITICISM: "criticism",
    SourceKind.OPINION: "routing",
    SourceKind.COMMENT: "comment",
    SourceKind.FINDING: "finding",
}
# What coverage asks for (and so what may be set aside): the outline's own problems and
# measures are the author's to take or leave, the others must each be answered.
COVERAGE_KINDS = (SourceKind.CRITICISM, SourceKind.OPINION, SourceKind.COMMENT, SourceKind.FINDING)
TEAM = "班子"


class SourceError(Exception):
    """A move refused, with the reason in Chinese for the person who asked."""


@dataclass
class Candidate:
    """One source a list may take: its words, who it concerns, where it stands."""

    kind: str
    pk: int
    text: str
    origin: str  # where it was said: "张书记对李委员的批评", "县委第二巡察组反馈"
    concerns: str  # 班子, or the member's name
    concerns_id: int | None = None  # the member, None for the team
    obj: object = None
    measures: list = field(default_factory=list)  # a problem's measures
    taken: list = field(default_factory=list)  # ItemSource rows linking it
    set_aside: SetAside | None = None

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.pk}"

    @property
    def kind_label(self) -> str:
        return SourceKind(self.kind).label

    @property
    def is_team(self) -> bool:
        return self.concerns_id is None

    @property
    def covered(self) -> bool:
        return bool(self.taken) or self.set_aside is not None

    @property
    def may_set_aside(self) -> bool:
        return self.kind in COVERAGE_KINDS

    def taken_into(self, rlist) -> ItemSource | None:
        return next((s for s in self.taken if s.item.rectification_list_id == rlist.pk), None)


# --- reading: the sources of a meeting ----------------------------------------------------


def _criticisms(meeting: Meeting, receiver_id=None) -> list[Candidate]:
    # A halted sitting's minutes are kept, but the meeting was held again: what counts is
    # what was said at the sittings not halted.
    qs = Criticism.objects.filter(sitting__meeting=meeting).exclude(sitting__status=SittingStatus.HALTED)
    if receiver_id is not None:
        qs = qs.filter(receiver_id=receiver_id)
    qs = qs.select_related("giver", "receiver").order_by("sitting__number", "receiver_id", "order", "id")
    return [
        Candidate(SourceKind.CRITICISM, c.pk, c.text, f"{c.giver.name}对{c.receiver.name}的批评", c.receiver.name,
                  c.receiver_id, obj=c)
        for c in qs
    ]


def _routings(meeting: Meeting, *, member_id=None, team=False, members=False) -> list[Candidate]:
    """Opinions fed back: to the team, to one member, or (members) to every member."""
    qs = OpinionRouting.objects.filter(opinion__solicitation__meeting=meeting, opinion__state=OpinionState.RELEASED)
    wanted = Q(pk__in=[])
    if team:
        wanted |= Q(member__isnull=True)
    if member_id is not None:
        wanted |= Q(member_id=member_id)
    if members:
        wanted |= Q(member__isnull=False)
    # The sender (name, contact) is never read here: only the words and whom they concern.
    qs = qs.filter(wanted).select_related("member").only(
        "pk", "member__name", "member_id", "opinion__content", "opinion__received_on", "opinion__solicitation",
    ).select_related("opinion").order_by("member_id", "opinion__received_on", "pk")
    return [
        Candidate(SourceKind.OPINION, r.pk, r.opinion.content,
                  "征求到的意见（反映班子）" if r.member_id is None else f"征求到的意见（反映{r.member.name}）",
                  TEAM if r.member_id is None else r.member.name, r.member_id, obj=r)
        for r in qs
    ]


def _comments(meeting: Meeting) -> list[Candidate]:
    qs = SupervisorComment.objects.filter(sitting__meeting=meeting).exclude(sitting__status=SittingStatus.HALTED)
    return [
        Candidate(SourceKind.COMMENT, c.pk, c.text, f"{c.author_label}的点评", TEAM, None, obj=c)
        for c in qs.order_by("sitting__number", "created_at", "id")
    ]


def _findings(meeting: Meeting, *, member_id=None, team=False, members=False) -> list[Candidate]:
    qs = UpperFinding.objects.filter(meeting=meeting)
    wanted = Q(pk__in=[])
    if team:
        wanted |= Q(member__isnull=True)
    if member_id is not None:
        wanted |= Q(member_id=member_id)
    if members:
        wanted |= Q(member__isnull=False)
    return [
        Candidate(SourceKind.FINDING, f.pk, f.text, f"{f.source}反馈", TEAM if f.member_id is None else f.member.name,
                  f.member_id, obj=f)
        for f in qs.filter(wanted).select_related("member").order_by("received_on", "id")
    ]


def _material(meeting: Meeting, author_id=None) -> list[Candidate]:
    """The approved material's problems (each with its measures) and the measures that
    answer no problem. Nothing from a material not yet approved: it may still change."""
    kind = MaterialKind.TEAM if author_id is None else MaterialKind.PERSONAL
    material = Material.objects.filter(
        meeting=meeting, kind=kind, author_id=author_id, state=MaterialState.APPROVED
    ).select_related("author").first()
    if material is None:
        return []
    concerns = TEAM if author_id is None else material.author.name
    origin = "班子对照检查材料" if author_id is None else f"{concerns}的个人发言提纲"
    problems = list(Problem.objects.filter(material=material).order_by("order", "id"))
    measures = list(Measure.objects.filter(material=material).order_by("order", "id"))
    found = []
    for problem in problems:
        own = [m for m in measures if m.problem_id == problem.pk]
        text = problem.title or problem.details[:200]
        found.append(Candidate(SourceKind.PROBLEM, problem.pk, text, origin, concerns, author_id, obj=problem,
                               measures=own))
    for measure in measures:
        if measure.problem_id is None:
            found.append(Candidate(SourceKind.MEASURE, measure.pk, measure.content, origin, concerns, author_id,
                                   obj=measure))
    return found



def _with_states(meeting: Meeting, candidates: list[Candidate]) -> list[Candidate]:
    """Fill each candidate's links (the items of this meeting's lists that took it) and its
    set-aside, in two queries."""
    by_key = {c.key: c for c in candidates}
    links = ItemSource.objects.filter(item__rectification_list__meeting=meeting).select_related(
        "item__rectification_list__owner"
    ).order_by("item_id", "id")
    for link in links:
        # link.merged: added to an item already there — typed by hand, or made from another
        # source (合并) — rather than the source the item was made from (列入).
        link.item.rectification_list.meeting = meeting  # its title names the meeting: no query per row
        pk = getattr(link, f"{COLUMN.get(link.kind, 'earlier_item')}_id", None)
        candidate = by_key.get(f"{link.kind}:{pk}")
        if candidate is not None:
            candidate.taken.append(link)
    for aside in SetAside.objects.filter(meeting=meeting).select_related("by__person"):
        candidate = by_key.get(f"{aside.kind}:{getattr(aside, COLUMN[aside.kind] + '_id')}")
        if candidate is not None:
            candidate.set_aside = aside
    return candidates


def meeting_sources(meeting: Meeting) -> list[Candidate]:
    """Everything coverage asks of the meeting's lists: every criticism, every routed opinion
    (to the team and to each member), every 点评 and finding, with where each stands."""
    found = (
        _routings(meeting, team=True, members=True)
        + _criticisms(meeting)
        + _comments(meeting)
        + _findings(meeting, team=True, members=True)
    )
    return _with_states(meeting, found)


def source_candidates(rlist: RectificationList) -> list[Candidate]:
    """What this list may take, in the order its writer reads them."""
    meeting = rlist.meeting
    if rlist.is_team:
        found = (
            _material(meeting)
            + _routings(meeting, team=True)
            + _comments(meeting)
            + _findings(meeting, team=True)
            + _criticisms(meeting)
        )
    else:
        owner = rlist.owner_id
        found = (
            _material(meeting, owner)
            + _criticisms(meeting, receiver_id=owner)
            + _routings(meeting, member_id=owner)
            + _findings(meeting, member_id=owner)
        )
    return _with_states(meeting, found)


def in_scope(rlist: RectificationList, candidate: Candidate) -> bool:
    """Whether this list must cover the candidate (coverage.uncovered): for the team, what
    concerns the team; for a member, what concerns them. Outline problems never are."""
    if candidate.kind not in COVERAGE_KINDS:
        return False
    if rlist.is_team:
        return candidate.concerns_id is None
    return candidate.concerns_id == rlist.owner_id


def find_candidate(candidates: list[Candidate], kind: str, pk) -> Candidate:
    key = f"{kind}:{pk}"
    for candidate in candidates:
        if candidate.key == key:
            return candidate
    raise SourceError("没有找到这条来源，或它不属于这份清单")


# --- writing: one click ---------------------------------------------------------------------


def _locked_list(rlist: RectificationList) -> RectificationList:
    locked = RectificationList.objects.select_for_update().select_related("meeting").get(pk=rlist.pk)
    if locked.state not in ListState.editable():
        raise SourceError(f"整改清单处于“{locked.get_state_display()}”状态，不能修改；批准后修改请先申请修订")
    ensure_list_editable(locked)
    # Taking and setting aside a source lock the same meeting row (source_set_aside too), so
    # two people never leave one source both taken and set aside.
    Meeting.objects.select_for_update().filter(pk=locked.meeting_id).first()
    return locked


def _event(item: Item, action: str, label: str, actor, note: str = "") -> None:
    ItemEvent.objects.create(item=item, action=action, label=label, from_status=item.status, to_status=item.status,
                             actor=actor, note=note, at=timezone.now())


def _link(item: Item, candidate: Candidate, actor, *, merged: bool = False) -> ItemSource:
    return ItemSource.objects.create(item=item, kind=candidate.kind, quote=candidate.text, added_by=actor,
                                     merged=merged, **{COLUMN[candidate.kind]: candidate.obj})


def _quoted(candidate: Candidate) -> str:
    return f"{candidate.kind_label}：{candidate.text[:60]}"


def _new_item(rlist: RectificationList, candidate: Candidate, actor) -> Item:
    """An item with the source's words as its problem and, from a material, its measures."""
    measures = candidate.measures if candidate.kind == SourceKind.PROBLEM else (
        [candidate.obj] if candidate.kind == SourceKind.MEASURE else []
    )
    deadlines = [m.deadline for m in measures if m.deadline]
    terms = {m.term for m in measures}
    # The item takes the longest of its measures' terms, and the last of their deadlines: as
    # its 时限, or for a 长期坚持 item as its first 复查 (when the measures with a date are
    # due, the standing ones are looked at too), so the date the outline gave is not lost.
    term = next((t for t in (MeasureTerm.LONG_TERM, MeasureTerm.DEADLINE, MeasureTerm.IMMEDIATE) if t in terms),
                MeasureTerm.DEADLINE)
    last = max(deadlines) if deadlines else None
    problem = candidate.text
    if candidate.kind == SourceKind.PROBLEM and candidate.obj.title and candidate.obj.details:
        problem = f"{candidate.obj.title}。{candidate.obj.details}"
    order = (rlist.items.aggregate(top=Max("order"))["top"] or 0) + 1
    item = Item.objects.create(
        rectification_list=rlist, order=order, problem=problem, term=term,
        deadline=last if term != MeasureTerm.LONG_TERM else None,
        next_review=last if term == MeasureTerm.LONG_TERM else None,
        responsible_id=rlist.owner_id, status=ItemStatus.OPEN, created_by=actor, updated_by=actor,
    )
    for number, measure in enumerate(measures, start=1):
        ItemMeasure.objects.create(item=item, order=number, content=measure.content, deadline=measure.deadline,
                                   updated_by=actor)
    _link(item, candidate, actor)
    if candidate.kind == SourceKind.PROBLEM:
        # Its measures are taken with it: they show as taken, and the links say from where.
        for measure in measures:
            ItemSource.objects.create(item=item, kind=SourceKind.MEASURE, measure=measure, quote=measure.content,
                                      added_by=actor)
    _event(item, "create_from_source", "由来源列入", actor, _quoted(candidate))
    return item


def _ensure_not_set_aside(candidate: Candidate) -> None:
    if candidate.set_aside is not None:
        raise SourceError("这条来源已说明不列入清单：请先撤销“不列入”再列入")


@transaction.atomic
def item_from_source(*, rlist: RectificationList, kind: str, pk, actor) -> Item:
    """One click: the source becomes an item of this list, the link kept (ItemSource)."""
    rlist = _locked_list(rlist)
    candidate = find_candidate(source_candidates(rlist), kind, pk)
    _ensure_not_set_aside(candidate)
    if candidate.taken_into(rlist):
        taken = candidate.taken_into(rlist).item
        raise SourceError(f"这条来源已列入本清单第{taken.order}项：{taken.problem[:30]}")
    return _new_item(rlist, candidate, actor)


@transaction.atomic
def source_merge(*, item: Item, kind: str, pk, actor) -> ItemSource:
    """Add a source to an existing item (合并): the item answers it too."""
    rlist = _locked_list(item.rectification_list)
    item = Item.objects.get(pk=item.pk, rectification_list=rlist)
    candidate = find_candidate(source_candidates(rlist), kind, pk)
    _ensure_not_set_aside(candidate)
    if any(s.item_id == item.pk for s in candidate.taken):
        raise SourceError("这条来源已在该整改事项中")
    link = _link(item, candidate, actor, merged=True)
    _event(item, "merge_source", "合并来源", actor, _quoted(candidate))
    return link


@transaction.atomic
def outline_import(*, rlist: RectificationList, actor) -> list[Item]:
    """"Import all measures of my outline" in one click: each problem of the approved
    material (with its measures) and each measure answering none becomes an item; what is
    already in the list is left as it is, so a second click adds nothing twice."""
    rlist = _locked_list(rlist)
    material = [c for c in source_candidates(rlist) if c.kind in (SourceKind.PROBLEM, SourceKind.MEASURE)]
    if not material:
        raise SourceError("没有已通过审核的对照检查材料（发言提纲）可导入")
    return [_new_item(rlist, c, actor) for c in material if not c.taken_into(rlist)]


def _coverage_candidate(meeting: Meeting, kind: str, pk) -> Candidate:
    if kind not in COVERAGE_KINDS:
        raise SourceError("只有批评意见、征求到的意见、点评和上级反馈问题需要说明不列入的原因")
    return find_candidate(meeting_sources(meeting), kind, pk)


@transaction.atomic
def source_set_aside(*, meeting: Meeting, kind: str, pk, reason: str, actor) -> SetAside:
    """不列入: the source is deliberately not made an item, for the written reason."""
    from meetings.access import ensure_not_archived

    ensure_not_archived(meeting, "整改来源")
    reason = (reason or "").strip()
    if not reason:
        raise SourceError("请写明不列入整改清单的原因")
    Meeting.objects.select_for_update().filter(pk=meeting.pk).first()  # see _locked_list
    candidate = _coverage_candidate(meeting, kind, pk)
    if candidate.taken:
        raise SourceError("这条来源已列入整改事项，不能再说明不列入")
    if candidate.set_aside is not None:
        raise SourceError("这条来源已说明不列入")
    return SetAside.objects.create(meeting=meeting, kind=kind, reason=reason, by=actor,
                                   **{COLUMN[candidate.kind]: candidate.obj})


@transaction.atomic
def source_set_aside_undo(*, meeting: Meeting, kind: str, pk, actor) -> None:
    """Take back a 不列入: the source is uncovered again."""
    from meetings.access import ensure_not_archived

    ensure_not_archived(meeting, "整改来源")
    candidate = _coverage_candidate(meeting, kind, pk)
    if candidate.set_aside is None:
        raise SourceError("这条来源没有说明不列入")
    candidate.set_aside.delete()


# --- who may do what with a source --------------------------------------------------------


def may_set_aside(candidate: Candidate, meeting_access, person) -> bool:
    """The office for any source; a member for one concerning them (their list's writer)."""
    if not candidate.may_set_aside:
        return False
    if meeting_access.is_office:
        return True
    return person is not None and candidate.concerns_id == person.pk
