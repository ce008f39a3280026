"""What the opinions phase hands to the archive (meetings.records): the report on the
opinions, the 意见建议汇总表, and what the office and the members did with them.

Anonymity holds here as everywhere: an opinion is named in the history only by its random
code (编号), never by who gave it, and the rows read carry no sender at all — the office's
steps (sorting, merging, setting aside), the release to the team, each member's receipt
and answer are the history, never the sending.
"""

from django.utils import timezone

from meetings.models import Meeting
from meetings.records import Decision, PhaseRecords, RecordDocument, actor_name, decisions_from, register_records

from .documents import REPORT_KIND, TABLE_KIND
from .models import FeedbackReceipt, OpinionEvent, OpinionRouting, ResponseStatus, Solicitation


def _code(opinion_id) -> str:
    return opinion_id.hex[:8].upper()  # Opinion.code, without reading the opinion


def _release_decisions(solicitation: Solicitation) -> list[Decision]:
    if not solicitation.released_at:
        return []
    who = actor_name(solicitation.released_by)
    subject = "征求到的意见建议"
    if solicitation.last_released_at and solicitation.last_released_at != solicitation.released_at:
        # Only the last release keeps who made it; the first keeps its time.
        return [
            Decision(what="首次原汁原味反馈至领导班子和班子成员本人", who=actor_name(None), at=solicitation.released_at,
                     subject=subject),
            Decision(what="再次反馈（补充梳理后的意见）", who=who, at=solicitation.last_released_at, subject=subject),
        ]
    return [Decision(what="原汁原味反馈至领导班子和班子成员本人", who=who, at=solicitation.released_at, subject=subject)]


@register_records(30)
def feedback_records(meeting: Meeting) -> PhaseRecords | None:
    """Four queries, however many opinions (the documents read theirs when built)."""
    solicitation = (
        Solicitation.objects.filter(meeting=meeting)
        .select_related("released_by__person", "meeting__organization")
        .first()
    )
    if solicitation is None:
        return None
    org = meeting.organization.name
    day = timezone.localdate(solicitation.last_released_at) if solicitation.last_released_at else solicitation.ends_on
    documents = [
        RecordDocument(
            kind=REPORT_KIND, source=solicitation, title=f"关于{meeting.title}征求意见情况的报告", author=org, day=day
        ),
        RecordDocument(
            kind=TABLE_KIND,
            source=solicitation,
            title=f"{meeting.title}意见建议汇总表",
            author=org,
            day=day,
            formats=("xlsx",),
            note="匿名意见不含提出人信息",
        ),
    ]
    decisions = decisions_from(
        OpinionEvent.objects.filter(opinion__solicitation=solicitation)
        .select_related("actor__person")
        .order_by("at", "id"),
        subject=lambda event: f"意见建议{_code(event.opinion_id)}",
    )
    decisions += _release_decisions(solicitation)
    decisions += [
        Decision(what="阅知本人的反馈意见", who=receipt.person.name, at=receipt.seen_at, subject="反馈到人的意见建议")
        for receipt in FeedbackReceipt.objects.filter(solicitation=solicitation).select_related("person")
    ]
    decisions += [
        Decision(
            what="回应意见建议" + ("（反映班子）" if routing.member_id is None else ""),
            who=actor_name(routing.responded_by),
            at=routing.responded_at,
            comment=routing.response,
            subject=f"意见建议{_code(routing.opinion_id)}",
        )
        for routing in OpinionRouting.objects.filter(
            opinion__solicitation=solicitation, response_status=ResponseStatus.ANSWERED, responded_at__isnull=False
        ).select_related("responded_by__person")
    ]
    decisions.sort(key=lambda d: d.at)
    return PhaseRecords(phase="征求意见", folder="opinions", documents=documents, decisions=decisions)
