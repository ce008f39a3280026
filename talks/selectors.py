"""Reads about talks that several pages, the reminders and later phases reuse."""

from dataclasses import dataclass

from django.db.models import Q

from meetings.models import Meeting, MeetingKind
from organizations.models import Person, TeamMembership
from organizations.ordering import person_sort_key
from organizations.selectors import person_for_user

from .coverage import Coverage, PairStatus
from .models import PairNote, PairNoteKind, PlannedCriticism, Talk, TalkParticipant, TalkState


def involved_meetings(user, stages) -> list[Meeting]:
    """Meetings in these stages where the user's person has, or must have, talks.

    One query besides the user's person (which the request reads anyway), so that a user
    with no talks anywhere (most of the office, every supervisor) costs "my work" little.
    The person's id goes into the query as a value, not a subquery: `person_a IN (subquery)
    OR person_b IN (subquery)` made PostgreSQL read every talk of the county (10 of the
    query's 12 ms at 500 organisations), the plain ids use the two indexes.
    """
    person = person_for_user(user)
    if person is None:
        return []
    pid = person.pk
    q = Q(organization_id__in=TeamMembership.objects.filter(person_id=pid).values("organization_id"))
    q |= Q(organization_id__in=TeamMembership.objects.filter(oversees__head_id=pid).values("organization_id"))
    if person.is_party_member and person.branch_id:
        q |= Q(kind=MeetingKind.ORGANIZATION_LIFE, organization_id=person.branch_id)
    q |= Q(pk__in=TalkParticipant.objects.filter(person_id=pid, is_representative=True).values("meeting_id"))
    q |= Q(
        pk__in=PairNote.objects.filter(kind=PairNoteKind.ADDED)
        .filter(Q(person_a_id=pid) | Q(person_b_id=pid))
        .values("meeting_id")
    )
    q |= Q(pk__in=Talk.objects.live().of_person(pid).values("meeting_id"))
    return list(Meeting.objects.filter(q, stage__in=list(stages)).select_related("organization"))


@dataclass
class PersonalLine:
    """One counterpart on a person's own list."""

    other: Person
    status: PairStatus

    def sort_key(self, place: dict[int, int]):
        """Priority first, then what is left to do; within that, the matrix's official order."""
        order = {"required": 0, "planned": 1, "recorded": 2, "excused": 3, "done": 4, "none": 5}
        return (
            not self.status.is_priority,
            order[self.status.state],
            place.get(self.other.pk, len(place)),
            *person_sort_key(self.other),
        )


def personal_lines(coverage: Coverage, person_id: int) -> list[PersonalLine]:
    """Everyone this person must talk with, or did talk with, and where each stands."""
    lines = []
    for status in coverage.pairs_of(person_id):
        other_id = status.key[1] if status.key[0] == person_id else status.key[0]
        other = coverage.roster.people.get(other_id)
        if other is not None:
            lines.append(PersonalLine(other, status))
    place = {column.pk: i for i, column in enumerate(coverage.columns)}
    return sorted(lines, key=lambda line: line.sort_key(place))


def awaiting_confirmation(person: Person, meetings: list[Meeting]) -> list[Talk]:
    """Records the other side wrote that wait for this person's confirmation."""
    return list(
        Talk.objects.filter(meeting__in=meetings, state=TalkState.RECORDED)
        .of_person(person.pk)
        .exclude(recorded_by=person)
        .select_related("meeting", "person_a", "person_b")
    )


def planned_criticisms(meeting: Meeting):
    """Criticisms planned for the meeting, from confirmed talks: for the criticism order."""
    return PlannedCriticism.objects.filter(
        talk__meeting=meeting, talk__state=TalkState.CONFIRMED
    ).select_related("critic", "target", "talk")
