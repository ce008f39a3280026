"""The sitting and its minutes entered by form: attendance, notes per agenda item and
slot, criticisms, the members' 说明, the supervisor's 点评, finishing, held, 叫停."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from documents.registry import get_type
from meetings.access import Role, ensure_not_archived, get_meeting_for_user
from meetings.models import Stage
from meetings.workflow import TRANSITIONS, TransitionError, transition_refusal
from organizations.once import once_per_token, save_once

from .. import minutes as services
from .. import rotation
from ..access import (
    get_criticism_for_user,
    get_sitting_for_user,
    get_slot_for_user,
    may_see_round_of,
    sees_all_criticisms,
    visible_criticisms,
)
from ..documents_room import cn
from ..minutes import MinutesError
from ..models import AgendaKind, ExplanationTopic, SlotKind, SupervisorComment
from ..room_forms import (
    AttendanceAddForm,
    AttendanceForm,
    CommentForm,
    CommentNewForm,
    CriticismForm,
    CriticismNewForm,
    ExplanationForm,
    HaltForm,
    HeldForm,
    SlotForm,
)
from ..rotation import RotationError

OFFICE = (Role.OFFICE,)


def _sitting_url(sitting) -> str:
    return f"/proceedings/sittings/{sitting.pk}/"


@login_required
def minutes_home(request, pk):
    """The meeting's sittings: the current one's minutes, and those halted before it."""
    meeting, access = get_meeting_for_user(request.user, pk)
    sittings = rotation.sittings(meeting)
    current = rotation.current_sitting(meeting)
    if current and not sittings[:-1]:
        return redirect(_sitting_url(current))
    return render(request, "proceedings/sittings.html", {
        "meeting": meeting, "access": access, "sittings": sittings, "current": current,
    })


@login_required
@require_POST
def sitting_prepare(request, pk):
    meeting, _access = get_meeting_for_user(request.user, pk, require=OFFICE)
    ensure_not_archived(meeting, "会议记录")
    try:
        sitting = rotation.sitting_prepare(meeting=meeting, actor=request.user)
    except RotationError as exc:
        messages.error(request, str(exc))
        return redirect("proceedings:agenda", pk=meeting.pk)
    return redirect(_sitting_url(sitting))


def _sections(request, sitting, access):
    """The agenda items in order, each with its slots (the rotation in rounds), each slot
    with the criticisms this reader may see."""
    slots = rotation.slots_for(sitting)
    criticisms = {}
    for c in visible_criticisms(request.user, access, sitting.criticisms.select_related("giver", "receiver")):
        criticisms.setdefault(c.slot_id, []).append(c)
    sections = []
    for slot in slots:
        slot.visible = slot.kind != SlotKind.CRITICISM or may_see_round_of(request.user, access, slot.subject_id)
        slot.items = criticisms.get(slot.pk, []) if slot.visible else []
        slot.time_text = services.slot_time_text(slot)
        if not sections or sections[-1]["item"].pk != slot.agenda_item_id:
            sections.append({"item": slot.agenda_item, "slots": []})
        sections[-1]["slots"].append(slot)
    guiding = sitting.meeting.plan.guiding_leaders if hasattr(sitting.meeting, "plan") else ""
    for number, section in enumerate(sections, start=1):
        section["number"] = cn(number)
        section["rounds"] = rotation.rounds(section["slots"]) if section["item"].kind == AgendaKind.ROTATION else []
        for slot in section["slots"]:
            slot.who = slot.agenda_item.speaker_label or (
                (guiding or "到会指导的领导") if slot.agenda_item.kind == AgendaKind.SUPERVISOR else "")
    return sections


@login_required
def sitting_detail(request, sitting_id):
    sitting, access = get_sitting_for_user(request.user, sitting_id)
    meeting = sitting.meeting
    summary = services.minutes_summary(sitting)
    explanations = {}
    for e in summary.explanations:
        if may_see_round_of(request.user, access, e.person_id):
            explanations.setdefault(e.person_id, []).append(e)
    editable = access.is_office and _editable(sitting)
    hold = TRANSITIONS["record_held"]
    return render(request, "proceedings/sitting.html", {
        "meeting": meeting,
        "sitting": sitting,
        "access": access,
        "summary": summary,
        "sections": _sections(request, sitting, access),
        "explanations": [(m, explanations.get(m.pk, [])) for m in rotation.rotation_members(meeting)
                         if may_see_round_of(request.user, access, m.pk)],
        "sees_all": sees_all_criticisms(access),
        "editable": editable,
        "recording": editable and meeting.stage in services.RECORDING_STAGES,
        "may_reopen": access.is_office and sitting.minutes_finished and not sitting.is_halted
        and meeting.stage != Stage.ARCHIVED,
        "may_comment": access.is_supervisor and not sitting.is_halted and meeting.stage in services.RECORDING_STAGES,
        "may_hold": access.is_office and not transition_refusal(meeting, hold, access, on_date=timezone.localdate()),
        "may_halt": access.is_supervisor and not sitting.is_halted
        and not transition_refusal(meeting, TRANSITIONS["halt"], access, note="-"),
        "minutes_type": get_type("sitting_minutes"),
        "others": [s for s in rotation.sittings(meeting) if s.pk != sitting.pk],
    })


def _editable(sitting) -> bool:
    try:
        services.ensure_sitting_editable(sitting)
    except (MinutesError, PermissionDenied):
        return False
    return True


def _recording(sitting) -> bool:
    try:
        services.ensure_recording(sitting)
    except (MinutesError, PermissionDenied):
        return False
    return True


def _refuse(request, exc, sitting):
    messages.error(request, str(exc))
    return redirect(_sitting_url(sitting))


@login_required
def attendance_edit(request, sitting_id):
    sitting, _access = get_sitting_for_user(request.user, sitting_id, require=OFFICE)
    ensure_not_archived(sitting.meeting, "会议记录")
    members = rotation.rotation_members(sitting.meeting)
    rows = list(sitting.attendance.select_related("person"))
    readers = {s.subject_id: s.read_by for s in sitting.slots.filter(kind=SlotKind.SELF).select_related("read_by")}
    initial = {f"read_by_{r.pk}": readers.get(r.person_id) for r in rows if r.person_id}
    form = AttendanceForm(request.POST or None, rows=rows, members=members, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            for row in rows:
                data = form.cleaned_data
                services.attendance_update(attendance=row, status=data[f"status_{row.pk}"],
                                           reason=data[f"reason_{row.pk}"], read_by=data.get(f"read_by_{row.pk}"))
        except (MinutesError, PermissionDenied) as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "出席情况已保存。")
            return redirect(_sitting_url(sitting))
    return render(request, "proceedings/attendance.html", {
        "meeting": sitting.meeting, "sitting": sitting, "form": form, "add_form": AttendanceAddForm(),
    })


@login_required
@once_per_token
def attendance_new(request, sitting_id):
    sitting, _access = get_sitting_for_user(request.user, sitting_id, require=OFFICE)
    ensure_not_archived(sitting.meeting, "会议记录")
    form = AttendanceAddForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            save_once(request, lambda: services.attendance_add(sitting=sitting, name=form.cleaned_data["name"],
                                                               status=form.cleaned_data["status"]),
                      url=lambda row: f"{_sitting_url(sitting)}attendance/")
        except (MinutesError, PermissionDenied) as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "已添加。")
            return redirect("proceedings:attendance", sitting_id=sitting.pk)
    return render(request, "proceedings/attendance_new.html", {"meeting": sitting.meeting, "sitting": sitting,
                                                               "form": form})


@login_required
def slot_edit(request, slot_id):
    slot, access = get_slot_for_user(request.user, slot_id)
    ensure_not_archived(slot.sitting.meeting, "会议记录")
    sitting = slot.sitting
    if not access.is_office:
        raise PermissionDenied("会议记录由办公室（记录人）填写")
    initial = {"notes": slot.notes or services.slot_skeleton(slot), "version": slot.version,
               "started": timezone.localtime(slot.started_at).time() if slot.started_at else None,
               "ended": timezone.localtime(slot.ended_at).time() if slot.ended_at else None}
    if not _recording(sitting):
        form = None  # halted, finished or not yet agreed: the notes are read, not edited
        if request.method == "POST":
            messages.error(request, "这段记录当前不能修改。")
            return redirect(f"{_sitting_url(sitting)}#slot-{slot.pk}")
    else:
        form = SlotForm(request.POST or None, initial=initial)
    if form is not None and request.method == "POST" and form.is_valid():
        day = sitting.meeting.held_on or timezone.localdate()
        started, ended = form.times(day)
        try:
            services.slot_record(slot=slot, version=form.cleaned_data["version"], notes=form.cleaned_data["notes"],
                                 started_at=started, ended_at=ended)
        except (MinutesError, PermissionDenied) as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "记录已保存。")
            return redirect(f"{_sitting_url(sitting)}#slot-{slot.pk}")
    return render(request, "proceedings/slot.html", {
        "meeting": sitting.meeting, "sitting": sitting, "slot": slot, "form": form,
        "criticisms": list(slot.criticisms.select_related("giver", "receiver")),
        "criticism_form": CriticismNewForm() if slot.kind == SlotKind.CRITICISM and form is not None else None,
        "next_slot": sitting.slots.filter(order__gt=slot.order).order_by("order").first(),
    })


@login_required
@once_per_token
def criticism_new(request, slot_id):
    slot, _access = get_slot_for_user(request.user, slot_id, require=OFFICE)
    ensure_not_archived(slot.sitting.meeting, "会议记录")
    form = CriticismNewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            save_once(request, lambda: services.criticism_add(slot=slot, text=form.cleaned_data["text"],
                                                              actor=request.user),
                      url=lambda c: f"/proceedings/slots/{slot.pk}/")
        except (MinutesError, PermissionDenied) as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "已记录一条批评意见。")
            return redirect("proceedings:slot", slot_id=slot.pk)
    return render(request, "proceedings/criticism.html", {"meeting": slot.sitting.meeting, "slot": slot,
                                                          "form": form, "criticism": None})


@login_required
def criticism_detail(request, criticism_id):
    """One criticism item: seen by the office, the secretary, the person criticised and the
    supervisor; edited by the office."""
    criticism, access = get_criticism_for_user(request.user, criticism_id)
    if request.method == "POST":
        ensure_not_archived(criticism.sitting.meeting, "会议记录")
    form = None
    if access.is_office and criticism.sitting.meeting.stage != Stage.ARCHIVED:
        form = CriticismForm(request.POST or None, initial={"text": criticism.text, "version": criticism.version})
        if request.method == "POST" and form.is_valid():
            try:
                services.criticism_update(criticism=criticism, version=form.cleaned_data["version"],
                                          text=form.cleaned_data["text"])
            except (MinutesError, PermissionDenied) as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, "批评意见已保存。")
                return redirect(f"{_sitting_url(criticism.sitting)}#slot-{criticism.slot_id}")
    elif request.method == "POST":
        raise PermissionDenied("会议记录由办公室（记录人）填写")
    return render(request, "proceedings/criticism.html", {"meeting": criticism.sitting.meeting,
                                                          "slot": criticism.slot, "form": form,
                                                          "criticism": criticism})


@login_required
@require_POST
def criticism_delete(request, criticism_id):
    criticism, _access = get_criticism_for_user(request.user, criticism_id, require=OFFICE)
    ensure_not_archived(criticism.sitting.meeting, "会议记录")
    try:
        services.criticism_delete(criticism=criticism)
    except (MinutesError, PermissionDenied) as exc:
        return _refuse(request, exc, criticism.sitting)
    messages.success(request, "已删除这条批评意见。")
    return redirect("proceedings:slot", slot_id=criticism.slot_id) if criticism.slot_id else redirect(
        _sitting_url(criticism.sitting))


@login_required
def explanation_edit(request, sitting_id, person_id):
    sitting, _access = get_sitting_for_user(request.user, sitting_id, require=OFFICE)
    ensure_not_archived(sitting.meeting, "会议记录")
    members = rotation.rotation_members(sitting.meeting)
    person = next((m for m in members if m.pk == person_id), None)
    if person is None:
        raise Http404
    existing = {e.topic: e for e in sitting.explanations.filter(person=person)}
    form = ExplanationForm(request.POST or None, existing=existing)
    if request.method == "POST" and form.is_valid():
        try:
            for topic in ExplanationTopic:
                services.explanation_save(sitting=sitting, person=person, topic=topic.value,
                                          text=form.cleaned_data[topic.value],
                                          version=form.cleaned_data[f"{topic.value}_version"] or 0, actor=request.user)
        except (MinutesError, PermissionDenied) as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"已保存{person.name}同志的说明。")
            return redirect(f"{_sitting_url(sitting)}#explanations")
    return render(request, "proceedings/explanation.html", {
        "meeting": sitting.meeting, "sitting": sitting, "person": person, "form": form,
        "routed": services.routed_opinion_count(sitting.meeting, person)})


def _supervisor(access):
    if not access.is_supervisor:
        raise PermissionDenied("点评由到会指导的上级领导本人填写")


@login_required
@once_per_token
def comment_new(request, sitting_id):
    sitting, access = get_sitting_for_user(request.user, sitting_id)
    ensure_not_archived(sitting.meeting, "督导意见")
    _supervisor(access)
    form = CommentNewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            save_once(request, lambda: services.comment_save(sitting=sitting, access=access, actor=request.user,
                                                             text=form.cleaned_data["text"]),
                      url=lambda c: f"{_sitting_url(sitting)}#comments")
        except (MinutesError, PermissionDenied) as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "点评已保存。")
            return redirect(f"{_sitting_url(sitting)}#comments")
    return render(request, "proceedings/comment.html", {"meeting": sitting.meeting, "sitting": sitting,
                                                        "form": form, "comment": None})


@login_required
def comment_edit(request, sitting_id, comment_id):
    sitting, access = get_sitting_for_user(request.user, sitting_id)
    ensure_not_archived(sitting.meeting, "督导意见")
    _supervisor(access)
    comment = get_object_or_404(SupervisorComment, pk=comment_id, sitting=sitting, author=request.user)
    form = CommentForm(request.POST or None, initial={"text": comment.text, "version": comment.version})
    if request.method == "POST" and form.is_valid():
        try:
            services.comment_save(sitting=sitting, access=access, actor=request.user, text=form.cleaned_data["text"],
                                  version=form.cleaned_data["version"] or 0, comment=comment)
        except (MinutesError, PermissionDenied) as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "点评已保存。")
            return redirect(f"{_sitting_url(sitting)}#comments")
    return render(request, "proceedings/comment.html", {"meeting": sitting.meeting, "sitting": sitting,
                                                        "form": form, "comment": comment})


@login_required
@require_POST
def minutes_finish(request, sitting_id):
    sitting, _access = get_sitting_for_user(request.user, sitting_id, require=OFFICE)
    ensure_not_archived(sitting.meeting, "会议记录")
    try:
        services.minutes_finish(sitting=sitting, actor=request.user)
    except (MinutesError, PermissionDenied) as exc:
        return _refuse(request, exc, sitting)
    messages.success(request, "会议记录已完成。")
    return redirect(_sitting_url(sitting))


@login_required
@require_POST
def minutes_reopen(request, sitting_id):
    sitting, _access = get_sitting_for_user(request.user, sitting_id, require=OFFICE)
    ensure_not_archived(sitting.meeting, "会议记录")
    try:
        services.minutes_reopen(sitting=sitting, actor=request.user)
    except (MinutesError, PermissionDenied) as exc:
        return _refuse(request, exc, sitting)
    messages.success(request, "可以继续补充会议记录。")
    return redirect(_sitting_url(sitting))


@login_required
def sitting_hold(request, sitting_id):
    """The office records the meeting as held (by form; meeting mode's close does the same)."""
    sitting, access = get_sitting_for_user(request.user, sitting_id, require=OFFICE)
    ensure_not_archived(sitting.meeting, "会议阶段")
    form = HeldForm(request.POST or None, initial={"held_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.sitting_hold(sitting=sitting, actor=request.user, access=access,
                                  on_date=form.cleaned_data["held_on"])
        except TransitionError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "已记录会议召开。召开情况报告须在会后15日内报送。")
            return redirect(_sitting_url(sitting))
    return render(request, "proceedings/sitting_move.html", {
        "meeting": sitting.meeting, "sitting": sitting, "form": form, "title": "记录会议已召开",
        "help": "记录召开日期；召开情况报告须在会后15日内报送。", "button": "确认会议已召开", "style": "primary"})


@login_required
def sitting_halt(request, sitting_id):
    """叫停 during or after the meeting: this sitting's minutes are kept as they are."""
    sitting, access = get_sitting_for_user(request.user, sitting_id)
    ensure_not_archived(sitting.meeting, "会议阶段")
    if not access.is_supervisor:
        raise PermissionDenied("只有上级督导可以叫停")
    form = HaltForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.sitting_halt(sitting=sitting, actor=request.user, access=access,
                                  reason=form.cleaned_data["reason"])
        except TransitionError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "已叫停。本次会议的记录予以保留；重新准备后另行召开。")
            return redirect(_sitting_url(sitting))
    return render(request, "proceedings/sitting_move.html", {
        "meeting": sitting.meeting, "sitting": sitting, "form": form, "title": "叫停会议",
        "help": "会议质量达不到要求的，叫停并督促重新召开。本次会议的记录予以保留。", "button": "确认叫停",
        "style": "danger"})

