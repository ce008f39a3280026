"""Talks' batched status (meetings.status): begun with the first talk arranged or recorded."""

from django.db.models import Count, Q

from meetings.models import MilestoneKind, Stage
from meetings.status import register_status

from .models import Talk, TalkState


@register_status(MilestoneKind.TALKS, MilestoneKind.TALKS.label, order=40)
def talks_status(batch):
    """One query: the live talks (a cancelled one is no work done) of every meeting. The
    milestone is ticked by the talks themselves once every pair is covered
    (services); 不适用 when the office waived the phase (a one-person team)."""
    rows = (
        Talk.objects.filter(meeting_id__any_of=batch.ids)
        .live()
        .order_by()
        .values("meeting_id")
        .annotate(n=Count("id"), confirmed=Count("id", filter=Q(state=TalkState.CONFIRMED)))
    )
    return batch.statuses_from_rows(
        MilestoneKind.TALKS,
        {row["meeting_id"]: row for row in rows},
        opens_at=Stage.PRE_MEETING,
        detail=lambda row: f"已确认{row['confirmed']}/{row['n']}次",
        waiver_key="talks",
    )
