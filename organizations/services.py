"""Write operations on organisations and people.

Roles live in StaffRole / TeamMembership / Person.branch; django-guardian holds the
object permissions derived from them. `person_permissions_sync` is the one place that
turns roles into permissions, so the two can never drift apart.
"""

from django.contrib.auth import get_user_model
from django.db import transaction
from guardian.models import UserObjectPermission
from guardian.shortcuts import assign_perm

from .selectors import forget_org_perms
from .models import (
    Department,
    Organization,
    Person,
    StaffKind,
    StaffRole,
    SupervisorBody,
    TeamMembership,
)

ORG_PERMS = ("manage_organization", "supervise_organization", "take_part")


def expected_org_perms(person: Person) -> set[tuple[str, int]]:
    """(permission codename, organisation id) pairs that the person's roles call for."""
    wanted: set[tuple[str, int]] = set()
    for role in person.staff_roles.all():
        codename = (
            "manage_organization" if role.kind == StaffKind.OFFICE else "supervise_organization"
        )
        wanted.add((codename, role.organization_id))
    for seat in person.team_seats.all():
        wanted.add(("take_part", seat.organization_id))
    if person.branch_id and person.is_party_member:
        wanted.add(("take_part", person.branch_id))
    return wanted


@transaction.atomic
def person_permissions_sync(*, person: Person) -> None:
    if person.user_id is None:
        return
    user = person.user
    wanted = expected_org_perms(person)
    existing = UserObjectPermission.objects.filter(
        user=user,
        content_type__app_label="organizations",
        content_type__model="organization",
        permission__codename__in=ORG_PERMS,
    ).select_related("permission")
    have = set()
    for row in existing:
        key = (row.permission.codename, int(row.object_pk))
        if key in wanted:
            have.add(key)
        else:
            row.delete()
    for codename, org_id in wanted - have:
        assign_perm(f"organizations.{codename}", user, Organization(pk=org_id))
    forget_org_perms(user)


@transaction.atomic
def person_create(
    *,
    name: str,
    organization: Organization,
    username: str | None = None,
    password: str | None = None,
    department: Department | None = None,
    title: str = "",
    branch: Organization | None = None,
    is_party_member: bool = True,
    phone: str = "",
    email: str = "",
) -> Person:
    user = None
    if username:
        User = get_user_model()
        # As the login form reads it (NFKC), or the account could never be logged into.
        user = User(username=User.normalize_username(username), email=email, first_name=name)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save()
    person = Person.objects.create(
        user=user,
        name=name,
        organization=organization,
        department=department,
        title=title,
        branch=branch,
        is_party_member=is_party_member,
        phone=phone,
        email=email,
    )
    person_permissions_sync(person=person)
    return person


@transaction.atomic
def staff_assign(
    *, person: Person, organization: Organization, kind: str, unit: str = "", body: str = ""
) -> StaffRole:
    """Give the person a staff role; a supervisor always works for one body (组织部 unless told)."""
    if kind == StaffKind.SUPERVISOR:
        body = body or SupervisorBody.from_text(unit)
    else:
        body = ""
    role, _ = StaffRole.objects.get_or_create(
        person=person, organization=organization, kind=kind, defaults={"unit": unit, "body": body}
    )
    person_permissions_sync(person=person)
    return role


@transaction.atomic
def team_member_add(
    *,
    person: Person,
    organization: Organization,
    position: str,
    rank: int = 0,
    oversees: list[Department] | tuple = (),
) -> TeamMembership:
    seat, _ = TeamMembership.objects.update_or_create(
        person=person, organization=organization, defaults={"position": position, "rank": rank}
    )
    seat.oversees.set(oversees)
    person_permissions_sync(person=person)
    return seat


@transaction.atomic
def team_member_remove(*, person: Person, organization: Organization) -> bool:
    """Take the person's seat in the organisation's team away; True if there was one."""
    deleted, _ = TeamMembership.objects.filter(person=person, organization=organization).delete()
    person_permissions_sync(person=Person.objects.get(pk=person.pk))
    return bool(deleted)


TEMPORARY_PASSWORD_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789"


def person_password_reset(*, person: Person) -> str:
    """Give the person's account a new random password and return it, to be shown once.

    The office hands it over in person; the new password passes the validators.
    """
    import secrets

    if person.user_id is None:
        raise ValueError("该人员没有登录账号")
    while True:
        password = "".join(secrets.choice(TEMPORARY_PASSWORD_ALPHABET) for _ in range(12))
        if any(c.isdigit() for c in password) and any(c.isalpha() for c in password):
            break
    user = person.user
    user.set_password(password)
    user.save(update_fields=["password"])
    return password


def organization_reminders_set(*, organization: Organization, overdue_reminder_days: int) -> bool:
    """Set how many days apart an overdue item is reminded again; False if unchanged."""
    if organization.overdue_reminder_days == overdue_reminder_days:
        return False
    organization.overdue_reminder_days = overdue_reminder_days
    organization.save(update_fields=["overdue_reminder_days"])
    return True
