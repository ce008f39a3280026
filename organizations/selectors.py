"""Reads about the organisation tree and who holds which role."""

from collections.abc import Iterable

from django.db import connection
from django.db.models.expressions import RawSQL

from .models import Organization, Person


def orgs_below(root_ids: Iterable[int]):
    """The ids of every organisation strictly below the given ones, as a subquery.

    A recursive query walks the tree inside the database, so a page filtering by
    "everything below the county" sends the few roots, not the county's ~500 ids, and
    makes no query per level. UNION (not UNION ALL) ends the walk even on a cycle.
    """
    roots = sorted(set(root_ids))
    if not roots:
        return Organization.objects.none().values("pk")
    table = connection.ops.quote_name(Organization._meta.db_table)
    marks = ", ".join(["%s"] * len(roots))
    sql = (
        f"WITH RECURSIVE below(id) AS ("
        f"SELECT id FROM {table} WHERE parent_id IN ({marks}) "
        f"UNION SELECT o.id FROM {table} o JOIN below b ON o.parent_id = b.id"
        f") SELECT id FROM below"
    )
    return Organization.objects.filter(pk__in=RawSQL(sql, roots)).values("pk")


def descendant_ids(root_ids: Iterable[int]) -> set[int]:
    """Ids of every organisation strictly below the given ones, in one query."""
    return set(orgs_below(root_ids).values_list("pk", flat=True))


# Deeper than any real tree (县委 → 党组 → 党总支 → 党支部 is four): the walk up stops here
# even on a cycle, which the list below then cuts where it repeats.
_MAX_DEPTH = 64


def ancestor_ids(org: Organization) -> list[int]:
    """The ids above the organisation, its parent first, in one recursive query.

    Remembered on the instance for its parent (one request asks for the access checks and
    the supervising bodies of the same organisation), and asked again if the parent changes.
    """
    parent_id = org.parent_id
    if parent_id is None:
        return []
    remembered = org.__dict__.get("_ancestor_ids")
    if remembered and remembered[0] == parent_id:
        return list(remembered[1])
    table = connection.ops.quote_name(Organization._meta.db_table)
    sql = (
        f"WITH RECURSIVE up(id, parent_id, depth) AS ("
        f"SELECT id, parent_id, 1 FROM {table} WHERE id = %s "
        f"UNION ALL SELECT o.id, o.parent_id, up.depth + 1 FROM {table} o JOIN up ON o.id = up.parent_id "
        f"WHERE up.depth < %s"
        f") SELECT id FROM up ORDER BY depth"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [parent_id, _MAX_DEPTH])
        walked = [row[0] for row in cursor.fetchall()]
    ids = []
    for pk in walked:  # on a cycle the walk comes round again: stop where it repeats
        if pk in ids:
            break
        ids.append(pk)
    org.__dict__["_ancestor_ids"] = (parent_id, tuple(ids))
    return ids


def org_ids_with_perm(user, perm: str) -> set[int]:
    """Organisations on which the user holds the permission.

    Remembered on the user object, which lives for one request: every phase's "my work"
    provider and every access check asks the same question, and one query answers it
    for all the organisation permissions at once (see _org_perms).
    """
    if not user.is_authenticated:
        return set()
    if "_org_ids_with_perm" not in user.__dict__:
        user.__dict__["_org_ids_with_perm"] = _org_perms(user)
    return set(user.__dict__["_org_ids_with_perm"].get(perm, ()))


# Not a permission: the organisations assigned to the person's active 督导组, kept in the
# same memo (and fetched in the same query) so that asking it costs nothing more.
GROUP_KEY = "_supervision_group"


def _org_perms(user) -> dict[str, frozenset[int]]:
    """Each organisation permission's codename → the organisations the user holds it on,
    and GROUP_KEY → the organisations assigned to the user's active 督导组.

    What guardian's get_objects_for_user(user, perm, klass=Organization,
    accept_global_perms=False) gives for each one — the object permissions of the user
    and of their groups, on organisations that exist; everything for a superuser — in
    one query for all of them instead of one per permission.
    """
    from django.contrib.contenttypes.models import ContentType
    from django.db.models import CharField, Value
    from django.db.models.functions import Cast
    from guardian.models import GroupObjectPermission, UserObjectPermission

    from .models import SupervisionGroup

    codenames = [codename for codename, _ in Organization._meta.permissions]
    assigned = SupervisionGroup.organizations.through.objects.filter(
        supervisiongroup__is_active=True, supervisiongroup__members__user=user
    )
    if user.is_superuser:
        every = frozenset(Organization.objects.values_list("pk", flat=True))
        found = {codename: every for codename in codenames}
        found[GROUP_KEY] = frozenset(assigned.values_list("organization_id", flat=True))
        return found
    org_type = ContentType.objects.get_for_model(Organization)
    existing = Organization.objects.annotate(key=Cast("pk", CharField())).values("key")
    mine = UserObjectPermission.objects.filter(
        user=user, permission__content_type=org_type, object_pk__in=existing
    ).values_list("permission__codename", "object_pk")
    groups = GroupObjectPermission.objects.filter(
        group__user=user, permission__content_type=org_type, object_pk__in=existing
    ).values_list("permission__codename", "object_pk")
    sent = assigned.annotate(
        codename=Value(GROUP_KEY, output_field=CharField()), key=Cast("organization_id", CharField())
    ).values_list("codename", "key")
    found: dict[str, set[int]] = {codename: set() for codename in codenames}
    found[GROUP_KEY] = set()
    for codename, object_pk in mine.union(groups, sent, all=True):
        found.setdefault(codename, set()).add(int(object_pk))
    return {codename: frozenset(ids) for codename, ids in found.items()}


def forget_org_perms(user) -> None:
    user.__dict__.pop("_org_ids_with_perm", None)
    user.__dict__.pop("_supervised_org_ids", None)


def supervised_orgs(user):
    """What supervised_org_ids holds, as a subquery for filtering a list in the database."""
    return orgs_below(org_ids_with_perm(user, "supervise_organization"))


def overseen_orgs(user):
    """What overseen_org_ids holds, as a subquery: below the bodies the person works for,
    and the organisations assigned to their 督导组. Every list and "my work" provider of
    a supervisor filters by this, so a 督导组 member sees their organisations' work."""
    from django.db.models import Q

    assigned = group_org_ids(user)
    below = org_ids_with_perm(user, "supervise_organization")
    if not below:
        return Organization.objects.filter(pk__in=assigned).values("pk")
    if not assigned:
        return orgs_below(below)
    return Organization.objects.filter(Q(pk__in=orgs_below(below)) | Q(pk__in=assigned)).values("pk")


def oversees_any(user) -> bool:
    """Whether the person supervises anything: a supervising body's official, or a member
    of an active 督导组 with organisations assigned (no query beyond the request's memo)."""
    return bool(org_ids_with_perm(user, "supervise_organization") or group_org_ids(user))


def visible_organizations(user):
    """The organisations this person may open: their own (office or member), every one
    below a body they supervise, and those assigned to their 督导组 — what the list shows
    and the detail page admits."""
    from django.db.models import Q

    own = org_ids_with_perm(user, "manage_organization") | org_ids_with_perm(user, "take_part")
    return Organization.objects.filter(Q(pk__in=own) | Q(pk__in=overseen_orgs(user)))


def supervised_org_ids(user) -> set[int]:
    """The organisations a supervising official watches: everything below their own body.

    Remembered on the user object with the permissions (forget_org_perms forgets both):
    "my work", the lists and the access checks of one request ask it several times, and a
    county's walk down the tree is one query per level each time.
    """
    if not user.is_authenticated:
        return set()
    if "_supervised_org_ids" not in user.__dict__:
        user.__dict__["_supervised_org_ids"] = frozenset(
            supervised_orgs(user).values_list("pk", flat=True)
        )
    return set(user.__dict__["_supervised_org_ids"])


def person_for_user(user) -> Person | None:
    if not user.is_authenticated:
        return None
    try:
        return user.person
    except Person.DoesNotExist:
        return None


def office_users(org: Organization):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(
        person__staff_roles__organization=org, person__staff_roles__kind="office", is_active=True
    ).distinct()


def participant_users(org: Organization):
    """Team members, and for a branch its party members: the people who take part."""
    from django.contrib.auth import get_user_model
    from django.db.models import Q

    return get_user_model().objects.filter(
        Q(person__team_seats__organization=org)
        | Q(person__branch=org, person__is_party_member=True),
        is_active=True,
    ).distinct()


def supervisor_users(org: Organization):
    """Supervising officials of every body above this one, and the members of the active
    督导组 assigned to it: whoever meeting_access makes its supervisor hears what the
    upper level is sent (materials passed on, reports, plans filed)."""
    from django.contrib.auth import get_user_model
    from django.db.models import Q

    return get_user_model().objects.filter(
        Q(person__staff_roles__organization_id__in=ancestor_ids(org), person__staff_roles__kind="supervisor")
        | Q(person__supervision_groups__organizations=org, person__supervision_groups__is_active=True),
        is_active=True,
    ).distinct()


def supervising_bodies(org: Organization) -> set[str]:
    """The bodies (组织部, 纪委, 督导组) that have supervising officials above this organisation."""
    from .models import StaffRole

    return _bodies(
        StaffRole.objects.filter(organization_id__in=ancestor_ids(org), kind="supervisor")
        .values_list("body", flat=True)
        .distinct()
    )


def user_supervising_bodies(user, org: Organization) -> set[str]:
    """The bodies for which this user supervises the organisation (usually one, or none)."""
    if not user.is_authenticated:
        return set()
    from .models import StaffRole

    return _bodies(
        StaffRole.objects.filter(
            person__user=user, organization_id__in=ancestor_ids(org), kind="supervisor"
        ).values_list("body", flat=True)
    )


def _bodies(values) -> set[str]:
    # A supervisor saved without a body (say, through the admin) works for the 组织部, as
    # SupervisorBody.from_text decides for a unit that names none.
    from .models import SupervisorBody

    return {value or SupervisorBody.ORGANIZATION_DEPARTMENT for value in values}


def group_org_ids(user) -> set[int]:
    """The organisations assigned to the active 督导组 this person belongs to.

    Exactly those: not the tree below their own body, nor the organisations below the
    assigned ones. The seeds send a group to named organisations (001: "联系我市的省委
    督导组" guides the one 市委常委班子; 002: the 镇党委 sends groups to the branches it
    names), and a 督导组 member is often from another county or body, who must not see
    the rest of it. A group that ends (结束督导) or a member who leaves it loses them.

    Fetched with the permissions, in their one query, and remembered with them on the
    user object (forget_org_perms forgets both). An inactive account has none.
    """
    if not user.is_authenticated or not user.is_active:
        return set()
    return org_ids_with_perm(user, GROUP_KEY)


def overseen_org_ids(user) -> set[int]:
    """Every organisation this person watches as a supervisor: all below the bodies they
    work for, and those assigned to their 督导组. The overview and chasing ask this."""
    return supervised_org_ids(user) | group_org_ids(user)
