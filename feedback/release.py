"""Feeding the sorted opinions back (反馈), verbatim, to the team and each member.

Seeds 000 §三3, 002 #4 2, 003 §三(二): "原汁原味向领导班子和党员领导干部本人反馈". Each
member then sees, in their own space, the opinions routed to them and to the team —
never who gave them, never those routed only to someone else — and is told so.
"""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from meetings.models import MilestoneKind
from meetings.services import milestone_complete
from notifications.services import notify

from .models import FeedbackReceipt, OpinionRouting, OpinionState, Solicitation
from .selectors import concern_candidates, counted_groups
from .sorting import SortingError, opinions_move


@dataclass(frozen=True)
class Released:
    opinions: int
    members_told: int


@transaction.atomic
def feedback_release(*, solicitation: Solicitation, actor) -> Released:
    """Release every sorted opinion not yet fed back, and tell the members concerned.

    May be done again for opinions sorted later; each time only the new ones go out.
    """
    locked = Solicitation.objects.select_for_update().get(pk=solicitation.pk)
    waiting = list(
        counted_groups(locked).filter(state=OpinionState.SORTED).values_list("pk", flat=True)
    )
    if not waiting:
        raise SortingError("没有待反馈的意见：请先梳理分类（确定类别和反映对象）。")
    per_member = dict(
        OpinionRouting.objects.filter(opinion_id__in=waiting)
        .values_list("member_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    opinions_move(ids=waiting, move="release", actor=actor)
    now = timezone.now()
    locked.released_at = locked.released_at or now
    locked.last_released_at = now
    locked.released_by = actor
    locked.version += 1
    locked.save(update_fields=["released_at", "last_released_at", "released_by", "version"])
    solicitation.refresh_from_db(
        fields=["released_at", "last_released_at", "released_by", "version"]
    )
    milestone = locked.meeting.milestones.filter(kind=MilestoneKind.OPINIONS).first()
    if milestone is not None:
        milestone_complete(milestone=milestone, actor=actor)
    told = _tell_members(locked, per_member)
    return Released(opinions=len(waiting), members_told=told)


def _tell_members(solicitation: Solicitation, per_member: dict) -> int:
    """Each member hears how many new opinions concern them and how many the team."""
    meeting = solicitation.meeting
    team = per_member.get(None, 0)
    url = reverse("feedback:mine", args=[solicitation.pk])
    told = 0
    for person in concern_candidates(meeting):
        own = per_member.get(person.pk, 0)
        if not person.user_id or not (own or team):
            continue
        body = f"反映您本人的意见建议{own}条，反映班子的意见建议{team}条。请逐条认真对照，在发言提纲中作出回应。"
        user, title = person.user, f"征求意见反馈：{meeting.title}"
        transaction.on_commit(
            lambda user=user, title=title, body=body: notify(
                recipients=[user], title=title, body=body, url=url
            )
        )
        told += 1
    return told


def feedback_mark_seen(*, solicitation: Solicitation, person) -> None:
    """The member opened their feedback (the office sees who has)."""
    if person is None:
        return
    FeedbackReceipt.objects.update_or_create(
        solicitation=solicitation, person=person, defaults={"seen_at": timezone.now()}
    )
