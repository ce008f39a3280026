"""What the evaluation contributes to the meeting's checklist and to "my work".

The phase shows only for a 组织生活会 whose office switched 民主评议党员 on; for another
组织生活会 the checklist offers the office the switch, and a 民主生活会 has no such phase.
"""

from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone

from meetings.models import MeetingKind, Stage
from meetings.progress import (
    OFFICE,
    PARTICIPANT,
    SUPERVISOR,
    ChecklistItem,
    WorkItem,
    register_checklist,
    register_work,
)
from organizations.selectors import org_ids_with_perm, person_for_user
from proceedings.agenda import ProposedItem, register_agenda_item

from . import county, demo, documents  # noqa: F401  registers the county part, the demo data and the document types
from .agenda import agenda_proposals
from .models import Evaluation, Registration, RegistrationState, RoundState, Verdict, VerdictState
from .scoring import voters
from .selectors import progress
from .verdicts import is_final

OPEN_STAGES = [s for s in Stage.values if s != Stage.ARCHIVED]


def _link(meeting) -> str:
    if meeting.kind != MeetingKind.ORGANIZATION_LIFE:
        return ""
    evaluation = Evaluation.objects.filter(meeting=meeting, enabled=True).first()
    if evaluation is None:
        return ""
    return reverse("evaluation:overview", args=[meeting.pk])


@register_checklist("民主评议党员", order=75, link=_link, key="evaluation", waivable=False)
def evaluation_progress(meeting):
    if meeting.kind != MeetingKind.ORGANIZATION_LIFE:
        return
    evaluation = Evaluation.objects.filter(meeting=meeting).first()
    if evaluation is None or not evaluation.enabled:
        yield ChecklistItem(
            "未开展民主评议党员", True, "办公室可开启", reverse("evaluation:switch", args=[meeting.pk]),
            url_for_office=True,
        )
        return
    evaluation.meeting = meeting
    found = progress(evaluation)
    due = f"，截止{evaluation.due_date:%m月%d日}" if evaluation.due_date else ""
    yield ChecklistItem(
        "自我鉴定经支部审定", bool(found.total) and found.approved == found.total,
        f"{found.approved}/{found.total}{due}" if found.total else "本支部尚无党员",
        reverse("evaluation:overview", args=[meeting.pk]),
    )
    yield ChecklistItem("党小组评议意见", bool(found.total) and found.group_done == found.total,
                        f"{found.group_done}/{found.total}")
    yield ChecklistItem("党外群众评议意见", bool(found.total) and found.outside_done == found.total,
                        f"{found.outside_done}/{found.total}")
    closed = evaluation.rounds.filter(state=RoundState.CLOSED).order_by("-pk").first()
    counted = closed is not None and voters(closed) >= closed.minimum_voters
    yield ChecklistItem(
        "现场不记名评分", counted,
        "" if counted else ("评分人数不足，未出结果" if closed else "尚未评分"),
        reverse("evaluation:scoring", args=[meeting.pk]), url_for_office=True,
    )
    graded = [v for v in Verdict.objects.filter(registration__evaluation=evaluation)]
    final = sum(1 for v in graded if is_final(v))
    to_grade = found.total - found.probationary
    yield ChecklistItem(
        "评定等次（优秀、不合格经上级审批）", bool(to_grade) and final == to_grade, f"{final}/{to_grade}",
        reverse("evaluation:grades", args=[meeting.pk]), url_for_office=True,
    )


@register_work(roles=(OFFICE, PARTICIPANT, SUPERVISOR))
def evaluation_to_do(user):
    """A member's own 登记表 to write; the branch's to approve; a 组长's group opinions; the
    upper committee's approvals of 优秀 and 不合格."""
    person = person_for_user(user)
    if person is None:
        return []
    # Only the upper committee approves grades (memoised permissions: no query otherwise).
    items = _approvals(user) if org_ids_with_perm(user, "supervise_organization") else []
    evaluations = list(
        Evaluation.objects.filter(
            enabled=True, meeting__kind=MeetingKind.ORGANIZATION_LIFE, meeting__stage__in=OPEN_STAGES
        ).select_related("meeting__organization").filter(_involving(person)).distinct()
    )
    if not evaluations:
        return items
    today = timezone.localdate()
    scope = _person_scope(person, evaluations)
    for evaluation in evaluations:
        meeting = evaluation.meeting
        org = meeting.organization_id
        due = evaluation.due_date
        overdue = bool(due and due < today)
        common = {"meeting_title": meeting.title, "due_date": due, "overdue": overdue,
                  "organization": meeting.organization.display_name}
        own = scope.mine.get(evaluation.pk)
        # subjects(meeting): the branch's party members and the committee's (its seats).
        is_subject = person.is_party_member and (org == person.branch_id or org in scope.seats)
        if (own is None or own.state in (RegistrationState.DRAFT, RegistrationState.RETURNED)) and is_subject:
            label = "修改并重新提交" if own and own.state == RegistrationState.RETURNED else "撰写并提交"
            items.append(WorkItem(title=f"民主评议党员：{label}自我鉴定", kind="民主评议党员",
                                  url=reverse("evaluation:mine", args=[meeting.pk]), **common))
        waiting = scope.submitted.get(evaluation.pk, 0)
        if waiting and (org in scope.leads or org in scope.offices):
            items.append(WorkItem(title=f"审定党员自我鉴定：{waiting}份待审定", kind="民主评议党员",
                                  url=reverse("evaluation:overview", args=[meeting.pk]), **common))
        missing = scope.without_group_opinion.get(evaluation.pk, 0)
        if missing:
            items.append(WorkItem(title=f"填写党小组评议意见：{missing}人", kind="民主评议党员",
                                  url=reverse("evaluation:overview", args=[meeting.pk]), **common))
    return items


@dataclass(frozen=True)
class _Scope:
    mine: dict
    seats: set
    leads: set
    offices: set
    submitted: dict
    without_group_opinion: dict


def _person_scope(person, evaluations) -> _Scope:
    """What the loop above asks of each evaluation, for all of them at once: a fixed
    number of queries however many meetings the person takes part in."""
    from django.db.models import Count, F

    from organizations.models import StaffRole, TeamMembership, TeamPosition

    seats = list(TeamMembership.objects.filter(person=person).values_list("organization_id", "position"))
    others = Registration.objects.filter(evaluation__in=evaluations).exclude(person=person).values("evaluation_id")
    # A 组长 gives the opinions of their own group in that branch (the groups are the branch's).
    unheard = others.filter(person__party_group__leader=person, group_opinion="",
                            person__party_group__branch_id=F("evaluation__meeting__organization_id"))
    leads = {org for org, position in seats if position == TeamPosition.SECRETARY}
    offices = set(StaffRole.objects.filter(person=person, kind="office").values_list("organization_id", flat=True))
    # The submitted ones wait on the branch's secretary and office only: a plain member asks nothing.
    reviews = {e.pk for e in evaluations if e.meeting.organization_id in leads | offices}
    return _Scope(
        mine={r.evaluation_id: r for r in Registration.objects.filter(evaluation__in=evaluations, person=person)},
        seats={org for org, _ in seats},
        leads=leads,
        offices=offices,
        submitted=dict(others.filter(evaluation__in=reviews, state=RegistrationState.SUBMITTED).annotate(
            n=Count("pk")).values_list("evaluation_id", "n")) if reviews else {},
        without_group_opinion=dict(unheard.annotate(n=Count("pk")).values_list("evaluation_id", "n")),
    )


def _involving(person):
    from django.db.models import Q

    return (
        Q(meeting__organization_id=person.branch_id)
        | Q(meeting__organization__team__person=person)
        | Q(meeting__organization__party_groups__leader=person)
        | Q(meeting__organization__staff__person=person, meeting__organization__staff__kind="office")
    )


def _approvals(user) -> list[WorkItem]:
    from django.db.models import Count

    from organizations.selectors import supervised_orgs

    # The upper committee's, not a 督导组's (verdicts.verdict_roles).
    waiting = (
        Verdict.objects.filter(state=VerdictState.UPPER_REVIEW,
                               registration__evaluation__meeting__organization_id__in=supervised_orgs(user))
        .values("registration__evaluation__meeting_id", "registration__evaluation__meeting__title",
                "registration__evaluation__meeting__organization__short_name",
                "registration__evaluation__meeting__organization__name")
        .annotate(n=Count("pk"))
    )
    return [
        WorkItem(
            title=f"审批民主评议党员等次：{row['n']}人（优秀、不合格）",
            meeting_title=row["registration__evaluation__meeting__title"],
            url=reverse("evaluation:grades", args=[row["registration__evaluation__meeting_id"]]),
            kind="民主评议党员",
            organization=row["registration__evaluation__meeting__organization__short_name"]
            or row["registration__evaluation__meeting__organization__name"],
        )
        for row in waiting
    ]


@register_agenda_item
def scoring_round_on_the_agenda(meeting) -> list[ProposedItem]:
    """The scoring round joins the meeting's agenda (after the rotation) once 民主评议党员 is on."""
    return [ProposedItem(**fields) for fields in agenda_proposals(meeting)]
