"""The demo shows a situation report sent on time, read by the 组织部, its notice issued."""

from django.core.management import call_command

from proceedings.models import ReportState, SituationReport
from proceedings.report import report_punctuality


def test_the_demo_has_last_years_report_sent_on_time_and_read(db):
    call_command("seed_demo")
    report = SituationReport.objects.get()
    assert report.state == ReportState.ACKNOWLEDGED and report.notice_issued_at is not None
    assert report_punctuality(report.meeting, report).label == "按期报送"
    call_command("seed_demo")
    assert SituationReport.objects.count() == 1


def test_the_measuring_county_has_reports_in_every_state(db):
    call_command("seed_county", "--orgs", "40")
    states = set(SituationReport.objects.values_list("state", flat=True))
    assert states == {ReportState.DRAFT, ReportState.SENT, ReportState.ACKNOWLEDGED}
    assert all(r.sections.count() == 7 for r in SituationReport.objects.all()[:5])
