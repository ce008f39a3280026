"""Rectification's batched status (meetings.status): begun with the first list."""

from django.db.models import Count, Q

from meetings.models import MilestoneKind, Stage
from meetings.status import register_status, stage_reached

from .models import ItemStatus, RectificationList


@register_status(MilestoneKind.RECTIFICATION, MilestoneKind.RECTIFICATION.label, order=80)
def rectification_status(batch):
    """One query: the lists of every meeting with their items (an item lives in a list,
    so a list is where the work begins). Done when the office closes rectification
    (carryover ticks the milestone)."""
    rows = (
        RectificationList.objects.filter(meeting_id__in=batch.ids)
        .order_by()
        .values("meeting_id")
        .annotate(n=Count("items"), closed=Count("items", filter=Q(items__status=ItemStatus.CLOSED)))
    )
    lists = {row["meeting_id"]: row for row in rows}
    found = {}
    for meeting in batch.meetings:
        row = lists.get(meeting.pk)
        found[meeting.pk] = batch.from_milestone(
            meeting,
            MilestoneKind.RECTIFICATION,
            started=row is not None,
            window_open=stage_reached(meeting, Stage.HELD),
            detail=f"销号{row['closed']}/{row['n']}项" if row and row["n"] else "",
        )
    return found
