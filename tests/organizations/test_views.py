"""Organisation pages: anonymous → login, outsider → 404, roster only for office and supervisors."""

import pytest

from organizations.models import OrganizationKind, StaffKind
from organizations.services import staff_assign

from ..factories import OrganizationFactory, PersonFactory, UserFactory

LOGIN = "/accounts/login/"


def _give_phone(user, phone="13800000001"):
    user.person.phone = phone
    user.person.save(update_fields=["phone"])


def test_the_list_requires_login(client):
    response = client.get("/organizations/")
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)


def test_the_list_shows_a_member_their_own_organization_only(cast, login):
    body = login(cast.member).get("/organizations/").content.decode()
    assert cast.gov.name in body
    assert "本组织" in body
    assert cast.edu.name not in body
    assert cast.county.name not in body


def test_the_list_shows_the_supervisor_the_organizations_below(cast, login):
    grandchild = OrganizationFactory(name="县政府办机关党支部", parent=cast.gov)
    body = login(cast.supervisor).get("/organizations/").content.decode()
    assert cast.gov.name in body
    assert cast.edu.name in body
    assert grandchild.name in body
    assert "下级组织" in body


def test_the_list_shows_a_person_without_roles_nothing(cast, login):
    nobody = PersonFactory(user=UserFactory(username="nobody"), organization=cast.gov).user
    body = login(nobody).get("/organizations/").content.decode()
    assert "没有可查看的组织" in body


def test_the_detail_requires_login(client, cast):
    response = client.get(f"/organizations/{cast.gov.pk}/")
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)


def test_the_detail_is_not_found_for_a_neighbour(cast, login):
    assert login(cast.outsider).get(f"/organizations/{cast.gov.pk}/").status_code == 404


def test_the_detail_is_not_found_for_an_organization_that_does_not_exist(cast, login):
    assert login(cast.office).get("/organizations/999999/").status_code == 404


def test_the_detail_of_the_body_above_is_not_found_for_a_member(cast, login):
    assert login(cast.member).get(f"/organizations/{cast.county.pk}/").status_code == 404


def test_the_detail_shows_a_member_the_team_but_not_the_roster(cast, login):
    _give_phone(cast.secretary)
    response = login(cast.member).get(f"/organizations/{cast.gov.pk}/")
    body = response.content.decode()
    assert response.status_code == 200
    assert "张书记" in body and "李委员" in body
    assert "人员名册" not in body
    assert "13800000001" not in body
    assert "工作人员" not in body
    assert "导入名册" not in body


def test_the_detail_shows_the_office_the_roster_and_the_import(cast, login):
    _give_phone(cast.secretary)
    body = login(cast.office).get(f"/organizations/{cast.gov.pk}/").content.decode()
    assert "人员名册" in body
    assert "13800000001" in body
    assert "王办公" in body
    assert "导入名册" in body


def test_the_detail_shows_the_supervisor_the_roster_without_the_import(cast, login):
    _give_phone(cast.secretary)
    response = login(cast.supervisor).get(f"/organizations/{cast.gov.pk}/")
    body = response.content.decode()
    assert response.status_code == 200
    assert "人员名册" in body
    assert "13800000001" in body
    assert "导入名册" not in body


def test_a_supervisor_of_the_neighbour_does_not_see_the_organization(cast, login):
    person = PersonFactory(user=UserFactory(username="edu-supervisor"), organization=cast.edu)
    staff_assign(person=person, organization=cast.edu, kind=StaffKind.SUPERVISOR)
    assert login(person.user).get(f"/organizations/{cast.gov.pk}/").status_code == 404


@pytest.mark.parametrize("count", [1, 10])
def test_the_detail_query_count_does_not_grow_with_people(
    cast, login, django_assert_max_num_queries, count
):
    for i in range(count):
        PersonFactory(name=f"名册人员{i}", organization=cast.gov)
    client = login(cast.office)
    client.get(f"/organizations/{cast.gov.pk}/")
    with django_assert_max_num_queries(20):
        response = client.get(f"/organizations/{cast.gov.pk}/")
    assert response.content.decode().count("名册人员") == count


def test_a_child_the_reader_may_not_open_is_named_not_linked(cast, login):
    """The office of 县政府办党组 sees its branch listed; it may not open the branch (a link
    would answer 404), while the supervisor above both may."""
    branch = OrganizationFactory(name="县政府办机关第一党支部", parent=cast.gov, kind=OrganizationKind.BRANCH)
    office_page = login(cast.office).get(f"/organizations/{cast.gov.pk}/").content.decode()
    assert "县政府办机关第一党支部" in office_page
    assert f'href="/organizations/{branch.pk}/"' not in office_page
    assert login(cast.office).get(f"/organizations/{branch.pk}/").status_code == 404
    supervisor_page = login(cast.supervisor).get(f"/organizations/{cast.gov.pk}/").content.decode()
    assert f'href="/organizations/{branch.pk}/"' in supervisor_page
