"""督导组: the supervision groups an organisation sends to particular organisations below it.

Seeds 001 §四 ("联系我市的省委督导组对民主生活会进行全程指导") and 002 #1 §四 ("镇党委将派出
督导组进行指导和监督"). Who manages a body's groups: its office, and its own supervising
officials (组织部、纪委). What a member may then do on the assigned organisations' meetings
is decided where every supervisor's is: meetings.access (who supervises) and
meetings.workflow.body_may (a 督导组 never decides for the 纪委 or 组织部).
"""

from collections.abc import Callable, Iterable
from functools import partial

from django.db import transaction

from .models import Organization, Person, SupervisionGroup
from .selectors import forget_org_perms, org_ids_with_perm, orgs_below


JoinedHook = Callable[[SupervisionGroup, list[Person]], None]
_joined_hooks: list[JoinedHook] = []


def register_group_joined(func: JoinedHook) -> JoinedHook:
    """`func(group, people)` after the commit that gave a group these new members: the
    layers above tell them (oversight sends each one the organisations they now oversee).
    Nothing is sent for a write rolled back, nor to someone already a member."""
    _joined_hooks.append(func)
    return func


def _joined(group: SupervisionGroup, people: list[Person]) -> None:
    if people:
        transaction.on_commit(partial(_tell_joined, group, people))


def _tell_joined(group, people) -> None:
    for hook in _joined_hooks:
        hook(group, people)


class GroupError(Exception):
    """A group write that is not allowed; the message is shown to the person as is."""


def group_sender_ids(user) -> set[int]:
    """The organisations whose 督导组 this person manages: those whose office they work
    in or for whose body they supervise (the 县委组织部 official works for the 县委)."""
    return org_ids_with_perm(user, "manage_organization") | org_ids_with_perm(user, "supervise_organization")


def assignable_organizations(sender: Organization) -> list[Organization]:
    """The organisations a group of this sender may be assigned to: every one below it,
    in tree order (each followed by those below it), in one query."""
    orgs = list(Organization.objects.filter(pk__in=orgs_below([sender.pk])).select_related("parent"))
    children: dict[int, list[Organization]] = {}
    for org in orgs:  # already in sibling order (Meta.ordering)
        children.setdefault(org.parent_id, []).append(org)
    ordered, stack = [], list(reversed(children.get(sender.pk, [])))
    while stack:
        org = stack.pop()
        ordered.append(org)
        stack.extend(reversed(children.get(org.pk, [])))
    return ordered


def eligible_members(sender: Organization):
    """Who may sit in the sender's group: the people of the sending organisation."""
    return Person.objects.filter(organization=sender).in_official_order()


def organizations_outside(sender: Organization, organizations: Iterable[Organization]) -> list[Organization]:
    """Those of the organisations that are not below the sender, which a group may not supervise."""
    organizations = list(organizations)
    below = set(orgs_below([sender.pk]).filter(pk__in=[o.pk for o in organizations]).values_list("pk", flat=True))
    return [o for o in organizations if o.pk not in below]


def _check(sender, name, members, organizations, *, group=None, actor=None) -> None:
    if not (name or "").strip():
        raise GroupError("请填写督导组名称。")
    same_name = SupervisionGroup.objects.filter(sent_by=sender, name=name.strip())
    if group is not None:
        same_name = same_name.exclude(pk=group.pk)
    if same_name.exists():
        raise GroupError(f"本组织已有名为“{name.strip()}”的督导组。")
    outside = organizations_outside(sender, organizations)
    if outside:
        raise GroupError("、".join(o.name for o in outside) + "不是本组织的下级组织，不能作为督导对象。")
    # An office clerk who put themself in a group would make themself a supervisor of the
    # organisations below: nobody joins a group they are making, unless they supervise
    # for the sender already (then it gives them nothing they lack).
    if actor is not None and any(p.user_id == actor.pk for p in members) and (
        sender.pk not in org_ids_with_perm(actor, "supervise_organization")
    ):
        raise GroupError("不能把自己编入本人正在设置的督导组；请由上级督导人员或其他工作人员确定。")
    strangers = [p for p in members if p.organization_id != sender.pk]
    if strangers:
        raise GroupError("、".join(p.name for p in strangers) + "不是本组织的人员，不能加入本组织派出的督导组。")


def _forget(people: Iterable[Person]) -> None:
    # The request's memo of what a person oversees: someone added or removed in this
    # request (a test, a shell) must be asked again.
    for person in people:
        if person.user_id and "user" in person._state.fields_cache:
            forget_org_perms(person.user)


@transaction.atomic
def supervision_group_create(
    *, sent_by: Organization, name: str, members: Iterable[Person], organizations: Iterable[Organization], actor=None
) -> SupervisionGroup:
    members, organizations = list(members), list(organizations)
    _check(sent_by, name, members, organizations, actor=actor)
    group = SupervisionGroup.objects.create(sent_by=sent_by, name=name.strip())
    group.members.set(members)
    group.organizations.set(organizations)
    _forget(members)
    _joined(group, members)
    return group


@transaction.atomic
def supervision_group_update(
    *, group: SupervisionGroup, name: str, members: Iterable[Person], organizations: Iterable[Organization], actor=None
) -> SupervisionGroup:
    """Rename the group and set its members and organisations; a member taken off, or an
    organisation no longer assigned, loses the access it gave at once."""
    members, organizations = list(members), list(organizations)
    _check(group.sent_by, name, members, organizations, group=group, actor=actor)
    before = list(group.members.all())
    group.name = name.strip()
    group.save(update_fields=["name"])
    group.members.set(members)
    group.organizations.set(organizations)
    _forget(before + members)
    if group.is_active:
        already = {person.pk for person in before}
        _joined(group, [person for person in members if person.pk not in already])
    return group


@transaction.atomic
def supervision_group_end(*, group: SupervisionGroup) -> bool:
    """结束督导: the group stays on record with its members and organisations, and no
    longer gives its members any access. Returns whether it was still active."""
    if not group.is_active:
        return False
    group.is_active = False
    group.save(update_fields=["is_active"])
    _forget(group.members.select_related("user"))
    return True
