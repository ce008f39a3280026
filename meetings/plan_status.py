"""The plan's batched status (meetings.status), in one query for the whole batch."""

from django.db.models import Q

from .models import MilestoneKind, Stage, WorkPlan
from .status import register_status


@register_status(MilestoneKind.PLAN, MilestoneKind.PLAN.label, order=10)
def plan_status(batch):
    """Begun once the office wrote into the draft or the plan went up for approval.

    The plan exists from the day the meeting does, filled with defaults
    (plans.plan_create_default): being there is not being begun. Any save of the plan
    form records who saved it; a time or a place is what a draft says first.
    """
    begun = set(
        WorkPlan.objects.filter(meeting_id__any_of=batch.ids)
        .filter(Q(updated_by__isnull=False) | Q(starts_at__isnull=False) | ~Q(place=""))
        .values_list("meeting_id", flat=True)
    )
    begun.update(m.pk for m in batch.meetings if m.stage != Stage.PREPARING)
    return batch.statuses_from_rows(MilestoneKind.PLAN, dict.fromkeys(begun))
