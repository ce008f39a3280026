"""Opinions' batched status (meetings.status): begun once the solicitation is opened."""

from django.db.models import Count

from meetings.models import MilestoneKind, Stage
from meetings.status import register_status, stage_reached

from .models import Solicitation


@register_status(MilestoneKind.OPINIONS, MilestoneKind.OPINIONS.label, order=30)
def opinions_status(batch):
    """One query. Every opinion belongs to the meeting's solicitation, so a solicitation
    opened (online, or to enter paper opinions) is where the work begins."""
    received = dict(
        Solicitation.objects.filter(meeting_id__in=batch.ids)
        .annotate(n=Count("opinions"))
        .values_list("meeting_id", "n")
    )
    found = {}
    for meeting in batch.meetings:
        opened = meeting.pk in received
        found[meeting.pk] = batch.from_milestone(
            meeting,
            MilestoneKind.OPINIONS,
            started=opened,
            window_open=stage_reached(meeting, Stage.PRE_MEETING),
            detail=f"收到{received[meeting.pk]}条" if opened else "",
            waiver_key="feedback",
        )
    return found
