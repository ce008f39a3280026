"""The sources pages: a meeting's coverage (every criticism, routed opinion, 点评 and
finding, with where it stands), a list's candidates for its writer, and the one-click
moves both pages post to. Each view: the checkpoint, a form, a service, a redirect."""

from dataclasses import dataclass, field

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from meetings.access import ensure_not_archived
from meetings.models import Stage
from organizations.selectors import person_for_user

from .. import sources as service
from ..access import BOARD_ROLES, ListRole, get_item_for_user, get_list_for_user, get_meeting_for_rectification, list_roles
from ..models import Item, ListKind, ListState, RectificationList
from ..services import list_ensure
from ..source_forms import MergeForm, SetAsideForm, SourceForm, TakeForm

WRITERS = (ListRole.OWNER, ListRole.DRAFTER)


@dataclass
class Row:
    """A candidate as one reader sees it, with the moves open to them."""

    c: service.Candidate
    links: list = field(default_factory=list)  # (ItemSource, may the reader see its list)
    take_team: bool = False
    take_mine: bool = False
    take_here: bool = False
    merge_items: list = field(default_factory=list)
    set_aside: bool = False

    @property
    def state(self) -> str:
        if self.c.taken:
            return "taken"
        return "set_aside" if self.c.set_aside else "uncovered"


def _editable(rlist) -> bool:
    return rlist is None or rlist.state in ListState.editable()


def _rows(candidates, access, person, *, archived, team=None, own=None, here=None, items=()):
    """The rows of a page; `items` are the items the reader may merge into, read once."""
    rows = []
    for c in candidates:
        row = Row(c, links=[(s, bool(list_roles(s.item.rectification_list, access, person))) for s in c.taken])
        open_ = c.set_aside is None
        mine = person is not None and c.concerns_id == person.pk and c.kind in service.COVERAGE_KINDS
        if here is not None:
            row.take_here = open_ and _editable(here) and not c.taken_into(here)
        else:
            row.take_team = open_ and access.is_office and _editable(team) and not (team and c.taken_into(team))
            row.take_mine = open_ and mine and access.is_member and _editable(own) and not (own and c.taken_into(own))
        # Merging is offered for what no item answers yet: once taken, a second item is rare
        # enough to be done from the item itself.
        row.merge_items = [
            i for i in items
            if open_ and not c.taken and (here is not None or i.rectification_list.is_team or mine)
        ]
        row.set_aside = not c.taken and service.may_set_aside(c, access, person)
        if archived:  # read-only: what was taken, merged or set aside, and nothing to do
            row.take_here = row.take_team = row.take_mine = row.set_aside = False
            row.merge_items = []
        rows.append(row)
    return rows


def _writable_items(*rlists):
    lists = [r for r in rlists if r is not None and r.state in ListState.editable()]
    if not lists:
        return []
    return list(Item.objects.filter(rectification_list__in=lists).select_related("rectification_list")
                .order_by("rectification_list__kind", "order", "id"))


@login_required
def coverage(request, pk):
    meeting, access = get_meeting_for_rectification(request.user, pk, require=BOARD_ROLES)
    person = person_for_user(request.user)
    lists = {(r.kind, r.owner_id): r for r in RectificationList.objects.filter(meeting=meeting)}
    team = lists.get((ListKind.TEAM, None))
    own = lists.get((ListKind.PERSONAL, person.pk)) if person and access.is_member else None
    rows = _rows(service.meeting_sources(meeting), access, person, archived=meeting.stage == Stage.ARCHIVED,
                 team=team, own=own,
                 items=_writable_items(team if access.is_office else None, own))
    return render(request, "rectification/coverage.html", {
        "meeting": meeting, "access": access, "rows": rows, "here": request.get_full_path(),
        "uncovered": sum(1 for r in rows if r.state == "uncovered"),
        "groups": _grouped(rows),
    })


def _grouped(rows):
    order = [service.SourceKind.PROBLEM, service.SourceKind.MEASURE, service.SourceKind.CRITICISM,
             service.SourceKind.OPINION, service.SourceKind.COMMENT, service.SourceKind.FINDING]
    return [(service.SourceKind(kind).label, [r for r in rows if r.c.kind == kind]) for kind in order
            if any(r.c.kind == kind for r in rows)]


@login_required
def list_sources(request, pk):
    rlist, access = get_list_for_user(request.user, pk, require=WRITERS)
    rows = _rows(service.source_candidates(rlist), access.meeting, access.person, here=rlist,
                 archived=rlist.meeting.stage == Stage.ARCHIVED,
                 items=_writable_items(rlist))
    return render(request, "rectification/list_sources.html", {
        "rlist": rlist, "meeting": rlist.meeting, "access": access, "groups": _grouped(rows),
        "here": request.get_full_path(), "editable": _editable(rlist) and rlist.meeting.stage != Stage.ARCHIVED,
        "uncovered": sum(1 for r in rows if r.state == "uncovered" and service.in_scope(rlist, r.c)),
        "material_left": any(r.take_here for r in rows if r.c.kind in (service.SourceKind.PROBLEM,
                                                                        service.SourceKind.MEASURE)),
    })


def _back(request, form, meeting):
    target = form.data.get("next", "") if form is not None else ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                  require_https=request.is_secure()):
        return target
    return reverse("rectification:coverage", args=[meeting.pk])


def _refuse(request, form):
    messages.error(request, "操作未完成：请求不完整，请刷新页面后重试。")


@login_required
@require_POST
def source_take(request, pk):
    meeting, access = get_meeting_for_rectification(request.user, pk)
    ensure_not_archived(meeting, "整改来源")
    form = TakeForm(request.POST)
    if not form.is_valid():
        _refuse(request, form)
        return redirect(_back(request, form, meeting))
    person = person_for_user(request.user)
    data = form.cleaned_data
    if data["target"] == "team":
        if not access.is_office:
            raise PermissionDenied("班子整改清单由办公室起草")
        rlist = list_ensure(meeting=meeting, kind=ListKind.TEAM)
    else:
        if not (access.is_member and person):
            raise PermissionDenied("只有班子成员本人可以列入本人清单")
        rlist = list_ensure(meeting=meeting, kind=ListKind.PERSONAL, owner=person)
    try:
        item = service.item_from_source(rlist=rlist, kind=data["kind"], pk=data["pk"], actor=request.user)
    except service.SourceError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"已列入{rlist.title}第{item.order}项。")
    return redirect(_back(request, form, meeting))


@login_required
@require_POST
def list_take(request, pk):
    rlist, access = get_list_for_user(request.user, pk, require=WRITERS)
    ensure_not_archived(rlist.meeting, "整改来源")
    form = SourceForm(request.POST)
    if form.is_valid():
        try:
            item = service.item_from_source(rlist=rlist, kind=form.cleaned_data["kind"], pk=form.cleaned_data["pk"],
                                            actor=request.user)
        except service.SourceError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, f"已列入本清单第{item.order}项。")
    else:
        _refuse(request, form)
    return redirect("rectification:list_sources", rlist.pk)


@login_required
@require_POST
def source_merge(request, pk):
    meeting, access = get_meeting_for_rectification(request.user, pk)
    ensure_not_archived(meeting, "整改来源")
    form = MergeForm(request.POST)
    if not form.is_valid():
        _refuse(request, form)
        return redirect(_back(request, form, meeting))
    item, item_access = get_item_for_user(request.user, form.cleaned_data["item"])
    if item.rectification_list.meeting_id != meeting.pk:
        raise Http404("整改事项不存在")
    if not item_access.list_access.is_writer:
        raise PermissionDenied("只有清单的起草人可以合并来源")
    try:
        service.source_merge(item=item, kind=form.cleaned_data["kind"], pk=form.cleaned_data["pk"],
                             actor=request.user)
    except service.SourceError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"已合并到第{item.order}项：{item.problem[:30]}")
    return redirect(_back(request, form, meeting))


def _source_for(request, meeting, access, data):
    """The coverage source named by a form, for a reader allowed to set it aside."""
    try:
        candidate = service.find_candidate(service.meeting_sources(meeting), data.get("kind"), data.get("pk"))
    except service.SourceError:
        raise Http404("来源不存在")
    if not service.may_set_aside(candidate, access, person_for_user(request.user)):
        raise PermissionDenied("您无权对这条来源说明不列入")
    return candidate


@login_required
def source_set_aside(request, pk):
    """不列入: a page of its own for the reason, which the inline form posts to too, so a
    missing reason is shown with the rest of what was typed."""
    meeting, access = get_meeting_for_rectification(request.user, pk)
    ensure_not_archived(meeting, "整改来源")
    data = request.POST if request.method == "POST" else request.GET
    candidate = _source_for(request, meeting, access, data)
    form = SetAsideForm(request.POST if request.method == "POST" else None,
                        initial={"kind": candidate.kind, "pk": candidate.pk, "next": data.get("next", "")})
    if request.method == "POST" and form.is_valid():
        try:
            service.source_set_aside(meeting=meeting, kind=candidate.kind, pk=candidate.pk,
                                     reason=form.cleaned_data["reason"], actor=request.user)
        except service.SourceError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, "已说明不列入清单的原因。")
        return redirect(_back(request, form, meeting))
    return render(request, "rectification/set_aside.html", {
        "meeting": meeting, "candidate": candidate, "form": form, "back": _back(request, form, meeting),
    })


@login_required
@require_POST
def source_set_aside_undo(request, pk):
    meeting, access = get_meeting_for_rectification(request.user, pk)
    ensure_not_archived(meeting, "整改来源")
    form = SourceForm(request.POST)
    candidate = _source_for(request, meeting, access, request.POST)
    try:
        service.source_set_aside_undo(meeting=meeting, kind=candidate.kind, pk=candidate.pk, actor=request.user)
    except service.SourceError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "已撤销“不列入”，这条来源重新待覆盖。")
    return redirect(_back(request, form, meeting))


@login_required
@require_POST
def outline_import(request, pk):
    rlist, access = get_list_for_user(request.user, pk, require=WRITERS)
    ensure_not_archived(rlist.meeting, "整改来源")
    try:
        items = service.outline_import(rlist=rlist, actor=request.user)
    except service.SourceError as exc:
        messages.error(request, str(exc))
    else:
        what = "班子对照检查材料" if rlist.is_team else "发言提纲"
        messages.success(request, f"已从{what}导入{len(items)}项整改事项及其措施。" if items
                         else f"{what}的问题和措施均已在清单中。")
    return redirect("rectification:list_sources", rlist.pk)
