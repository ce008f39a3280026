"""The archive's tests list records of their own (meetings.records), so that what the bag
must hold is known here: two phases, documents in PDF, Word and Excel, two files kept as
they are (a photo and a three-page scan) and a few decisions."""

import io
import zipfile
from datetime import date, datetime
from types import SimpleNamespace

import pytest
from django.utils import timezone

from documents.content import Heading, OfficialDocument, Paragraph, Spreadsheet
from documents.registry import DocumentType
from meetings.access import meeting_access
from meetings.models import MilestoneKind, Stage
from meetings.records import Decision, PhaseRecords, RecordDocument, RecordFile

# A 1×1 PNG.
PHOTO = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


def scan(pages: int) -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _plan(meeting):
    return OfficialDocument(
        title=f"{meeting.title}工作方案",
        blocks=[Heading("一、会议主题"), Paragraph(meeting.theme)],
        signature=[meeting.organization.name, "2026年1月10日"],
    )


def _report(meeting):
    # Long enough for two pages.
    return OfficialDocument(
        title="整改落实情况报告",
        blocks=[Paragraph(f"第{n}项整改已按期完成，群众满意。" * 3) for n in range(1, 16)],
        signature=[meeting.organization.name, "2026年3月15日"],
    )


def _table(meeting):
    return Spreadsheet(
        title="整改清单",
        sheets=lambda: [("整改清单", ["序号", "问题", "措施"], [["1", "=SUM(A1)", "立行立改"], ["2", "学习不深", "集中学习"]])],
        version="1",
    )


def _at(day, hour=9):
    return timezone.make_aware(datetime(2026, *day, hour, 0))


@pytest.fixture
def records(monkeypatch, meeting):
    """Replace every phase's records with these; `state` changes what they say."""
    from documents import registry
    from meetings import records as records_module

    monkeypatch.setattr(registry, "_types", dict(registry._types))
    never = lambda user, pk: None  # noqa: E731  (these documents are only archived)
    registry.register(DocumentType(kind="archive_test_plan", label="工作方案", build=_plan, get_for_user=never))
    registry.register(DocumentType(kind="archive_test_report", label="整改报告", build=_report, get_for_user=never))
    registry.register(DocumentType(kind="archive_test_table", label="整改清单", build=_table, get_for_user=never,
                                   formats=("xlsx",)))
    state = SimpleNamespace(photo=PHOTO, scan=scan(3), comment="同意", extra_documents=[])

    def read_photo():  # a test sets `state.photo` to an exception: the file is gone
        if isinstance(state.photo, Exception):
            raise state.photo
        return state.photo

    def plan_phase(m):
        if m.pk != meeting.pk:
            return None
        return PhaseRecords(
            phase="工作方案",
            folder="plan",
            documents=[RecordDocument("archive_test_plan", m, "工作方案", m.organization.name, date(2026, 1, 10))],
            decisions=[
                Decision("提交方案报审", "王办公", _at((1, 10))),
                Decision("批准方案", "赵督导", _at((1, 12)), comment=state.comment, subject="工作方案"),
            ],
        )

    def rectification_phase(m):
        if m.pk != meeting.pk:
            return None
        return PhaseRecords(
            phase="整改落实",
            folder="rectification",
            documents=[
                RecordDocument("archive_test_report", m, "整改落实情况报告", m.organization.name, date(2026, 3, 15)),
                RecordDocument("archive_test_table", m, "整改清单", m.organization.name, date(2026, 3, 1),
                               formats=("xlsx",), note="含整改进度"),
                *state.extra_documents,
            ],
            files=[
                RecordFile("evidence/现场照片.png", "整改佐证：现场照片", "李委员", date(2026, 3, 20), read_photo),
                RecordFile("evidence/制度文件.pdf", "整改佐证：制度文件", "王办公", date(2026, 3, 21), lambda: state.scan),
            ],
            decisions=[Decision("审核通过：班子整改清单", "张书记", _at((3, 2)), comment="抓紧落实")],
        )

    monkeypatch.setattr(records_module, "_providers", [(10, plan_phase), (70, rectification_phase)])
    return state


@pytest.fixture
def finished(meeting):
    """The meeting at the end of its cycle: rectifying, the report sent, rectification done."""
    meeting.stage = Stage.RECTIFYING
    meeting.save(update_fields=["stage"])
    meeting.milestones.filter(kind__in=[MilestoneKind.REPORT, MilestoneKind.RECTIFICATION]).update(
        done_at=timezone.now()
    )
    return meeting


@pytest.fixture
def archive(cast, finished, records, django_capture_on_commit_callbacks, settings, tmp_path):
    """`archive()` archives the meeting as the office would (eager Celery packs it)."""
    from meetings.workflow import meeting_transition

    settings.MEDIA_ROOT = tmp_path / "media"

    def _archive():
        with django_capture_on_commit_callbacks(execute=True):
            meeting_transition(meeting=finished, name="archive", actor=cast.office,
                               access=meeting_access(cast.office, finished))
        return finished.archive_package

    return _archive


def unpack(package) -> dict[str, bytes]:
    """The bag's files by their path inside the bag (the top folder left out)."""
    with package.file.storage.open(package.file.name, "rb") as f, zipfile.ZipFile(f) as z:
        root = f"meeting-{package.meeting_id}/"
        assert all(name.startswith(root) for name in z.namelist())
        return {name[len(root):]: z.read(name) for name in z.namelist()}
