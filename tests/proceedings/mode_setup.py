"""Meeting mode's setting, shared by its unit tests and its browser journey: the meeting of
the team of seven on its day (同意召开), its sitting prepared, one member absent with leave."""

from meetings.models import Meeting, Stage
from meetings.plans import plan_create_default
from proceedings.minutes import attendance_update
from proceedings.models import AttendanceStatus
from proceedings.rotation import rotation_for, sitting_prepare


def meeting_day(meeting, office):
    """The plan made, the upper level's consent given, the sitting prepared."""
    plan_create_default(meeting=meeting)
    Meeting.objects.filter(pk=meeting.pk).update(stage=Stage.CONVENE_APPROVED)
    meeting.refresh_from_db()
    return sitting_prepare(meeting=meeting, actor=office)


def absent_with_leave(sitting, person, *, reader, reason="因公出差"):
    """`person` on leave (the room's form does the same), their self-criticism read by `reader`."""
    attendance_update(attendance=sitting.attendance.get(person=person), status=AttendanceStatus.LEAVE,
                      reason=reason, read_by=reader)
    return rotation_for(sitting)
