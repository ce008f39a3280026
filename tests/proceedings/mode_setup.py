"""Meeting mode's setting, shared by its unit tests and its browser journey: the meeting of
the team of seven on its day (同意召开), its sitting prepared, one member absent with leave."""

from meetings.models import Meeting, Stage
from meetings.plans import plan_create_default
from proceedings.models import Attendance, AttendanceStatus, Slot, SlotKind
from proceedings.rotation import rotation_for, sitting_prepare, slots_generate


def meeting_day(meeting, office):
    """The plan made, the upper level's consent given, the sitting prepared."""
    plan_create_default(meeting=meeting)
    Meeting.objects.filter(pk=meeting.pk).update(stage=Stage.CONVENE_APPROVED)
    meeting.refresh_from_db()
    return sitting_prepare(meeting=meeting, actor=office)


def absent_with_leave(sitting, person, *, reader, reason="因公出差"):
    """`person` on leave, their written self-criticism read by `reader`; slots regenerated."""
    Attendance.objects.filter(sitting=sitting, person=person).update(status=AttendanceStatus.LEAVE, reason=reason)
    Slot.objects.filter(sitting=sitting, kind=SlotKind.SELF, subject=person).update(read_by=reader)
    slots_generate(sitting=sitting)
    return rotation_for(sitting)
