"""Fixtures of the situation report's tests: a meeting held on 2026年12月28日, its draft,
the same report sent. Imported by the report's test modules (kept out of the shared
conftest so the parts of the phase do not edit one file)."""

from datetime import date

import pytest

from meetings.access import meeting_access
from meetings.models import Meeting, Stage
from meetings.workflow import meeting_transition
from proceedings import report as service
from proceedings.minutes import attendance_update, comment_save, criticism_add
from proceedings.models import AttendanceStatus, SlotKind, SlotStatus
from proceedings.rotation import sitting_prepare

from .prep_fixtures import prepared  # noqa: F401
from proceedings.report_access import report_access

HELD = date(2026, 12, 28)


LEAVE_REASON = "参加市委党校培训"
COMMENT = "会议准备充分，批评和自我批评开门见山"


@pytest.fixture
def sitting(cast, team7, prepared):
    """The seven's meeting prepared (tests/proceedings/prep_fixtures.py: study, opinions,
    talks, materials, the plan) and its sitting, its minutes entered: 李委员 on leave (王委员 reads his written
    self-criticism), one criticism in every criticism slot held (36), the 点评."""
    ready_meeting = prepared
    Meeting.objects.filter(pk=ready_meeting.pk).update(stage=Stage.CONVENE_APPROVED)
    ready_meeting.refresh_from_db()
    sitting = sitting_prepare(meeting=ready_meeting, actor=cast.office)
    absent = sitting.attendance.get(person=cast.member.person)
    attendance_update(attendance=absent, status=AttendanceStatus.LEAVE, reason=LEAVE_REASON, read_by=team7.people[2])
    for slot in sitting.slots.filter(kind=SlotKind.CRITICISM).exclude(status=SlotStatus.LEAVE).select_related(
            "speaker", "subject"):
        criticism_add(slot=slot, text=f"{slot.speaker.name}指出{slot.subject.name}调研不够深入。", actor=cast.office)
    comment_save(sitting=sitting, access=meeting_access(cast.supervisor, ready_meeting), actor=cast.supervisor,
                 text=COMMENT)
    return sitting


@pytest.fixture
def held_meeting(cast, ready_meeting, sitting):
    """The seven's meeting, its minutes entered, recorded held on HELD by the office (the
    report is then due 15 days later, on the milestone)."""
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
