"""Excel import of opinions gathered offline: template, upload, check, preview, confirm."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header

from documents.uploads import upload_drop, upload_keep, upload_kept
from meetings.access import Role

from .. import imports, services
from ..access import get_solicitation_for_user
from .office import office_context, refuse_if_archived

OFFICE = (Role.OFFICE,)
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
SESSION_KEY = "feedback_import"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class UploadForm(forms.Form):
    file = forms.FileField(
        label="意见建议文件",
        help_text="请用下载的模板填写，.xlsx 格式，不超过 5 MB。",
        widget=forms.FileInput(attrs={"accept": f".xlsx,{XLSX_TYPE}"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError("只支持 .xlsx 文件；.xls 或 .csv 请先用 Excel 或 WPS 另存为 .xlsx。")
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError("文件超过 5 MB。")
        return upload


class ConfirmForm(forms.Form):
    token = forms.CharField(widget=forms.HiddenInput)


@login_required
def import_template(request, pk):
    solicitation, _ = get_solicitation_for_user(request.user, pk, require=OFFICE)
    response = HttpResponse(imports.import_template(solicitation.meeting), content_type=XLSX_TYPE)
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=imports.TEMPLATE_FILENAME
    )
    return response


@login_required
def opinion_import(request, pk):
    solicitation, _ = get_solicitation_for_user(request.user, pk, require=OFFICE)
    refuse_if_archived(solicitation.meeting)
    if request.method != "POST":
        upload_drop(request, key=SESSION_KEY)  # starting again drops a pending upload
        return _page(request, solicitation, form=UploadForm())
    if "token" in request.POST:
        return _confirm(request, solicitation)
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _page(request, solicitation, form=form, status=400)
    data = form.cleaned_data["file"].read()
    result = imports.opinions_parse(data, meeting=solicitation.meeting)
    if not result.ok:
        return _page(request, solicitation, form=UploadForm(), errors=result.errors, status=400)
    token = upload_keep(request, key=SESSION_KEY, owner=solicitation.pk, data=data)
    return _page(request, solicitation, confirm=ConfirmForm(initial={"token": token}), result=result)


def _confirm(request, solicitation):
    form = ConfirmForm(request.POST)
    token = form.cleaned_data["token"] if form.is_valid() else ""
    data = upload_kept(request, key=SESSION_KEY, owner=solicitation.pk, token=token)
    if data is None:
        messages.error(request, "上传的文件已过期，请重新上传。")
        return redirect("feedback:import", pk=solicitation.pk)
    upload_drop(request, key=SESSION_KEY)
    # Checked again: members or aspects may have changed since the preview.
    result = imports.opinions_parse(data, meeting=solicitation.meeting)
    if not result.ok:
        return _page(request, solicitation, form=UploadForm(), errors=result.errors, status=400)
    services.opinions_enter(
        solicitation=solicitation, entries=[r.entry for r in result.rows], actor=request.user, action="导入"
    )
    messages.success(
        request,
        f"已导入 {len(result.rows)} 条意见建议，其中已梳理 {result.classified} 条、待梳理 {len(result.rows) - result.classified} 条。",
    )
    return redirect("feedback:opinions", pk=solicitation.pk)


def _page(request, solicitation, *, status=200, **context):
    return render(
        request,
        "feedback/import.html",
        office_context(solicitation, tab="import", **context),
        status=status,
    )
