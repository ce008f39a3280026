"""The fixed cast, one person per role, and shared fixtures.

- county: 县委 (committee) with `supervisor` (组织部, supervises everything below); the
  `jiwei` fixture adds its 纪委 official, which makes the plan's approval joint
- gov: 县政府办党组 under the county: `office` (办公室), `secretary` (书记), `member` (委员)
- edu: 县教育局党组, gov's neighbour: `outsider` (a member there) — must never see gov's meetings
"""

from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from config.celery import app as celery_app
from organizations.models import OrganizationKind, StaffKind, TeamPosition
from organizations.services import staff_assign, team_member_add

from .factories import MeetingFactory, OrganizationFactory, PersonFactory, UserFactory


@pytest.fixture(autouse=True)
def _fast_hashing_and_eager_celery(settings):
    # Argon2 is the production hasher (tested in test_auth); MD5 keeps factories fast.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Celery reads its eager flag at start-up, so set it on the app's conf directly.
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    celery_app.conf.task_eager_propagates = True
    yield
    celery_app.conf.task_always_eager = previous


def _person(username, name, org):
    return PersonFactory(user=UserFactory(username=username), name=name, organization=org)


@pytest.fixture
def cast(db):
    county = OrganizationFactory(name="中共测试县委员会", short_name="县委", kind=OrganizationKind.COMMITTEE)
    gov = OrganizationFactory(name="中共测试县人民政府办公室党组", short_name="县政府办党组", parent=county)
    edu = OrganizationFactory(name="中共测试县教育局党组", short_name="县教育局党组", parent=county)

    supervisor = _person("supervisor", "赵督导", county)
    staff_assign(person=supervisor, organization=county, kind=StaffKind.SUPERVISOR, unit="组织部")
    office = _person("office", "王办公", gov)
    staff_assign(person=office, organization=gov, kind=StaffKind.OFFICE)
    secretary = _person("secretary", "张书记", gov)
    team_member_add(person=secretary, organization=gov, position=TeamPosition.SECRETARY, rank=1)
    member = _person("member", "李委员", gov)
    team_member_add(person=member, organization=gov, position=TeamPosition.MEMBER, rank=2)
    outsider = _person("outsider", "陈邻居", edu)
    team_member_add(person=outsider, organization=edu, position=TeamPosition.MEMBER, rank=1)

    return SimpleNamespace(
        county=county,
        gov=gov,
        edu=edu,
        supervisor=supervisor.user,
        office=office.user,
        secretary=secretary.user,
        member=member.user,
        outsider=outsider.user,
    )


@pytest.fixture
def jiwei(cast):
    """The county's 纪委 official: with the cast's 组织部 official, the plan needs both."""
    person = _person("jiwei", "孙纪委", cast.county)
    staff_assign(person=person, organization=cast.county, kind=StaffKind.SUPERVISOR, body="discipline")
    return person.user


@pytest.fixture
def meeting(cast):
    return MeetingFactory(organization=cast.gov, title="2026年度县政府办党组民主生活会")


@pytest.fixture
def login(client):
    """Log a cast member in with force_login (django-axes needs a request otherwise)."""

    def _login(user):
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        return client

    return _login


@pytest.fixture
def same_queries_at_5_and_50(django_assert_num_queries):
    """A page costs as many queries for 50 rows as for 5 (5 and 50: 1 and 10 hide growth).

    `grow(n)` brings the rows the page lists up to n; `fetch()` asks for the page. The
    count is captured at 5 rows and asserted exactly at 50. Returns (count, answer at 50).
    """

    def check(grow, fetch):
        grow(5)
        fetch()  # caches filled once per process (content types, permissions) do not count
        with CaptureQueriesContext(connection) as at_5:
            fetch()
        grow(50)
        with django_assert_num_queries(len(at_5)):
            answer = fetch()
        return len(at_5), answer

    return check
