"""The permission checkpoints of the talks: one for a meeting's talks, one for a record.

Talks are confidential (DOMAIN.md): a record's content is read by the two who talked, the
team's secretary and the office — nobody else. The rest of the team, and the supervising
level, see only whether a pair has talked. Anyone else gets 404, not a hint that the
record exists.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404

from meetings.access import MeetingAccess, Role, meeting_access
from meetings.models import Meeting, Stage
from organizations.models import Person, TeamMembership
from organizations.selectors import person_for_user

from .models import PairNote, PairNoteKind, Talk, TalkParticipant

# Who sees the coverage of a meeting: everyone with a role in it.
COVERAGE_ROLES = (Role.OFFICE, Role.SECRETARY, Role.MEMBER, Role.SUPERVISOR)
# Someone outside the meeting's roles who has talks in it: a department head, a representative.
INVOLVED = "involved"
# Talks are arranged, recorded and confirmed before the meeting; once it is held the
# records are part of its archive and no longer change.
TALKS_OPEN_STAGES = {
    Stage.PREPARING,
    Stage.PLAN_REVIEW,
    Stage.PRE_MEETING,
    Stage.CONVENE_REQUESTED,
    Stage.CONVENE_APPROVED,
    Stage.HALTED,
}


@dataclass(frozen=True)
class TalksAccess:
    """What one user may do with the talks of one meeting."""

    meeting: MeetingAccess
    person: Person | None
    involved: bool  # has (or may have) talks in this meeting

    @property
    def roles(self) -> frozenset[str]:
        return self.meeting.roles | ({INVOLVED} if self.involved else set())

    @property
    def is_office(self) -> bool:
        return self.meeting.is_office

    @property
    def is_secretary(self) -> bool:
        return self.meeting.is_secretary

    @property
    def reads_records(self) -> bool:
        """The office and the secretary read every record of the meeting."""
        return self.meeting.is_office or self.meeting.is_secretary

    @property
    def sees_coverage(self) -> bool:
        return bool(self.meeting.roles.intersection(COVERAGE_ROLES))


def person_involved(person: Person | None, meeting: Meeting) -> bool:
    """Does this person have, or must they have, talks in this meeting?"""
    if person is None:
        return False
    if Talk.objects.filter(meeting=meeting).live().of_person(person.pk).exists():
        return True
    if TalkParticipant.objects.filter(
        meeting=meeting, person=person, is_representative=True
    ).exists():
        return True
    if (
        PairNote.objects.filter(meeting=meeting, kind=PairNoteKind.ADDED)
        .filter(Q(person_a=person) | Q(person_b=person))
        .exists()
    ):
        return True
    # The head of a department a team member oversees (分管部门主要负责同志).
    return TeamMembership.objects.filter(
        organization_id=meeting.organization_id, oversees__head=person
    ).exists()


def talks_access(user, meeting: Meeting) -> TalksAccess:
    access = meeting_access(user, meeting)
    person = person_for_user(user)
    # Asked only of someone without a role in the meeting: every role already lets one in.
    involved = Role.MEMBER in access.roles or (
        not access.roles and person_involved(person, meeting)
    )
    return TalksAccess(access, person, involved)


def get_meeting_talks_for_user(user, pk, *, require: tuple[str, ...] = ()):
    """Fetch a meeting for its talks pages: 404 for outsiders, 403 for the wrong role."""
    meeting = Meeting.objects.select_related("organization").filter(pk=pk).first()
    if meeting is None:
        raise Http404("会议不存在")
    access = talks_access(user, meeting)
    if not access.roles:
        raise Http404("会议不存在")
    if require and not access.roles.intersection(require):
        raise PermissionDenied("您的角色无权进行此操作")
    return meeting, access


# --- one record ---------------------------------------------------------------------------


class TalkRole:
    PARTICIPANT = "participant"
    RECORDER = "recorder"  # wrote it (for a planned talk: arranged it)
    CONFIRMER = "confirmer"  # the other one, who confirms or disputes
    PROXY = "proxy"  # the office, confirming from the signed paper form for one without a login
    OFFICE = "office"
    SECRETARY = "secretary"

    LABELS = {
        PARTICIPANT: "谈话一方",
        RECORDER: "记录人",
        CONFIRMER: "谈话另一方",
        PROXY: "办公室（据签字的纸质记录表）",
        OFFICE: "办公室",
        SECRETARY: "书记",
    }


def has_login(person: Person) -> bool:
    return person.user_id is not None and person.user.is_active


def talk_roles(talk: Talk, *, person: Person | None, access: MeetingAccess) -> frozenset[str]:
    roles = set()
    participant = person is not None and person.pk in talk.key
    if participant:
        roles.add(TalkRole.PARTICIPANT)
    if access.is_office:
        roles.add(TalkRole.OFFICE)
    if access.is_secretary:
        roles.add(TalkRole.SECRETARY)
    if talk.recorded_by_id is None:  # entered by the office from the paper form
        if access.is_office:
            roles.add(TalkRole.RECORDER)
    elif participant and person.pk == talk.recorded_by_id:
        roles.add(TalkRole.RECORDER)
    confirmers = [p for p in talk.people if p.pk != talk.recorded_by_id]
    if participant and person.pk in {p.pk for p in confirmers}:
        roles.add(TalkRole.CONFIRMER)
    if access.is_office and not any(has_login(p) for p in confirmers):
        roles.add(TalkRole.PROXY)
    return frozenset(roles)


@dataclass(frozen=True)
class TalkAccess:
    roles: frozenset[str]
    person: Person | None

    def has(self, role: str) -> bool:
        return role in self.roles

    @property
    def is_participant(self) -> bool:
        return TalkRole.PARTICIPANT in self.roles


def talk_access(user, talk: Talk) -> TalkAccess:
    person = person_for_user(user)
    return TalkAccess(
        talk_roles(talk, person=person, access=meeting_access(user, talk.meeting)), person
    )


def get_talk_for_user(user, pk) -> tuple[Talk, TalkAccess]:
    """A record for this user: its two people, the secretary and the office; else 404."""
    talk = (
        Talk.objects.select_related(
            "meeting__organization",
            "person_a__user",
            "person_b__user",
            "initiator",
            "recorded_by",
            "confirmed_by__person",
        )
        .filter(pk=pk)
        .first()
    )
    if talk is None or not user.is_authenticated:
        raise Http404("谈话记录不存在")
    access = talk_access(user, talk)
    if not access.roles.intersection({TalkRole.PARTICIPANT, TalkRole.OFFICE, TalkRole.SECRETARY}):
        raise Http404("谈话记录不存在")
    return talk, access


def get_participant_for_user(user, pk) -> TalkParticipant:
    """A person's bundle of records: the person, the secretary and the office; else 404."""
    participant = (
        TalkParticipant.objects.select_related("meeting__organization", "person")
        .filter(pk=pk)
        .first()
    )
    if participant is None or not user.is_authenticated:
        raise Http404("记录不存在")
    person = person_for_user(user)
    if person is not None and person.pk == participant.person_id:
        return participant
    access = meeting_access(user, participant.meeting)
    if not (access.is_office or access.is_secretary):
        raise Http404("记录不存在")
    return participant
