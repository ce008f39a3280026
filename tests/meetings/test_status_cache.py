"""Many meetings' statuses through the shared cache when a meeting is deleted under them
(meetings.status.meeting_statuses with meetings.checklist_cache).

Real commits (transaction=True): a table's version moves after the commit of its write.
"""

from datetime import date

import pytest
from django.core.cache import cache
from django.db import transaction

from meetings import checklist_cache, status
from meetings.models import Meeting, MilestoneKind
from tests.factories import MeetingFactory

from .cache_fixtures import checklist_cache_on  # noqa: F401, E402  autouse: the cache on in every test here

pytestmark = pytest.mark.django_db(transaction=True)

TODAY = date(2026, 11, 20)


@pytest.fixture
def read_afresh(monkeypatch):
    """The meeting ids the cache read anew, call by call."""
    asked = []
    read = status._read_afresh
    monkeypatch.setattr(status, "_read_afresh", lambda ids: asked.append(list(ids)) or read(ids))
    return asked


def _every_column(found):
    return {key: found.code for key, found in found.items()}


def _kept(meeting):
    """The meeting's entry in the cache, as meeting_statuses keys it."""
    layout = checklist_cache.layout_of(f"{c.key}:{c.order}" for c in status.status_columns())
    return cache.get(f"status:{meeting.pk}:{TODAY.isoformat()}:{layout}")


def test_a_meeting_deleted_before_its_statuses_are_asked_is_not_applicable_and_not_kept(cast, read_afresh):
    gone, kept = (MeetingFactory(organization=cast.gov, title=f"会议{i}") for i in range(2))
    Meeting.objects.filter(pk=gone.pk).delete()  # after the page read it
    found = status.meeting_statuses([gone, kept], TODAY)
    columns = {c.key for c in status.status_columns()}
    assert _every_column(found[gone.pk]) == dict.fromkeys(columns, "not_applicable")
    assert found[kept.pk][MilestoneKind.PLAN].code != "not_applicable"
    assert _kept(kept) is not None and _kept(gone) is None
    again = status.meeting_statuses([gone, kept], TODAY)
    assert again == found
    # The one still there was kept; the deleted one is asked afresh, never stored.
    assert read_afresh == [[gone.pk, kept.pk], [gone.pk]]


def test_a_meeting_deleted_in_the_transaction_asking_is_not_applicable(cast):
    gone, kept = (MeetingFactory(organization=cast.gov, title=f"会议{i}") for i in range(2))
    with transaction.atomic():
        Meeting.objects.filter(pk=gone.pk).delete()
        found = status.meeting_statuses([gone, kept], TODAY)  # computed afresh, not kept
    assert set(found[gone.pk].values()) == {status.NOT_APPLICABLE}
    assert found[gone.pk].keys() == found[kept.pk].keys()


def test_a_meeting_deleted_under_its_own_checklist_is_a_404_not_a_500(cast):
    from django.http import Http404

    from meetings import progress

    meeting = MeetingFactory(organization=cast.gov)
    read_by_the_page = Meeting.objects.get(pk=meeting.pk)
    Meeting.objects.filter(pk=meeting.pk).delete()
    with pytest.raises(Http404):
        progress.meeting_checklist(read_by_the_page, roles={"office"})
