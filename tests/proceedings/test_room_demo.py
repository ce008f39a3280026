"""The demo county shows the room: last year's meeting has its minutes."""

from django.core.management import call_command

from proceedings.models import AgendaItem, AttendanceStatus, Criticism, Sitting, SittingStatus


def test_the_demo_holds_last_years_minutes_with_a_member_on_leave_and_the_comment(db):
    call_command("seed_demo")
    sitting = Sitting.objects.get(meeting__title__endswith="年度民主生活会", meeting__stage="rectifying")
    assert sitting.status == SittingStatus.HELD and sitting.minutes_finished
    assert sitting.attendance.filter(status=AttendanceStatus.LEAVE).count() == 1
    assert Criticism.objects.filter(sitting=sitting).count() == 4
    assert sitting.comments.count() == 1
    assert Sitting.objects.filter(meeting__stage="pre_meeting").count() == 0  # this year: the agenda only
    assert AgendaItem.objects.filter(meeting__stage="pre_meeting").count() == 5
