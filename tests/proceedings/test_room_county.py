"""The measuring county holds the room's records: agendas, held sittings, their rotation."""

from django.core.management import call_command

from meetings.models import Meeting, Stage
from proceedings.models import AgendaItem, Criticism, Sitting, SlotKind, SlotStatus


def test_every_held_county_meeting_has_a_held_sitting_with_the_whole_rotation(db):
    call_command("seed_county", "--orgs", "5", "--seed", "1")
    held = Meeting.objects.filter(stage__in=[Stage.HELD, Stage.RECTIFYING, Stage.ARCHIVED])
    assert held.exists() and Sitting.objects.count() == held.count()
    assert AgendaItem.objects.filter(meeting__stage=Stage.CONVENE_REQUESTED).exists()
    for sitting in Sitting.objects.all():
        n = sitting.attendance.count()
        rotation = sitting.slots.exclude(kind=SlotKind.ITEM)
        if n <= 9:
            assert rotation.count() == n + n * (n - 1)
        assert sitting.minutes_finished and sitting.comments.count() == 1
    assert Sitting.objects.filter(slots__status=SlotStatus.LEAVE).exists()
    assert Criticism.objects.exists()
