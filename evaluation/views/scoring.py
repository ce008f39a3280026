"""The scoring rounds: the branch's page, the meeting screen with its QR code, the codes,
the paper sheets and the result."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from feedback.qr import FORMATS, qr_code, unreachable_reason
from meetings.access import ensure_not_archived
from organizations.once import once_per_token, save_once

from ..access import RESULT_ROLES, RUN_ROLES, get_evaluation_for_user, get_round_for_user, is_open
from ..forms import CodesForm, ItemsForm, RoundForm, SheetForm
from ..models import RoundAccess, RoundState
from ..scoring import (
    ROUND_MOVES,
    ResultWithheld,
    ScoringError,
    codes_issue,
    items_for,
    items_save,
    paper_sheet_enter,
    round_create,
    round_result,
    round_transition,
    scored_people,
    voters,
)
from ..selectors import lines


def phone_url(round, request) -> str:
    path = reverse("evaluation:score", args=[round.token])
    return f"{settings.SITE_URL}{path}" if settings.SITE_URL else request.build_absolute_uri(path)


@login_required
def scoring_home(request, meeting_id):
    evaluation, access = get_evaluation_for_user(request.user, meeting_id, require=RUN_ROLES + RESULT_ROLES)
    items = items_for(evaluation)
    runs = access.roles.intersection(RUN_ROLES)
    locked = evaluation.rounds.exclude(state=RoundState.PREPARING).exists()
    return render(request, "evaluation/scoring.html", {
        "evaluation": evaluation, "meeting": evaluation.meeting, "access": access, "items": items,
        "rounds": list(evaluation.rounds.all()), "runs": runs, "items_locked": locked,
        "items_form": ItemsForm(items=items) if runs and not locked and is_open(evaluation.meeting) else None,
        "round_form": RoundForm() if runs and is_open(evaluation.meeting) else None,
    })


@login_required
@require_POST
def items_edit(request, meeting_id):
    evaluation, access = get_evaluation_for_user(request.user, meeting_id, require=RUN_ROLES)
    ensure_not_archived(evaluation.meeting, "评分项目")
    form = ItemsForm(request.POST, items=items_for(evaluation))
    if form.is_valid():
        try:
            items_save(evaluation=evaluation, values=form.values())
        except ScoringError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, "评分项目已保存。")
    else:
        messages.error(request, "评分项目未保存：名称必填，分值须为1至100的整数。")
    return redirect("evaluation:scoring", meeting_id=meeting_id)


@login_required
@once_per_token
@require_POST
def round_new(request, meeting_id):
    evaluation, access = get_evaluation_for_user(request.user, meeting_id, require=RUN_ROLES)
    ensure_not_archived(evaluation.meeting, "民主测评")
    form = RoundForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请选择评分方式，并填写3至500之间的最少评分人数。")
        return redirect("evaluation:scoring", meeting_id=meeting_id)
    try:
        round = save_once(
            request, lambda: round_create(evaluation=evaluation, actor=request.user, **form.cleaned_data),
            url=lambda r: reverse("evaluation:round", args=[r.pk]),
        )
    except ScoringError as error:
        messages.error(request, str(error))
        return redirect("evaluation:scoring", meeting_id=meeting_id)
    return redirect("evaluation:round", pk=round.pk)


@login_required
def round_detail(request, pk):
    """The meeting screen: the QR code, how many have scored, and the moves."""
    round, access = get_round_for_user(request.user, pk)
    url = phone_url(round, request)
    return render(request, "evaluation/round.html", {
        "round": round, "evaluation": round.evaluation, "meeting": round.evaluation.meeting, "access": access,
        "phone_url": url, "unreachable": unreachable_reason(url), "voters": voters(round),
        "moves": [m for m in ROUND_MOVES.values() if m.source == round.state and is_open(round.evaluation.meeting)],
        "codes_form": CodesForm() if round.access == RoundAccess.CODES and round.state != RoundState.CLOSED
        and is_open(round.evaluation.meeting) else None,
    })


@login_required
def round_qr(request, pk, fmt):
    round, _ = get_round_for_user(request.user, pk)
    if fmt not in FORMATS:
        raise Http404("不支持的格式")
    return HttpResponse(qr_code(phone_url(round, request), fmt), content_type=FORMATS[fmt])


@login_required
@require_POST
def round_move(request, pk, name):
    round, _ = get_round_for_user(request.user, pk)
    ensure_not_archived(round.evaluation.meeting, "民主测评")
    try:
        round = round_transition(round=round, name=name, actor=request.user)
    except ScoringError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"已{ROUND_MOVES[name].label}。")
    return redirect("evaluation:round", pk=pk)


@login_required
@once_per_token
@require_POST
def codes_new(request, pk):
    round, _ = get_round_for_user(request.user, pk)
    ensure_not_archived(round.evaluation.meeting, "民主测评")
    form = CodesForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请填写1至500之间的数量。")
        return redirect("evaluation:round", pk=pk)
    try:
        codes = save_once(request, lambda: codes_issue(round=round, count=form.cleaned_data["count"]),
                          url=lambda _: reverse("evaluation:round", args=[pk]))
    except ScoringError as error:
        messages.error(request, str(error))
        return redirect("evaluation:round", pk=pk)
    # Shown this once and never again: only their digests are kept.
    response = render(request, "evaluation/codes.html", {
        "round": round, "meeting": round.evaluation.meeting, "codes": codes, "phone_url": phone_url(round, request),
    })
    response["Cache-Control"] = "no-store"
    return response


@login_required
@once_per_token
def paper_new(request, pk):
    """The office enters one paper 评分表 after another, as handed in (unsigned)."""
    round, _ = get_round_for_user(request.user, pk)
    ensure_not_archived(round.evaluation.meeting, "民主测评")
    if round.state != RoundState.OPEN:
        messages.error(request, "评分进行中才能录入纸质评分表。")
        return redirect("evaluation:round", pk=pk)
    kwargs = {"people": scored_people(round), "items": list(round.evaluation.items.all()),
              "with_committee": round.with_committee}
    form = SheetForm(request.POST or None, **kwargs, paper=True)
    if request.method == "POST" and form.is_valid():
        try:
            save_once(request, lambda: paper_sheet_enter(round=round, sheet=form.sheet()),
                      url=lambda _: reverse("evaluation:paper_new", args=[pk]))
        except ScoringError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, f"已录入一张纸质评分表（共{voters(round)}份评分）。请录入下一张。")
            return redirect("evaluation:paper_new", pk=pk)
    return render(request, "evaluation/paper.html", {
        "round": round, "meeting": round.evaluation.meeting, "form": form,
    })


@login_required
def results(request, pk):
    round, access = get_round_for_user(request.user, pk, require=RESULT_ROLES)
    try:
        result = round_result(round)
    except ResultWithheld as withheld:
        result, reason = None, str(withheld)
    else:
        reason = ""
    registrations = {line.person.pk: line.registration for line in lines(round.evaluation)}
    rows = [(m, registrations.get(m.person.pk)) for m in result.members] if result else []
    return render(request, "evaluation/results.html", {
        "round": round, "meeting": round.evaluation.meeting, "result": result, "reason": reason, "rows": rows,
        "access": access,
    })

