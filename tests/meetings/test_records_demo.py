"""Every phase's records over the demo county: each meeting, at whatever stage, lists
documents its phase's registered kinds build, and files that read."""

from django.core.management import call_command

from meetings.models import Meeting
from meetings.records import meeting_records

from ..records_kit import every_document_builds


def test_every_listed_document_of_every_demo_meeting_builds_and_every_file_reads(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    call_command("seed_demo")
    phases = set()
    for meeting in Meeting.objects.select_related("organization"):
        for records in meeting_records(meeting):
            phases.add(records.folder)
            every_document_builds(records)
            for record in records.files:
                assert record.read()
            for decision in records.decisions:
                assert decision.at is not None and decision.what, (records.folder, decision)
            names = [record.name for record in records.files]
            assert len(names) == len(set(names)), records.folder
    assert phases == {"plan", "study", "opinions", "talks", "materials", "meeting", "rectification", "evaluation"}
