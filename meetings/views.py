from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import F, Q, prefetch_related_objects
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.urls import reverse
from django.views.decorators.http import require_POST

from documents.registry import get_type
from documents.selectors import files_for
from organizations.dateorder import day_text
from organizations.models import Organization
from organizations.once import once_per_token, save_once
from organizations.paging import page_for, url_maker
from organizations.selectors import org_ids_with_perm

from . import plan_review, services
from .access import Role, ensure_not_archived, get_meeting_for_user
from .dates import meeting_date_text
from .forms import (
    AspectFormSet,
    MeetingCreateForm,
    MeetingEditForm,
    MilestonesForm,
    TemplateEditForm,
    TransitionForm,
    WaiverForm,
    aspects_from,
)
from .dates import situation_report_due
from .models import AspectTemplate, Meeting, MeetingKind, MilestoneKind, Stage
from .progress import (
    meeting_checklist,
    meeting_panels,
    move_blockers,
    move_page,
    waivable_phases,
    work_for,
    work_groups,
)
from .status import NOT_APPLICABLE, meeting_statuses
from .workflow import TRANSITIONS, TransitionError, available_transitions, body_may, meeting_transition


def _managed_organizations(user):
    return Organization.objects.filter(pk__in=org_ids_with_perm(user, "manage_organization"))


# Up to this many items "my work" lists one by one; beyond, it shows them grouped by kind
# and organisation, each group opening its own paged list.
SHORT_WORK_LIST = 20


@login_required
def my_work(request):
    items = work_for(request.user)
    kind, org = request.GET.get("kind", ""), request.GET.get("org", "")
    filtered = bool(kind or org)
    if filtered:
        items = [i for i in items if (not kind or i.kind == kind) and (not org or i.organization == org)]
    grouped = not filtered and len(items) > SHORT_WORK_LIST
    page = page_for(request, work_groups(items) if grouped else items)
    recent = Meeting.objects.visible_to(request.user).select_related("organization")[:8]
    return render(
        request,
        "meetings/my_work.html",
        {
            "page": page,
            "grouped": grouped,
            "filtered": filtered,
            "total": len(items),
            "kind": kind,
            "org": org,
            "recent": recent,
        },
    )


@login_required
def meeting_list(request):
    meetings = (
        Meeting.objects.visible_to(request.user)
        .select_related("organization")
        .order_by("-year", "-created_at", "-id")  # a page boundary needs a total order
    )
    stage = request.GET.get("stage", "")
    if stage in Stage.values:
        meetings = meetings.filter(stage=stage)
    kind = request.GET.get("kind", "")
    if kind in MeetingKind.values:
        meetings = meetings.filter(kind=kind)
    page = page_for(request, meetings)
    page.object_list = list(page.object_list)
    detail = url_maker("meetings:detail")
    for meeting in page.object_list:
        meeting.detail_url = detail(meeting.pk)
    return render(
        request,
        "meetings/meeting_list.html",
        {
            "page": page,
            "stages": Stage.choices,
            "kinds": MeetingKind.choices,
            "current_stage": stage,
            "current_kind": kind,
            "can_create": bool(org_ids_with_perm(request.user, "manage_organization")),
        },
    )


@login_required
@once_per_token
def meeting_create(request):
    organizations = _managed_organizations(request.user)
    if not organizations.exists():
        raise PermissionDenied("只有组织的办公室（党务工作者）可以创建会议")
    form = MeetingCreateForm(request.POST or None, organizations=organizations)
    if request.method == "POST" and form.is_valid():
        fields = {k: v for k, v in form.cleaned_data.items() if k not in ("dated_template_ok", "confirm_duplicate")}
        meeting = save_once(request, lambda: services.meeting_create(**fields, created_by=request.user))
        messages.success(request, f"已创建“{meeting.title}”。")
        return redirect("meetings:detail", pk=meeting.pk)
    return render(request, "meetings/meeting_create.html", {"form": form})


@login_required
def meeting_detail(request, pk):
    meeting, access = get_meeting_for_user(request.user, pk)
    # Read once for the page and for every checklist provider that asks the same meeting.
    prefetch_related_objects([meeting], "aspects", "milestones", "plan__duties")
    doc_type = get_type("meeting_summary")
    milestones = _with_statuses(meeting, meeting.milestones.all())
    return render(
        request,
        "meetings/meeting_detail.html",
        {
            "meeting": meeting,
            "access": access,
            "aspects": meeting.aspects.all(),
            "milestones": milestones,
            "checklist": meeting_checklist(meeting, access.roles),
            "meeting_date": meeting_date_text(meeting),
            "history": meeting.stage_changes.select_related("actor__person"),
            "transitions": [(t, move_page(meeting, t.name)) for t in available_transitions(meeting, access)],
            "main_line": Stage.main_line(),
            "stage_index": _stage_index(meeting.stage),
            "files": files_for(meeting),
            "summary_type": doc_type,
            "editable": access.is_office and meeting.stage in services.EDITABLE_STAGES,
            "panels": meeting_panels(meeting, access, request.user),
        },
    )


def _with_statuses(meeting, milestones) -> list:
    """The milestones, each with its phase's status as the supervisor's overview says it
    (meetings.status: one vocabulary for both pages)."""
    statuses = meeting_statuses([meeting])[meeting.pk]
    milestones = list(milestones)
    for milestone in milestones:
        milestone.phase_status = statuses.get(milestone.kind, NOT_APPLICABLE)
    return milestones


def _stage_index(stage: str) -> int:
    line = Stage.main_line()
    return line.index(stage) if stage in line else line.index(Stage.PRE_MEETING)


@login_required
def meeting_edit(request, pk):
    meeting, access = get_meeting_for_user(request.user, pk, require=(Role.OFFICE,))
    ensure_not_archived(meeting, "会议信息")
    try:
        services.meeting_ensure_editable(meeting)
    except services.EditNotAllowed as exc:
        messages.error(request, str(exc))
        return redirect("meetings:detail", pk=meeting.pk)
    initial_aspects = [{"title": a.title, "description": a.description} for a in meeting.aspects.all()]
    form = MeetingEditForm(
        request.POST or None, instance=meeting, initial={"version": meeting.version}
    )
    formset = AspectFormSet(request.POST or None, initial=initial_aspects, prefix="aspects")
    theirs = None
    stale = request.method == "POST" and request.POST.get("version") != str(meeting.version)
    if stale:
        # Saved by someone else since this page was loaded: that comes first, before
        # anything else the form may get wrong.
        form, theirs = _show_conflict(request, meeting, services.ConcurrentEditError.MESSAGE)
    elif request.method == "POST" and form.is_valid() and formset.is_valid():
        fields = {k: form.cleaned_data[k] for k in MeetingEditForm.Meta.fields}
        try:
            services.meeting_update(
                meeting=meeting,
                version=form.cleaned_data["version"],
                aspects=aspects_from(formset),
                **fields,
            )
        except services.ConcurrentEditError as exc:
            form, theirs = _show_conflict(request, meeting, str(exc))
        else:
            messages.success(request, "已保存。")
            return redirect("meetings:detail", pk=meeting.pk)
    return render(
        request,
        "meetings/meeting_edit.html",
        {"meeting": meeting, "form": form, "formset": formset, "theirs": theirs},
    )


def _show_conflict(request, meeting, message):
    """Keep what this person typed; show what the other saved; the next save is a
    deliberate choice made with both in view."""
    theirs = Meeting.objects.get(pk=meeting.pk)
    data = request.POST.copy()
    data["version"] = str(theirs.version)
    # a separate instance: validating a form writes the typed values into its own
    form = MeetingEditForm(data, instance=Meeting.objects.get(pk=meeting.pk))
    form.is_valid()
    form.add_error(None, message)
    return form, theirs


def _refuse_if_archived(meeting, what: str = "时间节点") -> None:
    ensure_not_archived(meeting, what)


@login_required
def meeting_milestones(request, pk):
    meeting, access = get_meeting_for_user(request.user, pk, require=(Role.OFFICE,))
    _refuse_if_archived(meeting)
    milestones = list(meeting.milestones.all())
    form = MilestonesForm(request.POST or None, milestones=milestones, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        services.milestones_schedule(meeting=meeting, dates=form.cleaned_data)
        messages.success(request, "时间节点已保存。")
        return redirect("meetings:detail", pk=meeting.pk)
    return render(request, "meetings/meeting_milestones.html", {"meeting": meeting, "form": form})


@login_required
@require_POST
def milestone_toggle(request, pk, milestone_id):
    meeting, access = get_meeting_for_user(request.user, pk, require=(Role.OFFICE,))
    _refuse_if_archived(meeting)
    milestone = meeting.milestones.filter(pk=milestone_id).first()
    if milestone is None:
        raise Http404
    if milestone.is_done:
        services.milestone_reopen(milestone=milestone)
    else:
        services.milestone_complete(milestone=milestone, actor=request.user)
    if request.htmx:
        [milestone] = _with_statuses(meeting, [milestone])
        return render(
            request,
            "meetings/_milestone_row.html",
            {"m": milestone, "meeting": meeting, "access": access},
        )
    return redirect("meetings:detail", pk=meeting.pk)


@login_required
def meeting_transition_view(request, pk, name):
    transition = TRANSITIONS.get(name)
    if transition is None:
        raise Http404
    # A person who may never make this move gets 403, not a form that can only fail.
    meeting, access = get_meeting_for_user(request.user, pk, require=transition.roles)
    if meeting.stage not in transition.sources:  # no move leaves 已归档: say why at once
        ensure_not_archived(meeting, "会议阶段")
    if not body_may(transition, meeting, access):
        raise PermissionDenied("此操作由上级其他机构办理")
    decided_by_body = name in plan_review.BODY_DECISIONS
    own_page = move_page(meeting, name)
    if request.method == "POST" and own_page != request.path:
        # A move decided on its phase's own page (the consent to convene fixes the agreed
        # day there) is never made by the plain form, which asks for no such thing.
        messages.info(request, f"请在此页面办理“{transition.label}”。")
        return redirect(own_page)
    form = TransitionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            if decided_by_body:
                moved = plan_review.plan_decide(
                    meeting=meeting,
                    access=access,
                    actor=request.user,
                    approve=name == "approve_plan",
                    comment=form.cleaned_data["note"],
                )
            else:
                moved = meeting_transition(
                    meeting=meeting,
                    name=name,
                    actor=request.user,
                    access=access,
                    note=form.cleaned_data["note"],
                    on_date=form.cleaned_data["on_date"],
                )
        except TransitionError as exc:
            form.add_error(None, str(exc))
        else:
            if moved is None:
                waiting = "、".join(plan_review.bodies_yet_to_approve(meeting))
                messages.success(request, f"已记录您的审批意见：同意。尚待上级{waiting}审批。")
                return redirect("meetings:plan", pk=meeting.pk)
            messages.success(
                request, f"已{transition.label}，会议进入“{meeting.get_stage_display()}”阶段。"
            )
            _tell_if_report_date_kept(request, meeting)
            return redirect("meetings:detail", pk=meeting.pk)
    status = 400 if request.method == "POST" else 200
    # Whether the other body has decided is shown as decisions, not as a blocker.
    blockers = (
        move_blockers(meeting, name)
        if meeting.stage in transition.sources and not decided_by_body
        else []
    )
    pending = plan_review.pending_submission(meeting) if decided_by_body else None
    return render(
        request,
        "meetings/meeting_transition.html",
        {
            "meeting": meeting,
            "transition": transition,
            "form": form,
            "blockers": blockers,
            "decisions": plan_review.plan_decisions(meeting, pending) if pending else [],
        },
        status=status,
    )


def _tell_if_report_date_kept(request, meeting) -> None:
    """A report date the office typed is kept when the meeting is held; say so, with the rule."""
    if not meeting.held_on:
        return
    due = meeting.milestones.filter(kind=MilestoneKind.REPORT).values_list("due_date", flat=True).first()
    rule = situation_report_due(meeting.held_on)
    if due and due != rule:
        messages.warning(
            request,
            f"“召开情况报告”的截止日期保留为办公室填写的{day_text(due)}；"
            f"按要求应在会后15日内（{day_text(rule)}前）报送，如需调整请修改时间节点。",
        )


# --- Phases that do not apply (不适用) ------------------------------------------------------


@login_required
def meeting_waivers(request, pk):
    """The office marks a phase 不适用 with its reason, or withdraws the mark."""
    meeting, access = get_meeting_for_user(request.user, pk, require=(Role.OFFICE,))
    _refuse_if_archived(meeting, "“不适用”标注")
    waivers = {w.phase: w for w in meeting.waivers.select_related("by__person")}
    form = WaiverForm(request.POST or None, phases=waivable_phases())
    if request.method == "POST":
        if "withdraw" in request.POST:
            if services.phase_waiver_withdraw(meeting=meeting, phase=request.POST["withdraw"]):
                messages.success(request, "已撤销“不适用”标注。")
            else:
                messages.info(request, "该环节没有“不适用”标注，未做改动。")
            return redirect("meetings:waivers", pk=meeting.pk)
        if form.is_valid():
            services.phase_waiver_set(
                meeting=meeting,
                phase=form.cleaned_data["phase"],
                reason=form.cleaned_data["reason"],
                actor=request.user,
            )
            messages.success(request, "已标注为不适用。")
            return redirect("meetings:detail", pk=meeting.pk)
    return render(
        request,
        "meetings/meeting_waivers.html",
        {
            "meeting": meeting,
            "form": form,
            "rows": [(key, phase, waivers.get(key)) for key, phase in waivable_phases()],
        },
        status=400 if request.method == "POST" else 200,
    )


# --- Aspect templates ---------------------------------------------------------------------


def _get_template_for_user(user, pk, *, edit=False) -> AspectTemplate:
    managed = org_ids_with_perm(user, "manage_organization")
    template = (
        AspectTemplate.objects.filter(pk=pk)
        .filter(Q(organization__isnull=True) | Q(organization_id__in=managed))
        .first()
    )
    if template is None:
        raise Http404("模板不存在")
    if edit and template.is_shipped:
        raise PermissionDenied("系统内置模板不能修改，请先复制到本组织")
    return template


@login_required
def template_list(request):
    organizations = _managed_organizations(request.user)
    if not organizations.exists():
        raise PermissionDenied("只有办公室可以管理对照检查方面模板")
    templates = (
        AspectTemplate.objects.filter(
            Q(organization__isnull=True) | Q(organization__in=organizations)
        )
        .select_related("organization")
        .prefetch_related("items")
        .order_by(F("year").desc(nulls_last=True), "organization_id", "id")  # this year's first; undated last
    )
    return render(
        request,
        "meetings/template_list.html",
        {"templates": templates, "organizations": organizations, "this_year": timezone.localdate().year},
    )


@login_required
@require_POST
@once_per_token
def template_copy(request, pk):
    template = _get_template_for_user(request.user, pk)
    organization = _managed_organizations(request.user).filter(pk=request.POST.get("organization")).first()
    if organization is None:
        raise Http404
    copy = save_once(
        request, lambda: services.aspect_template_copy(template=template, organization=organization),
        url=lambda c: reverse("meetings:template_edit", args=[c.pk]),
    )
    messages.success(request, f"已复制为“{copy.name}”，可以修改。")
    return redirect("meetings:template_edit", pk=copy.pk)


@login_required
def template_edit(request, pk):
    template = _get_template_for_user(request.user, pk, edit=True)
    initial = [{"title": i.title, "description": i.description} for i in template.items.all()]
    form = TemplateEditForm(
        request.POST or None,
        initial={"name": template.name, "year": template.year, "source": template.source},
    )
    formset = AspectFormSet(request.POST or None, initial=initial, prefix="aspects")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        services.aspect_template_update(
            template=template,
            name=form.cleaned_data["name"],
            year=form.cleaned_data["year"],
            source=form.cleaned_data["source"],
            items=aspects_from(formset),
        )
        messages.success(request, "模板已保存。")
        return redirect("meetings:template_list")
    return render(
        request,
        "meetings/template_edit.html",
        {"template": template, "form": form, "formset": formset},
    )
