"""The committee's grades page, the members' view of the proposals, and the upper level's approval."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from meetings.access import Role, ensure_not_archived

from ..access import RESULT_ROLES, get_evaluation_for_user, is_open
from ..forms import CommentForm, FollowUpForm, NoteForm, VerdictForm
from ..models import Registration, Verdict
from ..scoring import latest_result
from ..selectors import lines
from ..services import registration_for
from ..verdicts import (
    VERDICT_MOVES,
    VerdictError,
    available_moves,
    grade_comment_add,
    grades_show,
    is_final,
    verdict_follow_up,
    verdict_propose,
    verdict_roles,
    verdict_transition,
)


@login_required
def grades(request, meeting_id):
    evaluation, access = get_evaluation_for_user(request.user, meeting_id, require=RESULT_ROLES)
    # Archived: the page is read-only, so no one acts on it (the moves check again).
    roles = verdict_roles(access) if is_open(evaluation.meeting) else frozenset()
    found = lines(evaluation)
    verdicts = {v.registration.person_id: v for v in
                Verdict.objects.filter(registration__evaluation=evaluation).select_related("registration")}
    result = latest_result(evaluation)
    scores = {m.person.pk: m for m in result.members} if result else {}
    cards = []
    for line in found:
        verdict = verdicts.get(line.person.pk)
        cards.append({
            "line": line, "verdict": verdict, "score": scores.get(line.person.pk),
            "moves": available_moves(verdict, roles) if verdict else [],
            "editable": "reviewer" in roles and not line.person.is_probationary
            and (verdict is None or verdict.state == "proposed"),
            "form": VerdictForm(initial={"grade": verdict.grade, "reason": verdict.reason} if verdict else None,
                                prefix=f"p{line.person.pk}"),
            "follow_up": "reviewer" in roles and verdict is not None and is_final(verdict)
            and verdict.grade in ("excellent", "unqualified"),
        })
    return render(request, "evaluation/grades.html", {
        "evaluation": evaluation, "meeting": evaluation.meeting, "access": access, "roles": roles, "cards": cards,
        "result": result, "comments": evaluation.grade_comments.select_related("author"),
        "follow_up_form": FollowUpForm(), "note_form": NoteForm(),
    })


@login_required
@require_POST
def propose(request, meeting_id, person_id):
    evaluation, access = get_evaluation_for_user(request.user, meeting_id, require=(Role.OFFICE, Role.SECRETARY))
    ensure_not_archived(evaluation.meeting, "评定等次")
    line = next((line for line in lines(evaluation) if line.person.pk == person_id), None)
    if line is None:
        raise Http404("党员不存在")
    form = VerdictForm(request.POST, prefix=f"p{person_id}")
    if not form.is_valid():
        messages.error(request, f"{line.person.name}：请选择等次。")
        return redirect("evaluation:grades", meeting_id=meeting_id)
    registration = line.registration or registration_for(evaluation=evaluation, person=line.person)
    registration = Registration.objects.select_related("evaluation__meeting", "person").get(pk=registration.pk)
    try:
        verdict_propose(registration=registration, actor=request.user, **form.cleaned_data)
    except VerdictError as error:
        messages.error(request, f"{line.person.name}：{error}")
    else:
        messages.success(request, f"已提出{line.person.name}的初步评定意见。")
    return redirect(f"{_grades_url(meeting_id)}#member-{person_id}")


def _grades_url(meeting_id):
    return reverse("evaluation:grades", args=[meeting_id])


@login_required
@require_POST
def show(request, meeting_id):
    evaluation, _ = get_evaluation_for_user(request.user, meeting_id, require=(Role.OFFICE, Role.SECRETARY))
    ensure_not_archived(evaluation.meeting, "评定等次")
    try:
        grades_show(evaluation=evaluation, actor=request.user)
    except VerdictError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "初步评定意见已向全体党员公开征求意见。")
    return redirect("evaluation:grades", meeting_id=meeting_id)


def _verdict_for(request, pk):
    verdict = Verdict.objects.select_related("registration__evaluation", "registration__person").filter(pk=pk).first()
    if verdict is None:
        raise Http404("评定不存在")
    evaluation, access = get_evaluation_for_user(request.user, verdict.registration.evaluation.meeting_id,
                                                 require=RESULT_ROLES)
    return verdict, evaluation, access


@login_required
@require_POST
def move(request, pk, name):
    verdict, evaluation, access = _verdict_for(request, pk)
    ensure_not_archived(evaluation.meeting, "评定等次")
    if name not in VERDICT_MOVES:
        raise Http404("未知的操作")
    form = NoteForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        verdict_transition(verdict=verdict, name=name, actor=request.user, roles=verdict_roles(access), note=note)
    except VerdictError as error:
        messages.error(request, f"{verdict.registration.person.name}：{error}")
    else:
        messages.success(request, f"{verdict.registration.person.name}：已{VERDICT_MOVES[name].label}。")
    return redirect(f"{_grades_url(evaluation.meeting_id)}#member-{verdict.registration.person_id}")


@login_required
@require_POST
def follow_up(request, pk):
    verdict, evaluation, access = _verdict_for(request, pk)
    ensure_not_archived(evaluation.meeting, "评定等次")
    if "reviewer" not in verdict_roles(access):
        raise PermissionDenied("您的角色无权记录表扬或处理情况")
    form = FollowUpForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请写明表扬或处理情况。")
    else:
        try:
            verdict_follow_up(verdict=verdict, actor=request.user, **form.cleaned_data)
        except VerdictError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, "已记录。")
    return redirect(f"{_grades_url(evaluation.meeting_id)}#member-{verdict.registration.person_id}")


@login_required
def members_view(request, meeting_id):
    """征求全体党员意见: every member reads the proposed grades and may give their view."""
    evaluation, access = get_evaluation_for_user(request.user, meeting_id, require=(Role.MEMBER,))
    if evaluation.grades_shown_at is None:
        return render(request, "evaluation/members_view.html", {"evaluation": evaluation,
                                                                 "meeting": evaluation.meeting, "shown": False})
    if request.method == "POST":
        ensure_not_archived(evaluation.meeting, "党员意见")
    form = CommentForm(request.POST or None) if is_open(evaluation.meeting) else None
    if form is not None and request.method == "POST" and form.is_valid():
        try:
            grade_comment_add(evaluation=evaluation, author=access.person, text=form.cleaned_data["text"])
        except VerdictError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, "您的意见已送支部委员会。")
            return redirect("evaluation:members_view", meeting_id=meeting_id)
    proposals = Verdict.objects.filter(registration__evaluation=evaluation).select_related("registration__person")
    by_person = {v.registration.person_id: v for v in proposals}
    rows = [(line.person, by_person.get(line.person.pk)) for line in lines(evaluation)]
    return render(request, "evaluation/members_view.html", {
        "evaluation": evaluation, "meeting": evaluation.meeting, "shown": True, "rows": rows, "form": form,
        "mine": evaluation.grade_comments.filter(author=access.person),
    })
