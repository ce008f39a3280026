"""The overview for machines and for the eye: Excel, JSON (with read-only tokens), pictures."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from organizations.selectors import overseen_org_ids

from .. import tokens as token_services
from ..forms import TokenForm
from ..models import ApiToken


def _not_yet(request, *args, **kwargs):
    raise Http404("尚未提供")


export_xlsx = _not_yet
api_overview = _not_yet
charts = _not_yet


def _require_scope(user) -> None:
    """Only those who watch organisations below them have an overview (and its keys)."""
    if not overseen_org_ids(user):
        raise Http404("页面不存在")


@login_required
def tokens(request):
    _require_scope(request.user)
    made_key = None
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        token, made_key = token_services.token_create(user=request.user, name=form.cleaned_data["name"])
        messages.success(request, f"已创建令牌“{token.name}”。请现在复制保存，离开本页后将无法再次查看。")
        form = TokenForm()
    return render(
        request,
        "oversight/tokens.html",
        {"form": form, "made_key": made_key, "tokens": ApiToken.objects.filter(user=request.user)},
    )


@login_required
@require_POST
def token_revoke(request, pk):
    _require_scope(request.user)
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    token_services.token_revoke(token=token)
    messages.success(request, f"令牌“{token.name}”已注销，使用它的程序将无法再读取数据。")
    return redirect("oversight:tokens")
