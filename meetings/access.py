"""The one permission checkpoint for meetings.

A person relates to a meeting through its organisation: its office manages it, its team
members (or, for a branch, its party members) take part, the officials of any body
above it supervise it, and so do the members of an active 督导组 the organisation is
assigned to (for the body 督导组: organizations.selectors.group_org_ids says why exactly
those). Anyone else is an outsider and gets 404 — not a hint that the meeting exists.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404

from organizations.models import SupervisorBody, TeamMembership, TeamPosition
from organizations.selectors import (
    ancestor_ids,
    group_org_ids,
    org_ids_with_perm,
    overseen_orgs,
    person_for_user,
    user_supervising_bodies,
)


class Role:
    OFFICE = "office"
    SECRETARY = "secretary"
    MEMBER = "member"
    SUPERVISOR = "supervisor"

    LABELS = {
        OFFICE: "办公室",
        SECRETARY: "书记",
        MEMBER: "成员",
        SUPERVISOR: "上级督导",
    }


@dataclass(frozen=True)
class MeetingAccess:
    """What one user may do with one meeting."""

    roles: frozenset[str]
    # The supervising bodies (组织部, 纪委, 督导组) this person acts for on this meeting.
    bodies: frozenset[str] = frozenset()

    @property
    def is_office(self) -> bool:
        return Role.OFFICE in self.roles

    @property
    def is_supervisor(self) -> bool:
        return Role.SUPERVISOR in self.roles

    @property
    def is_secretary(self) -> bool:
        return Role.SECRETARY in self.roles

    @property
    def is_member(self) -> bool:
        return Role.MEMBER in self.roles

    @property
    def decides_for_upper_level(self) -> bool:
        """A supervisor who acts for a body above (组织部, 纪委), not only as a 督导组 member:
        the upper level's approvals (outlines passed on, 优秀/不合格, rectification lists,
        closing team items) are theirs. A 督导组 guides, postpones and halts (002 #1 §四)
        but approves nothing in the upper committee's name — as `workflow.body_may` rules
        for the meeting's own moves."""
        from organizations.models import SupervisorBody

        return self.is_supervisor and bool(self.bodies - {SupervisorBody.SUPERVISION_GROUP})

    def has(self, role: str) -> bool:
        return role in self.roles

    def labels(self) -> list[str]:
        return [Role.LABELS[r] for r in (Role.OFFICE, Role.SECRETARY, Role.MEMBER, Role.SUPERVISOR) if r in self.roles]


def meeting_access(user, meeting) -> MeetingAccess:
    if not user.is_authenticated:
        return MeetingAccess(frozenset())
    org_id = meeting.organization_id
    roles = set()
    # The sets the request remembers (org_ids_with_perm) answer what user.has_perm would
    # ask the database again for each meeting: object permissions of the user and their
    # groups, everything for a superuser, nothing for an inactive account.
    if user.is_active and org_id in org_ids_with_perm(user, "manage_organization"):
        roles.add(Role.OFFICE)
    if user.is_active and org_id in org_ids_with_perm(user, "take_part"):
        roles.add(Role.MEMBER)
        person = person_for_user(user)
        if person and TeamMembership.objects.filter(
            organization_id=org_id, person=person, position=TeamPosition.SECRETARY
        ).exists():
            roles.add(Role.SECRETARY)
    supervising = org_ids_with_perm(user, "supervise_organization")
    bodies = set()
    if supervising and supervising.intersection(ancestor_ids(meeting.organization)):
        roles.add(Role.SUPERVISOR)
        bodies |= user_supervising_bodies(user, meeting.organization)
    if org_id in group_org_ids(user):
        roles.add(Role.SUPERVISOR)
        bodies.add(SupervisorBody.SUPERVISION_GROUP)
    return MeetingAccess(frozenset(roles), frozenset(bodies))


def visible_meetings(user, queryset):
    if not user.is_authenticated:
        return queryset.none()
    own = org_ids_with_perm(user, "manage_organization") | org_ids_with_perm(user, "take_part")
    # Below the supervisor's body as a subquery: a county is ~500 ids otherwise.
    return queryset.filter(Q(organization_id__in=own) | Q(organization_id__in=overseen_orgs(user)))


def get_meeting_for_user(user, pk, *, require: tuple[str, ...] = ()):
    """Fetch a meeting for this user: 404 for outsiders, 403 when the role is wrong.

    `require` lists roles of which the user must hold at least one.
    """
    from .models import Meeting

    meeting = Meeting.objects.select_related("organization").filter(pk=pk).first()
    if meeting is None:
        raise Http404("会议不存在")
    access = meeting_access(user, meeting)
    if not access.roles:
        raise Http404("会议不存在")
    if require and not access.roles.intersection(require):
        raise PermissionDenied("您的角色无权进行此操作")
    return meeting, access


def ensure_not_archived(meeting, what: str = "本会议的材料") -> None:
    """An archived meeting is read-only: every edit view asks here (the page hides its
    buttons; the server refuses as well). `what` names what cannot change, for the page."""
    from .models import Stage

    if meeting.stage == Stage.ARCHIVED:
        raise PermissionDenied(f"会议已归档，{what}不能再修改")
