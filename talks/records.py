"""What the talks phase hands to the archive (meetings.records): each talk's 谈心谈话记录表,
the history of its record (submitted, confirmed, disputed, reopened), and the office's
word on who must talk (a pair added or excused, with the reason).

The records are confidential (the two, the secretary and the office read them); the
archive is built and read only by the office, the secretary and the supervisor.
Talks only arranged (已约谈) or cancelled have no record to keep; their steps stay in the
history.
"""

from meetings.models import Meeting
from meetings.records import Decision, PhaseRecords, RecordDocument, actor_name, decisions_from, register_records

from .models import PairNote, Talk, TalkEvent, TalkState

KEPT_STATES = (TalkState.RECORDED, TalkState.CONFIRMED, TalkState.DISPUTED)


def _pair(talk: Talk) -> str:
    return f"{talk.person_a.name}与{talk.person_b.name}"


@register_records(40)
def talk_records(meeting: Meeting) -> PhaseRecords | None:
    """Three queries (each record reads its own talk when it is built)."""
    talks = {
        talk.pk: talk
        for talk in Talk.objects.filter(meeting=meeting)
        .select_related("person_a", "person_b", "recorded_by")
        .order_by("talked_on", "id")
    }
    notes = list(
        PairNote.objects.filter(meeting=meeting).select_related("person_a", "person_b", "created_by__person")
    )
    if not talks and not notes:
        return None
    documents = [
        RecordDocument(
            kind="talk_record",
            source=talk,
            title=f"谈心谈话记录表（{_pair(talk)}）",
            author=talk.recorded_by.name if talk.recorded_by else meeting.organization.name,
            day=talk.talked_on,
            note="" if talk.state == TalkState.CONFIRMED else f"{talk.get_state_display()}，不计入已谈",
        )
        for talk in talks.values()
        if talk.state in KEPT_STATES
    ]
    decisions = decisions_from(
        TalkEvent.objects.filter(talk__meeting=meeting).select_related("actor__person").order_by("at", "id"),
        subject=lambda event: f"{_pair(talks[event.talk_id])}的谈心谈话（{talks[event.talk_id].talked_on:%Y-%m-%d}）",
    )
    decisions += [
        Decision(
            what=f"调整谈话对象：{note.get_kind_display()}",
            who=actor_name(note.created_by),
            at=note.created_at,
            comment=note.reason,
            subject=f"{note.person_a.name}与{note.person_b.name}",
        )
        for note in notes
    ]
    decisions.sort(key=lambda d: d.at)
    return PhaseRecords(phase="谈心谈话", folder="talks", documents=documents, decisions=decisions)
