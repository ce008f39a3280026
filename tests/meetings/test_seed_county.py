"""seed_county: the county the benchmarks measure on (small sizes here; 500 in the bench)."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from guardian.models import UserObjectPermission

from feedback.models import Opinion
from inspections.models import Material
from meetings.access import meeting_access
from meetings.models import AspectTemplate, Meeting, Milestone, MilestoneStatus, Stage
from meetings.builders import county_builders
from organizations.county import COUNTY_PASSWORD
from organizations.models import Organization, OrganizationKind, Person, TeamMembership
from organizations.ordering import name_sort_key
from organizations.selectors import supervised_org_ids
from organizations.services import expected_org_perms
from study.models import StudySession
from talks.models import Talk

COUNTED = [Organization, Person, Meeting, Opinion, Talk, Material, StudySession, TeamMembership]


def _seed(orgs=5, seed=1, *flags):
    call_command("seed_county", "--orgs", str(orgs), "--seed", str(seed), *flags)


def _counts():
    return {model.__name__: model.objects.count() for model in COUNTED}


def _snapshot():
    return (
        _counts(),
        list(Organization.objects.order_by("order").values_list("name", "kind")),
        list(Person.objects.order_by("organization__order", "name_key", "title", "email").values_list("name", "title")),
        sorted(Meeting.objects.values_list("title", "stage", "year")),
        sorted(Opinion.objects.values_list("id", "content", "state")),
    )


def test_counts_per_model_grow_with_the_number_of_organisations(db):
    _seed(5)
    small = _counts()
    _seed(15, 1, "--flush")
    large = _counts()
    assert large["Organization"] == 15 and small["Organization"] == 5
    for name in small:
        assert large[name] > small[name], name


def test_the_same_seed_gives_the_same_county_and_another_seed_another(db):
    _seed(5, 7)
    first = _snapshot()
    _seed(5, 7, "--flush")
    assert _snapshot() == first
    _seed(5, 8, "--flush")
    assert _snapshot()[2] != first[2]


def test_flush_keeps_the_aspect_templates_the_migrations_ship(db):
    shipped = AspectTemplate.objects.count()
    _seed(5)
    _seed(5, 1, "--flush")
    assert AspectTemplate.objects.count() == shipped > 0


def test_it_refuses_a_database_that_has_data(db):
    _seed(5)
    with pytest.raises(CommandError):
        _seed(5)


def test_every_stage_and_every_lateness_is_present(db):
    _seed(5)
    assert set(Meeting.objects.values_list("stage", flat=True)) == set(Stage.values)
    statuses = {m.status() for m in Milestone.objects.all()}
    assert {MilestoneStatus.DONE, MilestoneStatus.DONE_LATE, MilestoneStatus.OVERDUE, MilestoneStatus.DUE_SOON} <= statuses
    kinds = set(Organization.objects.values_list("kind", flat=True))
    assert {OrganizationKind.COMMITTEE, OrganizationKind.GENERAL_BRANCH, OrganizationKind.BRANCH} <= kinds


def test_every_registered_phase_builder_ran(db, capsys):
    _seed(5)
    out = capsys.readouterr().out
    modules = [builder.__module__ for builder in county_builders()]
    assert {"study.county", "feedback.county", "talks.county", "inspections.county"} <= set(modules)
    for module in modules:
        assert module in out


def test_permissions_are_those_the_roles_call_for(db):
    _seed(5)
    for person in Person.objects.filter(user__isnull=False).prefetch_related("staff_roles", "team_seats"):
        have = {
            (row.permission.codename, int(row.object_pk))
            for row in UserObjectPermission.objects.filter(user_id=person.user_id).select_related("permission")
        }
        assert have == expected_org_perms(person), person


def test_a_seeded_office_user_opens_its_meeting_home_page(db, client):
    _seed(5)
    office = get_user_model().objects.get(username="county_office_1")
    assert office.check_password(COUNTY_PASSWORD)
    meeting = Meeting.objects.filter(organization__staff__person__user=office, stage=Stage.PRE_MEETING).first() or \
        Meeting.objects.filter(organization__staff__person__user=office).first()
    assert meeting_access(office, meeting).is_office
    client.force_login(office, backend="django.contrib.auth.backends.ModelBackend")
    response = client.get(reverse("meetings:detail", args=[meeting.pk]))
    assert response.status_code == 200
    assert meeting.title in response.content.decode()


def test_the_seeded_supervisor_watches_every_organisation_below_the_county(db, client):
    _seed(5)
    supervisor = get_user_model().objects.get(username="county_supervisor")
    root = Organization.objects.get(parent=None)
    assert supervised_org_ids(supervisor) == set(Organization.objects.exclude(pk=root.pk).values_list("pk", flat=True))
    below = Meeting.objects.exclude(organization=root).first()
    assert meeting_access(supervisor, below).is_supervisor
    client.force_login(supervisor, backend="django.contrib.auth.backends.ModelBackend")
    assert client.get(reverse("meetings:detail", args=[below.pk])).status_code == 200


def test_people_have_their_sort_key_and_are_listed_by_strokes(db):
    _seed(5)
    people = list(Person.objects.all())
    assert all(p.name_key == name_sort_key(p.name) != "" for p in people)
    org = Organization.objects.get(parent=None)
    names = list(Person.objects.filter(organization=org).in_official_order().values_list("name_key", flat=True))
    assert names == sorted(names)


def test_force_adds_the_county_beside_the_demo(db):
    call_command("seed_demo")
    demo_orgs = Organization.objects.count()
    _seed(5, 1, "--force")
    assert Organization.objects.count() == demo_orgs + 5
    assert Organization.objects.filter(parent=None).count() == 2
