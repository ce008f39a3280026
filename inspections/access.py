"""The permission checkpoints of the materials: one for a material, one for a version,
one for a meeting's materials pages.

Who sees a member's speech outline (DOMAIN.md "Confidentiality", seed 001 §三(四)):
- its author, always, and nobody else while it is a draft;
- once submitted, the team's secretary (who reviews it) and the office (who tracks it);
- the supervising level once the secretary has passed it on — and then only the
  versions passed on;
- the other members never, at any stage: 404, as for an outsider.
Reviewers read the frozen versions, never the author's working draft.

The team's material is drafted by the office or a drafter the office or secretary names,
under the secretary, who sees the draft as it grows and approves it. The team members
read it once the secretary has approved it (seed 001: the secretary's approved text is
circulated for the members to claim the team's problems as their own); the supervising
level once it is passed on.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.http import Http404

from meetings.access import MeetingAccess, Role, meeting_access
from meetings.models import Meeting, Stage
from organizations.models import Person, TeamMembership, TeamPosition
from organizations.selectors import person_for_user

from .models import Material, MaterialKind, MaterialState, MaterialVersion

# Drafting, reviewing and deciding happen before the meeting is asked to convene (or
# again after a halt); afterwards the materials are part of the record.
OPEN_STAGES = {Stage.PREPARING, Stage.PLAN_REVIEW, Stage.PRE_MEETING, Stage.HALTED}


class MaterialRole:
    AUTHOR = "author"  # writes their own outline
    DRAFTER = "drafter"  # writes the team material: the office or the named drafter
    REVIEWER = "reviewer"  # the secretary, for someone else's material
    OFFICE = "office"  # tracks; reads what has been submitted
    SUPERVISOR = "supervisor"  # the upper level, once passed on
    GUIDE = "guide"  # a 督导组 member: reads what was passed on, decides nothing
    READER = "reader"  # a team member reading the team material the secretary approved

    LABELS = {
        AUTHOR: "本人",
        DRAFTER: "起草人",
        REVIEWER: "书记（审阅）",
        OFFICE: "办公室",
        SUPERVISOR: "上级审核",
        GUIDE: "督导组（查阅）",
        READER: "班子成员（阅知）",
    }
    # Who reads every submitted version (the others read only versions passed on).
    ALL_VERSIONS = {AUTHOR, DRAFTER, REVIEWER, OFFICE}


@dataclass(frozen=True)
class MaterialAccess:
    """What one user may do with one material."""

    meeting: MeetingAccess
    roles: frozenset[str]
    person: Person | None
    is_team: bool = False

    def has(self, role: str) -> bool:
        return role in self.roles

    @property
    def is_writer(self) -> bool:
        return bool(self.roles & {MaterialRole.AUTHOR, MaterialRole.DRAFTER})

    @property
    def reads_draft(self) -> bool:
        """The working text: its writers, and for the team material the secretary."""
        return self.is_writer or (MaterialRole.REVIEWER in self.roles and self.is_team)

    @property
    def reads_all_versions(self) -> bool:
        return bool(self.roles & MaterialRole.ALL_VERSIONS)

    @property
    def is_reviewer(self) -> bool:
        return bool(self.roles & {MaterialRole.REVIEWER, MaterialRole.SUPERVISOR})

    def labels(self) -> list[str]:
        return [label for role, label in MaterialRole.LABELS.items() if role in self.roles]


def is_secretary(person: Person | None, meeting: Meeting) -> bool:
    return bool(
        person
        and TeamMembership.objects.filter(
            organization_id=meeting.organization_id, person=person, position=TeamPosition.SECRETARY
        ).exists()
    )


def material_roles(material: Material, access: MeetingAccess, person: Person | None) -> set[str]:
    """The one rule of who sees a material (see the module's docstring)."""
    roles = set()
    submitted = material.first_submitted_at is not None
    passed_on = material.passed_on_at is not None
    if material.kind == MaterialKind.PERSONAL:
        if person is not None and material.author_id == person.pk:
            return {MaterialRole.AUTHOR}  # the author reviews nobody's outline, least their own
        if submitted and access.is_secretary:
            roles.add(MaterialRole.REVIEWER)
        if submitted and access.is_office:
            roles.add(MaterialRole.OFFICE)
    else:
        if access.is_office or (person is not None and material.drafter_id == person.pk):
            roles.add(MaterialRole.DRAFTER)
        if access.is_secretary:
            roles.add(MaterialRole.REVIEWER)
        if access.is_member and material.state in MaterialState.secretary_passed():
            roles.add(MaterialRole.READER)
    if passed_on and access.is_supervisor:
        # The upper review is the 组织部's (001 §三(四)); a 督导组 reads it and decides nothing.
        roles.add(MaterialRole.SUPERVISOR if access.decides_for_upper_level else MaterialRole.GUIDE)
    return roles


def material_access(user, material: Material) -> MaterialAccess:
    access = meeting_access(user, material.meeting)
    person = person_for_user(user)
    roles = material_roles(material, access, person)
    return MaterialAccess(access, frozenset(roles), person, is_team=material.is_team)


def get_material_for_user(user, pk, *, require: tuple[str, ...] = ()):
    """Fetch a material for this user: 404 for anyone who may not see it (other members
    included), 403 when they may see it but not do this."""
    material = (
        Material.objects.select_related("meeting__organization", "author", "drafter").filter(pk=pk).first()
    )
    if material is None:
        raise Http404("材料不存在")
    access = material_access(user, material)
    if not access.roles:
        raise Http404("材料不存在")
    if require and not access.roles.intersection(require):
        raise PermissionDenied("您的角色无权进行此操作")
    return material, access


def version_visible(version: MaterialVersion, access: MaterialAccess) -> bool:
    return access.reads_all_versions or version.passed_on_at is not None


def visible_versions(material: Material, access: MaterialAccess):
    versions = material.versions.select_related("submitted_by__person")
    if not access.reads_all_versions:
        versions = versions.filter(passed_on_at__isnull=False)
    return versions


def get_version_for_user(user, pk) -> MaterialVersion:
    """A frozen version, for whoever may read it (the documents' checkpoint too)."""
    version = MaterialVersion.objects.select_related("material").filter(pk=pk).first()
    if version is None:
        raise Http404("版本不存在")
    material, access = get_material_for_user(user, version.material_id)
    if not version_visible(version, access):
        raise Http404("版本不存在")
    version.material = material
    return version


def get_draft_for_user(user, pk) -> Material:
    """The working text, for printing a draft: its writers (and the secretary for the
    team material) only."""
    material, access = get_material_for_user(user, pk)
    if not access.reads_draft:
        raise PermissionDenied("草稿只有撰写人本人可以打印")
    return material


# --- a meeting's materials pages ------------------------------------------------------

# Who sees the board of a meeting's materials: the office and the secretary who run the
# review, and the supervising level who watch the progress (statuses, not drafts).
BOARD_ROLES = (Role.OFFICE, Role.SECRETARY, Role.SUPERVISOR)


def get_meeting_for_materials(user, pk, *, require: tuple[str, ...] = ()):
    """The meeting, for the materials pages: 404 for outsiders, 403 for the wrong role.

    A team's named drafter who holds no role in the meeting is let in to reach the team
    material."""
    meeting = Meeting.objects.select_related("organization").filter(pk=pk).first()
    if meeting is None:
        raise Http404("会议不存在")
    access = meeting_access(user, meeting)
    roles = set(access.roles)
    person = person_for_user(user)
    if person is not None and Material.objects.filter(meeting=meeting, kind=MaterialKind.TEAM, drafter=person).exists():
        roles.add(MaterialRole.DRAFTER)
    if not roles:
        raise Http404("会议不存在")
    if require and not roles.intersection(require):
        raise PermissionDenied("您的角色无权进行此操作")
    return meeting, access, person


def stage_open(meeting: Meeting) -> bool:
    return meeting.stage in OPEN_STAGES
