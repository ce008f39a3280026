"""Materials' batched status (meetings.status): begun once any material has text."""

from django.db.models import Count, Q

from meetings.models import MilestoneKind, Stage
from meetings.status import register_status

from .models import Material, MaterialState


@register_status(MilestoneKind.MATERIALS, MilestoneKind.MATERIALS.label, order=50)
def materials_status(batch):
    """One query: the team's material and the outlines of every meeting. A material row
    is made when someone opens the editor; `started_at` says text was written."""
    rows = (
        Material.objects.filter(meeting_id__any_of=batch.ids)
        .order_by()
        .values("meeting_id")
        .annotate(
            n=Count("id"),
            written=Count("id", filter=Q(started_at__isnull=False)),
            approved=Count("id", filter=Q(state=MaterialState.APPROVED)),
        )
    )
    return batch.statuses_from_rows(
        MilestoneKind.MATERIALS,
        {row["meeting_id"]: row for row in rows},
        opens_at=Stage.PRE_MEETING,
        started=lambda row: row["written"] > 0,
        detail=lambda row: f"通过{row['approved']}/{row['n']}份",
        waiver_key="inspections",
    )
