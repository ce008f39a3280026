"""Fixtures of the situation report's tests: a meeting held on 2026年12月28日, its draft,
the same report sent. Imported by the report's test modules (kept out of the shared
conftest so the parts of the phase do not edit one file)."""

from datetime import date

import pytest

from meetings.access import meeting_access
from meetings.models import Meeting, Stage
from meetings.workflow import meeting_transition
from proceedings import report as service
from proceedings.report_access import report_access

HELD = date(2026, 12, 28)


@pytest.fixture
def held_meeting(cast, ready_meeting):
    """The seven's meeting, agreed and recorded held on HELD by the office (the report is
    then due 15 days later, on the milestone)."""
    Meeting.objects.filter(pk=ready_meeting.pk).update(stage=Stage.CONVENE_APPROVED)
    ready_meeting.refresh_from_db()
    meeting_transition(meeting=ready_meeting, name="record_held", actor=cast.office,
                       access=meeting_access(cast.office, ready_meeting), on_date=HELD)
    ready_meeting.refresh_from_db()
    return ready_meeting


@pytest.fixture
def draft(cast, held_meeting):
    return service.report_compile(meeting=held_meeting, actor=cast.office)


def send(cast, report):
    service.report_transition(report=report, name="send", actor=cast.office,
                              access=report_access(cast.office, report.meeting))
    report.refresh_from_db()
    return report


@pytest.fixture
def sent(cast, draft):
    return send(cast, draft)
