"""Roster import: download the template, upload, check, preview, confirm.

Between the preview and the confirmation the uploaded bytes wait in the session (one
pending import per session, keyed by a token in the confirm form), so nobody uploads twice
and nothing is written before the office has seen what will change.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header

from documents.uploads import upload_keep, upload_kept

from . import roster
from .access import get_organization_for_user
from .selectors import org_ids_with_perm

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
SESSION_KEY = "roster_import"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class RosterUploadForm(forms.Form):
    file = forms.FileField(
        label="名册文件",
        help_text="请用下载的模板填写，.xlsx 格式，不超过 5 MB。",
        widget=forms.FileInput(attrs={"accept": f".xlsx,{XLSX_TYPE}"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(
                "只支持 .xlsx 文件；.xls 或 .csv 请先用 Excel 或 WPS 另存为 .xlsx。"
            )
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError("文件超过 5 MB。")
        return upload


class RosterConfirmForm(forms.Form):
    token = forms.CharField(widget=forms.HiddenInput)


@login_required
def roster_template(request):
    if not org_ids_with_perm(request.user, "manage_organization"):
        raise PermissionDenied("只有办公室（党务工作者）可以下载名册模板")
    response = HttpResponse(roster.roster_template(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=roster.TEMPLATE_FILENAME
    )
    return response


@login_required
def roster_import(request, pk):
    org, _ = get_organization_for_user(request.user, pk, manage=True)
    if request.method != "POST":
        request.session.pop(SESSION_KEY, None)  # starting again drops a pending upload
        return _page(request, org, form=RosterUploadForm())
    if "token" in request.POST:
        return _confirm(request, org)
    form = RosterUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _page(request, org, form=form)
    data = form.cleaned_data["file"].read()
    result = roster.roster_parse(data, organization=org)
    if not result.ok:
        return _page(request, org, form=RosterUploadForm(), errors=result.errors)
    confirm = RosterConfirmForm(initial={"token": _keep(request, org, data)})
    return _page(request, org, confirm=confirm, **_preview(org, result))


def _confirm(request, org):
    form = RosterConfirmForm(request.POST)
    data = _kept(request, org, form.cleaned_data["token"]) if form.is_valid() else None
    if data is None:
        messages.error(request, "上传的文件已过期，请重新上传。")
        return redirect("organizations:roster_import", pk=org.pk)
    request.session.pop(SESSION_KEY, None)
    # Checked again: the roster may have changed since the preview.
    result = roster.roster_parse(data, organization=org)
    if not result.ok:
        return _page(request, org, form=RosterUploadForm(), errors=result.errors)
    try:
        outcome = roster.roster_apply(organization=org, rows=result.rows, actor=request.user)
    except IntegrityError:
        messages.error(request, "导入时名册被同时修改，未导入任何数据，请重新上传。")
        return redirect("organizations:roster_import", pk=org.pk)
    messages.success(request, _summary(outcome))
    return redirect("organizations:detail", pk=org.pk)


def _page(request, org, **context):
    return render(request, "organizations/roster_import.html", {"org": org, **context})


def _preview(org, result) -> dict:
    plans = roster.roster_plan(organization=org, rows=result.rows)
    counts = {
        action: sum(p.action == action for p in plans) for action in ("create", "update", "same")
    }
    return {
        "plans": plans,
        "counts": counts,
        "new_departments": result.new_departments,
        "warnings": result.warnings,
    }


def _keep(request, org, data: bytes) -> str:
    return upload_keep(request, key=SESSION_KEY, owner=org.pk, data=data)


def _kept(request, org, token: str) -> bytes | None:
    return upload_kept(request, key=SESSION_KEY, owner=org.pk, token=token)


def _summary(outcome) -> str:
    text = f"名册导入完成：新建 {len(outcome.created)} 人，更新 {len(outcome.updated)} 人"
    text += f"，{outcome.unchanged} 人无变化。" if outcome.unchanged else "。"
    if outcome.new_departments:
        text += f"新建部门：{'、'.join(outcome.new_departments)}。"
    if outcome.new_accounts:
        shown = "、".join(outcome.new_accounts[:10])
        more = f"等 {len(outcome.new_accounts)} 个" if len(outcome.new_accounts) > 10 else ""
        text += f"新建账号（{shown}{more}）尚未设置密码，请重置密码后告知本人。"
    return text
