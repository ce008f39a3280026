"""Reads of the lists reused by the pages, the checklist and "my work": a fixed number of
queries however many lists and items there are."""

from django.db.models import Count, Q
from django.utils import timezone

from organizations.models import TeamMembership

from .models import Item, ItemStatus, ListKind, RectificationList


def open_q(prefix: str = "") -> Q:
    """An item still to be done here: not closed, not carried into the next meeting."""
    return ~Q(**{f"{prefix}status": ItemStatus.CLOSED}) & Q(**{f"{prefix}carried_at__isnull": True})


def overdue_q(today, prefix: str = "") -> Q:
    return open_q(prefix) & Q(**{f"{prefix}deadline__lt": today})


def lists_with_counts(meeting):
    """The meeting's lists, each with `n_items`, `n_closed`, `n_overdue` (one query)."""
    today = timezone.localdate()
    return (
        RectificationList.objects.filter(meeting=meeting)
        .select_related("meeting__organization", "owner")
        .annotate(
            n_items=Count("items"),
            n_closed=Count("items", filter=Q(items__status=ItemStatus.CLOSED)),
            n_overdue=Count("items", filter=overdue_q(today, "items__")),
        )
        .order_by("kind", "owner__name", "id")
    )


def item_counts(meeting) -> dict:
    """All items of the meeting's lists: total, closed, overdue, carried (one query)."""
    today = timezone.localdate()
    return Item.objects.filter(rectification_list__meeting=meeting).aggregate(
        total=Count("id"),
        closed=Count("id", filter=Q(status=ItemStatus.CLOSED)),
        overdue=Count("id", filter=overdue_q(today)),
        carried=Count("id", filter=Q(carried_at__isnull=False)),
    )


def team_seats(meeting) -> list:
    """The team members, in rank order: who owes a personal list (one query)."""
    return list(
        TeamMembership.objects.filter(organization_id=meeting.organization_id)
        .in_rank_order().select_related("person")
    )


def personal_lists_by_owner(lists) -> dict:
    return {rl.owner_id: rl for rl in lists if rl.kind == ListKind.PERSONAL}
