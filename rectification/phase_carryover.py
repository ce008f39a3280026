"""Carry-over's part in the meeting's interfaces: the archive blocker, the new meeting's
claim on the items waiting for it, the checklist's counts, the providers that show the
旧账 in the next meeting's outlines and its preparation report, the item page's panel,
and the recurrence check on an outline's submission."""

from django.urls import reverse

from inspections.carryover import CarryoverItem, register_carryover, register_submitted
from meetings.models import Stage
from meetings.progress import ChecklistItem, register_blocker, register_checklist, register_created
from organizations.dateorder import day_text
from proceedings.carryover import RectificationItem, register_rectification

from .carryover import archive_blockers, carried_claim, carried_into, meeting_tally, previous_meeting
from .models import Item, ItemStatus, ListKind
from .panels import register_item_panel

register_blocker("archive", archive_blockers)
register_created(carried_claim)


def _carry_url(meeting) -> str:
    return reverse("rectification:carry", args=[meeting.pk])


# No link on the section's name: the carry page is the office's (the items say so), the
# 旧账 page everyone's of the meeting.
@register_checklist("整改销号与转入", order=92, key="carryover", waivable=False)
def carryover_checklist(meeting):
    """The counts the archive move asks for, and the 旧账 taken over from last time."""
    after = meeting.stage in (Stage.RECTIFYING, Stage.ARCHIVED)
    if not after and not meeting.carried_items.exists():
        return []
    tally = meeting_tally(meeting)
    items = []
    if after and (tally.total or tally.unapproved):
        detail = f"共{tally.total}项：已销号{tally.closed}项，转入下一次{tally.carried}项"
        if tally.unfinished:
            detail += f"，尚未销号{tally.unfinished}项"
        if tally.unapproved:
            detail += f"；另有{tally.unapproved}份整改清单尚未批准"
        items.append(ChecklistItem("整改事项全部销号或转入下一次会议", tally.settled, detail, _carry_url(meeting),
                                   url_for_office=True))
    if tally.carried_in:
        items.append(ChecklistItem(
            "上次会议转入的旧账全部销号", tally.carried_in_closed == tally.carried_in,
            f"转入{tally.carried_in}项，已销号{tally.carried_in_closed}项",
            reverse("rectification:carried", args=[meeting.pk]),
        ))
    return items


# --- the 旧账 in the next meeting's material and preparation report ------------------------

STATUS_WORDS = {ItemStatus.OPEN: "正在整改", ItemStatus.CLOSING: "待销号", ItemStatus.CLOSED: "已完成"}


def _deadline(item: Item) -> str:
    if item.deadline:
        return day_text(item.deadline)
    return f"长期坚持，{day_text(item.next_review)}复查" if item.next_review else ""


@register_carryover
def carried_for_material(person, meeting):
    """Each author's outline (their own personal items) and the team material (the team
    list's items) show what was carried into this meeting, as 旧账."""
    items = carried_into(meeting)
    if person is None:
        items = items.filter(rectification_list__kind=ListKind.TEAM)
    else:
        items = items.filter(rectification_list__kind=ListKind.PERSONAL, rectification_list__owner=person)
    return [
        CarryoverItem(
            title=item.problem,
            status=f"旧账·{STATUS_WORDS[item.status]}",
            deadline=_deadline(item),
            detail=f"转入原因：{item.carry_reason}" if item.carry_reason else "",
        )
        for item in items
    ]


def _was_in(meeting):
    """Every item the previous meeting held, done or not: its own approved lists' and those
    carried into it, whether it closed them or carried them on. Never a list's that was not
    approved: the report goes to the 督导组, a member's draft is theirs (held_by)."""
    from django.db.models import Q

    return Item.objects.filter(
        Q(rectification_list__meeting=meeting, rectification_list__approved_at__isnull=False)
        | Q(carried_to=meeting) | Q(carried_from=meeting)
    )


@register_rectification
def last_meeting_items(meeting):
    """The preparation report's section on last year's rectification (seed 004: "通报…上年度
    民主生活会整改措施落实情况")."""
    previous = previous_meeting(meeting)
    if previous is None:
        return []
    found = []
    for item in _was_in(previous).distinct().order_by("rectification_list__kind", "order", "pk"):
        done = item.status == ItemStatus.CLOSED
        status = STATUS_WORDS[item.status]
        if not done and item.carried_to_id == meeting.pk:
            status = "转入本次会议继续整改"
        elif not done and item.term == "long_term":
            status = "长期坚持"
        found.append(RectificationItem(title=item.problem, done=done, status=status))
    return found


@register_item_panel("rectification/_carry_panel.html", order=90)
def carry_panel(item, access, request):
    """On the item's page: that it was carried (from where, into which meeting, why)."""
    if not item.carried_at:
        return None
    return {"item": item}


register_submitted(lambda *, material, actor: _recurrence(material_id=material.pk))


def _recurrence(*, material_id):
    from .recurrence import recurrence_check

    recurrence_check(material_id=material_id)
