"""A 督导组 member reads what the upper level reads in every phase, and decides nothing in
its name: outlines passed on, rectification lists, 优秀/不合格, the archive (which holds the
colleagues' talk records) — each phase asks `MeetingAccess.decides_for_upper_level`."""

import pytest

from evaluation.verdicts import SUPERVISOR as VERDICT_SUPERVISOR
from evaluation.verdicts import verdict_roles
from inspections.access import MaterialRole, material_roles
from meetings.access import meeting_access
from organizations.groups import supervision_group_create
from rectification.access import ListRole, list_roles
from tests.factories import MeetingFactory, PersonFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def watcher(cast):
    person = PersonFactory(user=UserFactory(username="watcher"), name="钱督导", organization=cast.county)
    supervision_group_create(sent_by=cast.county, name="县委第一督导组", members=[person], organizations=[cast.gov])
    return person


@pytest.fixture
def meeting(cast):
    return MeetingFactory(organization=cast.gov)


class _Passed:
    """What the role rules read of a material or a list that left the team."""

    def __init__(self, **fields):
        self.__dict__.update(fields)


def test_an_outline_passed_on_is_read_by_the_group_and_reviewed_by_the_upper_level(cast, meeting, watcher):
    from inspections.models import MaterialKind, MaterialState

    material = _Passed(kind=MaterialKind.PERSONAL, author_id=-1, first_submitted_at=1, passed_on_at=1,
                       state=MaterialState.UPPER_REVIEW, drafter_id=None)
    group = material_roles(material, meeting_access(watcher.user, meeting), watcher)
    upper = material_roles(material, meeting_access(cast.supervisor, meeting), None)
    assert group == {MaterialRole.GUIDE} and MaterialRole.SUPERVISOR in upper


def test_a_list_passed_on_is_read_by_the_group_and_approved_by_the_upper_level(cast, meeting, watcher):
    from rectification.models import ListState

    rlist = _Passed(is_team=True, passed_on_at=1, state=ListState.UPPER_REVIEW)
    assert list_roles(rlist, meeting_access(watcher.user, meeting), watcher) == {ListRole.GUIDE}
    assert ListRole.SUPERVISOR in list_roles(rlist, meeting_access(cast.supervisor, meeting), None)


def test_only_the_upper_committee_approves_grades(cast, meeting, watcher):
    from evaluation.access import evaluation_access

    assert VERDICT_SUPERVISOR not in verdict_roles(evaluation_access(watcher.user, meeting))
    assert VERDICT_SUPERVISOR in verdict_roles(evaluation_access(cast.supervisor, meeting))


def test_the_archive_is_not_opened_by_a_group_member(cast, meeting, watcher, login):
    response = login(watcher.user).get(f"/archive/{meeting.pk}/")
    assert response.status_code == 404
    assert login(cast.supervisor).get(f"/archive/{meeting.pk}/").status_code == 200
