"""The situation report's pages: the report of one meeting, its moves, its scan, the
notice, and the supervising level's list of reports with the late ones marked."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from documents.models import GeneratedFile
from documents.registry import get_type
from meetings.access import Role, ensure_not_archived, meeting_access
from meetings.dates import day_text
from meetings.models import Meeting, Stage
from organizations.paging import page_for

from .. import report as service
from ..models import SectionKey, SituationReport
from ..report_access import get_meeting_for_report, reads_notice
from ..report_forms import AddresseeForm, MoveForm, NoticeForm, RefreshForm, ScanForm, SectionForm
from ..report_list import report_rows
from ..report_text import numbered_heading

OFFICE = (Role.OFFICE,)


def _report_url(meeting, anchor=""):
    return reverse("proceedings:report", args=[meeting.pk]) + (f"#{anchor}" if anchor else "")


def _files(report):
    if report is None:
        return []
    return list(
        GeneratedFile.objects.filter(
            content_type=ContentType.objects.get_for_model(SituationReport), object_id=report.pk,
            kind__in=["situation_report", "meeting_notice"],
        )[:10]
    )


def _section_rows(report, *, override=None, stale=frozenset()):
    rows = []
    for section in report.sections.select_related("updated_by__person"):
        row = override.get(section.key) if override else None
        rows.append({
            "section": section,
            "heading": numbered_heading(section.key),
            "form": row["form"] if row else SectionForm(key=section.key, initial={"version": section.version, "text": section.text}),
            "conflict": row["conflict"] if row else None,
            "stale": section.key in stale,
            "refresh": RefreshForm(initial={"version": section.version}),
        })
    return rows


def _minutes_open(meeting) -> bool:
    """The minutes of the sitting held are not finished: the figures may still change."""
    from ..rotation import current_sitting

    sitting = current_sitting(meeting)
    return sitting is not None and not sitting.minutes_finished


def _render(request, meeting, access, *, override=None, status=200, **extra):
    report = service.current_report(meeting)
    reads = access.reads_text(report)
    editable = (report is not None and report.is_draft and access.is_office
                and meeting.stage in service.REPORT_STAGES and meeting.stage != Stage.ARCHIVED)
    context = {
        "meeting": meeting,
        "access": access,
        "report": report,
        "reads": reads,
        "editable": editable,
        "due": service.report_due(meeting),
        "due_text": day_text(service.report_due(meeting)),
        "punctuality": service.report_punctuality(meeting, report),
        "can_compile": report is None and access.is_office and meeting.held_on and meeting.stage in service.REPORT_STAGES
        and meeting.stage != Stage.ARCHIVED,
        "sections": _section_rows(report, override=override, stale=service.stale_sections(report) if editable else set())
        if reads else [],
        "moves": service.available_moves(report, meeting, access),
        "addressee_form": AddresseeForm(initial={"addressee": report.addressee}) if editable else None,
        "scan_form": ScanForm() if report and report.is_sent and access.is_office and meeting.stage != Stage.ARCHIVED else None,
        "notice_form": NoticeForm() if report and report.is_sent and access.is_office and not report.notice_issued_at
        and meeting.stage != Stage.ARCHIVED else None,
        "events": list(report.events.select_related("actor__person")) if reads else [],
        "files": _files(report) if reads else [],
        "minutes_open": _minutes_open(meeting) if editable or report is None else False,
        "report_type": get_type("situation_report"),
        "notice_type": get_type("meeting_notice"),
        **extra,
    }
    return render(request, "proceedings/report.html", context, status=status)


@login_required
def report_page(request, pk):
    meeting, access = get_meeting_for_report(request.user, pk)
    return _render(request, meeting, access)


@login_required
@require_POST
def report_compile(request, pk):
    meeting, access = get_meeting_for_report(request.user, pk, require=OFFICE)
    ensure_not_archived(meeting, "召开情况报告")
    try:
        service.report_compile(meeting=meeting, actor=request.user)
    except service.ReportError as exc:
        messages.error(request, str(exc))
        return redirect(_report_url(meeting))
    messages.success(request, "已根据会议记录和准备工作情况生成报告草稿，请逐部分核对修改。")
    return redirect(_report_url(meeting))


def _office_report(request, pk):
    meeting, access = get_meeting_for_report(request.user, pk, require=OFFICE)
    ensure_not_archived(meeting, "召开情况报告")
    report = service.current_report(meeting)
    if report is None:
        raise Http404("报告尚未生成")
    return meeting, access, report


@login_required
@require_POST
def section_save(request, pk, key):
    meeting, access, report = _office_report(request, pk)
    if key not in SectionKey.values:
        raise Http404("没有这一部分")
    form = SectionForm(request.POST, key=key)
    if not form.is_valid():
        return _render(request, meeting, access, override={key: {"form": form, "conflict": None}}, status=400)
    try:
        service.report_section_save(report=report, key=key, text=form.cleaned_data["text"],
                                    version=form.cleaned_data["version"], actor=request.user)
    except service.ReportError as exc:
        messages.error(request, str(exc))
        return redirect(_report_url(meeting))
    except service.SectionConflict as exc:
        # Keep what this person typed and show what the other saved; saving again (now from
        # the other's version) is a deliberate choice made with both in view.
        data = request.POST.copy()
        data[f"section-{key}-version"] = exc.current.version
        return _render(request, meeting, access, status=409,
                       override={key: {"form": SectionForm(data, key=key), "conflict": exc}})
    messages.success(request, f"“{SectionKey(key).label}”已保存。")
    return redirect(_report_url(meeting, f"section-{key}"))


@login_required
@require_POST
def section_refresh(request, pk, key):
    meeting, access, report = _office_report(request, pk)
    if key not in SectionKey.values:
        raise Http404("没有这一部分")
    form = RefreshForm(request.POST)
    if not form.is_valid():
        raise PermissionDenied("请求不完整，请刷新页面后重试")
    try:
        service.report_section_refresh(report=report, key=key, version=form.cleaned_data["version"], actor=request.user)
    except (service.ReportError, service.SectionConflict) as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"“{SectionKey(key).label}”已按最新数据重新生成。")
    return redirect(_report_url(meeting, f"section-{key}"))


@login_required
@require_POST
def addressee_save(request, pk):
    meeting, access, report = _office_report(request, pk)
    form = AddresseeForm(request.POST)
    if not form.is_valid():
        return _render(request, meeting, access, status=400, addressee_form=form)
    try:
        service.report_addressee_set(report=report, addressee=form.cleaned_data["addressee"], actor=request.user)
    except service.ReportError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "主送机关已保存。")
    return redirect(_report_url(meeting))


@login_required
def report_move(request, pk, name):
    meeting, access = get_meeting_for_report(request.user, pk)
    ensure_not_archived(meeting, "召开情况报告")
    report = service.current_report(meeting)
    transition = service.TRANSITIONS.get(name)
    if transition is None or report is None:
        raise Http404("没有这项操作")
    if not access.roles.intersection(transition.roles):
        raise PermissionDenied("您的角色无权进行此操作")
    if not access.reads_text(report):
        raise Http404("报告不存在")
    if transition not in service.available_moves(report, meeting, access):
        raise PermissionDenied(f"报告{report.get_state_display()}，您现在不能“{transition.label}”。")
    form = MoveForm(request.POST or None, transition=transition)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                service.report_transition(report=report, name=name, actor=request.user, access=access,
                                          note=form.cleaned_data["note"])
            except service.ReportError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, f"报告已{transition.label}。")
                return redirect(_report_url(meeting))
        status = 400
    return render(request, "proceedings/report_move.html", {
        "meeting": meeting, "report": report, "transition": transition, "form": form,
        "missing_scan": name == "send",
    }, status=status)


@login_required
@require_POST
def scan_upload(request, pk):
    meeting, access, report = _office_report(request, pk)
    form = ScanForm(request.POST, request.FILES)
    if not form.is_valid():
        return _render(request, meeting, access, status=400, scan_form=form)
    try:
        service.report_scan_attach(report=report, upload=form.cleaned_data["scan"], actor=request.user)
    except service.ReportError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "盖章扫描件已上传。")
    return redirect(_report_url(meeting, "scan"))


@login_required
def scan_download(request, pk):
    meeting, access = get_meeting_for_report(request.user, pk)
    report = service.current_report(meeting)
    if report is None or not report.scan or not access.reads_text(report):
        raise Http404("没有扫描件")
    return FileResponse(report.scan.open("rb"), as_attachment=True, filename=report.scan_name or "扫描件")


@login_required
def notice_page(request, pk):
    """The notice (通报): its text for everyone it is issued to, and the print buttons."""
    meeting = Meeting.objects.select_related("organization").filter(pk=pk).first()
    if meeting is None:
        raise Http404("会议不存在")
    access = meeting_access(request.user, meeting)
    report = service.current_report(meeting)
    if report is None or not reads_notice(access, report):
        raise Http404("通报不存在")
    from ..report_documents import notice_blocks

    return render(request, "proceedings/notice.html", {
        "meeting": meeting, "report": report, "notice": notice_blocks(report), "notice_type": get_type("meeting_notice"),
        "is_office": access.is_office,
    })


@login_required
@require_POST
def notice_issue(request, pk):
    meeting, access, report = _office_report(request, pk)
    form = NoticeForm(request.POST)
    if not form.is_valid():
        return _render(request, meeting, access, status=400, notice_form=form)
    try:
        service.notice_issue(report=report, scope=form.cleaned_data["scope"], actor=request.user)
    except service.ReportError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "通报已印发，参会人员可以查阅。")
    return redirect(_report_url(meeting, "notice"))


@login_required
def report_list(request):
    """The reports of the meetings this person reports on or receives, late ones first."""
    rows = report_rows(request.user, today=timezone.localdate())
    late_only = request.GET.get("late") == "1"
    if late_only:
        rows = [r for r in rows if r.punctuality.late]
    return render(request, "proceedings/report_list.html", {
        "page": page_for(request, rows), "late_only": late_only,
    })
