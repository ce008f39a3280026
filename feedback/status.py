"""Opinions' batched status (meetings.status): begun once the solicitation is opened."""

from django.db.models import Count

from meetings.models import MilestoneKind, Stage
from meetings.status import register_status

from .models import Solicitation


@register_status(MilestoneKind.OPINIONS, MilestoneKind.OPINIONS.label, order=30)
def opinions_status(batch):
    """One query. Every opinion belongs to the meeting's solicitation, so a solicitation
    opened (online, or to enter paper opinions) is where the work begins."""
    received = dict(
        Solicitation.objects.filter(meeting_id__any_of=batch.ids)
        .annotate(n=Count("opinions"))
        .values_list("meeting_id", "n")
    )
    return batch.statuses_from_rows(
        MilestoneKind.OPINIONS,
        received,
        opens_at=Stage.PRE_MEETING,
        detail=lambda n: f"收到{n}条",
        waiver_key="feedback",
    )
