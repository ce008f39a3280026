"""Study's batched status (meetings.status): begun with the first session recorded."""

from django.db.models import Count

from meetings.models import MilestoneKind, Stage
from meetings.status import register_status

from .models import StudySession


@register_status(MilestoneKind.STUDY, MilestoneKind.STUDY.label, order=20)
def study_status(batch):
    """One query: the sessions (group study and self-study alike) of every meeting."""
    sessions = dict(
        StudySession.objects.filter(meeting_id__any_of=batch.ids)
        .order_by()
        .values("meeting_id")
        .annotate(n=Count("id"))
        .values_list("meeting_id", "n")
    )
    return batch.statuses_from_rows(
        MilestoneKind.STUDY, sessions, opens_at=Stage.PRE_MEETING, detail=lambda n: f"{n}次", waiver_key="study"
    )
