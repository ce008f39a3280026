"""What the study phase hands to the archive (meetings.records).

No document kind of `documents.registry` prints a study session yet, so the sessions go
into the archive as the phase's own Excel record (学习研讨记录: sessions, attendance and each
person's totals, the workbook the study page exports), built when the archive reads it.
"""

from django.db.models import Count, Max

from meetings.models import Meeting
from meetings.records import PhaseRecords, RecordFile, register_records

from .exports import study_workbook
from .models import StudySession


@register_records(20)
def study_records(meeting: Meeting) -> PhaseRecords | None:
    """One query here (the workbook's own queries run when the archive reads it)."""
    found = StudySession.objects.filter(meeting=meeting).aggregate(sessions=Count("id"), last=Max("held_on"))
    if not found["sessions"]:
        return None
    workbook = RecordFile(
        name="学习研讨记录.xlsx",
        title=f"{meeting.title}学习研讨记录",
        author=meeting.organization.name,
        day=found["last"],
        read=lambda: study_workbook(meeting),
        note=f"共{found['sessions']}次学习（含个人自学）；学习研讨尚无单独的公文版式，以记录表归档",
    )
    return PhaseRecords(phase="学习研讨", folder="study", files=[workbook])
