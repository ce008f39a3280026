"""Study's batched status (meetings.status): begun with the first session recorded."""

from django.db.models import Count

from meetings.models import MilestoneKind, Stage
from meetings.status import register_status, stage_reached

from .models import StudySession


@register_status(MilestoneKind.STUDY, MilestoneKind.STUDY.label, order=20)
def study_status(batch):
    """One query: the sessions (group study and self-study alike) of every meeting."""
    sessions = dict(
        StudySession.objects.filter(meeting_id__in=batch.ids)
        .order_by()
        .values("meeting_id")
        .annotate(n=Count("id"))
        .values_list("meeting_id", "n")
    )
    found = {}
    for meeting in batch.meetings:
        n = sessions.get(meeting.pk, 0)
        found[meeting.pk] = batch.from_milestone(
            meeting,
            MilestoneKind.STUDY,
            started=n > 0,
            window_open=stage_reached(meeting, Stage.PRE_MEETING),
            detail=f"{n}次" if n else "",
            waiver_key="study",
        )
    return found
