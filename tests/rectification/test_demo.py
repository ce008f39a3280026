"""The demo shows rectification at once: a team list approved, personal lists in several
states, items with progress, one closed, one overdue."""

from django.core.management import call_command
from django.utils import timezone

from rectification.models import Item, ItemStatus, ListKind, ListState, ProgressReport, RectificationList


def test_the_demo_has_the_phase_under_way_and_runs_twice_without_doubling(db):
    call_command("seed_demo")
    team = RectificationList.objects.get(kind=ListKind.TEAM)
    assert team.state == ListState.APPROVED and team.versions.filter(outcome="approved").exists()
    states = set(RectificationList.objects.filter(kind=ListKind.PERSONAL).values_list("state", flat=True))
    assert {ListState.APPROVED, ListState.SUBMITTED, ListState.RETURNED, ListState.DRAFT} <= states
    items = Item.objects.filter(rectification_list=team)
    assert items.filter(status=ItemStatus.CLOSED).count() == 1
    assert items.exclude(status=ItemStatus.CLOSED).filter(deadline__lt=timezone.localdate()).count() == 1
    assert ProgressReport.objects.exists()
    count = Item.objects.count()
    call_command("seed_demo")
    assert Item.objects.count() == count
