"""What a clean roster would change, and writing it."""

import logging
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Prefetch

from ..models import (
    Department,
    Organization,
    PartyGroup,
    Person,
    StaffKind,
    StaffRole,
    TeamMembership,
    TeamPosition,
)
from ..services import (
    person_create,
    person_permissions_sync,
    staff_assign,
    team_member_add,
    team_member_remove,
)
from .columns import NO, YES
from .parse import RosterRow, new_department_names

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Change:
    label: str
    before: str
    after: str


@dataclass
class RowPlan:
    row: RosterRow
    person: Person | None
    changes: list[Change]

    @property
    def action(self) -> str:
        if self.person is None:
            return "create"
        return "update" if self.changes else "same"


def roster_plan(*, organization: Organization, rows: list[RosterRow]) -> list[RowPlan]:
    """For each clean row: the person it names (or None) and the fields that would change."""
    people = {
        p.user.username: p
        for p in Person.objects.filter(
            organization=organization, user__username__in=[r.username for r in rows]
        )
        .select_related("user", "department", "branch", "party_group")
        .prefetch_related(
            "led_groups",
            Prefetch(
                "team_seats",
                queryset=TeamMembership.objects.filter(organization=organization).prefetch_related(
                    "oversees"
                ),
            ),
            Prefetch(
                "staff_roles",
                queryset=StaffRole.objects.filter(organization=organization, kind=StaffKind.OFFICE),
            ),
            Prefetch(
                "headed_departments", queryset=Department.objects.filter(organization=organization)
            ),
        )
    }
    heads = {
        name: (head_id, head_name)
        for name, head_id, head_name in Department.objects.filter(
            organization=organization, head__isnull=False
        ).values_list("name", "head_id", "head__name")
    }
    plans = []
    for row in rows:
        person = people.get(row.username)
        before = _facts_now(person) if person else {}
        after = _facts_wanted(row, before)
        if person is None:
            # A new person: list what they will have, leaving out the blank and the "否".
            changes = [
                Change(label, "", value)
                for label, value in after.items()
                if value and (value != NO or label == "是否党员")
            ]
        else:
            changes = [Change(l, before[l], after[l]) for l in after if before[l] != after[l]]
        replaced = heads.get(row.department) if row.is_head else None
        if replaced and (person is None or replaced[0] != person.pk):
            changes = [
                Change(c.label, c.before, f"{c.after}（接替{replaced[1]}）")
                if c.label == "部门负责人"
                else c
                for c in changes
            ]
        plans.append(RowPlan(row=row, person=person, changes=changes))
    return plans


def _facts_now(person: Person) -> dict[str, str]:
    seat = next(iter(person.team_seats.all()), None)
    return {
        "姓名": person.name,
        "部门": person.department.name if person.department else "",
        "职务": person.title,
        "班子职务": seat.get_position_display() if seat else "",
        "班子排序": str(seat.rank) if seat else "",
        "分管部门": "、".join(sorted(d.name for d in seat.oversees.all())) if seat else "",
        "部门负责人": "、".join(sorted(d.name for d in person.headed_departments.all())),
        "所在支部": person.branch.name if person.branch else "",
        "是否党员": YES if person.is_party_member else NO,
        "预备党员": YES if person.is_probationary else NO,
        "党小组": person.party_group.name if person.party_group else "",
        "党小组组长": YES if any(g.pk == person.party_group_id for g in person.led_groups.all()) else NO,
        "手机": person.phone,
        "邮箱": person.email,
        "办公室人员": YES if person.staff_roles.all() else NO,
    }


def _facts_wanted(row: RosterRow, now: dict[str, str]) -> dict[str, str]:
    return {
        "姓名": row.name,
        "部门": row.department,
        "职务": row.title,
        "班子职务": TeamPosition(row.position).label if row.position else "",
        "班子排序": str(row.rank) if row.position else "",
        "分管部门": "、".join(sorted(row.oversees)),
        "部门负责人": row.department if row.is_head else "",
        "所在支部": row.branch.name if row.branch else "",
        "是否党员": YES if row.is_party_member else NO,
        "预备党员": YES if row.is_probationary else NO,
        "党小组": row.party_group,
        "党小组组长": YES if row.is_group_leader else NO,
        "手机": row.phone,
        "邮箱": row.email,
        "办公室人员": YES if row.is_office or now.get("办公室人员") == YES else NO,
    }


@dataclass
class RosterOutcome:
    created: list[Person] = field(default_factory=list)
    updated: list[Person] = field(default_factory=list)
    unchanged: int = 0
    new_accounts: list[str] = field(default_factory=list)
    new_departments: list[str] = field(default_factory=list)


@transaction.atomic
def roster_apply(*, organization: Organization, rows: list[RosterRow], actor) -> RosterOutcome:
    """Write clean rows: people, accounts, team seats, office roles, department heads."""
    outcome = RosterOutcome()
    departments = _departments_ensure(organization, rows, outcome)
    groups = _groups_ensure(rows)
    for plan in roster_plan(organization=organization, rows=rows):
        if plan.action == "same":
            outcome.unchanged += 1
            continue
        row = plan.row
        if plan.person is None:
            person = person_create(
                name=row.name,
                organization=organization,
                username=row.username,  # no password: unusable until the office sets one
                department=departments.get(row.department),
                title=row.title,
                branch=row.branch,
                is_party_member=row.is_party_member,
                phone=row.phone,
                email=row.email,
            )
            outcome.created.append(person)
            outcome.new_accounts.append(row.username)
            roles_changed = False  # person_create has synced the branch already
        else:
            # Fetched afresh: the plan's prefetches are filtered to this body, and
            # person_permissions_sync must see every role the person holds anywhere.
            person = Person.objects.select_related("user").get(pk=plan.person.pk)
            roles_changed = _person_update(person, row, departments)
            outcome.updated.append(person)
        changed = {c.label for c in plan.changes}
        if changed & {"班子职务", "班子排序", "分管部门"}:
            roles_changed |= _seat_sync(person, row, organization, departments)
        if row.is_office and "办公室人员" in changed:
            staff_assign(person=person, organization=organization, kind=StaffKind.OFFICE)
        if "部门负责人" in changed:
            _head_sync(person, row, organization, departments)
        if changed & {"预备党员", "党小组", "党小组组长"}:
            _group_sync(person, row, groups)
        if roles_changed:
            person_permissions_sync(person=person)
    logger.info(
        "roster import into %s by %s: %d created, %d updated, %d unchanged",
        organization.pk,
        getattr(actor, "pk", None),
        len(outcome.created),
        len(outcome.updated),
        outcome.unchanged,
    )
    return outcome


def _departments_ensure(org, rows, outcome) -> dict[str, Department]:
    outcome.new_departments = new_department_names(org, rows)
    last = Department.objects.filter(organization=org).order_by("-order").first()
    start = (last.order if last else 0) + 1
    Department.objects.bulk_create(
        Department(organization=org, name=name, order=start + i)
        for i, name in enumerate(outcome.new_departments)
    )
    return {d.name: d for d in Department.objects.filter(organization=org)}


def _groups_ensure(rows) -> dict[tuple[int, str], PartyGroup]:
    """The party groups the file names, created in their branch where they are new."""
    wanted = {(row.branch.pk, row.party_group) for row in rows if row.branch and row.party_group}
    groups = {}
    for branch_id, name in sorted(wanted):
        group, _ = PartyGroup.objects.get_or_create(branch_id=branch_id, name=name)
        groups[(branch_id, name)] = group
    return groups


def _group_sync(person: Person, row: RosterRow, groups) -> None:
    """The person's 预备党员 flag, party group and 组长 seat as the row says."""
    group = groups.get((row.branch.pk, row.party_group)) if row.branch and row.party_group else None
    person.is_probationary = row.is_probationary
    person.party_group = group
    person.save(update_fields=["is_probationary", "party_group"])
    PartyGroup.objects.filter(leader=person).exclude(pk=group.pk if group and row.is_group_leader else None).update(
        leader=None
    )
    if group is not None and row.is_group_leader and group.leader_id != person.pk:
        group.leader = person
        group.save(update_fields=["leader"])


def _person_update(person: Person, row: RosterRow, departments) -> bool:
    """Save the person's own fields; True if their branch membership changed."""
    department = departments.get(row.department)
    wanted = {
        "name": row.name,
        "department_id": department.pk if department else None,
        "title": row.title,
        "branch_id": row.branch.pk if row.branch else None,
        "is_party_member": row.is_party_member,
        "phone": row.phone,
        "email": row.email,
    }
    changed = [attname for attname, value in wanted.items() if getattr(person, attname) != value]
    if changed:
        for attname in changed:
            setattr(person, attname, wanted[attname])
        person.save(update_fields=changed)
    user = person.user
    if (user.first_name, user.email) != (row.name, row.email):
        user.first_name, user.email = row.name, row.email
        user.save(update_fields=["first_name", "email"])
    return bool({"branch_id", "is_party_member"} & set(changed))


def _seat_sync(person, row, org, departments) -> bool:
    """Put the person's seat in line with the row; True if permissions still need a sync."""
    if row.position:
        team_member_add(
            person=person,
            organization=org,
            position=row.position,
            rank=row.rank,
            oversees=[departments[name] for name in row.oversees],
        )  # syncs permissions itself
        return False
    team_member_remove(person=person, organization=org)  # syncs permissions itself
    return False


def _head_sync(person, row, org, departments) -> None:
    target = departments[row.department] if row.is_head else None
    stale = Department.objects.filter(organization=org, head=person)
    if target is not None:
        stale = stale.exclude(pk=target.pk)
    stale.update(head=None)
    if target is not None and target.head_id != person.pk:
        target.head = person
        target.save(update_fields=["head"])
