"""The same content packed on another day is the same archive: the documents carry their
own dates (the plan's approval, the study record's last change) or, lacking one, the day
the meeting was archived (documents.dating) — never the day the bag is made."""

import datetime as real_datetime
import io
import time
from datetime import date, timedelta

import pytest
from django.utils import timezone

from archive.models import PackageStatus
from documents.dating import document_day, documents_dated
from meetings.access import meeting_access
from meetings.documents import work_plan
from meetings.models import MilestoneKind, Stage
from meetings.workflow import meeting_transition

from ..meetings.test_records import _approved_after_one_return, _decide, _move
from ..study.conftest import make_session


@pytest.fixture
def tomorrow(monkeypatch):
    """Every clock the code asks (timezone.now/localdate, time.time, openpyxl's), a day on."""
    import openpyxl.packaging.core as core

    real_now, real_time = timezone.now, time.time
    monkeypatch.setattr(timezone, "now", lambda: real_now() + timedelta(days=1))
    monkeypatch.setattr(time, "time", lambda: real_time() + 86400)

    class LaterDatetime(real_datetime.datetime):
        @classmethod
        def now(cls, tz=None):
            return real_datetime.datetime.now(tz) + timedelta(days=1)

    class LaterModule:
        datetime = LaterDatetime
        timezone = real_datetime.timezone

    monkeypatch.setattr(core, "datetime", LaterModule)


def test_the_same_meeting_packed_today_and_tomorrow_is_the_same_digest_and_the_same_zip(
    cast, jiwei, meeting, settings, tmp_path, django_capture_on_commit_callbacks, request
):
    from archive.services import bag_write, bagging_date, contents_gather

    settings.MEDIA_ROOT = tmp_path / "media"
    meeting = _approved_after_one_return(cast, jiwei, meeting)
    team = [cast.secretary.person, cast.member.person]
    make_session(meeting, team, absent={team[1]: "出差"}, speeches={team[0]: "坚定历史自信"})
    make_session(meeting, team, topic="观看警示教育片", form="warning_film", held_on=date(2026, 3, 9))
    meeting.stage = Stage.RECTIFYING
    meeting.save(update_fields=["stage"])
    meeting.milestones.filter(kind__in=[MilestoneKind.REPORT, MilestoneKind.RECTIFICATION]).update(done_at=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        meeting_transition(meeting=meeting, name="archive", actor=cast.office, access=meeting_access(cast.office, meeting))
    package = meeting.archive_package
    assert package.status == PackageStatus.DONE, package.error
    first = package.file.storage.open(package.file.name).read()

    request.getfixturevalue("tomorrow")
    assert timezone.localdate() != bagging_date(meeting)  # the clock did move
    day = bagging_date(meeting)
    contents = contents_gather(meeting=meeting, day=day)
    assert contents.digest == package.content_digest
    kinds = [entry.record.kind for entry in contents.entries if hasattr(entry.record, "kind")]
    assert {"work_plan", "study_records", "study_records_xlsx"} <= set(kinds)
    again = io.BytesIO()
    bag_write(again, meeting=meeting, contents=contents, day=day)
    assert again.getvalue() == first


def test_the_plan_is_signed_on_its_approval_day_and_a_plan_not_approved_on_the_day_fixed(cast, jiwei, meeting):
    archived_on = date(2031, 5, 6)
    _move(meeting, cast.office, "submit_plan")  # awaiting approval
    with documents_dated(archived_on):
        assert work_plan(meeting).signature[1] == "2031年5月6日"
        assert document_day() == archived_on
    assert document_day() == timezone.localdate()  # live, outside the archive: today
    _decide(meeting, jiwei)
    _decide(meeting, cast.supervisor)
    meeting.refresh_from_db()
    approved = timezone.localdate(meeting.plan.submissions.get().reviewed_at)
    with documents_dated(archived_on):
        assert work_plan(meeting).signature[1] == f"{approved.year}年{approved.month}月{approved.day}日"
