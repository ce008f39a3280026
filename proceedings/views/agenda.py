"""The agenda and the rotation's order: read by everyone of the meeting, set by the office."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from documents.registry import get_type
from meetings.access import Role, ensure_not_archived, get_meeting_for_user
from meetings.models import Stage
from organizations.once import once_per_token, save_once

from .. import agenda as agenda_services
from .. import rotation
from ..agenda import AgendaError
from ..models import AgendaItem
from ..room_forms import AgendaItemForm, AgendaItemNewForm, CriticsForm, RotationOrderForm
from ..rotation import RotationError

OFFICE = (Role.OFFICE,)


def _item(meeting, item_id) -> AgendaItem:
    return get_object_or_404(AgendaItem, pk=item_id, meeting=meeting)


@login_required
def agenda_page(request, pk):
    meeting, access = get_meeting_for_user(request.user, pk)
    members = rotation.rotation_members(meeting)
    needs_assignment = rotation.needs_assignment(members)
    critics = rotation.critics_by_receiver(meeting) if needs_assignment else {}
    by_id = {m.pk: m for m in members}
    return render(request, "proceedings/agenda.html", {
        "meeting": meeting,
        "access": access,
        "edits": access.is_office and meeting.stage != Stage.ARCHIVED,
        "items": agenda_services.agenda_items(meeting),
        "members": members,
        "limits": rotation.speaking_limits(meeting),
        "criticism_count": len(members) * (len(members) - 1) if not needs_assignment else None,
        "needs_assignment": needs_assignment,
        "assignment": [(m, [by_id[g] for g in critics.get(m.pk, []) if g in by_id]) for m in members],
        "problems": rotation.assignment_problems(members, critics) if needs_assignment else [],
        "full_max": rotation.FULL_ROTATION_MAX,
        "agenda_type": get_type("meeting_agenda"),
        "script_type": get_type("chair_script"),
    })


@login_required
@require_POST
def agenda_generate(request, pk):
    meeting, _access = get_meeting_for_user(request.user, pk, require=OFFICE)
    ensure_not_archived(meeting, "会议议程")
    try:
        agenda_services.agenda_from_plan(meeting=meeting)
    except AgendaError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "已按工作方案生成会议议程。")
    return redirect("proceedings:agenda", pk=meeting.pk)


@login_required
@require_POST
def agenda_item_move(request, pk, item_id, direction):
    meeting, _access = get_meeting_for_user(request.user, pk, require=OFFICE)
    ensure_not_archived(meeting, "会议议程")
    if direction not in ("up", "down"):
        raise Http404
    try:
        agenda_services.agenda_item_move(item=_item(meeting, item_id), step=-1 if direction == "up" else 1)
    except AgendaError as exc:
        messages.error(request, str(exc))
    return redirect("proceedings:agenda", pk=meeting.pk)


def _people(meeting):
    return rotation.rotation_members(meeting)


@login_required
def agenda_item_edit(request, pk, item_id):
    meeting, _access = get_meeting_for_user(request.user, pk, require=OFFICE)
    ensure_not_archived(meeting, "会议议程")
    item = _item(meeting, item_id)
    initial = {"title": item.title, "kind": item.kind, "speaker": item.speaker, "speaker_text": item.speaker_text,
               "minutes_limit": item.minutes_limit, "version": item.version}
    form = AgendaItemForm(request.POST or None, initial=initial, people=_people(meeting))
    if request.method == "POST" and form.is_valid():
        fields = {k: form.cleaned_data[k] for k in ("title", "kind", "speaker", "speaker_text", "minutes_limit")}
        try:
            agenda_services.agenda_item_update(item=item, version=form.cleaned_data["version"] or 0, fields=fields)
        except AgendaError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "议程已保存。")
            return redirect("proceedings:agenda", pk=meeting.pk)
    return render(request, "proceedings/agenda_item.html", {"meeting": meeting, "form": form, "item": item})


@login_required
@once_per_token
def agenda_item_new(request, pk):
    meeting, _access = get_meeting_for_user(request.user, pk, require=OFFICE)
    ensure_not_archived(meeting, "会议议程")
    form = AgendaItemNewForm(request.POST or None, people=_people(meeting))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            save_once(request, lambda: agenda_services.agenda_item_add(
                meeting=meeting, title=data["title"], kind=data["kind"], speaker=data["speaker"],
                speaker_text=data["speaker_text"], minutes_limit=data["minutes_limit"]),
                url=lambda item: f"/proceedings/{meeting.pk}/agenda/")
        except AgendaError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "已添加议程。")
            return redirect("proceedings:agenda", pk=meeting.pk)
    return render(request, "proceedings/agenda_item.html", {"meeting": meeting, "form": form, "item": None})


@login_required
@require_POST
def agenda_item_delete(request, pk, item_id):
    meeting, _access = get_meeting_for_user(request.user, pk, require=OFFICE)
    ensure_not_archived(meeting, "会议议程")
    item = _item(meeting, item_id)
    try:
        agenda_services.agenda_item_delete(item=item)
    except AgendaError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"已删除议程“{item.title}”。")
    return redirect("proceedings:agenda", pk=meeting.pk)


@login_required
def rotation_order(request, pk):
    meeting, _access = get_meeting_for_user(request.user, pk, require=OFFICE)
    ensure_not_archived(meeting, "会议议程")
    members = rotation.rotation_members(meeting)
    form = RotationOrderForm(request.POST or None, members=members)
    if request.method == "POST" and form.is_valid():
        try:
            rotation.rotation_order_set(meeting=meeting, people=form.ordered_people())
        except RotationError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "发言顺序已保存。")
            return redirect("proceedings:agenda", pk=meeting.pk)
    return render(request, "proceedings/rotation_order.html", {"meeting": meeting, "form": form})


@login_required
def critics_edit(request, pk, person_id):
    """Above nine members: the office assigns one member's critics."""
    meeting, _access = get_meeting_for_user(request.user, pk, require=OFFICE)
    ensure_not_archived(meeting, "会议议程")
    members = rotation.rotation_members(meeting)
    receiver = next((m for m in members if m.pk == person_id), None)
    if receiver is None or not rotation.needs_assignment(members):
        raise Http404
    current = rotation.critics_by_receiver(meeting).get(receiver.pk, [])
    form = CriticsForm(request.POST or None, members=members, receiver=receiver, initial={"givers": current})
    if request.method == "POST" and form.is_valid():
        try:
            rotation.critics_assign(meeting=meeting, receiver=receiver, givers=list(form.cleaned_data["givers"]))
        except RotationError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"已安排{receiver.name}的批评人。")
            return redirect("proceedings:agenda", pk=meeting.pk)
    return render(request, "proceedings/critics.html", {"meeting": meeting, "form": form, "receiver": receiver})
