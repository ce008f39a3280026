"""The 评分表 on a member's phone, reached by the QR code on the meeting screen.

Two ways in, chosen per round: the member's own account (their participation is kept so
they score once), or a one-time code from a slip handed out at random (the code is used
up; nobody is attached to it). Either way the sheet goes through a review step that shows
the totals, is sent once and cannot be changed afterwards.
"""

from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import render
from django.utils.cache import patch_cache_control

from organizations.selectors import person_for_user

from ..access import is_open, subjects
from ..forms import CodeEntryForm, SheetForm
from ..models import RoundAccess, RoundState, ScoringRound
from ..scoring import ScoringError, code_is_usable, has_scored, scored_people, sheet_submit


def score(request, token):
    response = _score(request, token)
    # Private and never stored: a shared phone's back button must not show another's sheet.
    patch_cache_control(response, private=True, no_store=True)
    return response


def _score(request, token):
    round = ScoringRound.objects.select_related("evaluation__meeting__organization").filter(token=token).first()
    if round is None or not round.evaluation.enabled:
        raise Http404("评分表不存在")
    voter = None
    if round.access == RoundAccess.ACCOUNTS:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        voter = person_for_user(request.user)
        if voter is None or not _may_score(round, voter):
            raise Http404("评分表不存在")
    context = {"round": round, "meeting": round.evaluation.meeting}
    if round.state != RoundState.OPEN or not is_open(round.evaluation.meeting):  # archived: closed
        return render(request, "evaluation/score_closed.html", context)
    if voter is not None and has_scored(round, voter):
        return render(request, "evaluation/score_done.html", {**context, "again": True})

    step = request.POST.get("step", "") if request.method == "POST" else ""
    code = ""
    if round.access == RoundAccess.CODES:
        if step == "code" or not step:
            entry = CodeEntryForm(request.POST if step == "code" else None)
            if step == "code" and entry.is_valid():
                if code_is_usable(round, entry.cleaned_data["code"]):
                    return _sheet(request, round, voter, entry.cleaned_data["code"], context)
                entry.add_error("code", "评分码无效或已经使用过，请核对纸条上的评分码。")
            return render(request, "evaluation/score_code.html", {**context, "form": entry})
        code = request.POST.get("code", "")
        if not code_is_usable(round, code):
            return render(request, "evaluation/score_code.html", {
                **context, "form": CodeEntryForm(), "notice": "评分码无效或已经使用过，每个评分码只能评一次。",
            }, status=409)
    if not step:
        return _sheet(request, round, voter, code, context)
    form = _form(round, voter, request.POST)
    if not form.is_valid():
        return render(request, "evaluation/score_sheet.html", {**context, "form": form}, status=400)
    if step == "edit":
        return render(request, "evaluation/score_sheet.html", {**context, "form": form})
    if step == "review":
        return render(request, "evaluation/score_review.html", {**context, "form": form, "totals": form.totals()})
    try:
        sheet_submit(round=round, sheet=form.sheet(), voter=voter, code=code)
    except ScoringError as error:
        return render(request, "evaluation/score_closed.html", {**context, "notice": str(error)}, status=409)
    return render(request, "evaluation/score_done.html", context)


def _may_score(round, person) -> bool:
    if round.state == RoundState.PREPARING:
        return subjects(round.evaluation.meeting).filter(pk=person.pk).exists()
    return round.subjects.filter(person=person).exists()


def _form(round, voter, data=None):
    return SheetForm(data, people=scored_people(round, voter), items=list(round.evaluation.items.all()),
                     with_committee=round.with_committee)


def _sheet(request, round, voter, code, context):
    form = _form(round, voter)
    form.initial["code"] = code
    return render(request, "evaluation/score_sheet.html", {**context, "form": form})
