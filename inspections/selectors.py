"""Reads: who writes an outline, the board of a meeting's materials, and the texts a
material is compared with."""

import re
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count
from django.utils import timezone

from feedback.models import OpinionRouting, OpinionState, ResponseStatus
from feedback.selectors import concern_candidates
from meetings.access import meeting_access
from meetings.models import Meeting, MilestoneKind
from organizations.models import Organization, OrganizationKind, Person, TeamMembership, TeamPosition, team_title
from organizations.selectors import person_for_user

from .access import MaterialAccess, material_access, material_roles, version_visible
from .models import Material, MaterialKind, MaterialState, MaterialVersion, SectionKey, team_body
from .similarity import Source


def outline_authors(meeting: Meeting) -> list[Person]:
    """Who writes a speech outline: the team by rank; for a branch, its party members too
    (seed 002 #4 5(2): "支委委员和党员…自己动手撰写个人发言材料"). The same people the
    opinions are fed back to."""
    return concern_candidates(meeting)


def writes_outline(meeting: Meeting, person: Person | None) -> bool:
    return person is not None and any(p.pk == person.pk for p in outline_authors(meeting))


def seat_org_ids(person: Person) -> tuple[set[int], set[int]]:
    """(organisations in whose meetings `person` writes an outline, those where they are
    the secretary): the rule of `outline_authors` asked the other way round, for one
    person, in one query (two for a branch's party member)."""
    writes, leads = set(), set()
    for org_id, position in TeamMembership.objects.filter(person=person).values_list("organization_id", "position"):
        writes.add(org_id)
        if position == TeamPosition.SECRETARY:
            leads.add(org_id)
    if person.branch_id and person.is_party_member and person.branch_id not in writes:
        if Organization.objects.filter(pk=person.branch_id, kind__in=OrganizationKind.branch_kinds()).exists():
            writes.add(person.branch_id)
    return writes, leads


# --- the board ----------------------------------------------------------------------------


class BoardStatus:
    NOT_STARTED = "not_started"
    LABELS = {
        NOT_STARTED: "未开始",
        MaterialState.DRAFT: "草稿",
        MaterialState.SUBMITTED: "待书记审阅",
        MaterialState.RETURNED: "退回修改",
        MaterialState.UPPER_REVIEW: "待上级审核",
        MaterialState.APPROVED: "已通过",
    }
    # Still with the writer: reminded when the deadline nears.
    BEHIND = {NOT_STARTED, MaterialState.DRAFT, MaterialState.RETURNED}


@dataclass
class LatestVersion:
    number: int
    submitted_at: object
    chars: int
    hints: int


@dataclass
class BoardRow:
    label: str
    position: str
    person: Person | None  # None: the team material
    material: Material | None
    latest: LatestVersion | None
    pending_opinions: int

    @property
    def status(self) -> str:
        if self.material is None or self.material.started_at is None and self.material.state == MaterialState.DRAFT:
            return BoardStatus.NOT_STARTED
        return self.material.state

    @property
    def status_label(self) -> str:
        return BoardStatus.LABELS[self.status]

    @property
    def is_behind(self) -> bool:
        return self.status in BoardStatus.BEHIND


@dataclass
class Board:
    rows: list[BoardRow]
    due_date: object
    counts: list[tuple[str, str, int]]  # (status, label, how many)

    @property
    def overdue(self) -> bool:
        return bool(self.due_date and self.due_date < timezone.localdate())

    @property
    def all_approved(self) -> bool:
        return all(r.status == MaterialState.APPROVED for r in self.rows)


def _latest_versions(meeting: Meeting) -> dict[int, LatestVersion]:
    latest = {}
    rows = (
        MaterialVersion.objects.filter(material__meeting=meeting)
        .order_by("material_id", "-number")
        .values_list("material_id", "number", "submitted_at", "chars", "hints")
    )
    for material_id, number, at, chars, hints in rows:
        latest.setdefault(material_id, LatestVersion(number, at, chars, len(hints)))
    return latest


def meeting_board(meeting: Meeting, *, details: bool = True) -> Board:
    """One row for the team material and one per writer, in a fixed number of queries.

    `details=False`: the rows' statuses only — no latest versions, opinions to answer,
    positions or drafter (the checklist counts statuses: three queries fewer, and the
    materials without their texts' columns).
    """
    materials = Material.objects.filter(meeting=meeting)
    if details:
        materials = materials.select_related("author", "drafter")
    else:
        materials = materials.only("kind", "state", "author_id", "started_at", "first_submitted_at")
    materials = list(materials)
    latest = _latest_versions(meeting) if details else {}
    pending = dict(
        OpinionRouting.objects.filter(
            opinion__solicitation__meeting=meeting, opinion__state=OpinionState.RELEASED,
            response_status=ResponseStatus.PENDING,
        ).values_list("member_id").annotate(n=Count("id")).order_by()
    ) if details else {}
    positions = dict(
        (seat.person_id, team_title(meeting.organization.kind, seat.position))
        for seat in TeamMembership.objects.filter(organization_id=meeting.organization_id)
    ) if details else {}
    team = next((m for m in materials if m.kind == MaterialKind.TEAM), None)
    outlines = {m.author_id: m for m in materials if m.kind == MaterialKind.PERSONAL}
    drafter = (team.drafter.name if team and team.drafter else "办公室") if details else ""
    rows = [BoardRow(f"{team_body(meeting.organization)}对照检查材料", f"起草：{drafter}", None, team,
                     latest.get(team.pk) if team else None, pending.get(None, 0))]
    for person in outline_authors(meeting):
        material = outlines.get(person.pk)
        rows.append(BoardRow(person.name, positions.get(person.pk, "党员"), person, material,
                             latest.get(material.pk) if material else None, pending.get(person.pk, 0)))
    tally = {code: 0 for code in BoardStatus.LABELS}
    for row in rows:
        tally[row.status] += 1
    counts = [(code, label, tally[code]) for code, label in BoardStatus.LABELS.items()]
    # From the meeting's milestones (prefetched by the meeting's home): one per kind.
    milestone = next((m for m in meeting.milestones.all() if m.kind == MilestoneKind.MATERIALS), None)
    return Board(rows, milestone.due_date if milestone else None, counts)


# --- the texts a material is compared with ---------------------------------------------------


def _live_contents(materials: list[Material]) -> dict[int, dict]:
    """Just enough of each material's working text for comparing (4 queries for all)."""
    ids = [m.pk for m in materials]
    contents = {
        m.pk: {"kind": m.kind, "preface": "", "last_year": {"text": ""}, "aspects": [], "causes": [],
               "measures": [], "answers": []}
        for m in materials
    }
    from .models import MaterialSection, Measure, OpinionAnswer, Problem

    for material_id, key, text in MaterialSection.objects.filter(material_id__in=ids).values_list("material_id", "key", "text"):
        if key == SectionKey.PREFACE:
            contents[material_id]["preface"] = text
        elif key == SectionKey.LAST_YEAR:
            contents[material_id]["last_year"]["text"] = text
        else:
            contents[material_id]["causes"].append({"key": key, "title": SectionKey(key).label, "text": text})
    grouped = defaultdict(list)
    for material_id, title, details in Problem.objects.filter(material_id__in=ids).values_list("material_id", "title", "details"):
        grouped[material_id].append({"title": title, "details": details})
    for material_id, problems in grouped.items():
        contents[material_id]["aspects"].append({"key": "problems", "title": "查摆的问题", "problems": problems})
    for material_id, text in Measure.objects.filter(material_id__in=ids).values_list("material_id", "content"):
        contents[material_id]["measures"].append({"content": text})
    for material_id, text in OpinionAnswer.objects.filter(material_id__in=ids).values_list("material_id", "text"):
        contents[material_id]["answers"].append({"answer": text})
    return contents


def _readable_text(material: Material, access: MaterialAccess) -> tuple[dict, MaterialVersion | None] | None:
    """The text of `material` its viewer (`access`) may read — the latest version they may see,
    or, for those who read its working text, that text while it has no version — or
    None if they may read none of it."""
    if not access.roles:
        return None
    versions = sorted(material.versions.all(), key=lambda v: -v.number)  # prefetched by the caller
    version = next((v for v in versions if version_visible(v, access)), None)
    if version is not None:
        return version.content, version
    if access.reads_draft:
        return _live_contents([material])[material.pk], None
    return None


def _quotes(meeting: Meeting) -> list[str]:
    """The meeting's theme and aspects, cut into clauses: quoting them is not copying."""
    texts = [meeting.theme] + [t for a in meeting.aspects.all() for t in (a.title, a.description)]
    return [c for t in texts for c in re.split(r"[，。；、：！？,.;:\s“”]+", t or "") if len(c) >= 4]


def similarity_sources(material: Material, *, user=None) -> tuple[list[Source], list[str]]:
    """What `material` is compared with: only texts the viewer (`user`) may read.

    A hint may depend only on what the person shown it may read (issue 10 #2): compared
    with a colleague's draft, an author could paste guesses into their own outline and
    learn from the hint, character by character, what the colleague wrote. So the writer
    is compared with their own earlier outlines and the team material once they may read
    it; a reviewer with the versions they may read, side by side. With no viewer only the
    same writer's earlier texts are used. Earlier years: the same person's outlines (the
    team's materials for the team).
    """
    from .hints import authored_passages

    meeting = material.meeting
    sources: list[Source] = []
    others = [] if material.is_team or user is None else list(
        Material.objects.filter(meeting=meeting).exclude(pk=material.pk)
        .select_related("author", "meeting__organization").prefetch_related("versions")
    )
    if others:
        # The viewer's standing in this meeting, asked once for all its materials.
        viewer = meeting_access(user, meeting), person_for_user(user)
    for other in others:
        roles = material_roles(other, *viewer)
        readable = _readable_text(other, MaterialAccess(viewer[0], frozenset(roles), viewer[1], is_team=other.is_team))
        if readable is None:
            continue
        content, version = readable
        kind = "team" if other.is_team else "peer"
        label = f"{other.title}（第{version.number}版）" if version else other.title
        sources.append(Source(label, kind, authored_passages(content)))
    earlier = Material.objects.filter(meeting__year__lt=meeting.year).select_related("meeting__organization", "author")
    if material.is_team:
        earlier = earlier.filter(kind=MaterialKind.TEAM, meeting__organization=meeting.organization)
    else:
        earlier = earlier.filter(kind=MaterialKind.PERSONAL, author_id=material.author_id)
    for old in earlier.order_by("-meeting__year").prefetch_related("versions")[:3]:
        if user is None:
            # The writer's own earlier text, for the version frozen without a viewer.
            version = old.versions.order_by("-number").first()
            content = version.content if version else _live_contents([old])[old.pk]
        else:
            readable = _readable_text(old, material_access(user, old))
            if readable is None:
                continue
            content = readable[0]
        sources.append(Source(f"{old.meeting.year}年度{old.get_kind_display()}", "earlier",
                              authored_passages(content), year=old.meeting.year))
    return sources, _quotes(meeting)
