from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from documents.registry import get_type
from documents.selectors import files_for

from . import plan_review, plans
from .access import Role, ensure_not_archived, get_meeting_for_user
from .forms import AspectFormSet, aspects_from
from .models import PlanDecision, PlanSubmission, Stage, SubmissionStatus, WorkPlan
from .plan_forms import AgendaFormSet, DutyFormSet, PlanForm, StepFormSet, kept, plan_dates_check
from .workflow import available_transitions

PLAN_TRANSITIONS = {"submit_plan", "approve_plan", "return_plan", "revise_plan"}
PLAIN_FIELDS = [
    "basis",
    "starts_at",
    "duration",
    "place",
    "guiding_leaders",
    "non_voting_note",
    "chair",
    "recorder",
    "speech_minutes",
    "criticism_minutes",
]


def _plan_for(meeting, access) -> WorkPlan | None:
    plan = WorkPlan.objects.filter(meeting=meeting).first()
    if plan is None and access.is_office:
        plan = plans.plan_create_default(meeting=meeting)  # meetings made before plans existed
    return plan


@login_required
def plan_detail(request, pk):
    meeting, access = get_meeting_for_user(request.user, pk)
    plan = _plan_for(meeting, access)
    submissions, pending, diff, compare, decisions = [], None, None, None, []
    duties = []
    if plan is not None:
        plan.meeting = meeting  # the one just read, with its organisation: the text needs it, not again
        duties = list(plan.duties.select_related("department", "person"))  # for the text and the table
        submissions = list(
            plan.submissions.select_related("submitted_by__person", "reviewed_by__person").prefetch_related(
                Prefetch("decisions", queryset=PlanDecision.objects.select_related("decided_by__person"))
            )
        )
        pending = next((s for s in reversed(submissions) if s.status == SubmissionStatus.PENDING), None)
        if pending:
            decisions = plan_review.plan_decisions(meeting, pending)
        compare = plans.submission_to_compare(pending) if pending else None
        if compare:
            diff = plans.plan_diff(compare.content, pending.content)
    return render(
        request,
        "meetings/plan_detail.html",
        {
            "meeting": meeting,
            "access": access,
            "plan": plan,
            "content": plans.plan_content(plan, duties=duties) if plan else None,
            "duties": duties,
            "submissions": submissions,
            "pending": pending,
            "decisions": decisions,
            "compare": compare,
            "diff": diff,
            "transitions": [t for t in available_transitions(meeting, access) if t.name in PLAN_TRANSITIONS],
            "editable": access.is_office and meeting.stage == Stage.PREPARING,
            "plan_type": get_type("work_plan"),
            "files": [f for f in files_for(meeting, limit=40) if f.kind == "work_plan"] if plan else [],
        },
    )


@login_required
def plan_version(request, pk, number):
    meeting, access = get_meeting_for_user(request.user, pk)
    submission = (
        PlanSubmission.objects.filter(plan__meeting=meeting, number=number)
        .select_related("submitted_by__person", "reviewed_by__person")
        .first()
    )
    if submission is None:
        raise Http404("没有这一版方案")
    compare = plans.submission_to_compare(submission)
    return render(
        request,
        "meetings/plan_version.html",
        {
            "meeting": meeting,
            "submission": submission,
            "compare": compare,
            "diff": plans.plan_diff(compare.content, submission.content) if compare else None,
        },
    )


def _initial(plan):
    return {
        "aspects": [{"title": a.title, "description": a.description} for a in plan.meeting.aspects.all()],
        "steps": [
            {"phase": s.phase, "title": s.title, "text": s.text, "milestone": s.milestone, "due_date": s.due_date}
            for s in plan.steps.all()
        ],
        "agenda": [{"text": a.text} for a in plan.agenda.all()],
        "duties": [
            {"task": d.task, "department": d.department_id, "person": d.person_id, "deadline": d.deadline}
            for d in plan.duties.all()
        ],
    }


@login_required
def plan_edit(request, pk):
    meeting, access = get_meeting_for_user(request.user, pk, require=(Role.OFFICE,))
    ensure_not_archived(meeting, "工作方案")
    plan = _plan_for(meeting, access)
    if request.method == "GET":
        try:
            plans.plan_ensure_editable(plan)
        except plans.PlanLocked as exc:
            messages.error(request, str(exc))
            return redirect("meetings:plan", pk=meeting.pk)
    data = request.POST or None
    initial = _initial(plan)
    form = PlanForm(data, instance=plan, initial={"version": plan.version, "theme": meeting.theme}, meeting=meeting)
    sets = {
        "aspects": AspectFormSet(data, initial=initial["aspects"], prefix="aspects"),
        "steps": StepFormSet(data, initial=initial["steps"], prefix="steps"),
        "agenda": AgendaFormSet(data, initial=initial["agenda"], prefix="agenda"),
        "duties": DutyFormSet(data, initial=initial["duties"], prefix="duties", form_kwargs={"meeting": meeting}),
    }
    theirs = None
    if data is not None and data.get("version") != str(plan.version):
        # Saved by someone else since this page was loaded: say so first, whatever else
        # the form may also get wrong, and keep both texts in view.
        form, theirs = _show_conflict(data, meeting, plans.PlanConflict.MESSAGE)
        data = None
    valid = data is not None and form.is_valid() and all([s.is_valid() for s in sets.values()])
    if valid and plan_dates_check(form, sets["steps"], meeting):
        edit = plans.PlanEdit(
            fields={name: form.cleaned_data[name] for name in PLAIN_FIELDS},
            theme=form.cleaned_data["theme"],
            attendees=list(form.cleaned_data["attendees"]),
            non_voting=list(form.cleaned_data["non_voting"]),
            aspects=aspects_from(sets["aspects"]),
            steps=[
                {k: d[k] for k in ("phase", "title", "text", "milestone", "due_date")} for d in kept(sets["steps"])
            ],
            agenda=[d["text"] for d in kept(sets["agenda"])],
            duties=[{k: d[k] for k in ("task", "department", "person", "deadline")} for d in kept(sets["duties"])],
        )
        try:
            plans.plan_update(plan=plan, version=form.cleaned_data["version"], edit=edit, actor=request.user)
        except plans.PlanLocked as exc:
            form.add_error(None, str(exc))
        except plans.PlanConflict as exc:
            form, theirs = _show_conflict(data, meeting, str(exc))
        else:
            messages.success(request, "方案已保存。")
            return redirect("meetings:plan", pk=meeting.pk)
    return render(
        request,
        "meetings/plan_edit.html",
        {"meeting": meeting, "plan": plan, "form": form, "theirs": theirs, **sets},
    )


def _show_conflict(data, meeting, message):
    """Keep what this person typed; show what the other saved; the next save is a
    deliberate choice made with both in view."""
    fresh = WorkPlan.objects.get(meeting=meeting)
    theirs = plans.plan_content(fresh)  # before validating: that writes the typed values in
    data = data.copy()
    data["version"] = str(fresh.version)
    form = PlanForm(data, instance=fresh, meeting=meeting)
    form.is_valid()
    form.add_error(None, message)
    return form, theirs


@login_required
@require_POST
def duty_toggle(request, pk, duty_id):
    meeting, access = get_meeting_for_user(request.user, pk, require=(Role.OFFICE,))
    ensure_not_archived(meeting, "职责分工")
    duty = WorkPlan.objects.get(meeting=meeting).duties.filter(pk=duty_id).select_related("department", "person").first()
    if duty is None:
        raise Http404
    plans.duty_toggle(duty=duty, actor=request.user)
    if request.htmx:
        return render(request, "meetings/_duty_row.html", {"d": duty, "meeting": meeting, "access": access})
    return redirect("meetings:plan", pk=meeting.pk)
