"""Reads for chasing and comments: what may be chased, who chased last, what a reader sees."""

from datetime import timedelta

from django.contrib.auth import get_user_model

from meetings.models import Meeting, MilestoneKind
from meetings.status import status_columns
from organizations.models import StaffKind, SupervisorBody, TeamPosition
from organizations.selectors import descendant_ids, group_org_ids, org_ids_with_perm, overseen_org_ids

from .models import Chase, Comment

# A hand chase holds the automatic reminder of the same milestone back this long.
HOLD = timedelta(hours=24)
WHOLE_MEETING = ""  # a target key: the meeting as a whole


def chase_item_label(key: str) -> str:
    """What a chase is about, as the page and the message name it."""
    if key == WHOLE_MEETING:
        return "整体工作进度"
    for column in status_columns():
        if column.key == key:
            return column.label
    return MilestoneKind(key).label if key in MilestoneKind.values else key


def chase_keys() -> set[str]:
    """The keys a target may name: a status column, a milestone, or the meeting as a whole."""
    return {WHOLE_MEETING, *MilestoneKind.values, *(column.key for column in status_columns())}


def parse_targets(values) -> list[tuple[int, str]] | None:
    """`<meeting id>:<key>` values (the overview's checkboxes) as pairs, each once, in
    order; None when one of them is malformed or names no known key."""
    keys = chase_keys()
    pairs: list[tuple[int, str]] = []
    for value in values:
        meeting_id, sep, key = str(value).partition(":")
        if not sep or not meeting_id.isdigit() or key not in keys:
            return None
        pair = (int(meeting_id), key)
        if pair not in pairs:
            pairs.append(pair)
    return pairs


def chase_targets(user, pairs) -> list[tuple[Meeting, str]] | None:
    """The (meeting, key) targets, in one query; None when a meeting does not exist or is
    outside what this user oversees (the view answers 404: no hint that it exists)."""
    ids = {meeting_id for meeting_id, _ in pairs}
    meetings = Meeting.objects.select_related("organization").in_bulk(ids)
    scope = overseen_org_ids(user)
    if len(meetings) != len(ids) or any(m.organization_id not in scope for m in meetings.values()):
        return None
    return [(meetings[meeting_id], key) for meeting_id, key in pairs]


def chasing_bodies(user, org_ids) -> dict[int, str]:
    """The body (SupervisorBody) the user chases each organisation for: the body of a
    supervising role above it, else 督导组 when it is assigned to their group.

    One query for the roles and one per role (a supervisor holds one or two), whatever
    the number of organisations.
    """
    from organizations.models import StaffRole

    org_ids = set(org_ids)
    found: dict[int, str] = {}
    roles = StaffRole.objects.filter(person__user=user, kind=StaffKind.SUPERVISOR).values_list(
        "organization_id", "body"
    )
    order = list(SupervisorBody.values)
    for org_id, body in sorted(roles, key=lambda r: order.index(r[1]) if r[1] in order else 0):
        for below in descendant_ids([org_id]) & org_ids:
            found.setdefault(below, body or SupervisorBody.ORGANIZATION_DEPARTMENT)
    for org_id in group_org_ids(user) & org_ids:
        found.setdefault(org_id, SupervisorBody.SUPERVISION_GROUP)
    return found


def office_users_by_org(org_ids) -> dict[int, list]:
    """The active office users of each organisation, in one query."""
    from organizations.models import StaffRole

    found: dict[int, list] = {}
    roles = StaffRole.objects.filter(
        organization_id__in=set(org_ids), kind=StaffKind.OFFICE, person__user__is_active=True
    ).select_related("person__user")
    for role in roles:
        users = found.setdefault(role.organization_id, [])
        if role.person.user not in users:
            users.append(role.person.user)
    return found


def secretary_users(org_id: int):
    return get_user_model().objects.filter(
        person__team_seats__organization_id=org_id,
        person__team_seats__position=TeamPosition.SECRETARY,
        is_active=True,
    ).distinct()


def last_chases(meeting_ids) -> dict[int, Chase]:
    """Each meeting's latest chase, in one query."""
    found: dict[int, Chase] = {}
    for chase in Chase.objects.filter(meeting_id__in=set(meeting_ids)).select_related("by__person"):
        found.setdefault(chase.meeting_id, chase)  # newest first (Meta.ordering)
    return found


def chased_recently(keys, now) -> set[tuple[int, str]]:
    """The (meeting id, milestone) pairs among `keys` chased by hand since `now - HOLD`;
    a chase of the meeting as a whole holds every milestone of it. One query.

    Registered with meetings.progress.register_reminder_hold (oversight/apps.py).
    """
    keys = set(keys)
    chased = set(
        Chase.objects.filter(meeting_id__in={m for m, _ in keys}, at__gt=now - HOLD, at__lte=now)
        .values_list("meeting_id", "milestone")
        .distinct()
    )
    return {(m, k) for m, k in keys if (m, k) in chased or (m, WHOLE_MEETING) in chased}


def chases_for(user):
    """The chases this user may read: those of the organisations they oversee, and the
    ones their own office received."""
    scope = overseen_org_ids(user) | org_ids_with_perm(user, "manage_organization")
    return Chase.objects.filter(meeting__organization_id__in=scope)


def may_read_chases(user) -> bool:
    return bool(overseen_org_ids(user) or org_ids_with_perm(user, "manage_organization"))


def meeting_comments(meeting):
    return Comment.objects.filter(meeting=meeting).select_related("author__person")


def meeting_chases(meeting):
    return Chase.objects.filter(meeting=meeting).select_related("by__person")

