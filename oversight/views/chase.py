"""催办 from the overview, the chase history, and 督导意见 on a meeting."""

from urllib.parse import urlsplit

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme

from meetings.access import Role, ensure_not_archived, get_meeting_for_user
from meetings.status import meeting_statuses
from organizations.models import Organization
from organizations.paging import page_for
from organizations.selectors import overseen_org_ids

from ..forms import ChaseForm, CommentForm
from ..selectors import (
    chase_item_label,
    chase_targets,
    chases_for,
    last_chases,
    may_read_chases,
    meeting_chases,
    meeting_comments,
    parse_targets,
)
from ..services import DEFAULT_CHASE_MESSAGE, ChaseError, chase_send, comment_create


def _local(request, url: str) -> str:
    """`url` as a path on this site, or "" when it leads elsewhere."""
    if not url:
        return ""
    if not url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return ""
    parts = urlsplit(url)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    return path if path.startswith("/") and not path.startswith("//") else ""


@login_required
def chase(request):
    """GET: confirm what the overview's ticked boxes chase; POST: send it, back to the overview."""
    if not overseen_org_ids(request.user):
        raise Http404("页面不存在")
    data = request.POST if request.method == "POST" else request.GET
    pairs = parse_targets(data.getlist("target"))
    targets = chase_targets(request.user, pairs) if pairs else []
    if pairs is None or targets is None:
        raise Http404("催办对象不存在")
    back = _local(request, data.get("next", "")) or _local(request, request.META.get("HTTP_REFERER", ""))
    back = back or reverse("oversight:overview")
    if request.method == "POST":
        form = ChaseForm(request.POST)
        if form.is_valid():
            try:
                chases = chase_send(by=request.user, targets=targets, message=form.cleaned_data["message"])
            except ChaseError as exc:
                form.add_error(None, str(exc))
            else:
                count = len({c.meeting.organization_id for c in chases})
                messages.success(request, f"已向{count}个组织发出催办。")
                return redirect(back)
    else:
        form = ChaseForm(initial={"message": DEFAULT_CHASE_MESSAGE, "next": back})
    return render(request, "oversight/chase.html", {
        "form": form, "rows": _rows(targets), "targets": [f"{m.pk}:{key}" for m, key in targets], "back": back,
    })


def _rows(targets):
    """One row per meeting: its organisation, what is chased (with today's status where
    a phase reports one) and the meeting's last chase."""
    meetings = list(dict.fromkeys(meeting for meeting, _ in targets))
    statuses = meeting_statuses(meetings, timezone.localdate()) if meetings else {}
    last = last_chases([m.pk for m in meetings])
    rows = []
    for meeting in meetings:
        items = [
            (chase_item_label(key), statuses.get(meeting.pk, {}).get(key))
            for m, key in targets
            if m == meeting
        ]
        rows.append({"meeting": meeting, "items": items, "last": last.get(meeting.pk)})
    return rows


@login_required
def chase_list(request):
    """The chases this user may read, newest first; filter by organisation."""
    if not may_read_chases(request.user):
        raise Http404("页面不存在")
    chases = chases_for(request.user)
    orgs = Organization.objects.filter(pk__in=chases.values("meeting__organization_id")).order_by("name")
    org_id = request.GET.get("org", "")
    if org_id.isdigit():
        chases = chases.filter(meeting__organization_id=int(org_id))
    chases = chases.select_related("meeting__organization", "by__person").prefetch_related("recipients__person")
    return render(request, "oversight/chase_list.html", {
        "page": page_for(request, chases), "orgs": orgs, "org_id": org_id,
    })


@login_required
def comment_add(request, meeting_id):
    """A supervisor's 督导意见 (the meeting page's form posts here; errors come back here)."""
    meeting, access = get_meeting_for_user(request.user, meeting_id, require=(Role.SUPERVISOR,))
    form = CommentForm(request.POST or None)
    if request.method == "POST":
        ensure_not_archived(meeting, "督导意见")
        if form.is_valid():
            comment_create(meeting=meeting, author=request.user, bodies=access.bodies, text=form.cleaned_data["text"])
            messages.success(request, "督导意见已提出，已通知该组织的办公室和书记。")
            return redirect(reverse("meetings:detail", args=[meeting.pk]) + "#oversight")
    return render(request, "oversight/comment_add.html", {
        "meeting": meeting, "form": form, "comments": meeting_comments(meeting), "chases": meeting_chases(meeting)[:10],
    })
