"""Writing a material: the editor page and the saves of its blocks.

Every save answers two ways: the editor's script autosaves with the header
X-Autosave: 1 and gets JSON (409 with the other text on a conflict); a plain form post —
the page works without JavaScript — is redirected back, or re-shown with the conflict.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from meetings.access import ensure_not_archived

from .. import editing
from ..access import MaterialRole, get_material_for_user
from ..blocks import (
    answer_block,
    conflict_for,
    editor_groups,
    measure_block,
    problem_block,
    saved_label,
    section_block,
)
from ..content import material_content, routed_opinions
from ..editing import BlockConflict, BlockGone, BlockNotFound, MaterialLocked, material_counts
from ..forms import AnswerForm, MeasureForm, NewMeasureForm, NewProblemForm, ProblemForm, SectionForm
from ..hints import material_hints
from ..models import MaterialSection, Measure, OpinionAnswer, Problem, SectionKey
from ..review import open_review
from ..workflow import available_transitions

WRITERS = (MaterialRole.AUTHOR, MaterialRole.DRAFTER)


def _writer(request, pk):
    material, access = get_material_for_user(request.user, pk, require=WRITERS)
    ensure_not_archived(material.meeting, "对照检查材料")
    return material, access


def _is_autosave(request) -> bool:
    return request.headers.get("X-Autosave") == "1"


def _editor_url(material, anchor=""):
    return reverse("inspections:edit", args=[material.pk]) + (f"#{anchor}" if anchor else "")


def _render_editor(request, material, access, *, override=None, status=200):
    # The reviewer's note and comments stand where the writer revises (issue 9 #7): the
    # note at the top, each comment in its part, and any whose part is gone with the note.
    review = open_review(material)
    groups = editor_groups(material, override=override, comments=review.comments if review else [])
    placed = {c.pk for g in groups for c in g.comments}
    return render(request, "inspections/editor.html", {
        "material": material,
        "meeting": material.meeting,
        "access": access,
        "review": review,
        "review_elsewhere": [c for c in review.comments if c.pk not in placed] if review else [],
        "review_placed": [(g, c) for g in groups for c in g.comments],
        "groups": groups,
        "total": sum(g.chars for g in groups),
        "transitions": available_transitions(material, access),
    }, status=status)


@login_required
def editor(request, pk):
    material, access = _writer(request, pk)
    try:
        editing.material_ensure_editable(material)
    except MaterialLocked as exc:
        messages.info(request, str(exc))
        return redirect(material)
    return _render_editor(request, material, access)


def _save_block(request, material, access, form, *, dom_id, save, rebuild):
    """Bind, save, answer: see the module's docstring. `rebuild(data, row)` re-makes the
    block from posted data (and, after a conflict, from the row as the other saved it)."""
    autosave = _is_autosave(request)
    if not form.is_valid():
        if autosave:
            return JsonResponse({"ok": False, "message": "有内容格式不正确，请检查后再保存。", "errors": form.errors}, status=400)
        return _render_editor(request, material, access, override={dom_id: rebuild(request.POST, None)}, status=400)
    try:
        row = save(form.cleaned_data)
    except BlockNotFound:
        raise Http404("没有这一项")
    except MaterialLocked as exc:
        if autosave:
            return JsonResponse({"ok": False, "locked": True, "message": str(exc)}, status=423)
        messages.error(request, str(exc))
        return redirect(material)
    except BlockGone as exc:
        if autosave:
            return JsonResponse({"ok": False, "gone": True, "message": str(exc)}, status=410)
        messages.error(request, str(exc))
        return redirect(_editor_url(material))
    except BlockConflict as exc:
        conflict = conflict_for(exc, dom_id)
        if autosave:
            return JsonResponse({"ok": False, "conflict": True, "message": conflict.message, "version": conflict.version,
                                 "theirs": conflict.theirs, "fields": conflict.fields}, status=409)
        # Keep what this person typed; show what the other saved; saving again (now from
        # the other's version) is a deliberate choice made with both in view.
        data = request.POST.copy()
        data[f"{dom_id}-version"] = conflict.version
        block = rebuild(data, exc.current)
        block.conflict = conflict
        return _render_editor(request, material, access, override={dom_id: block}, status=409)
    if autosave:
        counts = material_counts(material)
        return JsonResponse({"ok": True, "version": row.version, "saved_at": saved_label(row),
                             "chars": counts.by_block.get(dom_id, 0), "total": counts.total})
    messages.success(request, "已保存。")
    return redirect(_editor_url(material, dom_id))


@login_required
@require_POST
def section_save(request, pk, key):
    material, access = _writer(request, pk)
    if key not in SectionKey.values:
        raise Http404("没有这一部分")

    def save(data):
        return editing.section_save(material=material, key=key, text=data["text"], version=data["version"], actor=request.user)

    def rebuild(data, row):
        row = row or MaterialSection.objects.get(material=material, key=key)
        return section_block(material, row, data=data)

    return _save_block(request, material, access, SectionForm(request.POST, key=key),
                       dom_id=f"section-{key}", save=save, rebuild=rebuild)


def _aspects(material):
    return list(material.meeting.aspects.all())


@login_required
@require_POST
def problem_save(request, pk, problem_id):
    material, access = _writer(request, pk)
    aspects = _aspects(material)

    def save(data):
        return editing.problem_save(material=material, problem_id=problem_id, version=data["version"], title=data["title"],
                                    details=data["details"], aspect_id=data["aspect"], actor=request.user)

    def rebuild(data, row):
        row = row or Problem.objects.filter(material=material, pk=problem_id).first() or Problem(pk=problem_id, material=material)
        return problem_block(material, row, aspects, data=data)

    form = ProblemForm(request.POST, problem_id=problem_id, aspects=aspects)
    return _save_block(request, material, access, form, dom_id=f"problem-{problem_id}", save=save, rebuild=rebuild)


@login_required
@require_POST
def measure_save(request, pk, measure_id):
    material, access = _writer(request, pk)
    problems = list(material.problems.all())

    def save(data):
        return editing.measure_save(material=material, measure_id=measure_id, version=data["version"], content=data["content"],
                                    term=data["term"], deadline=data["deadline"], problem_id=data["problem"], actor=request.user)

    def rebuild(data, row):
        row = row or Measure.objects.filter(material=material, pk=measure_id).first() or Measure(pk=measure_id, material=material)
        return measure_block(material, row, problems, data=data)

    form = MeasureForm(request.POST, measure_id=measure_id, problems=problems)
    return _save_block(request, material, access, form, dom_id=f"measure-{measure_id}", save=save, rebuild=rebuild)


@login_required
@require_POST
def answer_save(request, pk, routing_id):
    material, access = _writer(request, pk)
    routing = routed_opinions(material).filter(pk=routing_id).first()
    if routing is None:
        raise Http404("没有这条意见")
    problems = list(material.problems.all())

    def save(data):
        return editing.answer_save(material=material, routing_id=routing_id, version=data["version"], text=data["text"],
                                   problem_id=data["problem"], actor=request.user)

    def rebuild(data, row):
        row = row or OpinionAnswer.objects.filter(material=material, routing_id=routing_id).first()
        return answer_block(material, routing, row, problems, data=data)

    form = AnswerForm(request.POST, routing_id=routing_id, problems=problems)
    return _save_block(request, material, access, form, dom_id=f"answer-{routing_id}", save=save, rebuild=rebuild)


# --- adding and deleting problems and measures ----------------------------------------------


def _added(request, material, block):
    if request.htmx:
        return render(request, "inspections/_block.html", {"block": block, "material": material, "fresh": True})
    return redirect(_editor_url(material, block.dom_id))


@login_required
@require_POST
def problem_add(request, pk):
    material, access = _writer(request, pk)
    form = NewProblemForm(request.POST)
    aspect_id = form.cleaned_data["aspect"] if form.is_valid() else None
    try:
        problem = editing.problem_add(material=material, aspect_id=aspect_id, actor=request.user)
    except MaterialLocked as exc:
        messages.error(request, str(exc))
        return redirect(material)
    number = material.problems.filter(aspect_id=problem.aspect_id).count()
    return _added(request, material, problem_block(material, problem, _aspects(material), number=number))


@login_required
@require_POST
def measure_add(request, pk):
    material, access = _writer(request, pk)
    form = NewMeasureForm(request.POST)
    try:
        measure = editing.measure_add(material=material, actor=request.user,
                                      problem_id=form.cleaned_data["problem"] if form.is_valid() else None)
    except MaterialLocked as exc:
        messages.error(request, str(exc))
        return redirect(material)
    number = material.measures.count()
    return _added(request, material, measure_block(material, measure, list(material.problems.all()), number=number))


def _delete(request, pk, model, block_id, prefix):
    material, access = _writer(request, pk)
    try:
        version = int(request.POST.get(f"{prefix}-{block_id}-version", ""))
    except ValueError:
        version = -1
    try:
        editing.block_delete(material=material, model=model, block_id=block_id, version=version)
    except MaterialLocked as exc:
        messages.error(request, str(exc))
        return redirect(material)
    except BlockNotFound:
        raise Http404("没有这一项")
    except BlockGone as exc:
        if request.htmx:  # the block is gone from the page too: say so where it stood
            return HttpResponse(f'<p class="muted small" role="status">{exc}</p>')
        messages.info(request, str(exc))
        return redirect(_editor_url(material))
    except BlockConflict:
        message = "这一项在另一个窗口中有新的修改，为免误删未删除；请刷新页面核对后再删除。"
        if request.htmx:
            return HttpResponse(f'<p class="error" role="alert">{message}</p>', status=200,
                                headers={"HX-Reswap": "beforebegin"})
        messages.error(request, message)
        return redirect(_editor_url(material, f"{prefix}-{block_id}"))
    if request.htmx:
        return HttpResponse("")
    messages.success(request, "已删除。")
    return redirect(_editor_url(material))


@login_required
@require_POST
def problem_delete(request, pk, problem_id):
    return _delete(request, pk, Problem, problem_id, "problem")


@login_required
@require_POST
def measure_delete(request, pk, measure_id):
    return _delete(request, pk, Measure, measure_id, "measure")


@login_required
def hints(request, pk):
    """The quality hints on the working text, for its writer (refreshed while writing)."""
    material, access = _writer(request, pk)
    content = material_content(material)
    found = material_hints(material, content, user=request.user)
    template = "inspections/_hints.html" if request.htmx else "inspections/hints_page.html"
    return render(request, template, {"material": material, "hints": found, "writer": True})
