"""The demo county shows the planner with something in it: plans, hints and gaps."""

from django.core.management import call_command

from meetings.models import Meeting
from proceedings.models import CriticismPlan
from proceedings.planner import criticism_board


def test_the_demo_meeting_has_planned_criticisms_with_hints_and_gaps(db):
    call_command("seed_demo")
    meeting = Meeting.objects.get(pk=CriticismPlan.objects.values_list("meeting_id", flat=True).first())
    board = criticism_board(meeting)
    assert board.item_count >= 13 and board.hinted_items >= 3 and board.gap_count > 0
    li_ming = next(r for r in board.rows if r.person.name == "李明")
    assert li_ming.gaps  # the demo member still has colleagues to plan
