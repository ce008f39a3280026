"""Upper findings (巡视巡察 and other upper inspections): the office enters, edits and deletes
them per meeting; the secretary and the supervisor read them."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from meetings.access import Role, ensure_not_archived
from meetings.models import Stage

from .. import findings as service
from ..access import BOARD_ROLES, get_finding_for_user, get_meeting_for_rectification
from ..models import UpperFinding
from ..source_forms import FindingForm

OFFICE = (Role.OFFICE,)


def _fields(form):
    data = form.cleaned_data
    return {"source": data["source"], "text": data["text"], "member": data["member"],
            "received_on": data["received_on"]}


@login_required
def findings(request, pk):
    meeting, access = get_meeting_for_rectification(request.user, pk, require=BOARD_ROLES)
    form = None
    if access.is_office and meeting.stage != Stage.ARCHIVED:
        form = FindingForm(request.POST if request.method == "POST" else None, meeting=meeting)
    if request.method == "POST":
        get_meeting_for_rectification(request.user, pk, require=OFFICE)
        ensure_not_archived(meeting, "上级反馈问题")
        if form.is_valid():
            try:
                service.finding_create(meeting=meeting, actor=request.user, **_fields(form))
            except service.FindingError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, "已录入上级反馈问题，它将列为整改来源。")
                return redirect("rectification:findings", meeting.pk)
    rows = UpperFinding.objects.filter(meeting=meeting).select_related("member").order_by("received_on", "id")
    return render(request, "rectification/findings.html", {
        "meeting": meeting, "access": access, "findings": rows, "form": form,
    })


@login_required
def finding_edit(request, pk):
    finding, access = get_finding_for_user(request.user, pk, require=OFFICE)
    ensure_not_archived(finding.meeting, "上级反馈问题")
    conflict = None
    if request.method == "POST":
        form = FindingForm(request.POST, instance=UpperFinding(meeting=finding.meeting), meeting=finding.meeting)
        if form.is_valid():
            try:
                service.finding_update(finding=finding, version=form.cleaned_data["version"] or 0,
                                       actor=request.user, **_fields(form))
            except service.FindingConflict as exc:
                # Keep what was typed; the next save is made against the version now stored.
                conflict = exc.current
                data = request.POST.copy()
                data["version"] = conflict.version
                form = FindingForm(data, instance=UpperFinding(meeting=finding.meeting), meeting=finding.meeting)
                form.is_valid()
                form.add_error(None, str(exc))
            except service.FindingError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, "已保存。")
                return redirect("rectification:findings", finding.meeting.pk)
    else:
        form = FindingForm(instance=finding, initial={"version": finding.version}, meeting=finding.meeting)
    return render(request, "rectification/finding_edit.html", {
        "meeting": finding.meeting, "finding": finding, "form": form, "conflict": conflict,
    }, status=409 if conflict else 200)


@login_required
@require_POST
def finding_delete(request, pk):
    finding, access = get_finding_for_user(request.user, pk, require=OFFICE)
    ensure_not_archived(finding.meeting, "上级反馈问题")
    try:
        service.finding_delete(finding=finding, actor=request.user)
    except service.FindingError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "已删除这条反馈问题。")
    return redirect("rectification:findings", finding.meeting.pk)
