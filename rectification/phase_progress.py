"""What following the items contributes: the daily item reminders, "my work" (my items due
within 7 days or overdue, closings waiting for me to verify) and the item page's panels
(progress and evidence per measure, the closing actions; the history is the item page's own)."""

from datetime import date, timedelta

from django.core.exceptions import PermissionDenied
from django.db.models import Max, Q
from django.utils import timezone

from meetings.progress import WorkItem, register_reminders, register_work
from organizations.models import TeamMembership, TeamPosition
from organizations.paging import url_maker
from organizations.selectors import org_ids_with_perm, person_for_user, supervised_orgs

from .access import ItemRole
from .closing import available_transitions
from .evidence import ACCEPT, KINDS_TEXT
from .models import Item, ItemStatus
from .panels import register_item_panel
from .progress import item_percent
from .reminders import due_by, due_date, followed_items, item_reminders_send

WORK_AHEAD = 7  # days ahead an item's deadline shows in "my work"


@register_reminders
def item_reminders(today: date) -> int:
    return item_reminders_send(today=today)


def _mine(person):
    return Q(rectification_list__kind="personal", rectification_list__owner=person) | Q(
        rectification_list__kind="team", responsible=person
    )


@register_work
def item_work(user):
    person = person_for_user(user)
    if person is None:
        return []
    today = timezone.localdate()
    related = ("rectification_list__meeting__organization", "rectification_list__owner")
    found = []
    mine = followed_items().filter(_mine(person)).filter(due_by(today + timedelta(days=WORK_AHEAD)))
    for item in mine.select_related(*related):
        due = due_date(item)
        found.append(WorkItem(
            title=f"{'复查' if item.term == 'long_term' else '整改'}：{item.problem[:30]}",
            meeting_title=item.rectification_list.meeting.title, url=item.get_absolute_url(), due_date=due,
            kind="整改事项", overdue=due < today, organization=item.rectification_list.meeting.organization.display_name,
        ))
    # Closings waiting for this person: a personal item for the office and the secretary
    # (never their own), a team item for the supervising level. Someone who is none of them
    # (the memoised permissions say so: a secretary takes part) is not asked.
    offices = org_ids_with_perm(user, "manage_organization")
    takes_part = org_ids_with_perm(user, "take_part")
    supervises = org_ids_with_perm(user, "supervise_organization")  # team items: the upper level's
    if not (offices or takes_part or supervises):
        return found
    verifying = Q(rectification_list__meeting__organization_id__in=offices)
    if takes_part:  # the secretary's seats, inside the one query
        verifying |= Q(rectification_list__meeting__organization_id__in=TeamMembership.objects.filter(
            person=person, position=TeamPosition.SECRETARY).values("organization_id"))
    closing = Item.objects.filter(status=ItemStatus.CLOSING).filter(
        Q(rectification_list__kind="personal") & verifying & ~Q(rectification_list__owner=person)
        | Q(rectification_list__kind="team", rectification_list__meeting__organization__in=supervised_orgs(user))
    )
    # A supervisor's closings run to hundreds: when each was asked (the last 销号 request)
    # is counted in the same query, not read as every item's events.
    page = url_maker("rectification:item")
    asked_at = Max("events__at", filter=Q(events__action="request_close"))
    for item in closing.select_related(*related).annotate(asked=asked_at):
        found.append(WorkItem(
            title=f"核验销号：{item.problem[:30]}", meeting_title=item.rectification_list.title,
            url=page(item.pk), kind="核验销号",
            organization=item.rectification_list.meeting.organization.display_name,
            since=timezone.localdate(item.asked) if item.asked else None,
        ))
    return found


# --- the item page's panels ----------------------------------------------------------------


@register_item_panel("rectification/_progress.html", order=20)
def progress_panel(item, access, request):
    from .progress import ensure_item_followable

    if access.via_disclosure:
        return None  # the reports' texts and evidence are internal; the 公示 shows the percent
    measures = list(item.measures.prefetch_related("reports__evidence", "reports__by__person"))
    try:
        ensure_item_followable(item)
        followable = True
    except PermissionDenied:  # archived, or the list not approved yet: read only
        followable = False
    return {
        "item": item, "measures": measures, "percent": round(sum(m.percent for m in measures) / len(measures))
        if measures else 0,
        "may_report": followable and access.has(ItemRole.REPORTER) and item.status != ItemStatus.CLOSED,
        "kinds_text": KINDS_TEXT, "accept": ACCEPT,
    }


@register_item_panel("rectification/_closing.html", order=30)
def closing_panel(item, access, request):
    return {
        "item": item, "moves": available_transitions(item, access), "percent": item_percent(item),
        "is_owner": access.has(ItemRole.REPORTER),
    }
