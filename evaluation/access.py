"""The permission checkpoints of the democratic evaluation: one for a meeting's evaluation,
one for a member's 登记表.

The evaluation exists only for a 组织生活会 whose office switched it on; before that its
pages are 404 for everybody but the office's switch. A 登记表 is read by its member, the
branch secretary and the office (who approve it and enter the outside opinion), the
member's 党小组组长 (who writes the group's opinion) and the supervising level (which
approves 优秀 and 不合格). The other members do not read it; outsiders get 404.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404

from meetings.access import MeetingAccess, Role, meeting_access
from meetings.models import Meeting, MeetingKind, Stage
from organizations.models import Person
from organizations.selectors import person_for_user

from .models import Evaluation, Registration, RegistrationState

# Someone who leads a party group of the branch: reads and writes for the group's members.
GROUP_LEADER = "group_leader"


def subjects(meeting: Meeting):
    """Every party member of the branch takes part (seed 002 方案3 §二): the committee and the
    members whose 组织关系 is here, in the official order."""
    org = meeting.organization
    return (
        Person.objects.filter(Q(branch=org) | Q(team_seats__organization=org), is_party_member=True)
        .distinct()
        .select_related("party_group")
        .in_official_order(org)
    )


@dataclass(frozen=True)
class EvaluationAccess:
    meeting: MeetingAccess
    person: Person | None
    led_group_ids: frozenset[int]

    @property
    def roles(self) -> frozenset[str]:
        return self.meeting.roles | ({GROUP_LEADER} if self.led_group_ids else set())

    @property
    def is_office(self) -> bool:
        return self.meeting.is_office

    @property
    def is_secretary(self) -> bool:
        return self.meeting.is_secretary

    @property
    def is_supervisor(self) -> bool:
        return self.meeting.is_supervisor

    @property
    def decides_for_upper_level(self) -> bool:
        return self.meeting.decides_for_upper_level

    @property
    def reads_all(self) -> bool:
        """The office, the secretary and the upper level read every 登记表."""
        return self.is_office or self.is_secretary or self.is_supervisor


def evaluation_access(user, meeting: Meeting) -> EvaluationAccess:
    access = meeting_access(user, meeting)
    person = person_for_user(user)
    led = frozenset()
    if person is not None and Role.MEMBER in access.roles:
        led = frozenset(person.led_groups.filter(branch_id=meeting.organization_id).values_list("pk", flat=True))
    return EvaluationAccess(access, person, led)


def evaluation_of(meeting: Meeting) -> Evaluation | None:
    """The meeting's evaluation when the office switched it on; None otherwise."""
    if meeting.kind != MeetingKind.ORGANIZATION_LIFE:
        return None
    evaluation = Evaluation.objects.filter(meeting=meeting).first()
    return evaluation if evaluation and evaluation.enabled else None


def get_meeting_for_evaluation(user, meeting_id, *, require: tuple[str, ...] = ()):
    """The meeting, for the office's switch: 404 for outsiders and for a 民主生活会."""
    meeting = Meeting.objects.select_related("organization").filter(pk=meeting_id).first()
    if meeting is None or meeting.kind != MeetingKind.ORGANIZATION_LIFE:
        raise Http404("会议不存在")
    access = evaluation_access(user, meeting)
    if not access.roles:
        raise Http404("会议不存在")
    if require and not access.roles.intersection(require):
        raise PermissionDenied("您的角色无权进行此操作")
    return meeting, access


def get_evaluation_for_user(user, meeting_id, *, require: tuple[str, ...] = ()):
    """The meeting's evaluation: 404 for outsiders and while it is not switched on, 403
    for a role that may not do this."""
    meeting, access = get_meeting_for_evaluation(user, meeting_id)
    evaluation = evaluation_of(meeting)
    if evaluation is None:
        raise Http404("本次会议未开展民主评议党员")
    if require and not access.roles.intersection(require):
        raise PermissionDenied("您的角色无权进行此操作")
    evaluation.meeting = meeting
    return evaluation, access


class RegistrationRole:
    AUTHOR = "author"  # the member: writes the self-assessment
    REVIEWER = "reviewer"  # secretary or office: approves it (never their own)
    GROUP = "group"  # the 党小组组长; without a group, the secretary or the office
    OFFICE = "office"  # enters the outside opinion
    READER = "reader"  # the upper level


def registration_roles(registration: Registration, access: EvaluationAccess) -> frozenset[str]:
    roles = set()
    own = access.person is not None and registration.person_id == access.person.pk
    if own and access.meeting.is_member:
        roles.add(RegistrationRole.AUTHOR)
    if (access.is_secretary or access.is_office) and not own:
        roles.add(RegistrationRole.REVIEWER)
    group_id = registration.person.party_group_id
    if group_id is not None and group_id in access.led_group_ids and not own:
        roles.add(RegistrationRole.GROUP)
    if group_id is None and (access.is_secretary or access.is_office) and not own:
        roles.add(RegistrationRole.GROUP)
    if access.is_office:
        roles.add(RegistrationRole.OFFICE)
    if access.is_supervisor:
        roles.add(RegistrationRole.READER)
    return frozenset(roles)


def reads_self_assessment(registration: Registration, roles) -> bool:
    """A self-assessment is its author's alone until submitted (a draft is seen by its
    author until submitted): the others on the 登记表 read it from then on."""
    return RegistrationRole.AUTHOR in roles or registration.state != RegistrationState.DRAFT


def get_registration_for_user(user, pk):
    """A 登记表 for this user, with their roles on it; 404 for anyone who may not read it."""
    registration = (
        Registration.objects.select_related("evaluation__meeting__organization", "person__party_group")
        .filter(pk=pk)
        .first()
    )
    if registration is None or not registration.evaluation.enabled:
        raise Http404("登记表不存在")
    access = evaluation_access(user, registration.evaluation.meeting)
    roles = registration_roles(registration, access)
    if not roles:
        raise Http404("登记表不存在")
    return registration, access, roles


def is_open(meeting: Meeting) -> bool:
    return meeting.stage != Stage.ARCHIVED


# --- the scoring rounds -------------------------------------------------------------------

# Who runs a round (creates it, shows the QR code, opens and closes it, enters paper).
RUN_ROLES = (Role.OFFICE, Role.SECRETARY)
# Who reads its result: the branch and the upper level that approves 优秀 and 不合格.
RESULT_ROLES = (Role.OFFICE, Role.SECRETARY, Role.SUPERVISOR)


def get_round_for_user(user, pk, *, require: tuple[str, ...] = RUN_ROLES):
    """A scoring round, through its meeting's evaluation: 404 for outsiders, 403 for a role
    that may not run it (or read its result)."""
    from .models import ScoringRound

    round = ScoringRound.objects.select_related("evaluation").filter(pk=pk).first()
    if round is None:
        raise Http404("评分轮次不存在")
    evaluation, access = get_evaluation_for_user(user, round.evaluation.meeting_id, require=require)
    if evaluation.pk != round.evaluation_id:
        raise Http404("评分轮次不存在")
    round.evaluation = evaluation
    return round, access
