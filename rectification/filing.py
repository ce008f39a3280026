"""备案 (seed 002 方案7: "会后15日内…整改方案…送党委组织部备案"): within 15 days of the
meeting the approved 整改方案, the team's and each member's, reach the upper 组织部 for the
record. The office files them; the supervising officials are told, and a reminder runs on
the shared schedule (rectification/phase_lists.py) until everything approved is filed.
A list changed after approval (revise) is filed again once it is approved again.
"""

from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from meetings.access import MeetingAccess
from meetings.dates import situation_report_due
from notifications.services import notify
from organizations.dateorder import day_text
from organizations.selectors import supervisor_users

from .access import ensure_list_editable
from .models import ListEvent, ListState, RectificationList


class FilingError(Exception):
    """Nothing to file, or not the office: the message is shown as is."""


def filing_due(meeting) -> date | None:
    """The same 15 days as the situation report's, from the day the meeting was held."""
    return situation_report_due(meeting.held_on) if meeting.held_on else None


def unfiled(lists) -> list[RectificationList]:
    return [rl for rl in lists if rl.state == ListState.APPROVED and rl.filed_at is None]


@transaction.atomic
def lists_file(*, meeting, actor, access: MeetingAccess) -> list[RectificationList]:
    """Record the approved lists not yet filed as sent to the upper 组织部, and tell them."""
    if not access.is_office:
        raise PermissionDenied("只有办公室报送备案")
    ready = list(
        RectificationList.objects.select_for_update(of=("self",)).select_related("meeting__organization", "owner")
        .filter(meeting=meeting, state=ListState.APPROVED, filed_at__isnull=True)
    )
    if not ready:
        raise FilingError("没有已批准、尚未备案的整改清单。")
    ensure_list_editable(ready[0], "整改方案备案")
    now = timezone.now()
    RectificationList.objects.filter(pk__in=[rl.pk for rl in ready]).update(filed_at=now, filed_by=actor)
    # In each list's history too: a revised plan is filed again, and both filings stay readable.
    ListEvent.objects.bulk_create([
        ListEvent(rectification_list=rl, version=rl.versions.order_by("-number").first(), transition="file",
                  action="报送备案", from_state=rl.state, to_state=rl.state, actor=actor, at=now)
        for rl in ready
    ])
    titles = "\n".join(f"· {rl.title}" for rl in ready)
    due = filing_due(meeting)
    late = due is not None and timezone.localdate(now) > due
    body = (f"{meeting.organization.display_name}报送{len(ready)}份整改方案备案"
            f"（应于{day_text(due)}前报送{'，已逾期' if late else ''}）：\n{titles}")
    recipients = list(supervisor_users(meeting.organization))
    url = reverse("rectification:meeting", args=[meeting.pk])
    transaction.on_commit(lambda: notify(recipients=recipients, title=f"整改方案备案：{meeting.title}", body=body,
                                         url=url))
    return ready
