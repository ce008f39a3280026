"""What the study phase hands to the archive (meetings.records): the 学习研讨记录 in the
official layout (PDF and Word, documents.registry kind `study_records`), and the same
sessions as the phase's Excel record (sessions, attendance and each person's totals, the
workbook the study page exports, kind `study_records_xlsx`).
"""

from django.db.models import Count, Max

from meetings.models import Meeting
from meetings.records import PhaseRecords, RecordDocument, register_records

from .documents import KIND
from .exports import XLSX_KIND
from .models import StudySession


@register_records(20)
def study_records(meeting: Meeting) -> PhaseRecords | None:
    """One query here (the document and the workbook read theirs when the archive builds them)."""
    found = StudySession.objects.filter(meeting=meeting).aggregate(sessions=Count("id"), last=Max("held_on"))
    if not found["sessions"]:
        return None
    org, title = meeting.organization.name, f"{meeting.title}学习研讨记录"
    note = f"共{found['sessions']}次学习（含个人自学）"
    return PhaseRecords(
        phase="学习研讨",
        folder="study",
        documents=[
            RecordDocument(kind=KIND, source=meeting, title=title, author=org, day=found["last"], note=note),
            RecordDocument(kind=XLSX_KIND, source=meeting, title=title, author=org, day=found["last"],
                           formats=("xlsx",), note=f"{note}；含出勤情况和个人学习统计"),
        ],
    )
