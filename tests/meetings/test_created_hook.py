"""meetings.progress.register_created: a later phase reacts to a new meeting inside the
transaction that creates it (rectification takes the items carried over, waiting for it)."""

import pytest

from meetings import progress
from meetings.models import Meeting, MeetingKind
from meetings.services import meeting_create


def _create(cast):
    return meeting_create(organization=cast.gov, kind=MeetingKind.DEMOCRATIC_LIFE, year=2027,
                          title="2027年度县政府办党组民主生活会", created_by=cast.office)


def test_every_registered_hook_hears_of_a_new_meeting_once(cast, monkeypatch):
    heard = []
    monkeypatch.setattr(progress, "_created", [])
    progress.register_created(heard.append)
    meeting = _create(cast)
    assert heard == [meeting]


def test_a_failing_hook_leaves_no_meeting_half_created(cast, monkeypatch):
    def refuse(meeting):
        raise RuntimeError("refused")

    monkeypatch.setattr(progress, "_created", [refuse])
    with pytest.raises(RuntimeError):
        _create(cast)
    assert not Meeting.objects.filter(year=2027).exists()
