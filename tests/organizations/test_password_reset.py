import pytest

from organizations.models import Person
from organizations.services import team_member_remove

URL = "/organizations/{org}/people/{person}/reset-password/"


@pytest.fixture
def member_person(cast):
    return Person.objects.get(user=cast.member)


def test_resetting_a_password_requires_login(client, cast, member_person):
    response = client.post(URL.format(org=cast.gov.pk, person=member_person.pk))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_an_outsider_gets_404(cast, member_person, login):
    response = login(cast.outsider).post(URL.format(org=cast.gov.pk, person=member_person.pk))
    assert response.status_code == 404


def test_a_team_member_cannot_reset_a_colleagues_password(cast, member_person, login):
    response = login(cast.secretary).post(URL.format(org=cast.gov.pk, person=member_person.pk))
    assert response.status_code == 403


def test_the_office_cannot_reset_a_password_of_another_organisation(cast, login):
    outsider = Person.objects.get(user=cast.outsider)
    response = login(cast.office).post(URL.format(org=cast.gov.pk, person=outsider.pk))
    assert response.status_code == 404


def test_the_office_resets_a_password_and_sees_it_once(cast, member_person, login):
    response = login(cast.office).post(URL.format(org=cast.gov.pk, person=member_person.pk))
    assert response.status_code == 200
    password = response.context["password"]
    assert password in response.content.decode()
    cast.member.refresh_from_db()
    assert cast.member.check_password(password)


def test_the_reset_page_is_not_reachable_by_get(cast, member_person, login):
    response = login(cast.office).get(URL.format(org=cast.gov.pk, person=member_person.pk))
    assert response.status_code == 405


def test_removing_a_seat_takes_the_permission_to_take_part_away(cast, member_person):
    assert cast.member.has_perm("organizations.take_part", cast.gov)
    assert team_member_remove(person=member_person, organization=cast.gov)
    cast.member = type(cast.member).objects.get(pk=cast.member.pk)  # fresh permission cache
    assert not cast.member.has_perm("organizations.take_part", cast.gov)
