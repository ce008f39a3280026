"""Roles turn into guardian permissions in one place; supervisors watch everything below them."""

from guardian.shortcuts import get_perms

from organizations.models import OrganizationKind, StaffKind, StaffRole, TeamMembership, TeamPosition
from organizations.selectors import supervised_org_ids
from organizations.services import person_permissions_sync, staff_assign, team_member_add

from ..factories import OrganizationFactory, PersonFactory, UserFactory


def _perms(person, org):
    # A fresh user object: guardian must not answer from a cache filled before the change.
    return set(get_perms(type(person.user).objects.get(pk=person.user_id), org))


def test_an_office_role_grants_managing_the_organization(cast):
    assert _perms(cast.office.person, cast.gov) == {"manage_organization"}


def test_a_team_seat_grants_taking_part(cast):
    assert _perms(cast.member.person, cast.gov) == {"take_part"}
    assert _perms(cast.member.person, cast.edu) == set()


def test_a_supervisor_role_grants_supervising_the_own_body_only(cast):
    assert _perms(cast.supervisor.person, cast.county) == {"supervise_organization"}
    assert _perms(cast.supervisor.person, cast.gov) == set()


def test_removing_a_role_revokes_its_permission(cast):
    person = cast.office.person
    StaffRole.objects.filter(person=person).delete()
    person_permissions_sync(person=person)
    assert _perms(person, cast.gov) == set()


def test_leaving_the_team_revokes_taking_part(cast):
    person = cast.member.person
    TeamMembership.objects.filter(person=person).delete()
    person_permissions_sync(person=person)
    assert _perms(person, cast.gov) == set()


def test_moving_to_another_team_moves_the_permission(cast):
    person = cast.member.person
    TeamMembership.objects.filter(person=person).delete()
    team_member_add(person=person, organization=cast.edu, position=TeamPosition.MEMBER)
    assert _perms(person, cast.gov) == set()
    assert _perms(person, cast.edu) == {"take_part"}


def test_a_second_role_adds_to_the_first(cast):
    person = cast.member.person
    staff_assign(person=person, organization=cast.gov, kind=StaffKind.OFFICE)
    assert _perms(person, cast.gov) == {"take_part", "manage_organization"}


def test_a_party_member_takes_part_in_their_branch(cast):
    branch = OrganizationFactory(name="县政府办机关党支部", parent=cast.gov, kind=OrganizationKind.BRANCH)
    person = PersonFactory(user=UserFactory(username="branch-member"), organization=cast.gov, branch=branch)
    person_permissions_sync(person=person)
    assert _perms(person, branch) == {"take_part"}

    person.is_party_member = False
    person.save(update_fields=["is_party_member"])
    person_permissions_sync(person=person)
    assert _perms(person, branch) == set()


def test_syncing_twice_changes_nothing(cast):
    person = cast.office.person
    person_permissions_sync(person=person)
    person_permissions_sync(person=person)
    assert _perms(person, cast.gov) == {"manage_organization"}


def test_syncing_leaves_other_people_alone(cast):
    StaffRole.objects.filter(person=cast.office.person).delete()
    person_permissions_sync(person=cast.office.person)
    assert _perms(cast.member.person, cast.gov) == {"take_part"}
    assert _perms(cast.supervisor.person, cast.county) == {"supervise_organization"}


def test_a_person_without_an_account_is_skipped(cast):
    person = PersonFactory(user=None, organization=cast.gov)
    person_permissions_sync(person=person)  # no error, nothing to grant


def test_a_supervisor_watches_children_and_grandchildren(cast):
    branch = OrganizationFactory(name="县政府办机关党支部", parent=cast.gov)
    assert supervised_org_ids(cast.supervisor) == {cast.gov.pk, cast.edu.pk, branch.pk}


def test_a_supervisor_does_not_watch_the_own_body_nor_its_siblings(cast):
    city = OrganizationFactory(name="中共测试市委员会")
    cast.county.parent = city
    cast.county.save(update_fields=["parent"])
    sibling = OrganizationFactory(name="中共邻县委员会", parent=city)
    sibling_child = OrganizationFactory(name="邻县政府办党组", parent=sibling)
    watched = supervised_org_ids(cast.supervisor)
    assert cast.county.pk not in watched
    assert city.pk not in watched
    assert sibling.pk not in watched
    assert sibling_child.pk not in watched


def test_a_supervisor_at_the_neighbours_level_does_not_watch_gov(cast):
    person = PersonFactory(user=UserFactory(username="edu-supervisor"), organization=cast.edu)
    staff_assign(person=person, organization=cast.edu, kind=StaffKind.SUPERVISOR)
    edu_branch = OrganizationFactory(name="县教育局机关党支部", parent=cast.edu)
    assert supervised_org_ids(person.user) == {edu_branch.pk}


def test_people_without_a_supervisor_role_watch_nothing(cast):
    assert supervised_org_ids(cast.office) == set()
    assert supervised_org_ids(cast.secretary) == set()
