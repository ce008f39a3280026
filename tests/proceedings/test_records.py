"""What the meeting phase hands to the archive: the preparation report and application,
the agenda, the minutes, the situation report with its scan and the notice, and the
decisions on them."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from documents.render import document_pdf
from meetings import progress
from meetings.access import meeting_access
from proceedings import report as service
from proceedings.convening import convening_approve, convening_postpone
from proceedings.preparation import report_compile

from ..records_kit import every_document_builds, phase_records
from .report_helpers import draft, held_meeting, prepared, send, sent, sitting  # noqa: F401
from .test_convening import _apply, _send

PROVIDER = "proceedings.records"
SCAN = b"%PDF-1.4\n%scan of the stamped report\n"
POSTPONED = "谈心谈话尚未全覆盖，请补齐后再报。"


@pytest.fixture
def convening_agreed(cast, prepared, monkeypatch):  # noqa: F811
    """Sent, postponed with a reason, sent again and agreed (the other phases' gates are
    their own tests' business)."""
    kept = [e for e in progress._checklist if e.key in ("basics", "plan", "preparation")]
    monkeypatch.setattr(progress, "_checklist", kept)
    report_compile(meeting=prepared, actor=cast.office)
    _apply(prepared, cast.office)
    _send(prepared, cast.office)
    convening_postpone(meeting=prepared, access=meeting_access(cast.supervisor, prepared), actor=cast.supervisor,
                       reason=POSTPONED)
    _send(prepared, cast.office)
    day = timezone.localdate() + timedelta(days=21)
    convening_approve(meeting=prepared, access=meeting_access(cast.supervisor, prepared), actor=cast.supervisor,
                      agreed_on=day)
    prepared.refresh_from_db()
    return prepared


def test_a_meeting_not_yet_prepared_hands_over_nothing(ready_meeting):
    assert phase_records(ready_meeting, PROVIDER) is None


def test_the_report_and_application_as_last_sent_are_listed_and_print(cast, convening_agreed):
    records = phase_records(convening_agreed, PROVIDER)
    assert [(d.kind, d.source) for d in records.documents] == [
        ("preparation_report", convening_agreed), ("convening_application", convening_agreed),
    ]
    assert records.documents[0].title == "县政府办党组2026年度民主生活会准备工作情况报告"
    assert records.documents[0].note == "第2次报请召开（同意召开）"
    report, _application = every_document_builds(records)
    assert document_pdf(report).startswith(b"%PDF")


def test_each_sending_and_the_upper_levels_decision_on_it_are_in_the_history(cast, convening_agreed):
    steps = [(d.what, d.who, d.comment, d.subject) for d in phase_records(convening_agreed, PROVIDER).decisions]
    agreed = convening_agreed.agreed_on
    assert steps == [
        ("报请召开", "王办公", "", "准备工作情况报告和召开申请（第1次报请）"),
        ("暂缓召开", "赵督导", POSTPONED, "准备工作情况报告和召开申请（第1次报请）"),
        ("报请召开", "王办公", "", "准备工作情况报告和召开申请（第2次报请）"),
        ("同意召开", "赵督导", f"同意于{agreed.year}年{agreed.month}月{agreed.day}日召开",
         "准备工作情况报告和召开申请（第2次报请）"),
    ]


def test_after_the_meeting_the_agenda_minutes_report_scan_and_notice_are_listed(
    cast, sent, settings, tmp_path  # noqa: F811
):
    settings.MEDIA_ROOT = tmp_path
    service.report_scan_attach(report=sent, upload=SimpleUploadedFile("盖章报告.pdf", SCAN), actor=cast.office)
    service.notice_issue(report=sent, scope="各党支部、全体党员", actor=cast.office)
    records = phase_records(sent.meeting, PROVIDER)
    [minutes] = sent.meeting.sittings.all()
    assert [(d.kind, d.source) for d in records.documents] == [
        ("meeting_agenda", sent.meeting), ("sitting_minutes", minutes), ("situation_report", sent),
        ("meeting_notice", sent),
    ]
    every_document_builds(records)
    [scan] = records.files
    assert scan.name == "召开情况报告盖章扫描件-20261228.pdf" and scan.note == "盖章报告.pdf"
    assert scan.read() == SCAN
    steps = [(d.what, d.who) for d in records.decisions]
    assert ("上传扫描件", "王办公") in steps and ("印发通报", "王办公") in steps


def test_listing_costs_the_same_however_long_the_history(cast, convening_agreed, django_assert_num_queries):
    with django_assert_num_queries(6):  # five, and the meeting's organisation
        phase_records(convening_agreed, PROVIDER)
