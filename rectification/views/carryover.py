"""The office's page for carrying unfinished items into the next meeting (at archiving),
and the next meeting's page of 旧账 (what was carried into it; 回头看 of last time's
closed items)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from meetings.access import Role, ensure_not_archived
from meetings.models import Stage
from organizations.selectors import person_for_user

from ..access import get_meeting_for_rectification, list_roles
from ..carry_forms import CarryForm, ReexamineForm
from ..carryover import (
    CarryError,
    carried_into,
    held_by,
    item_carry_undo,
    item_reexamine,
    items_carry,
    meeting_tally,
    next_meeting,
    previous_meeting,
    rectification_milestone_sync,
    unfinished_items,
)
from ..models import Item, ItemStatus

OFFICE = (Role.OFFICE,)


@login_required
def carry(request, pk):
    """Every unfinished item of the meeting, to be carried with a reason (several at once)."""
    meeting, access = get_meeting_for_rectification(request.user, pk, require=OFFICE)
    open_to_carry = meeting.stage == Stage.RECTIFYING
    form = CarryForm(request.POST or None, items=unfinished_items(meeting) if open_to_carry else [])
    if request.method == "POST":
        ensure_not_archived(meeting, "整改事项")
        if form.is_valid():
            try:
                items_carry(items_reasons=form.cleaned_data["chosen"], actor=request.user)
            except CarryError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, f"已将{len(form.cleaned_data['chosen'])}项整改事项转入下一次会议。")
                return redirect("rectification:carry", pk=meeting.pk)
    carried = (
        Item.objects.filter(carried_from=meeting)
        .select_related("rectification_list__owner", "responsible", "carried_to")
        .order_by("rectification_list__kind", "rectification_list__owner__name", "order", "pk")
    )
    return render(request, "rectification/carry.html", {
        "meeting": meeting, "form": form, "open_to_carry": open_to_carry, "carried": carried,
        "tally": meeting_tally(meeting), "next": next_meeting(meeting),
        "milestone": meeting.milestones.filter(kind="rectification").first(),
    })


@login_required
@require_POST
def carry_undo(request, pk, item_pk):
    meeting, access = get_meeting_for_rectification(request.user, pk, require=OFFICE)
    ensure_not_archived(meeting, "整改事项")
    item = Item.objects.filter(pk=item_pk, carried_from=meeting).first()
    if item is None:
        raise Http404("整改事项不存在")
    try:
        item_carry_undo(item=item, actor=request.user)
    except CarryError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "已撤销转入，该事项回到本次会议继续整改。")
    return redirect("rectification:carry", pk=meeting.pk)


@login_required
@require_POST
def carry_settle(request, pk):
    """Mark 整改落实 done when every item is closed or carried (the archive move needs it)."""
    meeting, access = get_meeting_for_rectification(request.user, pk, require=OFFICE)
    ensure_not_archived(meeting, "整改落实")
    if rectification_milestone_sync(meeting=meeting, actor=request.user):
        messages.success(request, "“整改落实”已完成：会议可以归档。")
    else:
        messages.error(request, "尚有整改事项既未销号、也未转入下一次会议，“整改落实”还不能完成。")
    return redirect("rectification:carry", pk=meeting.pk)


@login_required
def carried(request, pk):
    """The 旧账: the items carried into this meeting (each reader sees what they may: the
    team's, their own), and for the office and the secretary, last time's closed items to
    re-examine (回头看)."""
    meeting, access = get_meeting_for_rectification(request.user, pk)
    person = person_for_user(request.user)
    items = [item for item in carried_into(meeting) if list_roles(item.rectification_list, access, person)]
    previous = previous_meeting(meeting)
    may_reexamine = (
        bool(access.roles & {Role.OFFICE, Role.SECRETARY}) and meeting.stage != Stage.ARCHIVED
        and previous is not None and previous.stage == Stage.ARCHIVED
    )
    closed = []
    if may_reexamine:
        closed = (
            Item.objects.filter(held_by(previous), status=ItemStatus.CLOSED)
            .select_related("rectification_list__owner", "responsible")
            .order_by("rectification_list__kind", "rectification_list__owner__name", "order", "pk")
        )
    return render(request, "rectification/carried.html", {
        "meeting": meeting, "carried_items": items, "previous": previous, "closed": closed,
        "reexamine_form": ReexamineForm(),
    })


@login_required
@require_POST
def reexamine(request, pk, item_pk):
    meeting, access = get_meeting_for_rectification(request.user, pk, require=(Role.OFFICE, Role.SECRETARY))
    ensure_not_archived(meeting, "整改事项")
    previous = previous_meeting(meeting)
    item = Item.objects.filter(held_by(previous), pk=item_pk).first() if previous else None
    if item is None:
        raise Http404("整改事项不存在")
    form = ReexamineForm(request.POST)
    if not form.is_valid():
        messages.error(request, form.errors["reason"][0])
        return redirect("rectification:carried", pk=meeting.pk)
    try:
        item_reexamine(item=item, meeting=meeting, reason=form.cleaned_data["reason"], actor=request.user)
    except (CarryError, PermissionDenied) as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "回头看：该事项已转入本次会议重新整改。")
    return redirect("rectification:carried", pk=meeting.pk)
