"""A supervisor works for one body (组织部 / 纪委 / 督导组), a choice the rules can tell apart."""

import importlib

import pytest
from django.apps import apps

from organizations.models import StaffKind, StaffRole, SupervisorBody
from organizations.selectors import supervising_bodies, user_supervising_bodies
from organizations.services import staff_assign

from ..conftest import _person


@pytest.mark.parametrize(
    "text, body",
    [
        ("组织部", SupervisorBody.ORGANIZATION_DEPARTMENT),
        ("县委组织部干部科", SupervisorBody.ORGANIZATION_DEPARTMENT),
        ("纪委", SupervisorBody.DISCIPLINE),
        ("县纪委监委", SupervisorBody.DISCIPLINE),
        ("县委第一督导组", SupervisorBody.SUPERVISION_GROUP),
        ("", SupervisorBody.ORGANIZATION_DEPARTMENT),
    ],
)
def test_a_free_text_unit_names_its_body(text, body):
    assert SupervisorBody.from_text(text) == body


def test_staff_assign_gives_a_supervisor_a_body_and_an_office_none(cast):
    person = _person("jw", "孙纪委", cast.county)
    role = staff_assign(person=person, organization=cast.county, kind=StaffKind.SUPERVISOR, unit="县纪委")
    assert role.body == SupervisorBody.DISCIPLINE
    office = StaffRole.objects.get(organization=cast.gov, kind=StaffKind.OFFICE)
    assert office.body == ""


def test_the_bodies_above_an_organisation_and_those_a_user_acts_for(cast, jiwei):
    assert supervising_bodies(cast.gov) == {SupervisorBody.ORGANIZATION_DEPARTMENT, SupervisorBody.DISCIPLINE}
    assert supervising_bodies(cast.county) == set()
    assert user_supervising_bodies(jiwei, cast.gov) == {SupervisorBody.DISCIPLINE}
    assert user_supervising_bodies(cast.office, cast.gov) == set()


def test_the_migration_maps_the_existing_free_text(cast):
    migration = importlib.import_module("organizations.migrations.0004_supervisor_body")
    rows = {}
    for username, unit in [("a", "县纪委监委"), ("b", "县委组织部"), ("c", "县委第二督导组"), ("d", "")]:
        person = _person(username, username, cast.county)
        rows[username] = StaffRole.objects.create(
            person=person, organization=cast.county, kind=StaffKind.SUPERVISOR, unit=unit
        )
    office = StaffRole.objects.get(organization=cast.gov, kind=StaffKind.OFFICE)
    migration.body_from_unit(apps, None)
    bodies = {k: StaffRole.objects.get(pk=r.pk).body for k, r in rows.items()}
    assert bodies == {
        "a": SupervisorBody.DISCIPLINE,
        "b": SupervisorBody.ORGANIZATION_DEPARTMENT,
        "c": SupervisorBody.SUPERVISION_GROUP,
        "d": SupervisorBody.ORGANIZATION_DEPARTMENT,
    }
    assert StaffRole.objects.get(pk=office.pk).body == ""


def test_a_supervisor_saved_without_a_body_counts_for_the_organisation_department(cast):
    StaffRole.objects.filter(kind=StaffKind.SUPERVISOR).update(body="")
    assert supervising_bodies(cast.gov) == {SupervisorBody.ORGANIZATION_DEPARTMENT}


def test_a_supervisor_must_name_a_body_when_edited(cast):
    from django.core.exceptions import ValidationError

    role = StaffRole.objects.get(kind=StaffKind.SUPERVISOR)
    role.body = ""
    with pytest.raises(ValidationError, match="须选择所在机构"):
        role.full_clean()
