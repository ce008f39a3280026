"""The office's preparation page (report, application, readiness, sending) and the upper
level's decision page (agree with a date, or postpone with a reason)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from documents.registry import get_type
from meetings.access import Role, ensure_not_archived
from meetings.progress import meeting_checklist
from meetings.services import convene_missing
from meetings.workflow import TransitionError, available_transitions

from ..convening import (
    EDITABLE_STAGES,
    StaleApplicationError,
    application_content,
    application_initial,
    application_save,
    convening_approve,
    convening_postpone,
    convening_request,
    ensure_editable,
    get_meeting_for_convening,
    latest_request,
    lead_time,
    report_content,
    request_changes,
)
from ..models import ConveningApplication, PreparationReport, RequestStatus
from ..preparation import (
    StaleReportError,
    changed_figures,
    preparation_figures,
    report_compile,
    report_refresh_figure,
    report_section_recompile,
    report_update,
)
from ..preparation_forms import ApplicationForm, ApproveForm, PostponeForm, ReportEditForm, VersionForm

OFFICE_SIDE = (Role.OFFICE, Role.SECRETARY)
DOCUMENT_KINDS = ("preparation_report", "convening_application")


def _report(meeting):
    return PreparationReport.objects.filter(meeting=meeting).first()


def _application(meeting):
    return ConveningApplication.objects.filter(meeting=meeting).first()


def _documents():
    return [get_type(kind) for kind in DOCUMENT_KINDS]


@login_required
def preparation(request, pk):
    meeting, access = get_meeting_for_convening(request.user, pk, roles=OFFICE_SIDE)
    return _preparation_page(request, meeting, access)


def _preparation_page(request, meeting, access, *, send_error: str = "", status: int = 200):
    report, application = _report(meeting), _application(meeting)
    figures = preparation_figures(meeting)
    may_send = access.is_office and any(t.name == "request_convening" for t in available_transitions(meeting, access))
    return render(
        request,
        "proceedings/preparation.html",
        {
            "meeting": meeting,
            "access": access,
            "report": report,
            "changed": changed_figures(report, figures) if report else [],
            "figures": figures,
            "application": application,
            "application_content": application_content(application),
            "lead": lead_time(application),
            "missing": convene_missing(meeting) if may_send else [],
            "may_send": may_send,
            "send_error": send_error,
            "editable": access.is_office and meeting.stage in EDITABLE_STAGES,
            "latest": latest_request(meeting),
            "requests": meeting.convening_requests.select_related("sent_by__person", "decided_by__person").order_by("-number"),
            "documents": _documents(),
            "postponed": RequestStatus.POSTPONED,
        },
        status=status,
    )


@login_required
@require_POST
def report_compile_view(request, pk):
    meeting, access = get_meeting_for_convening(request.user, pk, roles=(Role.OFFICE,))
    ensure_not_archived(meeting, "准备工作情况报告")
    existed = _report(meeting) is not None
    report_compile(meeting=meeting, actor=request.user)
    messages.success(request, "已按最新数据重新生成准备工作情况报告。" if existed else "已根据各环节记录生成准备工作情况报告，请审阅修改文字。")
    return redirect("proceedings:preparation", pk=meeting.pk)


@login_required
def report_edit(request, pk):
    meeting, access = get_meeting_for_convening(request.user, pk, roles=(Role.OFFICE,))
    ensure_editable(meeting)
    report = _report(meeting)
    if report is None:
        messages.info(request, "请先生成准备工作情况报告。")
        return redirect("proceedings:preparation", pk=meeting.pk)
    form = ReportEditForm(request.POST or None, sections=report.sections, initial={"version": report.version})
    if request.method == "POST" and form.is_valid():
        try:
            report_update(report=report, version=form.cleaned_data["version"], texts=form.texts(), actor=request.user)
        except StaleReportError as exc:
            form.add_error(None, str(exc))
            report.refresh_from_db()
        else:
            messages.success(request, "报告已保存。")
            return redirect("proceedings:preparation", pk=meeting.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "proceedings/report_edit.html", {"meeting": meeting, "report": report, "form": form}, status=status)


def _versioned_post(request, pk):
    meeting, access = get_meeting_for_convening(request.user, pk, roles=(Role.OFFICE,))
    ensure_not_archived(meeting, "准备工作情况报告")
    report = _report(meeting)
    form = VersionForm(request.POST)
    if report is None or not form.is_valid():
        messages.error(request, "请求无效，请刷新页面后重试。")
        return meeting, None, None
    if form.cleaned_data["version"] != report.version:
        messages.error(request, StaleReportError.MESSAGE)
        return meeting, None, None
    return meeting, report, form.cleaned_data


@login_required
@require_POST
def report_refresh(request, pk):
    """Put one changed figure into the text (数据已更新 → 更新此数据)."""
    meeting, report, data = _versioned_post(request, pk)
    if report is not None:
        if report_refresh_figure(report=report, key=data["key"], version=data["version"], actor=request.user):
            messages.success(request, "已将最新数据写入报告。")
        else:
            messages.warning(request, "报告中这段文字已修改，找不到原来的数据：请手工修改这段文字，或重新生成本节。")
    return redirect("proceedings:preparation", pk=meeting.pk)


@login_required
@require_POST
def report_recompile(request, pk):
    """Write one section anew from today's records."""
    meeting, report, data = _versioned_post(request, pk)
    if report is not None:
        report_section_recompile(report=report, section=data["key"], version=data["version"], actor=request.user)
        messages.success(request, "已按最新数据重新生成本节。")
    return redirect("proceedings:preparation", pk=meeting.pk)


@login_required
def application_edit(request, pk):
    meeting, access = get_meeting_for_convening(request.user, pk, roles=(Role.OFFICE,))
    ensure_editable(meeting)
    application = _application(meeting)
    if application is None:
        initial = application_initial(meeting)
    else:
        initial = {
            f: getattr(application, f) for f in ("version", "proposed_at", "place", "attendees", "agenda", "lead_days")
        }
    form = ApplicationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            application_save(
                meeting=meeting,
                version=data["version"],
                actor=request.user,
                proposed_at=data["proposed_at"],
                place=data["place"],
                attendees=data["attendees"],
                agenda=data["agenda"],
                lead_days=data["lead_days"],
            )
        except StaleApplicationError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "召开申请已保存。")
            return redirect("proceedings:preparation", pk=meeting.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "proceedings/application_edit.html", {"meeting": meeting, "form": form}, status=status)


@login_required
@require_POST
def send(request, pk):
    """报请召开: the report and the application go up together, through the meeting's move."""
    meeting, access = get_meeting_for_convening(request.user, pk, roles=(Role.OFFICE,))
    ensure_not_archived(meeting, "召开申请")
    try:
        convening_request(meeting=meeting, access=access, actor=request.user)
    except TransitionError as exc:
        return _preparation_page(request, meeting, access, send_error=str(exc), status=400)
    messages.success(request, "已报请召开：准备工作情况报告和召开申请已报上级审核。")
    return redirect("meetings:detail", pk=meeting.pk)


# --- the upper level's decision -----------------------------------------------------------


@login_required
def convening(request, pk):
    meeting, access = get_meeting_for_convening(request.user, pk, roles=(Role.SUPERVISOR,))
    return _decision_page(request, meeting, access)


def _decision_page(request, meeting, access, *, approve_form=None, postpone_form=None, error="", status=200):
    moves = {t.name for t in available_transitions(meeting, access)}
    latest = latest_request(meeting)
    sent = latest if latest and latest.status == RequestStatus.PENDING else None
    application = _application(meeting)
    default_day = application.proposed_at.date() if application and application.proposed_at else None
    changes = request_changes(sent) if sent else None
    return render(
        request,
        "proceedings/convening.html",
        {
            "meeting": meeting,
            "access": access,
            # The upper level reads what was sent (the last sending when none is pending),
            # never the office's working draft.
            "report_content": (sent or latest).report if (sent or latest) else None,
            "application_content": (sent or latest).application if (sent or latest) else None,
            "sent": sent,
            "previous": changes[0] if changes else None,
            "diff": changes[1] if changes else [],
            "diff_changed": bool(changes and any(section.changed for section in changes[1])),
            "lead": lead_time(application, sent.sent_at.date() if sent else None),
            # Asked with the reader's roles, as the meeting page asks: the same details for
            # the same readers, and the answer kept between loads (meetings.checklist_cache).
            "checklist": meeting_checklist(meeting, access.roles),
            "may_approve": "approve_convening" in moves,
            "may_postpone": "postpone" in moves,
            "approve_form": approve_form or ApproveForm(initial={"agreed_on": default_day}),
            "postpone_form": postpone_form or PostponeForm(),
            "error": error,
            "requests": meeting.convening_requests.select_related("sent_by__person", "decided_by__person").order_by("-number"),
            "documents": _documents(),
        },
        status=status,
    )


@login_required
@require_POST
def convening_approve_view(request, pk):
    meeting, access = get_meeting_for_convening(request.user, pk, roles=(Role.SUPERVISOR,))
    ensure_not_archived(meeting, "召开申请")
    form = ApproveForm(request.POST)
    if form.is_valid():
        try:
            convening_approve(
                meeting=meeting, access=access, actor=request.user,
                agreed_on=form.cleaned_data["agreed_on"], note=form.cleaned_data["note"],
            )
        except TransitionError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "已同意召开，会议日期已确定。")
            return redirect("meetings:detail", pk=meeting.pk)
    return _decision_page(request, meeting, access, approve_form=form, status=400)


@login_required
@require_POST
def convening_postpone_view(request, pk):
    meeting, access = get_meeting_for_convening(request.user, pk, roles=(Role.SUPERVISOR,))
    ensure_not_archived(meeting, "召开申请")
    form = PostponeForm(request.POST)
    if form.is_valid():
        try:
            convening_postpone(meeting=meeting, access=access, actor=request.user, reason=form.cleaned_data["reason"])
        except TransitionError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "已暂缓召开，会议回到会前准备；办公室将看到您的意见。")
            return redirect("meetings:detail", pk=meeting.pk)
    return _decision_page(request, meeting, access, postpone_form=form, status=400)
