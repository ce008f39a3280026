"""A talk record's states and the one function that moves a record between them.

Either participant records the talk; the other confirms it or says it did not happen;
only a confirmed talk counts (issue: "Only confirmed talks count as done"). The office
may confirm for someone without a login, from the signed paper 谈心谈话记录表 it collects
(seed 000 §五: 秘书一科、秘书二科负责收集…谈心谈话记录表).
"""

from django.db import transaction
from django.utils import timezone

from meetings.access import ensure_not_archived
from meetings.workflow import Transition

from .access import TALKS_OPEN_STAGES, TalkAccess, TalkRole
from .models import Talk, TalkEvent, TalkState


class TalkError(Exception):
    """A move or an edit that is not allowed; the message is shown to the person as is."""


TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in [
        Transition(
            "submit",
            "提交记录",
            (TalkState.PLANNED,),
            TalkState.RECORDED,
            (TalkRole.PARTICIPANT, TalkRole.OFFICE),
            help_text="提交后请谈话另一方确认；确认后才计入“已谈”。",
        ),
        Transition(
            "confirm",
            "确认谈话",
            (TalkState.RECORDED,),
            TalkState.CONFIRMED,
            (TalkRole.CONFIRMER, TalkRole.PROXY),
            help_text="确认这次谈心谈话确已进行，记录内容属实。",
        ),
        Transition(
            "dispute",
            "未进行此次谈话",
            (TalkState.RECORDED,),
            TalkState.DISPUTED,
            (TalkRole.CONFIRMER,),
            needs_note=True,
            style="danger",
            help_text="说明情况（如：谈话未进行、日期或内容有误），记录人修改后可重新提交。",
        ),
        Transition(
            "resubmit",
            "重新提交",
            (TalkState.DISPUTED,),
            TalkState.RECORDED,
            (TalkRole.RECORDER,),
            help_text="已按对方意见修改，请对方再次确认。",
        ),
        Transition(
            "cancel",
            "取消谈话",
            (TalkState.PLANNED, TalkState.RECORDED, TalkState.DISPUTED),
            TalkState.CANCELLED,
            (TalkRole.RECORDER, TalkRole.OFFICE),
            style="secondary",
            help_text="取消后该记录不再计入，需要时可重新约谈、记录。",
        ),
        Transition(
            "reopen",
            "撤销确认",
            (TalkState.CONFIRMED,),
            TalkState.RECORDED,
            (TalkRole.OFFICE,),
            needs_note=True,
            style="danger",
            help_text="确认有误时由办公室撤销，记录回到“待确认”。",
        ),
    ]
}

# Who may change the text of a record in each state.
EDITORS = {
    TalkState.PLANNED: (TalkRole.PARTICIPANT, TalkRole.RECORDER),
    TalkState.RECORDED: (TalkRole.RECORDER,),
    TalkState.DISPUTED: (TalkRole.RECORDER,),
}


def ensure_meeting_open(meeting) -> None:
    """Archived: refused as everywhere (PermissionDenied); otherwise the phase's own,
    stricter window — the records close once the meeting is held."""
    ensure_not_archived(meeting, "谈心谈话记录")
    if meeting.stage not in TALKS_OPEN_STAGES:
        raise TalkError(f"会议处于“{meeting.get_stage_display()}”阶段，谈心谈话记录已不能再修改。")


def can_edit(talk: Talk, access: TalkAccess) -> bool:
    return talk.meeting.stage in TALKS_OPEN_STAGES and bool(
        access.roles.intersection(EDITORS.get(talk.state, ()))
    )


def available_transitions(talk: Talk, access: TalkAccess) -> list[Transition]:
    """The moves this person could make now, for showing buttons."""
    if talk.meeting.stage not in TALKS_OPEN_STAGES:
        return []
    return [
        t
        for t in TRANSITIONS.values()
        if talk.state in t.sources and access.roles.intersection(t.roles) and t.name != "submit"
    ]


def content_missing(talk: Talk) -> list[str]:
    """A record is submitted only with the three written headings of 四必谈 filled in."""
    return [
        str(Talk._meta.get_field(name).verbose_name)
        for name in ("team_problems", "own_problems", "other_shortcomings")
        if not getattr(talk, name).strip()
    ]


@transaction.atomic
def talk_transition(
    *, talk: Talk, name: str, actor, access: TalkAccess, note: str = ""
) -> TalkEvent:
    """Move the record by the named transition, or raise TalkError saying why not."""
    from . import services

    transition = TRANSITIONS.get(name)
    if transition is None:
        raise TalkError("未知的操作。")
    # Re-read under a row lock: a confirmation and a cancellation at once must not both win.
    locked = Talk.objects.select_for_update(of=("self",)).select_related("meeting").get(pk=talk.pk)
    ensure_meeting_open(locked.meeting)
    if locked.state not in transition.sources:
        raise TalkError(f"该记录当前为“{locked.get_state_display()}”，不能“{transition.label}”。")
    if not access.roles.intersection(transition.roles):
        raise TalkError(f"您不能对这份记录进行“{transition.label}”。")
    note = (note or "").strip()
    if transition.needs_note and not note:
        raise TalkError(f"“{transition.label}”须填写说明。")
    if transition.target == TalkState.RECORDED:
        missing = content_missing(locked)
        if missing:
            raise TalkError("请先填写：" + "、".join(missing) + "。")
        if locked.talked_on > timezone.localdate():
            raise TalkError("谈话日期还没有到，谈话进行后再提交记录。")

    source = locked.state
    locked.state = transition.target
    fields = ["state", "updated_at"]
    if name == "submit":
        locked.recorded_by = access.person if TalkRole.PARTICIPANT in access.roles else None
        locked.entered_by = actor
        fields += ["recorded_by", "entered_by"]
    if transition.target == TalkState.CONFIRMED:
        locked.confirmed_by, locked.confirmed_at = actor, timezone.now()
        fields += ["confirmed_by", "confirmed_at"]
    elif source == TalkState.CONFIRMED:
        locked.confirmed_by, locked.confirmed_at = None, None
        fields += ["confirmed_by", "confirmed_at"]
    if name == "confirm" and TalkRole.CONFIRMER not in access.roles:
        note = note or "据签字的纸质谈心谈话记录表代为确认"
    locked.save(update_fields=fields)

    event = TalkEvent.objects.create(
        talk=locked,
        from_state=source,
        to_state=locked.state,
        action=transition.label,
        actor=actor,
        note=note,
    )
    talk.state, talk.recorded_by_id = locked.state, locked.recorded_by_id
    talk.confirmed_by_id, talk.confirmed_at = locked.confirmed_by_id, locked.confirmed_at
    transaction.on_commit(lambda: services.talk_event_notify(event_id=event.pk))
    transaction.on_commit(lambda: services.talks_milestone_sync(meeting_id=locked.meeting_id))
    return event
