"""The criticism planner's pages: the matrix (office, secretary), one's own row, edits."""

from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from documents.sources import cite
from meetings.access import ensure_not_archived
from organizations.once import once_per_token, save_once

from ..hints import criticism_hints
from ..planner import (
    FULL_ROTATION_MAX,
    PLANNING_STAGES,
    criticism_board,
    critics_proposal,
    for_viewer,
    get_meeting_planner_for_user,
    get_plan_for_user,
    told_in_talks,
)
from ..planner_services import (
    STALE,
    PlannerError,
    criticism_plan_add,
    criticism_plan_delete,
    criticism_plan_update,
    critics_from_plan,
)
from ..planner_exports import planner_workbook
from ..planner_forms import CriticsFromPlanForm, HintPreviewForm, PlanEditForm, PlanForm
from ..rotation import RotationError, assignment_problems, needs_assignment

# Where the rules on the planner's page come from (000 §四(二)3, 001 §四, 003 §五).
SOURCES = [cite("000"), cite("001"), cite("003")]


def _mine_url(meeting_id, receiver_id=None) -> str:
    url = reverse("proceedings:planner_mine", args=[meeting_id])
    return url + (f"#r-{receiver_id}" if receiver_id else "")


@login_required
def matrix(request, meeting_id):
    """The giver × receiver matrix with its gaps, and the texts per giver below it."""
    meeting, people, access = get_meeting_planner_for_user(request.user, meeting_id)
    if not access.sees_matrix:
        return redirect("proceedings:planner_mine", meeting.pk)  # a member: their own row
    board = for_viewer(criticism_board(meeting, people), access)
    return render(request, "proceedings/planner_matrix.html", {
        "meeting": meeting, "access": access, "board": board, "is_open": meeting.stage in PLANNING_STAGES,
        "full_max": FULL_ROTATION_MAX,
    })


@login_required
def mine(request, meeting_id):
    """One member's row: what they plan to raise of each colleague, and a form for more."""
    meeting, people, access = get_meeting_planner_for_user(request.user, meeting_id, row=True)
    if not access.on_team:
        return redirect("proceedings:planner", meeting.pk)  # the office: no row of its own
    return _render_mine(request, meeting, people, access)


def _render_mine(request, meeting, people, access, *, bound=None, status=200):
    board = criticism_board(meeting, people, giver_id=access.person.pk)
    row = board.rows[0]
    is_open = meeting.stage in PLANNING_STAGES
    names = {p.pk: p.name for p in people}
    blocks = []
    for cell in row.colleagues:
        form = None
        if is_open:
            if bound is not None and bound.data.get("receiver") == str(cell.receiver.pk):
                form = bound
            else:
                form = PlanForm(initial={"receiver": cell.receiver.pk}, receivers=[cell.receiver],
                                auto_id=f"id_r{cell.receiver.pk}_%s")
        blocks.append((cell, form))
    # Above a full round, the colleagues one is assigned to (or has planned for) come first;
    # the others wait behind a fold, so a branch of 30 is not a page of 29 empty forms.
    if bound is not None and not any(form is bound for _, form in blocks):
        # Posted for someone who is no colleague here (a stale page, a forged post).
        messages.error(request, "被批评人须是参加会议的成员，未保存。")
    main = [b for b in blocks if board.full or b[0].items or b[0].expected]
    others = [b for b in blocks if b not in main]
    return render(request, "proceedings/planner_mine.html", {
        "meeting": meeting, "access": access, "board": board, "row": row, "blocks": main, "other_blocks": others,
        "others_open": not main or any(form is bound for _, form in others if bound is not None),
        "told": [(item, names.get(item.giver_id, "")) for item in told_in_talks(meeting, access.person)],
        "is_open": is_open, "sources": SOURCES,
    }, status=status)


@login_required
@require_POST
@once_per_token
def add(request, meeting_id):
    meeting, people, access = get_meeting_planner_for_user(request.user, meeting_id, row=True)
    ensure_not_archived(meeting, "批评意见")
    if not access.on_team:
        raise Http404("会议不存在")
    colleagues = [p for p in people if p.pk != access.person.pk]
    receiver_id = request.POST.get("receiver", "")
    form = PlanForm(request.POST, receivers=colleagues, auto_id=f"id_r{receiver_id}_%s" if receiver_id.isdigit() else "id_%s")
    if form.is_valid():
        data = form.cleaned_data
        try:
            created = save_once(request, lambda: criticism_plan_add(
                meeting=meeting, receiver=data["receiver"], text=data["text"], actor=request.user))
        except PlannerError as exc:
            form.add_error("text", str(exc))
        else:
            _saved_message(request, created)
            return redirect(created.get_absolute_url())
    return _render_mine(request, meeting, people, access, bound=form, status=400)


def _saved_message(request, plan):
    hints = criticism_hints(plan.text, receiver_name=plan.receiver.name)
    if hints:
        messages.warning(request, f"已保存对{plan.receiver.name}的批评意见。系统有{len(hints)}条提示，仅供参考，可修改后再保存。")
    else:
        messages.success(request, f"已保存对{plan.receiver.name}的批评意见。")


@login_required
def edit(request, plan_id):
    plan = get_plan_for_user(request.user, plan_id)
    ensure_not_archived(plan.meeting, "批评意见")
    form = PlanEditForm(request.POST or None, initial={"text": plan.text, "version": plan.version})
    latest = None
    if request.method == "POST" and form.is_valid():
        try:
            saved = criticism_plan_update(plan=plan, text=form.cleaned_data["text"],
                                          version=form.cleaned_data["version"], actor=request.user)
        except PlannerError as exc:
            form.add_error("text", str(exc))
            if str(exc) == STALE:
                plan.refresh_from_db()
                latest = plan
                # The next save answers the newer version; the typed text stays in the box.
                form.data = form.data.copy()
                form.data["version"] = plan.version
        else:
            _saved_message(request, saved)
            return redirect(saved.get_absolute_url())
    text = form.data.get("text", plan.text) if form.is_bound else plan.text
    return render(request, "proceedings/planner_edit.html", {
        "meeting": plan.meeting, "plan": plan, "form": form, "latest": latest,
        "hints": criticism_hints(text, receiver_name=plan.receiver.name),
    }, status=400 if request.method == "POST" else 200)


@login_required
@require_POST
def delete(request, plan_id):
    plan = get_plan_for_user(request.user, plan_id)
    ensure_not_archived(plan.meeting, "批评意见")
    try:
        criticism_plan_delete(plan=plan, actor=request.user)
    except PlannerError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"已删除对{plan.receiver.name}的一条批评意见。")
    return redirect(_mine_url(plan.meeting_id, plan.receiver_id))


@login_required
@require_POST
def hints_preview(request, meeting_id):
    """The hints on the text being typed (htmx): the same fragment the page shows."""
    meeting, people, access = get_meeting_planner_for_user(request.user, meeting_id, row=True)
    form = HintPreviewForm(request.POST)
    names = {p.pk: p.name for p in people}
    hints = []
    if form.is_valid():
        hints = criticism_hints(form.cleaned_data["text"], receiver_name=names.get(form.cleaned_data["receiver"], ""))
    return render(request, "proceedings/_planner_hints.html", {"hints": hints, "live": True})


@login_required
def critics(request, meeting_id):
    """Above a full round: the office turns the planned criticisms into the critic assignment."""
    meeting, people, access = get_meeting_planner_for_user(request.user, meeting_id)
    ensure_not_archived(meeting, "批评意见")
    if not access.meeting.is_office or not needs_assignment(people):
        raise Http404("页面不存在")
    form = CriticsFromPlanForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            changed = critics_from_plan(meeting=meeting, actor=request.user)
        except (PlannerError, RotationError) as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"已按拟提出的批评意见安排{changed}位成员的批评人。")
            return redirect("proceedings:planner", meeting.pk)
    board = criticism_board(meeting, people)
    proposals = critics_proposal(board)
    after = {p.receiver.pk: [g.pk for g in (p.givers or p.current)] for p in proposals}
    return render(request, "proceedings/planner_critics.html", {
        "meeting": meeting, "form": form, "proposals": proposals,
        "problems": assignment_problems(people, after), "changes": sum(1 for p in proposals if p.changes),
    }, status=400 if request.method == "POST" else 200)


@login_required
def export(request, meeting_id):
    """The matrix and the texts as a workbook: for those who read the texts."""
    meeting, people, access = get_meeting_planner_for_user(request.user, meeting_id)
    if not access.sees_texts:
        raise Http404("页面不存在")
    response = HttpResponse(
        planner_workbook(for_viewer(criticism_board(meeting, people), access)),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(meeting.title + '拟在会上开展的批评意见.xlsx')}"
    return response
