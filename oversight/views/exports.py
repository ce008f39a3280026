"""The overview for machines and for the eye: Excel, JSON (with read-only tokens), pictures."""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models.functions import TruncDate
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET, require_POST

from meetings.models import Milestone
from meetings.status import Code
from organizations.selectors import overseen_org_ids

from .. import tokens as token_services
from ..charts import SEGMENTS, completion_bars, lateness_over_time
from ..exports import export_overview, overview_json, overview_xlsx
from ..filters import filters_from
from ..forms import TokenForm
from ..models import ApiToken

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


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


@login_required
@require_GET
def export_xlsx(request):
    _require_scope(request.user)
    today = timezone.localdate()
    filters, _ = filters_from(request.GET, today=today)
    overview = export_overview(request.user, filters=filters, today=today)
    response = HttpResponse(overview_xlsx(overview), content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=f"督导总览-{filters.year}年-{today:%Y%m%d}.xlsx"
    )
    return response


def _unauthorized(message: str) -> JsonResponse:
    response = JsonResponse({"error": message}, status=401, json_dumps_params={"ensure_ascii": False})
    response["WWW-Authenticate"] = 'Bearer realm="oversight"'
    return response


@require_GET
def api_overview(request):
    """The overview as JSON, for the county's own dashboards.

    Read with the session, or with `Authorization: Bearer <key>` as the key's owner — the
    same scope as that person, read-only (GET only), and no session is opened from a key.
    """
    key = token_services.bearer_key(request)
    if key is not None:
        user = token_services.user_for_token(key)
        if user is None:
            return _unauthorized("令牌无效或已注销。")
    elif request.user.is_authenticated:
        user = request.user
    else:
        return _unauthorized("请登录，或在请求头中提供接口令牌：Authorization: Bearer 令牌。")
    if not overseen_org_ids(user):
        raise Http404("页面不存在")
    today = timezone.localdate()
    filters, _ = filters_from(request.GET, today=today)
    overview = export_overview(user, filters=filters, today=today)
    return JsonResponse(overview_json(overview, today=today), json_dumps_params={"ensure_ascii": False})


@login_required
@require_GET
def charts(request):
    _require_scope(request.user)
    today = timezone.localdate()
    filters, form = filters_from(request.GET, today=today)
    overview = export_overview(request.user, filters=filters, today=today)
    meeting_rows = [m for row in overview.rows for m in row.meetings]
    start = date(filters.year, 1, 1)
    end = min(today, date(filters.year, 12, 31))
    # The day each was done, in the county's time zone, worked out by the database: four
    # thousand conversions in Python were a good part of the page.
    phases = (
        Milestone.objects.filter(
            meeting_id__any_of=[m.meeting.pk for m in meeting_rows], kind__in=[c.key for c in overview.columns]
        ).annotate(done_day=TruncDate("done_at")).values_list("due_date", "done_day")
        if meeting_rows
        else []
    )
    series = lateness_over_time(
        phases,
        start=start,
        today=max(end, start),
    )
    return render(
        request,
        "oversight/charts.html",
        {
            "form": form,
            "filters": filters,
            "overview": overview,
            "bars": completion_bars(overview.columns, (m.statuses for m in meeting_rows)),
            "legend": [(code, Code.LABELS[code]) for code in SEGMENTS],
            "series": series,
            "meeting_count": len(meeting_rows),
            "query": request.GET.urlencode(),
        },
    )
