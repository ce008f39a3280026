"""Write operations on talks. Views call these; nothing else changes a talk or a pair."""

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from meetings.models import Meeting, Milestone, MilestoneKind
from notifications.services import notify
from organizations.dateorder import day_text
from organizations.models import Person
from organizations.selectors import office_users

from .access import TalkRole, TalksAccess, has_login, talk_access
from .models import (
    PairNote,
    PairNoteKind,
    PlannedCriticism,
    Talk,
    TalkEvent,
    TalkPart,
    TalkMode,
    TalkParticipant,
    TalkState,
    pair_key,
)
from .workflow import EDITORS, TalkError, ensure_meeting_open, talk_transition


@dataclass(frozen=True)
class TalkContent:
    """What a person writes on the form: when, where, how, and the four headings."""

    talked_on: date
    place: str
    mode: str = TalkMode.IN_PERSON
    initiator_id: int | None = None
    team_problems: str = ""
    own_problems: str = ""
    other_shortcomings: str = ""
    criticisms: tuple[tuple[int, str], ...] = ()  # (critic's person id, content)


def _check_mode(meeting: Meeting, key: tuple[int, int], mode: str) -> None:
    """Seed 001 "五避免": 一对一、面对面; seed 002 lets mobile and elderly members talk remotely."""
    if mode == TalkMode.IN_PERSON:
        return
    remote = TalkParticipant.objects.filter(meeting=meeting, person_id__in=key)
    if not any(p.may_talk_remotely for p in remote):
        raise TalkError(
            "谈心谈话要一对一、面对面进行；只有流动党员、年老体弱党员可以通过视频、电话等方式谈话。"
        )


def _write(talk: Talk, content: TalkContent) -> None:
    if content.initiator_id not in talk.key:
        raise TalkError("发起人须是谈话双方之一。")
    talk.initiator_id = content.initiator_id
    talk.talked_on, talk.place, talk.mode = content.talked_on, content.place.strip(), content.mode
    talk.team_problems = content.team_problems.strip()
    talk.own_problems = content.own_problems.strip()
    talk.other_shortcomings = content.other_shortcomings.strip()
    talk.save()
    # The recorder's own items only: the other side's part keeps theirs.
    talk.criticisms.filter(part__isnull=True).delete()
    items = []
    for order, (critic_id, text) in enumerate(content.criticisms, start=1):
        if critic_id not in talk.key:
            raise TalkError("批评意见的提出人须是谈话双方之一。")
        target_id = talk.key[1] if critic_id == talk.key[0] else talk.key[0]
        items.append(
            PlannedCriticism(
                talk=talk,
                critic_id=critic_id,
                target_id=target_id,
                content=text.strip(),
                order=order,
            )
        )
    PlannedCriticism.objects.bulk_create(items)


@transaction.atomic
def talk_create(
    *,
    meeting: Meeting,
    person_a: Person,
    person_b: Person,
    content: TalkContent,
    actor,
    access: TalksAccess,
    submit: bool,
) -> Talk:
    """Arrange a talk (saved, not submitted) or record one and ask the other to confirm."""
    ensure_meeting_open(meeting)
    if person_a.pk == person_b.pk:
        raise TalkError("谈心谈话须是两个人之间一对一进行。")
    key = pair_key(person_a.pk, person_b.pk)
    me = access.person.pk if access.person else None
    if me not in key and not access.is_office:
        raise TalkError("只能记录本人参加的谈心谈话。")
    _check_mode(meeting, key, content.mode)
    existing = Talk.objects.filter(
        meeting=meeting, person_a_id=key[0], person_b_id=key[1], state__in=TalkState.open_states()
    ).first()
    if existing:
        raise TalkError(
            f"两人之间已有一份“{existing.get_state_display()}”的记录（{day_text(existing.talked_on)}），请在该记录上继续。"
        )
    talk = Talk(
        meeting=meeting,
        person_a_id=key[0],
        person_b_id=key[1],
        state=TalkState.PLANNED,
        # Whoever arranges it may change it until it is submitted; the office's own
        # entries (from paper forms) have no recorder among the two.
        recorded_by_id=me if me in key else None,
        entered_by=actor,
    )
    _write(talk, content)
    if not submit:
        TalkEvent.objects.create(talk=talk, to_state=TalkState.PLANNED, action="约谈", actor=actor)
    else:
        talk.refresh_from_db()
        event = talk_transition(
            talk=talk, name="submit", actor=actor, access=talk_access(actor, talk)
        )
        # Recorded straight away: it was never "planned", so the history should not say so.
        TalkEvent.objects.filter(pk=event.pk).update(from_state="", action="记录并提交")
        talk.refresh_from_db()
    return talk


@transaction.atomic
def talk_update(*, talk: Talk, content: TalkContent, actor, submit: bool = False) -> Talk:
    """Change a record that is not yet confirmed; `submit` sends it for confirmation."""
    ensure_meeting_open(talk.meeting)
    access = talk_access(actor, talk)
    if not access.roles.intersection(EDITORS.get(talk.state, ())):
        raise TalkError("您不能修改这份记录。")
    _check_mode(talk.meeting, talk.key, content.mode)
    _write(talk, content)
    if submit:
        name = {TalkState.PLANNED: "submit", TalkState.DISPUTED: "resubmit"}.get(talk.state)
        if name:
            talk_transition(talk=talk, name=name, actor=actor, access=access)
    return talk


# --- the other side's part -------------------------------------------------------------------


@dataclass(frozen=True)
class PartContent:
    """What the other side writes in their own part of the record."""

    own_problems: str = ""
    other_shortcomings: str = ""
    team_problems: str = ""
    criticisms: tuple[str, ...] = ()  # the criticisms they plan to raise of the recorder


# Before it is confirmed: once confirmed the record is what both agreed (the office may
# reopen it); while it is only arranged, who will record it is not settled yet.
PART_STATES = (TalkState.RECORDED, TalkState.DISPUTED)


@transaction.atomic
def talk_part_save(*, talk: Talk, content: PartContent, actor) -> TalkPart:
    """The other side adds (or changes) their own part of the record before confirming."""
    locked = Talk.objects.select_for_update(of=("self",)).select_related("meeting").get(pk=talk.pk)
    ensure_meeting_open(locked.meeting)
    access = talk_access(actor, locked)
    if TalkRole.CONFIRMER not in access.roles:
        raise TalkError("只有谈话另一方本人可以填写自己的部分。")
    if locked.state not in PART_STATES:
        raise TalkError(f"该记录当前为“{locked.get_state_display()}”，不能再补充内容。")
    me = access.person
    part, _ = TalkPart.objects.update_or_create(
        talk=locked,
        person=me,
        defaults={
            "own_problems": content.own_problems.strip(),
            "other_shortcomings": content.other_shortcomings.strip(),
            "team_problems": content.team_problems.strip(),
            "updated_by": actor,
        },
    )
    part.criticisms.all().delete()
    target = locked.other(me.pk)
    PlannedCriticism.objects.bulk_create(
        PlannedCriticism(talk=locked, part=part, critic=me, target=target, content=text.strip(), order=order)
        for order, text in enumerate((t for t in content.criticisms if t.strip()), start=1)
    )
    TalkEvent.objects.create(talk=locked, to_state=locked.state, action="填写本人的谈话内容", actor=actor)
    return part


# --- what happens after a move -------------------------------------------------------------


def talk_event_notify(*, event_id: int) -> None:
    """Tell the one who has to act next."""
    event = TalkEvent.objects.select_related(
        "talk__meeting", "talk__person_a__user", "talk__person_b__user", "talk__recorded_by__user"
    ).get(pk=event_id)
    talk = event.talk
    url = reverse("talks:detail", args=[talk.pk])
    pair = f"{talk.person_a.name}与{talk.person_b.name}"
    if event.to_state == TalkState.RECORDED:
        others = [p for p in talk.people if p.pk != talk.recorded_by_id]
        recipients = [p.user for p in others if has_login(p)]
        title = f"请确认谈心谈话记录：{pair}"
    elif event.to_state in (TalkState.DISPUTED, TalkState.CONFIRMED) and talk.recorded_by_id:
        recipients = [talk.recorded_by.user] if has_login(talk.recorded_by) else []
        title = f"谈心谈话记录{event.get_to_state_display()}：{pair}"
    else:
        return
    if event.to_state == TalkState.DISPUTED:
        recipients += list(office_users(talk.meeting.organization))
    body = f"{talk.meeting.title}\n谈话日期：{day_text(talk.talked_on)}，地点：{talk.place}。"
    if event.note:
        body += f"\n说明：{event.note}"
    notify(
        recipients=[u for u in recipients if u.pk != event.actor_id],
        title=title,
        body=body,
        url=url,
    )


def talks_milestone_sync(*, meeting_id: int) -> None:
    """Keep the meeting's 谈心谈话 milestone in step with the coverage.

    The system completes it (done_by empty) when every required pair is done or excused,
    and takes that back if coverage drops again. A completion the office marked by hand
    (done_by set: talks recorded on paper) is the office's word and is left alone.
    """
    from .coverage import meeting_coverage

    meeting = Meeting.objects.select_related("organization").get(pk=meeting_id)
    milestone = Milestone.objects.filter(meeting=meeting, kind=MilestoneKind.TALKS).first()
    if milestone is None:
        return
    complete = meeting_coverage(meeting).complete
    if complete and milestone.done_at is None:
        Milestone.objects.filter(pk=milestone.pk).update(done_at=timezone.now(), done_by=None)
    elif not complete and milestone.done_at is not None and milestone.done_by_id is None:
        Milestone.objects.filter(pk=milestone.pk).update(done_at=None)


# --- the office's word on pairs and people ---------------------------------------------------


@transaction.atomic
def pair_note_add(
    *, meeting: Meeting, kind: str, person_a: Person, person_b: Person, reason: str, actor
) -> PairNote:
    """Add a pair to the required ones, or excuse a required pair, with the reason."""
    from .rules import required_pairs, roster_load

    ensure_meeting_open(meeting)
    reason = reason.strip()
    if not reason:
        raise TalkError("请填写原因。")
    if person_a.pk == person_b.pk:
        raise TalkError("请选择两个不同的人。")
    key = pair_key(person_a.pk, person_b.pk)
    required = required_pairs(roster_load(meeting))
    if kind == PairNoteKind.EXCUSED:
        if key not in required:
            raise TalkError("只有应谈的两人才需要免谈。")
        if Talk.objects.filter(
            meeting=meeting, person_a_id=key[0], person_b_id=key[1], state=TalkState.CONFIRMED
        ).exists():
            raise TalkError("两人已经谈过，不需要免谈。")
    elif key in required:
        raise TalkError("两人已在应谈范围内。")
    note, created = PairNote.objects.get_or_create(
        meeting=meeting,
        kind=kind,
        person_a_id=key[0],
        person_b_id=key[1],
        defaults={"reason": reason, "created_by": actor},
    )
    if not created:
        raise TalkError("已经登记过。")
    transaction.on_commit(lambda: talks_milestone_sync(meeting_id=meeting.pk))
    return note


@transaction.atomic
def pair_note_remove(*, note: PairNote) -> None:
    ensure_meeting_open(note.meeting)
    meeting_id = note.meeting_id
    deleted, _ = PairNote.objects.filter(pk=note.pk).delete()
    if not deleted:  # undone in another tab a moment ago
        raise TalkError("这项调整已经撤销，这次没有改变任何内容。")
    transaction.on_commit(lambda: talks_milestone_sync(meeting_id=meeting_id))


@transaction.atomic
def representatives_set(*, meeting: Meeting, people: list[Person]) -> None:
    """Name the party-member representatives (党员代表) the team members must talk with."""
    ensure_meeting_open(meeting)
    wanted = {p.pk for p in people}
    TalkParticipant.objects.filter(meeting=meeting, is_representative=True).exclude(
        person_id__in=wanted
    ).update(is_representative=False)
    for person in people:
        TalkParticipant.objects.update_or_create(
            meeting=meeting, person=person, defaults={"is_representative": True}
        )
    transaction.on_commit(lambda: talks_milestone_sync(meeting_id=meeting.pk))


@transaction.atomic
def participant_flags_set(*, meeting: Meeting, flags: dict[int, set[str]]) -> None:
    """Seed 002's flags per member: {person id: {"is_new", "is_elderly", …}}."""
    ensure_meeting_open(meeting)
    allowed = set(TalkParticipant.FLAGS)
    existing = {p.person_id: p for p in TalkParticipant.objects.filter(meeting=meeting)}
    for person_id, wanted in flags.items():
        values = {f: f in wanted for f in allowed}
        participant = existing.get(person_id)
        if participant is None:
            if any(values.values()):
                TalkParticipant.objects.create(meeting=meeting, person_id=person_id, **values)
            continue
        if any(getattr(participant, f) != v for f, v in values.items()):
            for f, v in values.items():
                setattr(participant, f, v)
            participant.save(update_fields=list(values))


def participant_for(*, meeting: Meeting, person: Person) -> TalkParticipant:
    """The row a person's bundle of records is printed from (made on first request)."""
    participant, _ = TalkParticipant.objects.get_or_create(meeting=meeting, person=person)
    return participant
