"""Excel import of a list's items: upload, check, preview, confirm — into an editable list,
by its writer (the owner, the office for the team list)."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render

from documents.uploads import upload_drop, upload_keep, upload_kept

from .. import imports
from ..access import ListRole, ensure_list_editable, get_list_for_user
from ..documents import list_items
from ..models import ListState
from ..services import ListLocked

WRITERS = (ListRole.OWNER, ListRole.DRAFTER)
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
SESSION_KEY = "rectification_import"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class UploadForm(forms.Form):
    file = forms.FileField(
        label="整改清单文件",
        help_text="请按导出的整改清单的格式填写，.xlsx 格式，不超过 5 MB。",
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


def _editable_list(user, pk):
    rlist, access = get_list_for_user(user, pk, require=WRITERS)
    ensure_list_editable(rlist)
    if rlist.state not in ListState.editable():
        raise PermissionDenied(f"整改清单处于“{rlist.get_state_display()}”状态，不能导入；批准后的修改须提出新版本")
    return rlist


@login_required
def list_import(request, pk):
    rlist = _editable_list(request.user, pk)
    if request.method != "POST":
        upload_drop(request, key=SESSION_KEY)  # starting again drops a pending upload
        return _page(request, rlist, form=UploadForm())
    if "token" in request.POST:
        return _confirm(request, rlist)
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _page(request, rlist, form=form, status=400)
    data = form.cleaned_data["file"].read()
    result = imports.items_parse(data, rlist=rlist)
    if not result.ok:
        return _page(request, rlist, form=UploadForm(), errors=result.errors, status=400)
    token = upload_keep(request, key=SESSION_KEY, owner=rlist.pk, data=data)
    return _page(request, rlist, confirm=ConfirmForm(initial={"token": token}), result=result)


def _confirm(request, rlist):
    form = ConfirmForm(request.POST)
    token = form.cleaned_data["token"] if form.is_valid() else ""
    data = upload_kept(request, key=SESSION_KEY, owner=rlist.pk, token=token)
    if data is None:
        messages.error(request, "上传的文件已过期，请重新上传。")
        return redirect("rectification:import", pk=rlist.pk)
    upload_drop(request, key=SESSION_KEY)
    # Checked again: the team may have changed since the preview.
    result = imports.items_parse(data, rlist=rlist)
    if not result.ok:
        return _page(request, rlist, form=UploadForm(), errors=result.errors, status=400)
    try:
        items = imports.items_import(rlist=rlist, rows=result.rows, actor=request.user)
    except ListLocked as exc:
        messages.error(request, f"{exc}未导入任何事项。")
        return redirect("rectification:list", pk=rlist.pk)
    messages.success(request, f"已导入 {len(items)} 项整改事项。")
    return redirect("rectification:list", pk=rlist.pk)


def _page(request, rlist, *, status=200, **context):
    items = list_items(rlist).select_related("responsible").prefetch_related("measures")
    return render(request, "rectification/import.html", {
        "rlist": rlist, "meeting": rlist.meeting, "items": items, **context,
    }, status=status)
