"""The bag made from what the phases really hand over (meetings.records), not a stand-in."""

import io
import json

from archive.bag import verify_bag
from archive.models import PackageStatus
from meetings.access import meeting_access
from meetings.models import MilestoneKind, Stage
from meetings.workflow import meeting_transition

from ..meetings.test_records import _approved_after_one_return
from .conftest import unpack


def test_the_approved_plan_and_its_decisions_go_in_the_bag(
    cast, jiwei, meeting, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path / "media"
    meeting = _approved_after_one_return(cast, jiwei, meeting)
    meeting.stage = Stage.RECTIFYING  # the phases between are the phases' own tests
    meeting.save(update_fields=["stage"])
    meeting.milestones.filter(kind__in=[MilestoneKind.REPORT, MilestoneKind.RECTIFICATION]).update(done_at=meeting.updated_at)
    with django_capture_on_commit_callbacks(execute=True):
        meeting_transition(meeting=meeting, name="archive", actor=cast.office, access=meeting_access(cast.office, meeting))

    package = meeting.archive_package
    assert package.status == PackageStatus.DONE, package.error
    files = unpack(package)
    plans = [p for p in files if p.startswith("data/0001-") and p.endswith("工作方案.pdf")]
    assert plans and files[plans[0]].startswith(b"%PDF")
    history = json.loads(files["data/history.json"])
    comments = {d["comment"] for phase in history["phases"] for d in phase["decisions"]}
    assert "请补充征求意见的范围。" in comments
    assert "工作方案" in history["catalogue"][0]["title"]
    with package.file.storage.open(package.file.name, "rb") as f:
        assert verify_bag(io.BytesIO(f.read())) == []
