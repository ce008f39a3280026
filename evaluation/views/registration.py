"""The evaluation's page, the office's switch, and a member's 登记表."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from documents.registry import get_type
from meetings.access import Role, ensure_not_archived

from ..access import (
    GROUP_LEADER,
    RegistrationRole,
    get_evaluation_for_user,
    get_meeting_for_evaluation,
    get_registration_for_user,
    is_open,
    reads_self_assessment,
    subjects,
)
from ..documents import REGISTRATION_KIND
from ..forms import LeaveForm, NoteForm, OpinionForm, SelfAssessmentForm, SwitchForm
from ..models import Evaluation
from ..selectors import lines
from ..services import (
    EDITABLE,
    EvaluationError,
    StaleSave,
    evaluation_switch,
    group_opinion_save,
    leave_record,
    mutual_record_save,
    outside_opinion_save,
    registration_for,
    self_assessment_save,
)
from ..workflow import TRANSITIONS, TransitionError, available_transitions, registration_transition

PAGE_ROLES = (Role.OFFICE, Role.SECRETARY, Role.SUPERVISOR, Role.MEMBER, GROUP_LEADER)


@login_required
def overview(request, meeting_id):
    evaluation, access = get_evaluation_for_user(request.user, meeting_id, require=PAGE_ROLES)
    own = None
    if access.meeting.is_member and access.person is not None:
        own = evaluation.registrations.filter(person=access.person).first()
    shown = lines(evaluation, access) if access.reads_all or access.led_group_ids else []
    return render(request, "evaluation/overview.html", {
        "evaluation": evaluation, "meeting": evaluation.meeting, "access": access, "lines": shown, "own": own,
    })


@login_required
def switch(request, meeting_id):
    meeting, access = get_meeting_for_evaluation(request.user, meeting_id, require=(Role.OFFICE,))
    ensure_not_archived(meeting, "民主评议")
    current = Evaluation.objects.filter(meeting=meeting).first()
    initial = {"enabled": current.enabled if current else True, "due_date": current.due_date if current else None}
    form = SwitchForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        evaluation_switch(meeting=meeting, actor=request.user, **form.cleaned_data)
        if form.cleaned_data["enabled"]:
            messages.success(request, "已开启民主评议党员。")
            return redirect("evaluation:overview", meeting_id=meeting.pk)
        messages.success(request, "本次会议不开展民主评议党员；已填写的内容予以保留。")
        return redirect("meetings:detail", pk=meeting.pk)
    return render(request, "evaluation/switch.html", {"meeting": meeting, "form": form, "current": current})


@login_required
def mine(request, meeting_id):
    evaluation, access = get_evaluation_for_user(request.user, meeting_id, require=(Role.MEMBER,))
    if access.person is None or not evaluation_subject(evaluation, access.person):
        raise PermissionDenied("您不是本支部的党员，不参加民主评议。")
    registration = registration_for(evaluation=evaluation, person=access.person)
    return redirect("evaluation:registration", pk=registration.pk)


def evaluation_subject(evaluation, person) -> bool:
    return subjects(evaluation.meeting).filter(pk=person.pk).exists()


def _context(registration, access, roles, **forms):
    editable_text = RegistrationRole.AUTHOR in roles and registration.state in EDITABLE
    context = {
        "registration": registration,
        "evaluation": registration.evaluation,
        "meeting": registration.evaluation.meeting,
        "access": access,
        "roles": roles,
        "editable_text": editable_text,
        "reads_self": reads_self_assessment(registration, roles),
        "transitions": available_transitions(registration, roles),
        "events": registration.events.select_related("actor__person"),
        "note_form": NoteForm(),
        "doc_type": get_type(REGISTRATION_KIND),
    }
    if not is_open(registration.evaluation.meeting):  # archived: read, print, nothing more
        context.update(editable_text=False, transitions=[])
        return context
    if editable_text:
        context["self_form"] = forms.get("self_form") or SelfAssessmentForm(initial={
            "version": registration.version, "self_assessment": registration.self_assessment,
            "self_judgement": registration.self_judgement,
        })
    if RegistrationRole.GROUP in roles:
        context["group_form"] = forms.get("group_form") or OpinionForm(
            initial={"version": registration.group_version, "text": registration.group_opinion}, prefix="group"
        )
    if RegistrationRole.REVIEWER in roles:
        context["mutual_form"] = forms.get("mutual_form") or OpinionForm(
            initial={"version": registration.mutual_version, "text": registration.mutual_record}, prefix="mutual"
        )
        context["leave_form"] = forms.get("leave_form") or LeaveForm(
            initial={"on_leave": registration.on_leave, "read_by": registration.read_by_id},
            people=_others(registration), prefix="leave",
        )
    if RegistrationRole.OFFICE in roles:
        context["outside_form"] = forms.get("outside_form") or OpinionForm(
            initial={"version": registration.outside_version, "text": registration.outside_opinion}, prefix="outside"
        )
    context.update({k: v for k, v in forms.items() if k.endswith("conflict")})
    return context


@login_required
def registration_detail(request, pk):
    registration, access, roles = get_registration_for_user(request.user, pk)
    return render(request, "evaluation/registration.html", _context(registration, access, roles))


def _refused(request, registration, access, roles, error, **forms):
    if isinstance(error, StaleSave):
        # The typed text stays in the form; it now carries the stored version, so saving
        # it again (after reading what is stored) is a deliberate choice, not a mistake.
        ((form_key, form),) = forms.items()
        data = form.data.copy()
        data[form.add_prefix("version")] = error.version
        form.data = data
        forms[form_key.replace("_form", "_conflict")] = error
    messages.error(request, str(error))
    return render(request, "evaluation/registration.html", _context(registration, access, roles, **forms), status=409)


@login_required
@require_POST
def self_assessment(request, pk):
    registration, access, roles = get_registration_for_user(request.user, pk)
    ensure_not_archived(registration.evaluation.meeting, "民主评议登记表")
    if RegistrationRole.AUTHOR not in roles:
        raise PermissionDenied("只有本人可以填写自我鉴定")
    form = SelfAssessmentForm(request.POST)
    if not form.is_valid():
        return render(request, "evaluation/registration.html", _context(registration, access, roles, self_form=form))
    data = form.cleaned_data
    try:
        self_assessment_save(registration=registration, text=data["self_assessment"], judgement=data["self_judgement"],
                             version=data["version"], actor=request.user)
    except EvaluationError as error:
        return _refused(request, registration, access, roles, error, self_form=form)
    messages.success(request, "已保存。")
    return redirect("evaluation:registration", pk=pk)


def _opinion(request, pk, role, prefix, save):
    registration, access, roles = get_registration_for_user(request.user, pk)
    ensure_not_archived(registration.evaluation.meeting, "民主评议登记表")
    if role not in roles:
        raise PermissionDenied("您的角色无权填写此意见")
    form = OpinionForm(request.POST, prefix=prefix)
    key = f"{prefix}_form"
    if not form.is_valid():
        return render(request, "evaluation/registration.html", _context(registration, access, roles, **{key: form}))
    try:
        save(registration=registration, text=form.cleaned_data["text"], version=form.cleaned_data["version"],
             actor=request.user)
    except EvaluationError as error:
        return _refused(request, registration, access, roles, error, **{key: form})
    messages.success(request, "已保存。")
    return redirect("evaluation:registration", pk=pk)


@login_required
@require_POST
def group_opinion(request, pk):
    return _opinion(request, pk, RegistrationRole.GROUP, "group", group_opinion_save)


@login_required
@require_POST
def mutual_record(request, pk):
    return _opinion(request, pk, RegistrationRole.REVIEWER, "mutual", mutual_record_save)


def _others(registration):
    return subjects(registration.evaluation.meeting).exclude(pk=registration.person_id)


@login_required
@require_POST
def leave(request, pk):
    registration, access, roles = get_registration_for_user(request.user, pk)
    ensure_not_archived(registration.evaluation.meeting, "民主评议登记表")
    if RegistrationRole.REVIEWER not in roles:
        raise PermissionDenied("只有支部可以登记请假")
    form = LeaveForm(request.POST, people=_others(registration), prefix="leave")
    if not form.is_valid():
        return render(request, "evaluation/registration.html",
                      _context(registration, access, roles, leave_form=form), status=400)
    try:
        leave_record(registration=registration, actor=request.user, **form.cleaned_data)
    except EvaluationError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "已登记。")
    return redirect("evaluation:registration", pk=pk)


@login_required
@require_POST
def outside_opinion(request, pk):
    return _opinion(request, pk, RegistrationRole.OFFICE, "outside", outside_opinion_save)


@login_required
@require_POST
def transition(request, pk, name):
    registration, access, roles = get_registration_for_user(request.user, pk)
    ensure_not_archived(registration.evaluation.meeting, "民主评议登记表")
    if name not in TRANSITIONS:
        raise PermissionDenied("未知的操作")
    form = NoteForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        registration_transition(registration=registration, name=name, actor=request.user, roles=roles, note=note)
    except TransitionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"已{TRANSITIONS[name].label}。")
    return redirect("evaluation:registration", pk=pk)

