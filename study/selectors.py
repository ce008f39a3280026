"""Reads about a meeting's study: who is expected, the sessions, and the statistics.

`study_statistics(meeting)` is what the preparation report (准备情况报告, seed 004 §一)
quotes: how many sessions of which form, how many hours, the attendance, the materials.
"""

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch

from meetings.models import Meeting, MeetingKind
from organizations.models import Person, TeamMembership
from organizations.ordering import person_sort_key

from .models import MaterialKind, StudyAttendance, StudyForm, StudyMaterial, StudySession


def participant_people(meeting: Meeting) -> list[Person]:
    """Who is expected at the meeting's study sessions.

    The leadership team for a 民主生活会; for a 组织生活会 the branch's party members as
    well as its committee (seed 002: "组织全体党员"). Two queries, whatever the size.
    """
    org_id = meeting.organization_id
    seats = TeamMembership.objects.filter(organization_id=org_id).select_related("person__user")
    people = [seat.person for seat in seats.in_rank_order()]
    if meeting.kind == MeetingKind.ORGANIZATION_LIFE:
        seen = {p.pk for p in people}
        members = (
            Person.objects.filter(branch_id=org_id, is_party_member=True)
            .select_related("user")
            .in_official_order()
        )
        people += [p for p in members if p.pk not in seen]
    return people


def sessions_for(meeting: Meeting):
    """The meeting's sessions with everything a list or a statistic shows: three queries."""
    return (
        StudySession.objects.filter(meeting=meeting)
        .select_related("owner")
        .prefetch_related(
            Prefetch("attendances", queryset=StudyAttendance.objects.select_related("person")),
            "materials",
        )
    )


def hours_text(hours: Decimal) -> str:
    """2.50 → "2.5", 3.0 → "3": hours as people write them."""
    return f"{Decimal(hours).normalize():f}"


def _percent(part: int, whole: int) -> str:
    if not whole:
        return "—"
    return f"{part * 100 / whole:.1f}%".replace(".0%", "%")


@dataclass
class MemberStudy:
    """One participant's study for the meeting."""

    person: Person
    expected: int = 0  # group sessions they were expected at
    attended: int = 0
    self_study_count: int = 0
    self_study_hours: Decimal = Decimal("0")
    hours: Decimal = Decimal("0")  # every session they attended, self-study included
    speeches: int = 0

    @property
    def absent(self) -> int:
        return self.expected - self.attended

    @property
    def attendance_rate(self) -> str:
        return _percent(self.attended, self.expected)


@dataclass
class MaterialUse:
    material: StudyMaterial
    sessions: int


@dataclass
class StudyStatistics:
    """A meeting's study in numbers."""

    sessions: int = 0
    group_sessions: int = 0  # every form but self-study
    self_study_logs: int = 0
    group_hours: Decimal = Decimal("0")
    self_study_hours: Decimal = Decimal("0")
    expected_attendances: int = 0  # person-sessions at group sessions
    present_attendances: int = 0
    made_up: int = 0
    speeches: int = 0
    by_form: list[tuple[str, int]] = field(default_factory=list)
    materials: list[MaterialUse] = field(default_factory=list)
    members: list[MemberStudy] = field(default_factory=list)

    @property
    def total_hours(self) -> Decimal:
        return self.group_hours + self.self_study_hours

    @property
    def absences(self) -> int:
        return self.expected_attendances - self.present_attendances

    @property
    def attendance_rate(self) -> str:
        return _percent(self.present_attendances, self.expected_attendances)

    @property
    def material_kinds(self) -> list[tuple[str, int]]:
        """How many of the materials covered are 讲话, 党内法规, 书籍…"""
        kinds = Counter(use.material.kind for use in self.materials)
        return [(label, kinds[value]) for value, label in MaterialKind.choices if kinds[value]]

    @property
    def members_with_self_study(self) -> int:
        return sum(1 for m in self.members if m.self_study_count)

    @property
    def members_without_self_study(self) -> list[Person]:
        return [m.person for m in self.members if not m.self_study_count]


def study_statistics(meeting: Meeting, sessions=None, participants=None) -> StudyStatistics:
    """Count the meeting's study: sessions, hours, attendance, materials, speeches.

    Members are the current participants, then anyone else who appears in a session.
    Pass `sessions` (from `sessions_for`) and `participants` when the caller has them.
    """
    sessions = list(sessions_for(meeting) if sessions is None else sessions)
    people = participant_people(meeting) if participants is None else participants
    members: dict[int, MemberStudy] = {p.pk: MemberStudy(p) for p in people}
    stats = StudyStatistics(sessions=len(sessions))
    forms: Counter[str] = Counter()
    material_uses: dict[int, MaterialUse] = {}

    for session in sessions:
        forms[session.form] += 1
        for material in session.materials.all():
            material_uses.setdefault(material.pk, MaterialUse(material, 0)).sessions += 1
        if session.is_self_study:
            stats.self_study_logs += 1
            stats.self_study_hours += session.hours
        else:
            stats.group_sessions += 1
            stats.group_hours += session.hours
        for row in session.attendances.all():
            member = members.setdefault(row.person_id, MemberStudy(row.person))
            if row.spoke:
                member.speeches += 1
                stats.speeches += 1
            if row.present:
                member.hours += session.hours
            if session.is_self_study:
                member.self_study_count += 1
                member.self_study_hours += session.hours
                continue
            member.expected += 1
            stats.expected_attendances += 1
            if row.present:
                member.attended += 1
                stats.present_attendances += 1
            elif row.made_up:
                stats.made_up += 1

    stats.by_form = [(label, forms[value]) for value, label in StudyForm.choices if forms[value]]
    stats.materials = sorted(
        material_uses.values(), key=lambda u: (-u.sessions, MaterialKind.rank(u.material.kind), u.material.pk)
    )
    # Participants keep their official order; anyone else who came is listed after them.
    expected = {p.pk for p in people}
    others = sorted((m for pk, m in members.items() if pk not in expected), key=lambda m: person_sort_key(m.person))
    stats.members = [m for pk, m in members.items() if pk in expected] + others
    return stats
