"""Progress on a measure: the owner reports a date, what was done and a status or percent;
the measure follows it, the item's percent is the mean of its measures'."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from meetings.models import Meeting, Stage
from rectification.models import ItemStatus, ListState, MeasureStatus, RectificationList
from rectification.progress import ProgressError, item_percent, progress_implied, progress_report

from .progress_fixtures import access_for

TODAY = timezone.localdate


def _report(item, user, **kw):
    measure = item.measures.first()
    values = {"on": TODAY(), "text": "到两个乡镇调研", "status": MeasureStatus.IN_PROGRESS, "percent": 40}
    values.update(kw)
    return progress_report(measure=measure, actor=user, access=access_for(user, item), **values)


def test_a_status_implies_its_percent_and_a_percent_its_status():
    assert progress_implied(status=MeasureStatus.NOT_STARTED, percent=55) == ("not_started", 0)
    assert progress_implied(status=MeasureStatus.DONE) == ("done", 100)
    assert progress_implied(percent=0) == ("not_started", 0)
    assert progress_implied(percent=100) == ("done", 100)
    assert progress_implied(percent=30) == ("in_progress", 30)
    with pytest.raises(ProgressError, match="1 到 99"):
        progress_implied(status=MeasureStatus.IN_PROGRESS, percent=100)
    with pytest.raises(ProgressError, match="1 到 99"):
        progress_implied(status=MeasureStatus.IN_PROGRESS)


def test_the_owner_reports_and_the_measure_and_item_follow(cast, personal_item):
    report = _report(personal_item, cast.member)
    measure = personal_item.measures.first()
    measure.refresh_from_db()
    assert (measure.status, measure.percent, measure.version) == ("in_progress", 40, 2)
    assert report.by == cast.member
    assert item_percent(personal_item) == 20  # (40 + 0) / 2
    event = personal_item.events.get(action="report")
    assert event.label == "报告进展" and "推进中，40%" in event.note and event.actor == cast.member


def test_the_owner_of_a_team_item_reports_on_it(cast, team_item):
    _report(team_item, cast.member, status=MeasureStatus.DONE, percent=None)
    assert item_percent(team_item) == 100


def test_nobody_but_the_owner_reports(cast, personal_item):
    for user in (cast.secretary, cast.office):
        with pytest.raises(PermissionDenied):
            _report(personal_item, user)
    assert not personal_item.measures.first().reports.exists()


def test_no_report_before_the_list_is_approved(cast, personal_item):
    RectificationList.objects.filter(pk=personal_item.rectification_list_id).update(
        state=ListState.RETURNED, approved_at=None)
    with pytest.raises(PermissionDenied, match="批准后"):
        _report(personal_item, cast.member)


def test_no_report_on_a_closed_item_or_an_archived_meeting(cast, personal_item):
    personal_item.status = ItemStatus.CLOSED
    personal_item.save(update_fields=["status"])
    with pytest.raises(ProgressError, match="已销号"):
        _report(personal_item, cast.member)
    personal_item.status = ItemStatus.OPEN
    personal_item.save(update_fields=["status"])
    Meeting.objects.filter(pk=personal_item.rectification_list.meeting_id).update(stage=Stage.ARCHIVED)
    with pytest.raises(PermissionDenied, match="已归档"):
        _report(personal_item, cast.member)


def test_a_report_needs_text_and_a_date_not_in_the_future(cast, personal_item):
    with pytest.raises(ProgressError, match="进展情况"):
        _report(personal_item, cast.member, text="  ")
    with pytest.raises(ProgressError, match="晚于今天"):
        _report(personal_item, cast.member, on=TODAY() + timedelta(days=1))
    yesterday = TODAY() - timedelta(days=1)
    assert _report(personal_item, cast.member, on=yesterday).on == yesterday
