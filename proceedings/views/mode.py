"""Meeting mode: the recorder's screen (the office, on a laptop), the projector view for
the room, the presses they send, and closing.

The recorder's page works without JavaScript too: each button is a plain form whose
press the server times on arrival; with JavaScript the page times it itself, queues it
and sends it (static/js/meeting_mode.js). The projector shows who speaks, who is next
and the countdown — nothing of what is said.
"""

import json
import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from meetings.access import ensure_not_archived, get_meeting_for_user
from meetings.models import Stage

from ..mode import (
    MEETING_ZONE,
    agenda_numbers,
    ModeClosed,
    current_slot,
    following_slot,
    mode_close,
    mode_events_record,
    mode_refusal,
    mode_state,
    slot_public,
    upcoming_slot,
)
from ..mode_forms import PageEventForm, PressForm
from ..mode_replay import Move
from ..models import SlotKind, SlotStatus
from ..rotation import RotationError, current_sitting, sitting_prepare, slots_for, speaking_limits

# At most this many presses in one request: the page sends its queue in batches.
MAX_BATCH = 200


def _meeting(request, pk, *, recorder: bool):
    """The meeting for this person; only the office records (others: 404, as outsiders)."""
    meeting, access = get_meeting_for_user(request.user, pk)
    if recorder and not access.is_office:
        raise Http404("会议不存在")
    return meeting, access


def _sitting(meeting):
    sitting = current_sitting(meeting)
    if sitting is not None:
        sitting.meeting = meeting
    return sitting


@login_required
def recorder(request, pk):
    meeting, access = _meeting(request, pk, recorder=True)
    sitting = _sitting(meeting)
    refusal = mode_refusal(meeting, sitting)
    if sitting is None:
        return render(request, "proceedings/mode_closed.html", {
            "meeting": meeting, "access": access, "refusal": refusal,
            "may_prepare": meeting.stage == Stage.CONVENE_APPROVED,
        })
    slots = slots_for(sitting)
    limits = speaking_limits(meeting)
    numbers = agenda_numbers(slots)
    public = {s.pk: slot_public(s, limits, numbers[s.agenda_item_id]) for s in slots}
    state = mode_state(sitting, slots)
    current = current_slot(slots)
    shown = current or upcoming_slot(slots)
    following = following_slot(slots, current) if current else None
    return render(request, "proceedings/mode_recorder.html", {
        "meeting": meeting,
        "access": access,
        "sitting": sitting,
        "refusal": refusal,
        "groups": _groups(slots, public, shown),
        "current": current,
        "shown": public.get(shown.pk) if shown else None,
        "next": public.get(following.pk) if following else None,
        "clock": _clock_text(shown, public),
        "hide": {
            "start": bool(current or not shown),
            "pause": not (current and current.status == SlotStatus.RUNNING),
            "resume": not (current and current.status == SlotStatus.PAUSED),
            "next": not current,
            "stop": not current,
        },
        "press_id": uuid.uuid4,
        "mode_data": {
            "sitting": sitting.pk,
            "user": request.user.pk,
            "server_now": state["server_now"],
            "closed": bool(refusal),
            "events_url": reverse("proceedings:mode_events", args=[meeting.pk]),
            "state_url": reverse("proceedings:mode_state", args=[meeting.pk]),
            "slots": [public[s.pk] for s in slots],
            "state": state,
        },
    })


def _groups(slots, public, shown):
    """The agenda with its slots; the rotation by member's round, the round under way open."""
    groups = []
    for slot in slots:
        if not groups or groups[-1]["item"].pk != slot.agenda_item_id:
            groups.append({"item": slot.agenda_item, "rounds": [], "slots": []})
        group = groups[-1]
        row = {"slot": slot, "public": public[slot.pk], "current": slot.status in (SlotStatus.RUNNING, SlotStatus.PAUSED)}
        if slot.kind == SlotKind.ITEM:
            group["slots"].append(row)
        else:
            if not group["rounds"] or group["rounds"][-1]["subject"].pk != slot.subject_id:
                group["rounds"].append({"subject": slot.subject, "slots": [], "open": False})
            group["rounds"][-1]["slots"].append(row)
            if shown and slot.pk == shown.pk:
                group["rounds"][-1]["open"] = True
    return groups


def _clock_text(slot, public) -> str:
    """The countdown as the page without JavaScript shows it, at the moment it is drawn."""
    if slot is None:
        return "00:00"
    limit = public[slot.pk]["limit"]
    spoken = 0
    if slot.started_at:
        until = slot.ended_at or slot.paused_at or timezone.now()
        spoken = max(0, int((until - slot.started_at).total_seconds()) - slot.paused_seconds)
    if limit is None:
        return _mmss(spoken)
    return f"+{_mmss(spoken - limit)}" if spoken > limit else _mmss(limit - spoken)


def _mmss(seconds: int) -> str:
    minutes, seconds = divmod(int(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{seconds:02d}" if hours else f"{minutes:02d}:{seconds:02d}"


@login_required
def projector(request, pk):
    meeting, access = _meeting(request, pk, recorder=False)
    sitting = _sitting(meeting)
    state = mode_state(sitting) if sitting else None
    return render(request, "proceedings/mode_projector.html", {
        "meeting": meeting,
        "sitting": sitting,
        "access": access,
        "state": state,
        "shown": state and not state["closed"] and (state["current_slot"] or state["next_slot"]),
        "mode_data": state and {
            "server_now": state["server_now"],
            "state_url": reverse("proceedings:mode_state", args=[meeting.pk]),
            "state": _public_state(state),
        },
    })


def _public_state(state: dict) -> dict:
    """The state without the clocks of every slot: what the projector needs."""
    return {k: v for k, v in state.items() if k != "clocks"}


@login_required
def state(request, pk):
    meeting, access = _meeting(request, pk, recorder=False)
    sitting = _sitting(meeting)
    if sitting is None:
        return JsonResponse({"server_now": int(timezone.now().timestamp() * 1000), "closed": True,
                             "current": None, "running": False, "clocks": {}, "current_slot": None,
                             "next_slot": None, "after_next": None})
    data = mode_state(sitting)
    return JsonResponse(data if access.is_office else _public_state(data))


@login_required
@require_POST
def events(request, pk):
    """The recorder's page sends its queue: {"events": [{id, move, slot, at, seq}, …]}."""
    meeting, access = _meeting(request, pk, recorder=True)
    ensure_not_archived(meeting, "会议记录")
    sitting = _sitting(meeting)
    try:
        sent = json.loads(request.body or b"{}").get("events")
    except (ValueError, AttributeError):
        sent = None
    if not isinstance(sent, list) or len(sent) > MAX_BATCH:
        return JsonResponse({"message": "记录格式不正确。"}, status=400)
    valid, refused = [], []
    for item in sent:
        form = PageEventForm(data=item if isinstance(item, dict) else {})
        if form.is_valid():
            valid.append(form.event())
        else:
            refused.append({"id": str(item.get("id", "")) if isinstance(item, dict) else "",
                            "message": _first_error(form)})
    if sitting is None:
        return JsonResponse({"message": mode_refusal(meeting, None)}, status=409)
    try:
        outcome = mode_events_record(sitting=sitting, events=valid, actor=request.user)
    except ModeClosed as closed:
        return JsonResponse({"message": str(closed)}, status=409)
    return JsonResponse({
        "stored": outcome.stored,
        "duplicates": outcome.duplicates,
        "refused": refused + outcome.refused,
        "state": mode_state(sitting),
    })


def _first_error(form) -> str:
    for errors in form.errors.values():
        return f"记录未被接受：{errors[0]}"
    return "记录未被接受。"


@login_required
@require_POST
def press(request, pk):
    """A press of the page without JavaScript, timed on arrival."""
    meeting, access = _meeting(request, pk, recorder=True)
    ensure_not_archived(meeting, "会议记录")
    sitting = _sitting(meeting)
    form = PressForm(request.POST)
    if sitting is None or not form.is_valid():
        messages.error(request, "操作未能记录，请刷新页面后重试。")
        return redirect("proceedings:mode", pk=meeting.pk)
    try:
        outcome = mode_events_record(sitting=sitting, events=[form.event()], actor=request.user)
    except ModeClosed as closed:
        messages.error(request, str(closed))
        return redirect("proceedings:mode", pk=meeting.pk)
    if outcome.refused:
        messages.error(request, outcome.refused[0]["message"])
    elif outcome.stored:
        messages.success(request, f"已记录：{Move.LABELS[form.cleaned_data['move']]}（{timezone.localtime():%H:%M:%S}）。")
    return redirect(reverse("proceedings:mode", args=[meeting.pk]) + "#mode-now")


@login_required
def close(request, pk):
    """Closing meeting mode: asked on a page of its own, then recorded held."""
    meeting, access = _meeting(request, pk, recorder=True)
    ensure_not_archived(meeting, "会议记录")
    sitting = _sitting(meeting)
    refusal = mode_refusal(meeting, sitting)
    if refusal:
        messages.info(request, refusal)
        return redirect("proceedings:mode", pk=meeting.pk)
    if request.method == "POST":
        try:
            closed = mode_close(sitting=sitting, actor=request.user, access=access)
        except ModeClosed as error:
            messages.error(request, str(error))
            return redirect("proceedings:mode_close", pk=meeting.pk)
        messages.success(request, closed.message)
        return redirect("proceedings:minutes", pk=meeting.pk)
    slots = slots_for(sitting)
    spoken = [s for s in slots if s.started_at]
    total = len([s for s in slots if s.status != SlotStatus.LEAVE])
    day = timezone.localdate(sitting.started_at or timezone.now(), timezone=MEETING_ZONE)
    return render(request, "proceedings/mode_close.html", {
        "meeting": meeting,
        "access": access,
        "sitting": sitting,
        "spoken": len(spoken),
        "total": total,
        "remaining": total - len(spoken),
        "running": current_slot(slots),
        "day": day,
        "records_held": meeting.stage == Stage.CONVENE_APPROVED,
        "mode_data": {
            "sitting": sitting.pk,
            "user": request.user.pk,
            "server_now": int(timezone.now().timestamp() * 1000),
            "events_url": reverse("proceedings:mode_events", args=[meeting.pk]),
        },
    })


@login_required
@require_POST
def prepare(request, pk):
    """The agenda, the attendance and the rotation generated for the sitting, if not yet."""
    meeting, access = _meeting(request, pk, recorder=True)
    ensure_not_archived(meeting, "会议记录")
    if meeting.stage != Stage.CONVENE_APPROVED:
        messages.error(request, "上级同意召开后，才能进入会议模式。")
        return redirect("proceedings:mode", pk=meeting.pk)
    try:
        sitting_prepare(meeting=meeting, actor=request.user)
    except RotationError as error:
        messages.error(request, str(error))
    return redirect("proceedings:mode", pk=meeting.pk)
