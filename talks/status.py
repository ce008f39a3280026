"""Talks' batched status (meetings.status): begun with the first talk arranged or recorded."""

from django.db.models import Count, Q

from meetings.models import MilestoneKind, Stage
from meetings.status import register_status, stage_reached

from .models import Talk, TalkState


@register_status(MilestoneKind.TALKS, MilestoneKind.TALKS.label, order=40)
def talks_status(batch):
    """One query: the live talks (a cancelled one is no work done) of every meeting. The
    milestone is ticked by the talks themselves once every pair is covered
    (services); 不适用 when the office waived the phase (a one-person team)."""
    rows = (
        Talk.objects.filter(meeting_id__in=batch.ids)
        .live()
        .order_by()
        .values("meeting_id")
        .annotate(n=Count("id"), confirmed=Count("id", filter=Q(state=TalkState.CONFIRMED)))
    )
    talks = {row["meeting_id"]: row for row in rows}
    found = {}
    for meeting in batch.meetings:
        row = talks.get(meeting.pk)
        found[meeting.pk] = batch.from_milestone(
            meeting,
            MilestoneKind.TALKS,
            started=row is not None,
            window_open=stage_reached(meeting, Stage.PRE_MEETING),
            detail=f"已确认{row['confirmed']}/{row['n']}次" if row else "",
            waiver_key="talks",
        )
    return found
