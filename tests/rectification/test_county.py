"""The measuring county holds rectification: lists in several states, items closed, overdue
and carried, measures with progress; the same seed gives the same rows."""

from django.core.management import call_command
from django.utils import timezone

from meetings.models import Stage
from rectification.models import Item, ItemStatus, ListState, ListVersion, ProgressReport, RectificationList
from rectification.report import meeting_progress


def test_the_county_has_lists_in_several_states_and_items_closed_overdue_and_carried(db):
    call_command("seed_county", "--orgs", "12", "--seed", "1")
    states = set(RectificationList.objects.values_list("state", flat=True))
    assert ListState.APPROVED in states and len(states) >= 3
    assert not RectificationList.objects.filter(meeting__stage=Stage.ARCHIVED).exclude(state=ListState.APPROVED).exists()
    archived = Item.objects.filter(rectification_list__meeting__stage=Stage.ARCHIVED)
    assert archived.exists()
    assert not archived.exclude(status=ItemStatus.CLOSED).filter(carried_at__isnull=True).exists()
    assert archived.filter(carried_at__isnull=False).exists()
    rectifying = Item.objects.filter(rectification_list__meeting__stage=Stage.RECTIFYING)
    assert rectifying.filter(status=ItemStatus.CLOSED).exists()
    assert rectifying.exclude(status=ItemStatus.CLOSED).filter(deadline__lt=timezone.localdate()).exists()
    assert ProgressReport.objects.exists()
    assert all(Item.objects.filter(rectification_list=r).exists() for r in RectificationList.objects.all()[:20])
    # Every submitted list has its frozen version, and an approved one prints.
    assert not RectificationList.objects.filter(first_submitted_at__isnull=False, versions__isnull=True).exists()
    version = ListVersion.objects.filter(outcome="approved").first()
    from documents.registry import get_type

    doc = get_type("rectification_plan").build(version.rectification_list)
    assert "整改方案" in doc.title
    progress = meeting_progress(version.rectification_list.meeting)
    assert progress.total.total > 0


def test_the_same_seed_gives_the_same_items(db):
    call_command("seed_county", "--orgs", "6", "--seed", "3")
    first = list(Item.objects.order_by("id").values_list("problem", "term", "status", "deadline"))
    call_command("seed_county", "--orgs", "6", "--seed", "3", "--flush")
    again = list(Item.objects.order_by("id").values_list("problem", "term", "status", "deadline"))
    assert first == again and first
