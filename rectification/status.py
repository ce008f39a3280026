"""Rectification's batched status (meetings.status): begun with the first list."""

from django.db.models import Count, Q

from meetings.models import MilestoneKind, Stage
from meetings.status import register_status

from .models import ItemStatus, RectificationList


@register_status(MilestoneKind.RECTIFICATION, MilestoneKind.RECTIFICATION.label, order=80)
def rectification_status(batch):
    """One query: the lists of every meeting with their items (an item lives in a list,
    so a list is where the work begins). Done when the office closes rectification
    (carryover ticks the milestone)."""
    rows = (
        RectificationList.objects.filter(meeting_id__any_of=batch.ids)
        .order_by()
        .values("meeting_id")
        .annotate(n=Count("items"), closed=Count("items", filter=Q(items__status=ItemStatus.CLOSED)))
    )
    return batch.statuses_from_rows(
        MilestoneKind.RECTIFICATION,
        {row["meeting_id"]: row for row in rows},
        opens_at=Stage.HELD,
        detail=lambda row: f"销号{row['closed']}/{row['n']}项" if row["n"] else "",
    )
