"""Sorting (梳理): the list with filters and bulk actions, one opinion, typing one in."""

import uuid
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST
from django_htmx.http import reswap, retarget

from meetings.access import Role
from organizations.once import once_per_token, save_once
from organizations.paging import page_for, url_maker

from .. import services, sorting
from ..access import get_opinion_for_user, get_solicitation_for_user
from ..forms import KEEP, BulkForm, ClassifyForm, OpinionEntryForm, OpinionFilterForm
from ..models import Opinion, OpinionState
from ..selectors import concern_candidates, opinions_matching, routings_in_order, with_list_details
from .office import office_context, refuse_if_archived

OFFICE = (Role.OFFICE,)
PAGE_SIZE = 50
MAX_ALL = 2000


def _choices(meeting):
    return {"candidates": concern_candidates(meeting), "aspects": list(meeting.aspects.all())}


def _list_url(solicitation, query: str) -> str:
    url = reverse("feedback:opinions", args=[solicitation.pk])
    return f"{url}?{query}" if query else url


@login_required
def opinion_list(request, pk):
    solicitation, _ = get_solicitation_for_user(request.user, pk, require=OFFICE)
    return _render_list(request, solicitation)


def _render_list(request, solicitation):
    choices = _choices(solicitation.meeting)
    filter_form = OpinionFilterForm(request.GET, **choices)
    filters = filter_form.filters()
    matching = opinions_matching(solicitation, filters)
    page = page_for(request, with_list_details(matching), per_page=PAGE_SIZE)
    page.object_list = list(page.object_list)
    detail = url_maker("feedback:opinion", sample=uuid.UUID(int=0))
    for opinion in page.object_list:
        opinion.detail_url = detail(opinion.pk)
    context = office_context(
        solicitation,
        tab="opinions",
        filter_form=filter_form,
        page=page,
        query=page.query,
        bulk=BulkForm(**choices),
        editable=solicitation.meeting.stage != "archived",
    )
    partial = request.htmx and request.htmx.target == "results"
    template = "feedback/_opinion_results.html" if partial else "feedback/opinion_list.html"
    return render(request, template, context)


@login_required
@require_POST
def opinion_bulk(request, pk):
    """Apply one action to the ticked opinions, or to every one the filters match."""
    solicitation, _ = get_solicitation_for_user(request.user, pk, require=OFFICE)
    refuse_if_archived(solicitation.meeting)
    form = BulkForm(request.POST, **_choices(solicitation.meeting))
    result, level = _apply(request, solicitation, form)
    if request.htmx and level == messages.ERROR:
        # Say what is wrong next to the buttons and keep every tick the person made.
        response = render(request, "feedback/_bulk_message.html", {"error": result})
        return retarget(reswap(response, "innerHTML"), "#bulk-message")
    messages.add_message(request, level, result)
    if request.htmx:
        return _render_list(request, solicitation)
    return redirect(_list_url(solicitation, request.GET.urlencode()))


def _apply(request, solicitation, form) -> tuple[str, int]:
    """Do the action; say exactly what changed, what did not and why (and how loudly)."""
    if not form.is_valid():
        return "；".join(e for errors in form.errors.values() for e in errors), messages.ERROR
    data = form.cleaned_data
    ids = data["ids"]
    if data["scope"] == "all":
        filters = OpinionFilterForm(request.GET, **_choices(solicitation.meeting)).filters()
        ids = list(opinions_matching(solicitation, filters).values_list("pk", flat=True)[: MAX_ALL + 1])
        if len(ids) > MAX_ALL:
            return f"符合条件的意见超过 {MAX_ALL} 条，请先缩小筛选范围。", messages.ERROR
    actor = request.user
    try:
        if data["action"] == "classify":
            outcome = sorting.opinions_classify(
                solicitation=solicitation, ids=ids, actor=actor, **_classification(form)
            )
            return outcome.message, messages.SUCCESS if outcome.complete else messages.WARNING
        found = Opinion.objects.filter(solicitation=solicitation, pk__in=ids).count()
        missing = f"另有 {len(ids) - found} 条不在本次征求意见中，未处理。" if found < len(ids) else ""
        if data["action"] == "merge":
            primary = sorting.opinions_merge(solicitation=solicitation, ids=ids, actor=actor)
            return (f"已将 {found} 条意见合并为一条（编号 {primary.code}），原文全部保留，计为 1 条。{missing}",
                    messages.WARNING if missing else messages.SUCCESS)
        if data["action"] == "set_aside":
            count = sorting.opinions_set_aside(
                solicitation=solicitation, ids=ids, reason=data["reason"], actor=actor
            )
            return f"已搁置 {count} 条。{missing}", messages.WARNING if missing else messages.SUCCESS
        count = sorting.opinions_restore(solicitation=solicitation, ids=ids, actor=actor)
        return f"已恢复 {count} 条，待重新梳理。{missing}", messages.WARNING if missing else messages.SUCCESS
    except sorting.SortingError as exc:
        return str(exc), messages.ERROR


def _classification(form) -> dict:
    """The bulk form's choices as the service's arguments (KEEP leaves a part unchanged)."""
    data, result = form.cleaned_data, {}
    if data["aspect"] != KEEP:
        result["aspect"] = form.aspects.get(data["aspect"])
    if data["kind"] and data["kind"] != KEEP:
        result["kind"] = data["kind"]
    if data["concerns"] == "from_sender":
        result["concerns"] = sorting.FROM_SENDER
    elif data["concerns"] == "chosen":
        result["concerns"] = sorting.Concerns(team=data["team"], members=form.chosen_members())
    return result


@login_required
def opinion_detail(request, pk):
    opinion, _ = get_opinion_for_user(request.user, pk)
    solicitation = opinion.solicitation
    choices = _choices(solicitation.meeting)
    routed = list(routings_in_order(opinion.routings.select_related("member")))
    bound = request.POST if request.POST.get("action") == "classify" else None
    form = ClassifyForm(bound, initial=_classification_now(opinion, routed), **choices)
    if request.method == "POST":
        refuse_if_archived(solicitation.meeting)
        response = _act_on(request, opinion, form)
        if response is not None:
            return response
    return render(
        request,
        "feedback/opinion_detail.html",
        office_context(
            solicitation,
            tab="opinions",
            opinion=opinion,
            form=form,
            routed=routed,
            duplicates=opinion.duplicates.order_by("received_on", "id"),
            events=opinion.events.select_related("actor__person"),
        ),
        status=400 if form.errors else 200,
    )


def _classification_now(opinion, routed) -> dict:
    """The form starts from the opinion's routing, or else from what its sender chose."""
    if routed:
        team, members = any(r.member_id is None for r in routed), [r.member_id for r in routed if r.member_id]
    else:
        team, members = opinion.addressed_member_id is None, [opinion.addressed_member_id] if opinion.addressed_member_id else []
    return {"aspect": opinion.aspect_id or opinion.suggested_aspect_id or "", "kind": opinion.kind,
            "team": team, "members": [str(m) for m in members]}


def _act_on(request, opinion, form):
    action = request.POST.get("action")
    try:
        if action == "classify":
            if not form.is_valid():
                return None
            outcome = sorting.opinions_classify(
                solicitation=opinion.solicitation,
                ids=[opinion.pk],
                actor=request.user,
                aspect=form.chosen_aspect(),
                kind=form.cleaned_data["kind"],
                concerns=sorting.Concerns(team=form.cleaned_data["team"], members=form.chosen_members()),
            )
            if outcome.skipped:
                messages.error(request, f"意见 {opinion.code} 处于“{opinion.get_state_display()}”状态，不能修改分类，未作修改。")
                return redirect("feedback:opinion", pk=opinion.pk)
            messages.success(request, f"意见 {opinion.code} 已梳理。" if outcome.changed else f"意见 {opinion.code} 的分类未变化。")
            if request.POST.get("next"):
                return _next_unsorted(request, opinion)
        elif action == "set_aside":
            sorting.opinions_set_aside(
                solicitation=opinion.solicitation, ids=[opinion.pk], reason=request.POST.get("reason", "")[:200], actor=request.user
            )
            messages.success(request, f"意见 {opinion.code} 已搁置。")
        elif action == "restore":
            sorting.opinions_restore(solicitation=opinion.solicitation, ids=[opinion.pk], actor=request.user)
            messages.success(request, f"意见 {opinion.code} 已恢复，待重新梳理。")
        elif action == "split":
            sorting.opinion_split(opinion=opinion, actor=request.user)
            messages.success(request, f"意见 {opinion.code} 已从合并中拆分出来，待单独梳理。")
        else:
            return None
    except sorting.SortingError as exc:
        messages.error(request, str(exc))
    return redirect("feedback:opinion", pk=opinion.pk)


def _next_unsorted(request, opinion):
    """Sorting a stack one by one: straight on to the next opinion waiting."""
    following = (
        Opinion.objects.filter(solicitation_id=opinion.solicitation_id, state=OpinionState.NEW)
        .exclude(pk=opinion.pk)
        .first()
    )
    if following is None:
        messages.info(request, "没有待梳理的意见了。")
        return redirect(_list_url(opinion.solicitation, ""))
    return redirect("feedback:opinion", pk=following.pk)


@login_required
@once_per_token
def opinion_new(request, pk):
    """The office types in an opinion from a forum, an interview, a box or a paper form."""
    solicitation, _ = get_solicitation_for_user(request.user, pk, require=OFFICE)
    refuse_if_archived(solicitation.meeting)
    keep = {k: request.GET[k] for k in ("channel", "source", "received_on") if request.GET.get(k)}
    form = OpinionEntryForm(request.POST or None, initial=keep, **_choices(solicitation.meeting))
    if request.method == "POST" and form.is_valid():
        fields = form.entry_fields()
        [opinion] = save_once(
            request,
            lambda: services.opinions_enter(
                solicitation=solicitation, entries=[services.Entry(**fields)], actor=request.user
            ),
            url=lambda saved: reverse("feedback:opinion", args=[saved[0].pk]),
        )
        messages.success(request, f"已录入意见 {opinion.code}。")
        if request.POST.get("next"):
            again = {"channel": fields["channel"], "source": fields["source"],
                     "received_on": fields["received_on"].isoformat()}
            return redirect(f"{reverse('feedback:opinion_new', args=[solicitation.pk])}?{urlencode(again)}")
        return redirect(_list_url(solicitation, ""))
    return render(
        request,
        "feedback/opinion_new.html",
        office_context(solicitation, tab="new", form=form),
        status=400 if form.errors else 200,
    )
