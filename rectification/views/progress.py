"""Following an item: reporting progress on a measure with evidence, downloading evidence
(only through the item's checkpoint), and the 销号 moves."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render

from organizations.once import once_per_token, save_once

from ..access import ItemRole, ensure_item_editable, get_item_for_user
from ..closing import TRANSITIONS, TransitionError, available_transitions, item_transition
from ..evidence import EvidenceError
from ..forms_progress import MoveForm, ProgressForm
from ..models import Evidence, ItemMeasure
from ..progress import ProgressError, progress_report


@login_required
@once_per_token
def progress_new(request, pk):
    """GET: the report form for one measure; POST: record it (nothing kept if a file is refused)."""
    measure = get_object_or_404(ItemMeasure.objects.only("id", "item_id"), pk=pk)
    item, access = get_item_for_user(request.user, measure.item_id, require=(ItemRole.REPORTER,))
    ensure_item_editable(item, "整改进展")
    measure = item.measures.get(pk=pk)
    posted = request.method == "POST"
    form = ProgressForm(request.POST if posted else None, request.FILES if posted else None,
                        limit_mb=settings.EVIDENCE_MAX_MB)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                # Back + 提交 again (or a double click) records the report once.
                save_once(request, lambda: progress_report(
                    measure=measure, on=data["on"], text=data["text"], status=data["status"],
                    percent=data["percent"], files=data["files"], actor=request.user, access=access),
                    url=lambda _report: f"{item.get_absolute_url()}#progress-{measure.pk}")
            except EvidenceError as exc:
                form.add_error("files", str(exc))
            except ProgressError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, "进展已报告。")
                return redirect(f"{item.get_absolute_url()}#progress-{measure.pk}")
        status = 400
    return render(request, "rectification/progress_new.html", {
        "item": item, "measure": measure, "form": form}, status=status)


@login_required
def evidence_download(request, pk):
    """An evidence file, to those who may read its item (404 for anyone else)."""
    evidence = Evidence.objects.select_related("report__measure").filter(pk=pk).first()
    if evidence is None:
        raise Http404("文件不存在")
    # internal: a colleague who reads the item only through the 公示 gets no evidence (403).
    get_item_for_user(request.user, evidence.report.measure.item_id, internal=True)
    response = FileResponse(evidence.file.open("rb"), as_attachment=True, filename=evidence.name,
                            content_type=evidence.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def item_move(request, pk, name):
    """A 销号 move: the page with its help text and note; POST makes it."""
    item, access = get_item_for_user(request.user, pk)
    ensure_item_editable(item, "整改进展")
    transition = TRANSITIONS.get(name)
    if transition is None:
        raise Http404("未知的操作")
    if transition not in available_transitions(item, access):
        raise PermissionDenied(f"您现在不能“{transition.label}”这个事项")
    form = MoveForm(request.POST if request.method == "POST" else None, transition=transition)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                item_transition(item=item, name=name, actor=request.user, access=access,
                                note=form.cleaned_data["note"])
            except TransitionError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, f"已{transition.label}。")
                return redirect(item.get_absolute_url())
        status = 400
    unfinished = [m for m in item.measures.all() if m.status != "done"] if name == "request_close" else []
    return render(request, "rectification/item_move.html", {
        "item": item, "transition": transition, "form": form, "unfinished": unfinished}, status=status)
