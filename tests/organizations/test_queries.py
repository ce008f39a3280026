"""The organisation list costs the same number of queries for 5 organisations as for 50."""

import re

from tests.factories import OrganizationFactory


def test_the_list_query_count_does_not_grow_with_organizations(cast, login, same_queries_at_5_and_50):
    client = login(cast.supervisor)
    made = []

    def grow(n):
        while len(made) < n:
            made.append(OrganizationFactory(name=f"县直机关第{len(made)}党支部", parent=cast.gov))

    count, response = same_queries_at_5_and_50(grow, lambda: client.get("/organizations/"))
    body = response.content.decode()
    # the cast's two bodies below the county and 50 branches: a page of 50, a pager to the rest
    assert "共 52 个组织" in body
    assert body.count('<tr><td><a href="/organizations/') == 50
    assert 'aria-label="分页"' in body


def test_the_supervised_scope_is_walked_once_per_request(cast, django_assert_num_queries):
    from organizations.selectors import supervised_org_ids

    first = supervised_org_ids(cast.supervisor)
    with django_assert_num_queries(0):
        assert supervised_org_ids(cast.supervisor) == first
    assert cast.gov.pk in first and cast.county.pk not in first


def test_everything_below_is_one_query_however_deep(cast, django_assert_num_queries):
    from organizations.models import Organization
    from organizations.selectors import descendant_ids

    chain = [cast.gov]
    for level in range(6):
        chain.append(OrganizationFactory(name=f"第{level}层党支部", parent=chain[-1]))
    with django_assert_num_queries(1):
        below = descendant_ids([cast.county.pk])
    assert below == {cast.edu.pk} | {org.pk for org in chain}
    # a cycle typed in through the admin ends the walk instead of looping
    Organization.objects.filter(pk=cast.gov.pk).update(parent=chain[-1])
    assert descendant_ids([chain[-1].pk]) == {org.pk for org in chain}


def test_a_list_filters_below_the_supervisor_in_the_database(cast, login):
    import re

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for i in range(30):
        OrganizationFactory(name=f"县直机关第{i}党支部", parent=cast.gov)
    client = login(cast.supervisor)
    client.get("/meetings/")
    with CaptureQueriesContext(connection) as captured:
        client.get("/meetings/")
    # the scope travels as the county's own id inside a recursive query, not as 32 ids
    assert any("WITH RECURSIVE" in q["sql"] for q in captured.captured_queries)
    id_lists = [m.count(",") + 1 for q in captured.captured_queries for m in re.findall(r"IN \(([\d, ]+)\)", q["sql"])]
    assert max(id_lists, default=0) < 30


def test_everything_above_is_one_query_however_deep(cast, django_assert_num_queries):
    from organizations.models import Organization
    from organizations.selectors import ancestor_ids

    chain = [cast.gov]
    for level in range(6):
        chain.append(OrganizationFactory(name=f"第{level}层党支部", parent=chain[-1]))
    deepest = Organization.objects.get(pk=chain[-1].pk)
    with django_assert_num_queries(1):
        above = ancestor_ids(deepest)
    # the parent first, the county last
    assert above == [org.pk for org in reversed(chain[:-1])] + [cast.county.pk]
    with django_assert_num_queries(0):  # remembered for the request's second question
        assert ancestor_ids(deepest) == above
    assert ancestor_ids(cast.county) == []


def test_the_walk_up_asks_again_when_the_parent_changes(cast):
    from organizations.selectors import ancestor_ids

    branch = OrganizationFactory(name="县直机关党支部", parent=cast.gov)
    assert ancestor_ids(branch) == [cast.gov.pk, cast.county.pk]
    branch.parent = cast.county
    assert ancestor_ids(branch) == [cast.county.pk]


def test_the_walk_up_ends_on_a_cycle_where_it_repeats(cast):
    from organizations.models import Organization
    from organizations.selectors import ancestor_ids

    branch = OrganizationFactory(name="县直机关党支部", parent=cast.gov)
    # a cycle typed in through the admin: county → branch → gov → county
    Organization.objects.filter(pk=cast.county.pk).update(parent=branch)
    branch = Organization.objects.get(pk=branch.pk)
    assert ancestor_ids(branch) == [cast.gov.pk, cast.county.pk, branch.pk]


def test_the_meeting_access_check_costs_the_same_however_deep_the_meeting(cast):
    from django.contrib.auth import get_user_model

    from meetings.access import meeting_access
    from tests.factories import MeetingFactory

    def queries_for(org):
        meeting = MeetingFactory(organization=org)
        user = get_user_model().objects.get(pk=cast.supervisor.pk)  # a fresh request's user
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            access = meeting_access(user, meeting)
        assert access.is_supervisor
        return len(captured)

    chain = [cast.gov]
    for level in range(5):
        chain.append(OrganizationFactory(name=f"第{level}层党支部", parent=chain[-1]))
    assert queries_for(chain[1]) == queries_for(chain[-1])


def _guardian_ids(user, perm):
    from guardian.shortcuts import get_objects_for_user

    from organizations.models import Organization

    return set(
        get_objects_for_user(user, f"organizations.{perm}", klass=Organization, accept_global_perms=False)
        .values_list("id", flat=True)
    )


PERMS = ("manage_organization", "take_part", "supervise_organization")


def test_every_organisation_permission_is_one_query_and_says_what_guardian_says(cast, django_assert_num_queries):
    from django.contrib.auth.models import Group
    from guardian.shortcuts import assign_perm

    from organizations.selectors import forget_org_perms, org_ids_with_perm

    user = cast.secretary
    group = Group.objects.create(name="县政府办党组成员")
    user.groups.add(group)
    assign_perm("organizations.supervise_organization", group, cast.edu)  # through a group
    gone = OrganizationFactory(name="已撤销党支部", parent=cast.gov)
    assign_perm("organizations.manage_organization", user, gone)
    gone.delete()  # a permission left on an organisation that no longer exists
    forget_org_perms(user)
    with django_assert_num_queries(1):
        found = {perm: org_ids_with_perm(user, perm) for perm in PERMS}
    assert found == {perm: _guardian_ids(user, perm) for perm in PERMS}
    assert cast.edu.pk in found["supervise_organization"] and cast.gov.pk in found["take_part"]


def test_a_superuser_holds_every_organisation_permission_as_with_guardian(cast):
    from django.contrib.auth import get_user_model

    from organizations.selectors import org_ids_with_perm

    admin = get_user_model().objects.create_superuser("root", "root@example.com", "x")
    for perm in PERMS:
        assert org_ids_with_perm(admin, perm) == _guardian_ids(admin, perm) == {cast.county.pk, cast.gov.pk, cast.edu.pk}


def test_an_organisation_page_costs_the_same_for_5_and_50_people(cast, login, same_queries_at_5_and_50):
    from organizations.models import TeamPosition
    from organizations.services import team_member_add
    from tests.factories import PersonFactory

    made = []

    def grow(n):
        while len(made) < n:
            person = PersonFactory(name=f"干部{len(made):02d}", organization=cast.gov)
            if len(made) % 5 == 0:
                team_member_add(person=person, organization=cast.gov, position=TeamPosition.MEMBER, rank=10 + len(made))
            made.append(person)

    client = login(cast.office)
    _, response = same_queries_at_5_and_50(grow, lambda: client.get(f"/organizations/{cast.gov.pk}/"))
    assert "干部49" in response.content.decode()


def test_an_organisation_page_costs_the_same_for_5_and_50_child_organisations(cast, login, same_queries_at_5_and_50):
    made = []

    def grow(n):
        while len(made) < n:
            made.append(OrganizationFactory(name=f"县政府办第{len(made):02d}党支部", parent=cast.gov))

    client = login(cast.supervisor)
    _, response = same_queries_at_5_and_50(grow, lambda: client.get(f"/organizations/{cast.gov.pk}/"))
    assert "县政府办第49党支部" in response.content.decode()


def _group_choices_grower(cast, group=None):
    """People of the 县委 (the members offered) and branches below it (the organisations offered)."""
    from organizations.groups import supervision_group_update
    from tests.factories import PersonFactory, UserFactory

    people, orgs = [], []

    def grow(n):
        while len(people) < n:
            i = len(people)
            # every other one without an account: the label says so
            user = UserFactory(username=f"county{i:02d}") if i % 2 else None
            people.append(PersonFactory(user=user, name=f"县委干部{i:02d}", organization=cast.county))
            orgs.append(OrganizationFactory(name=f"县直第{i:02d}党支部", parent=cast.gov if i % 2 else cast.edu))
        if group is not None:
            supervision_group_update(group=group, name=group.name, members=people, organizations=orgs)

    return grow


def test_the_new_group_form_costs_the_same_for_5_and_50_people_and_organisations(cast, login, same_queries_at_5_and_50):
    from django.urls import reverse

    client = login(cast.supervisor)
    url = reverse("organizations:group_create", args=[cast.county.pk])
    _, response = same_queries_at_5_and_50(_group_choices_grower(cast), lambda: client.get(url))
    body = response.content.decode()
    assert "县委干部49" in body and "县直第49党支部（县政府办党组）" in body


def test_a_groups_edit_form_costs_the_same_for_5_and_50_members_and_organisations(cast, login, same_queries_at_5_and_50):
    from django.urls import reverse

    from organizations.groups import supervision_group_create
    from organizations.models import Person

    group = supervision_group_create(sent_by=cast.county, name="县委第一督导组",
                                     members=[Person.objects.get(user=cast.supervisor)], organizations=[cast.gov])
    client = login(cast.supervisor)
    url = reverse("organizations:group_edit", args=[group.pk])
    _, response = same_queries_at_5_and_50(_group_choices_grower(cast, group), lambda: client.get(url))
    body = response.content.decode()
    # the 50 members and 50 organisations the group holds come ticked (the grower adds them)
    assert len(re.findall(r"<input[^>]*\bchecked\b", body)) >= 100 and "县委干部49" in body
