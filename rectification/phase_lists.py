"""What the lists contribute to the meeting's checklist, to "my work" and to the daily
reminders (issue 13 step 1).

Checklist "整改落实": the team list's state, personal lists approved n/N, 备案, and the
items: total / closed / overdue / carried.
My work: a member whose personal list is not started or was returned; the secretary's
lists waiting for approval; the supervisor's lists passed on to them; the office's 备案.
Reminders of 备案 on notifications.schedule's days (seed 002 方案7, 15 days after the
meeting), to the office while an approved list is not filed or a list is not approved yet;
the supervising 组织部 once overdue. Once each per day, however often the job runs.
"""

from datetime import date

from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from meetings.access import Role
from meetings.models import Meeting, Stage
from meetings.progress import (
    OFFICE,
    PARTICIPANT,
    SUPERVISOR,
    ChecklistItem,
    WorkItem,
    register_checklist,
    register_reminders,
    register_work,
)
from meetings.dates import REPORT_WITHIN
from notifications.schedule import reminder_due, reminder_horizon, reminder_send
from organizations.dateorder import day_text
from organizations.models import TeamMembership, TeamPosition
from organizations.paging import url_maker
from organizations.selectors import office_users, org_ids_with_perm, person_for_user, supervised_orgs, supervisor_users

from .access import OPEN_STAGES
from .filing import filing_due
from .models import ListKind, ListState, RectificationList
from .selectors import item_counts


def _home_url(meeting) -> str:
    return reverse("rectification:meeting", args=[meeting.pk])


@register_checklist("整改落实", order=90, link=_home_url, key="rectification", waivable=False,
                    detail_readers=(Role.OFFICE, Role.SECRETARY, Role.SUPERVISOR))
def lists_progress(meeting: Meeting):
    if not meeting.held_on or meeting.stage not in (*OPEN_STAGES, Stage.ARCHIVED):
        yield ChecklistItem("整改清单", False, "会议召开后制定")
        return
    url = _home_url(meeting)
    lists = list(RectificationList.objects.filter(meeting=meeting).only("kind", "state", "filed_at", "owner_id"))
    team = next((rl for rl in lists if rl.kind == ListKind.TEAM), None)
    personal = [rl for rl in lists if rl.kind == ListKind.PERSONAL]
    seats = TeamMembership.objects.filter(organization_id=meeting.organization_id).count()
    yield ChecklistItem("班子整改清单已批准", bool(team and team.state == ListState.APPROVED),
                        team.get_state_display() if team else "尚未起草", url)
    approved = sum(1 for rl in personal if rl.state == ListState.APPROVED)
    yield ChecklistItem("个人整改清单已批准", seats > 0 and approved >= seats, f"{approved}/{seats}", url)
    approved_lists = [rl for rl in lists if rl.state == ListState.APPROVED]
    filed = bool(approved_lists) and all(rl.filed_at for rl in lists) and len(lists) == seats + 1
    due = filing_due(meeting)
    yield ChecklistItem("整改方案已报送备案", filed, f"截止{day_text(due)}" if not filed else "", url, url_for_office=True)
    counts = item_counts(meeting)
    yield ChecklistItem(
        "整改事项", counts["total"] > 0 and counts["closed"] + counts["carried"] >= counts["total"],
        f"共{counts['total']}项，已销号{counts['closed']}，逾期{counts['overdue']}，转入下一次{counts['carried']}", url,
    )


@register_work(roles=(OFFICE, PARTICIPANT, SUPERVISOR))
def lists_work(user):
    if not user.is_authenticated:
        return []
    items = []
    link = url_maker("rectification:list")
    home = url_maker("rectification:meeting")
    person = person_for_user(user)
    if person is not None:
        seats = TeamMembership.objects.filter(person=person)
        own = RectificationList.objects.filter(meeting=OuterRef("pk"), kind=ListKind.PERSONAL, owner=person)
        meetings = (
            Meeting.objects.filter(organization_id__in=seats.values("organization_id"), stage__in=OPEN_STAGES,
                                   held_on__isnull=False)
            .annotate(started=Exists(own.exclude(state=ListState.DRAFT)),
                      returned=Exists(own.filter(state=ListState.RETURNED)))
            .filter(Q(started=False) | Q(returned=True)).select_related("organization")
        )
        for m in meetings:
            items.append(WorkItem(
                title="修改退回的个人整改清单" if m.returned else "制定个人整改清单", meeting_title=m.title,
                url=home(m.pk), due_date=filing_due(m), kind="整改清单", organization=m.organization.display_name,
            ))
        secretary_of = TeamMembership.objects.filter(person=person, position=TeamPosition.SECRETARY)
        waiting = (
            RectificationList.objects.filter(meeting__organization_id__in=secretary_of.values("organization_id"),
                                             meeting__stage__in=OPEN_STAGES, state=ListState.SUBMITTED)
            .exclude(owner=person).select_related("meeting__organization", "owner")
        )
        items += [_approve_item(rl, link, "审批整改清单") for rl in waiting]
    if org_ids_with_perm(user, "supervise_organization"):  # the upper level's, not a 督导组's
        upper = RectificationList.objects.filter(
            meeting__organization_id__in=supervised_orgs(user), meeting__stage__in=OPEN_STAGES,
            state=ListState.UPPER_REVIEW,
        ).select_related("meeting__organization", "owner")
        items += [_approve_item(rl, link, "审批整改清单（上级）") for rl in upper]
    office_orgs = org_ids_with_perm(user, "manage_organization")
    if office_orgs:
        unfiled = RectificationList.objects.filter(meeting=OuterRef("pk"), state=ListState.APPROVED, filed_at__isnull=True)
        meetings = Meeting.objects.filter(organization_id__in=office_orgs, stage__in=OPEN_STAGES,
                                          held_on__isnull=False).filter(Exists(unfiled)).select_related("organization")
        today = timezone.localdate()
        for m in meetings:
            due = filing_due(m)
            items.append(WorkItem(title="整改方案报送备案", meeting_title=m.title, url=home(m.pk), due_date=due,
                                  kind="备案", overdue=due < today, organization=m.organization.display_name))
    return items


def _all_filed(meeting) -> bool:
    """The team list and every member's, approved and filed: nothing left to remind of."""
    lists = RectificationList.objects.filter(meeting=meeting)
    seats = TeamMembership.objects.filter(organization_id=meeting.organization_id).count()
    return lists.filter(state=ListState.APPROVED, filed_at__isnull=False).count() >= seats + 1


def _approve_item(rlist, link, title):
    return WorkItem(
        title=f"{title}：{rlist.owner.name if rlist.owner_id else '领导班子'}",
        meeting_title=rlist.meeting.title, url=link(rlist.pk), kind="整改清单",
        organization=rlist.meeting.organization.display_name,
        since=timezone.localdate(rlist.submitted_at) if rlist.submitted_at else None,
    )


@register_reminders
def remind_filing(today: date) -> int:
    return filing_reminders_send(today=today)


def filing_reminders_send(*, today: date) -> int:
    """See the module's docstring; returns how many messages were new."""
    sent = 0
    horizon = reminder_horizon(today) - REPORT_WITHIN  # held on or before: due within the horizon
    meetings = Meeting.objects.filter(stage__in=OPEN_STAGES, held_on__isnull=False, held_on__lte=horizon)
    for meeting in meetings.select_related("organization"):
        if _all_filed(meeting):
            continue
        due = filing_due(meeting)
        reminder = reminder_due(due, today, every_overdue=meeting.organization.overdue_reminder_days)
        if reminder is None:
            continue
        phrase = reminder.phrase()
        body = (f"会议于{day_text(meeting.held_on)}召开，批准的班子和个人整改方案须于{day_text(due)}前"
                "报送上级组织部备案。")
        item = f"rectification_filing:{meeting.pk}:{meeting.held_on.isoformat()}"
        sent += reminder_send(item=f"{item}:office", reminder=reminder, today=today,
                              recipients=office_users(meeting.organization),
                              title=f"【整改方案备案·{phrase}】{meeting.title}", body=body, url=_home_url(meeting))
        if reminder.days_left < 0:
            sent += reminder_send(item=f"{item}:upper", reminder=reminder, today=today,
                                  recipients=supervisor_users(meeting.organization),
                                  title=f"【整改方案备案·{phrase}】{meeting.organization.display_name}：{meeting.title}尚未备案",
                                  body=body, url=_home_url(meeting))
    return sent
