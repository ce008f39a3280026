"""Materials' batched status (meetings.status): begun once any material has text."""

from django.db.models import Count, Q

from meetings.models import MilestoneKind, Stage
from meetings.status import register_status, stage_reached

from .models import Material, MaterialState


@register_status(MilestoneKind.MATERIALS, MilestoneKind.MATERIALS.label, order=50)
def materials_status(batch):
    """One query: the team's material and the outlines of every meeting. A material row
    is made when someone opens the editor; `started_at` says text was written."""
    rows = (
        Material.objects.filter(meeting_id__in=batch.ids)
        .order_by()
        .values("meeting_id")
        .annotate(
            n=Count("id"),
            written=Count("id", filter=Q(started_at__isnull=False)),
            approved=Count("id", filter=Q(state=MaterialState.APPROVED)),
        )
    )
    materials = {row["meeting_id"]: row for row in rows}
    found = {}
    for meeting in batch.meetings:
        row = materials.get(meeting.pk)
        written = bool(row and row["written"])
        found[meeting.pk] = batch.from_milestone(
            meeting,
            MilestoneKind.MATERIALS,
            started=written,
            window_open=stage_reached(meeting, Stage.PRE_MEETING),
            detail=f"通过{row['approved']}/{row['n']}份" if written else "",
            waiver_key="inspections",
        )
    return found
