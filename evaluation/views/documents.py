"""The evaluation's documents page: what can be printed, and the branch's report text."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from documents.registry import get_type
from documents.selectors import files_for
from meetings.access import ensure_not_archived

from ..access import RESULT_ROLES, get_evaluation_for_user, is_open
from ..documents import REPORT_KIND, SHEET_KIND, SUMMARY_DOC_KIND, SUMMARY_KIND
from ..forms import OpinionForm
from ..services import EvaluationError, StaleSave, report_save


@login_required
def documents_page(request, meeting_id):
    evaluation, access = get_evaluation_for_user(request.user, meeting_id, require=RESULT_ROLES)
    writes = (access.is_office or access.is_secretary) and is_open(evaluation.meeting)
    if request.method == "POST":
        ensure_not_archived(evaluation.meeting, "民主评议工作总结")
    form = OpinionForm(request.POST or None, prefix="report",
                       initial={"version": evaluation.report_version, "text": evaluation.report_text})
    conflict = None
    if request.method == "POST":
        if not writes:
            return redirect("evaluation:documents", meeting_id=meeting_id)
        if form.is_valid():
            try:
                report_save(evaluation=evaluation, text=form.cleaned_data["text"],
                            version=form.cleaned_data["version"], actor=request.user)
            except StaleSave as error:
                conflict = error
                data = form.data.copy()
                data[form.add_prefix("version")] = error.version
                form.data = data
                messages.error(request, str(error))
            except EvaluationError as error:
                messages.error(request, str(error))
            else:
                messages.success(request, "工作总结已保存。")
                return redirect("evaluation:documents", meeting_id=meeting_id)
    types = [get_type(kind) for kind in (SHEET_KIND, SUMMARY_KIND, SUMMARY_DOC_KIND, REPORT_KIND)]
    return render(request, "evaluation/documents.html", {
        "evaluation": evaluation, "meeting": evaluation.meeting, "access": access, "types": types,
        "files": files_for(evaluation), "form": form if writes else None, "conflict": conflict,
    }, status=409 if conflict else 200)


