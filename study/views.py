"""The study pages of a meeting: the overview with its statistics, sessions, attendance."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_POST

from meetings.access import Role, get_meeting_for_user
from meetings.models import Stage
from organizations.once import once_per_token, save_once
from organizations.selectors import person_for_user

from . import services
from .access import (
    ensure_study_editable,
    get_attendance_for_user,
    get_meeting_for_self_study,
    get_session_for_user,
    get_study_meeting_for_user,
    may_edit_session,
)
from .exports import study_workbook
from .forms import AttendanceForm, SelfStudyForm, SessionForm, attendance_formset
from .selectors import participant_people, sessions_for, study_statistics


@login_required
def meeting_study(request, pk):
    meeting, access = get_meeting_for_user(request.user, pk)
    sessions = list(sessions_for(meeting))
    stats = study_statistics(meeting, sessions=sessions, participants=participant_people(meeting))
    me = person_for_user(request.user)
    return render(
        request,
        "study/meeting_study.html",
        {
            "meeting": meeting,
            "access": access,
            "stats": stats,
            "mine": next((m for m in stats.members if me and m.person.pk == me.pk), None),
            "group_sessions": [s for s in sessions if not s.is_self_study],
            "self_study": [s for s in sessions if s.is_self_study],
            "open": meeting.stage != Stage.ARCHIVED,
        },
    )


@login_required
def study_export(request, pk):
    meeting = get_study_meeting_for_user(request.user, pk)
    response = HttpResponse(
        study_workbook(meeting),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=f"{meeting.title}学习研讨记录.xlsx"
    )
    return response


@login_required
@once_per_token
def session_create(request, pk):
    meeting, _ = get_meeting_for_user(request.user, pk, require=(Role.OFFICE,))
    ensure_study_editable(meeting)
    services.materials_ensure_library(organization=meeting.organization)
    form = SessionForm(request.POST or None, organization=meeting.organization, meeting=meeting)
    formset = attendance_formset(request.POST or None, people=participant_people(meeting))
    if request.method == "POST" and all([form.is_valid(), formset.is_valid()]):
        session = save_once(request, lambda: services.session_create(
            meeting=meeting, attendance=formset.entries(), recorded_by=request.user,
            **form.cleaned_data,
        ), url=lambda s: reverse("study:session_detail", args=[s.pk]))
        messages.success(request, f"已记录“{session.get_form_display()}：{session.topic}”。")
        return redirect("study:session_detail", pk=session.pk)
    return render(
        request,
        "study/session_form.html",
        {"meeting": meeting, "form": form, "formset": formset, "title": "记录学习研讨"},
    )


@login_required
@once_per_token
def self_study_create(request, pk):
    meeting, access, person = get_meeting_for_self_study(request.user, pk)
    services.materials_ensure_library(organization=meeting.organization)
    form = SelfStudyForm(
        request.POST or None,
        organization=meeting.organization,
        meeting=meeting,
        people=participant_people(meeting) if person is None else None,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        owner = data.pop("person", None) or person
        save_once(
            request,
            lambda: services.self_study_create(meeting=meeting, person=owner, recorded_by=request.user, **data),
            url=lambda s: reverse("study:meeting", args=[meeting.pk]),
        )
        messages.success(request, f"已登记{owner.name}的个人自学。")
        return redirect("study:meeting", pk=meeting.pk)
    return render(
        request,
        "study/self_study_form.html",
        {"meeting": meeting, "form": form, "person": person, "title": "登记个人自学"},
    )


@login_required
def session_detail(request, pk):
    session, access = get_session_for_user(request.user, pk)
    return render(
        request,
        "study/session_detail.html",
        {
            "session": session,
            "meeting": session.meeting,
            "rows": session.attendances.select_related("person"),
            "materials": session.materials.all(),
            "can_edit": may_edit_session(request.user, session, access),
            "edits_attendance": access.is_office and not session.is_self_study,
        },
    )


@login_required
def session_edit(request, pk):
    session, _ = get_session_for_user(request.user, pk, edit=True)
    meeting = session.meeting
    if session.is_self_study:
        form = SelfStudyForm(request.POST or None, instance=session, organization=meeting.organization, meeting=meeting)
        formset = None
    else:
        form = SessionForm(request.POST or None, instance=session, organization=meeting.organization, meeting=meeting)
        rows = list(session.attendances.select_related("person"))
        formset = attendance_formset(request.POST or None, people=[r.person for r in rows], rows=rows)
    if request.method == "POST" and all([form.is_valid(), formset is None or formset.is_valid()]):
        services.session_update(
            session=session, attendance=formset.entries() if formset else None, **form.cleaned_data
        )
        messages.success(request, "已保存。")
        return redirect("study:session_detail", pk=session.pk)
    template = "study/self_study_form.html" if session.is_self_study else "study/session_form.html"
    return render(
        request,
        template,
        {
            "meeting": meeting, "session": session, "form": form, "formset": formset,
            "person": session.owner, "title": "修改学习记录",
        },
    )


@login_required
def session_delete(request, pk):
    session, _ = get_session_for_user(request.user, pk, edit=True)
    if request.method == "POST":
        meeting_pk = session.meeting_id
        if services.session_delete(session=session):
            messages.success(request, "已删除这条学习记录。")
        else:
            messages.info(request, "这条学习记录已经删除，这次没有删除任何内容。")
        return redirect("study:meeting", pk=meeting_pk)
    return render(request, "study/session_delete.html", {"session": session, "meeting": session.meeting})


def _attendance_row(request, row, *, status=200):
    return render(
        request, "study/_attendance_row.html", {"row": row, "edits_attendance": True}, status=status
    )


@login_required
def attendance_edit(request, pk):
    """Click-to-edit one attendee's row: a fragment for htmx, a small page without JS."""
    row, _ = get_attendance_for_user(request.user, pk)
    initial = {
        "present": row.present, "absence_reason": row.absence_reason,
        "speech_topic": row.speech_topic, "made_up": row.made_up,
    }
    form = AttendanceForm(request.POST or None, initial=initial, person=row.person)
    if request.method == "POST" and form.is_valid():
        entry = form.entry()
        services.attendance_update(
            attendance=row, present=entry.present, absence_reason=entry.absence_reason,
            speech_topic=entry.speech_topic, made_up=entry.made_up,
        )
        if request.htmx:
            return _attendance_row(request, row)
        messages.success(request, f"已更新{row.person.name}的出勤情况。")
        return redirect("study:session_detail", pk=row.session_id)
    if request.htmx:
        return render(request, "study/_attendance_form_row.html", {"row": row, "form": form})
    return render(
        request,
        "study/attendance_edit.html",
        {"row": row, "form": form, "session": row.session, "meeting": row.session.meeting},
    )


@login_required
@require_POST
def attendance_made_up(request, pk):
    row, _ = get_attendance_for_user(request.user, pk)
    services.attendance_toggle_made_up(attendance=row)
    if request.htmx:
        return _attendance_row(request, row)
    return redirect("study:session_detail", pk=row.session_id)
