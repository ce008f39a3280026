"""The states of a rectification list and the one function that moves it between them.

Issue 13, seed 001 §五(二): the office drafts the team list, each member their own; the
secretary approves both, and the team list goes on to the supervisor (组织部). The
secretary's own list goes straight to the upper level: nobody approves their own plan.
A list is versioned like the materials: each submission freezes a `ListVersion`; a return
carries the comments; an approved list is frozen, and a change after approval reopens it
as a draft only with a written reason, which the next version carries.

Approval waits for coverage: while `coverage.uncovered(rlist)` names a criticism or an
opinion not yet turned into an item, merged or set aside, the list cannot be approved.
"""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from meetings.workflow import Transition as BaseTransition
from notifications.services import notify
from organizations.models import TeamMembership, TeamPosition
from organizations.selectors import office_users, supervisor_users

from . import coverage
from .access import OPEN_STAGES, ListAccess, ListRole
from .models import Item, ListEvent, ListState, ListVersion, RectificationList, VersionOutcome

S = ListState
W = (ListRole.OWNER, ListRole.DRAFTER)


class TransitionError(Exception):
    """A move that is not allowed; the message is shown to the person as is."""


@dataclass(frozen=True)
class Transition(BaseTransition):
    outcome: str = ""  # what becomes of the version under review
    needs_reason: bool = False  # a change after approval: the reason goes into the next version


TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in [
        Transition(
            "submit", "提交书记审批", (S.DRAFT, S.RETURNED), S.SUBMITTED, W,
            help_text="提交后清单即定为一个版本，由书记审批；审批前可以撤回。",
        ),
        Transition(
            "submit_upper", "报上级审批", (S.DRAFT, S.RETURNED), S.UPPER_REVIEW, (ListRole.OWNER,),
            outcome=VersionOutcome.PASSED_ON, help_text="书记本人的个人整改清单直接报上级组织审批。",
        ),
        Transition(
            "withdraw", "撤回", (S.SUBMITTED,), S.DRAFT, W, outcome=VersionOutcome.WITHDRAWN, style="secondary",
            help_text="撤回后可以继续修改，再重新提交。",
        ),
        Transition(
            "return", "退回修改", (S.SUBMITTED,), S.RETURNED, (ListRole.APPROVER,), outcome=VersionOutcome.RETURNED,
            needs_note=True, style="secondary", help_text="写明修改意见，退回本人（班子清单退回办公室）修改。",
        ),
        Transition(
            "approve", "审批通过", (S.SUBMITTED,), S.APPROVED, (ListRole.APPROVER,), outcome=VersionOutcome.APPROVED,
            help_text="个人整改清单经书记审批通过即生效；班子整改清单审批通过后报上级审批。",
        ),
        Transition(
            "upper_approve", "上级审批通过", (S.UPPER_REVIEW,), S.APPROVED, (ListRole.SUPERVISOR,),
            outcome=VersionOutcome.APPROVED, help_text="审批通过后清单生效，由办公室报送备案。",
        ),
        Transition(
            "upper_return", "退回修改", (S.UPPER_REVIEW,), S.RETURNED, (ListRole.SUPERVISOR,),
            outcome=VersionOutcome.UPPER_RETURNED, needs_note=True, style="secondary",
            help_text="写明修改意见；修改后须重新提交审批。",
        ),
        Transition(
            "revise", "申请修改", (S.APPROVED,), S.DRAFT, W, needs_note=True, needs_reason=True, style="secondary",
            help_text="已批准的清单须修改时使用：写明原因；已批准的版本保留，修改后重新提交审批，新版本载明原因。",
        ),
    ]
}

# The team list does not stop at the secretary: "approve" passes it on to the supervisor.
TEAM_APPROVE_LABEL = "审批通过，报上级审批"


def transition_label(transition: Transition, rlist: RectificationList) -> str:
    return TEAM_APPROVE_LABEL if transition.name == "approve" and rlist.is_team else transition.label


def _target(transition: Transition, rlist: RectificationList) -> str:
    if transition.name == "approve" and rlist.is_team:
        return S.UPPER_REVIEW
    return transition.target


def secretary_person_ids(organization_id: int) -> set[int]:
    return set(TeamMembership.objects.filter(organization_id=organization_id, position=TeamPosition.SECRETARY)
               .values_list("person_id", flat=True))


def is_secretarys_list(rlist: RectificationList, secretaries: set[int] | None = None) -> bool:
    if rlist.is_team:
        return False
    if secretaries is None:
        secretaries = secretary_person_ids(rlist.meeting.organization_id)
    return rlist.owner_id in secretaries


def _applies(transition: Transition, rlist: RectificationList, own_secretary_list: bool) -> bool:
    if transition.name == "submit":
        return not own_secretary_list
    if transition.name == "submit_upper":
        return own_secretary_list
    return True


def available_transitions(rlist: RectificationList, access: ListAccess, *, secretaries: set[int] | None = None):
    """The moves this reader may make now (the page's buttons); `secretaries` spares a query
    per list on a page of lists."""
    if rlist.meeting.stage not in OPEN_STAGES:
        return []
    own = is_secretarys_list(rlist, secretaries)
    return [
        t for t in TRANSITIONS.values()
        if rlist.state in t.sources and access.roles.intersection(t.roles) and _applies(t, rlist, own)
    ]


def list_content(rlist: RectificationList) -> dict:
    """The list as it stands, as it is frozen into a version (what is approved and filed)."""
    items = Item.objects.filter(rectification_list=rlist).select_related("responsible").prefetch_related("measures")
    return {
        "title": rlist.title,
        "items": [
            {
                "id": item.pk,
                "problem": item.problem,
                "target": item.target,
                "term": item.term,
                "term_label": item.get_term_display(),
                "deadline": item.deadline.isoformat() if item.deadline else "",
                "next_review": item.next_review.isoformat() if item.next_review else "",
                "responsible": item.responsible_label,
                "lead_department": item.lead_department,
                "cooperating": item.cooperating,
                "disclosed": item.disclosed,
                "measures": [
                    {"content": m.content, "deadline": m.deadline.isoformat() if m.deadline else ""}
                    for m in item.measures.all()
                ],
            }
            for item in items
        ],
    }


def _latest(rlist: RectificationList) -> ListVersion | None:
    return rlist.versions.order_by("-number").first()


def _revise_reason(rlist: RectificationList) -> str:
    """The reason written when the approved list was reopened, for the version that follows."""
    revise = rlist.events.filter(transition="revise").order_by("-at", "-id").first()
    if revise is None:
        return ""
    later = rlist.versions.filter(submitted_at__gt=revise.at).exists()
    return "" if later else revise.note


def incomplete_items(rlist: RectificationList) -> list[str]:
    """Items that break the field rules or have no measure (an item taken from a source in
    one click may have neither yet): "第2项：限期整改的事项须填写完成时限。"."""
    from django.core.exceptions import ValidationError

    from .services import ITEM_FIELDS, item_rules

    found = []
    items = Item.objects.filter(rectification_list=rlist).select_related("responsible").annotate(n=Count("measures"))
    for item in items:
        try:
            item_rules(rlist, {name: getattr(item, name) for name in ITEM_FIELDS})
        except ValidationError as exc:
            found.append(f"第{item.order}项：{''.join(exc.messages)}")
        if not item.n:
            # Seed 000 §四(三): "明确整改目标、重点、措施、时限、责任人" — no item without a measure.
            found.append(f"第{item.order}项：须有至少一条整改措施。")
    return found


def _freeze(rlist: RectificationList, *, actor, note: str, at, outcome: str) -> ListVersion:
    content = list_content(rlist)
    if not content["items"]:
        raise TransitionError("清单还没有整改事项，不能提交。")
    incomplete = incomplete_items(rlist)
    if incomplete:
        raise TransitionError("请先补全以下事项再提交：" + "；".join(incomplete))
    previous = _latest(rlist)
    return ListVersion.objects.create(
        rectification_list=rlist, number=(previous.number if previous else 0) + 1, content=content,
        reason=_revise_reason(rlist), note=note, submitted_by=actor, submitted_at=at, outcome=outcome,
    )


def _check_coverage(rlist: RectificationList) -> None:
    missing = coverage.uncovered(rlist)
    if missing:
        shown = "；".join(f"“{u.text[:20]}”" for u in missing[:3])
        raise TransitionError(
            f"还有{len(missing)}条意见未列入清单、未合并也未说明不列入的原因（{shown}{'等' if len(missing) > 3 else ''}），"
            "不能审批通过。"
        )


@transaction.atomic
def list_transition(*, rlist: RectificationList, name: str, actor, access: ListAccess, note: str = "",
                    reason: str = "") -> ListEvent:
    """Move the list by the named transition, or raise TransitionError saying why not.

    `note` is the comments of a return or the remark of a submission; `reason` (or `note`)
    is the written reason of a change after approval.
    """
    transition = TRANSITIONS.get(name)
    if transition is None:
        raise TransitionError("未知的操作。")
    locked = (RectificationList.objects.select_for_update(of=("self",))
              .select_related("meeting__organization", "owner").get(pk=rlist.pk))
    label = transition_label(transition, locked)
    if locked.meeting.stage not in OPEN_STAGES:
        raise TransitionError(f"会议处于“{locked.meeting.get_stage_display()}”阶段，清单不能再流转。")
    if locked.state not in transition.sources:
        raise TransitionError(f"清单当前{locked.get_state_display()}，不能“{label}”。")
    if not access.roles.intersection(transition.roles):
        raise TransitionError(f"您不能“{label}”这份清单。")
    if not _applies(transition, locked, is_secretarys_list(locked)):
        raise TransitionError("书记本人的个人整改清单直接报上级审批。" if name == "submit" else "只有书记本人的清单直接报上级。")
    note = (reason or note or "").strip() if transition.needs_reason else (note or "").strip()
    if transition.needs_note and not note:
        raise TransitionError("请写明修改原因。" if transition.needs_reason else f"“{label}”须填写意见。")
    target = _target(transition, locked)
    if name == "approve" or target == S.APPROVED:
        # The secretary's approval of the team list passes it up: it is an approval too,
        # and the upper level should not be the first to find what was left uncovered.
        _check_coverage(locked)

    now = timezone.now()
    source = locked.state
    version = _latest(locked)
    if name in ("submit", "submit_upper"):
        version = _freeze(locked, actor=actor, note=note, at=now,
                          outcome=transition.outcome or VersionOutcome.PENDING)
    elif version is not None and (transition.outcome or name == "approve"):
        version.outcome = VersionOutcome.PASSED_ON if target == S.UPPER_REVIEW else transition.outcome
        version.save(update_fields=["outcome"])
    if target == S.APPROVED and version is not None:
        # The version approved before a revision gives way to this one.
        locked.versions.filter(outcome=VersionOutcome.APPROVED).exclude(pk=version.pk).update(
            outcome=VersionOutcome.SUPERSEDED)

    locked.state = target
    fields = ["state"]
    if name in ("submit", "submit_upper"):
        locked.submitted_at = now
        fields.append("submitted_at")
        if locked.first_submitted_at is None:
            locked.first_submitted_at = now
            fields.append("first_submitted_at")
    if target == S.UPPER_REVIEW and locked.passed_on_at is None:
        locked.passed_on_at = now
        fields.append("passed_on_at")
    if target == S.APPROVED:
        locked.approved_at = now
        fields.append("approved_at")
    if name == "revise" and locked.filed_at:
        # The filed plan changes: the new version goes to the 组织部 again (the first
        # filing stays in the list's history).
        locked.filed_at, locked.filed_by = None, None
        fields += ["filed_at", "filed_by"]
    locked.save(update_fields=fields)

    event = ListEvent.objects.create(
        rectification_list=locked, version=version, transition=name, action=label, from_state=source,
        to_state=target, actor=actor, note=note, at=now,
    )
    for attr in ("state", "first_submitted_at", "submitted_at", "passed_on_at", "approved_at"):
        setattr(rlist, attr, getattr(locked, attr))
    transaction.on_commit(lambda: list_event_notify(event_id=event.pk))
    return event


# --- who hears about a move -------------------------------------------------------------------


def secretary_users(meeting) -> list:
    seats = TeamMembership.objects.filter(
        organization_id=meeting.organization_id, position=TeamPosition.SECRETARY
    ).select_related("person__user")
    return [seat.person.user for seat in seats if seat.person.user]


def _writer_users(rlist: RectificationList) -> list:
    if not rlist.is_team:
        return [rlist.owner.user] if rlist.owner.user else []
    return list(office_users(rlist.meeting.organization))


AUDIENCE = {
    # transition -> who hears of it (the next person, and the writers of a decision)
    "submit": ("secretary",),
    "submit_upper": ("supervisors",),
    "withdraw": ("secretary",),
    "return": ("writers",),
    "approve": ("writers",),
    "upper_approve": ("writers", "secretary", "office"),
    "upper_return": ("writers", "secretary"),
    "revise": ("secretary",),
}


def list_event_notify(*, event_id: int) -> None:
    event = ListEvent.objects.select_related(
        "rectification_list__meeting__organization", "rectification_list__owner__user"
    ).get(pk=event_id)
    rlist = event.rectification_list
    audiences = {
        "secretary": lambda: secretary_users(rlist.meeting),
        "writers": lambda: _writer_users(rlist),
        "office": lambda: list(office_users(rlist.meeting.organization)),
        "supervisors": lambda: list(supervisor_users(rlist.meeting.organization)),
    }
    names = list(AUDIENCE.get(event.transition, ()))
    if event.transition == "approve" and rlist.is_team:
        names.append("supervisors")  # passed on: the upper level approves it next
    recipients = [u for a in names for u in audiences[a]() if u.pk != event.actor_id]
    body = f"{rlist.title}：{event.get_from_state_display()} → {event.get_to_state_display()}。"
    if event.note:
        body += f"\n{'原因' if event.transition == 'revise' else '意见'}：{event.note}"
    notify(recipients=recipients, title=f"{event.action}：{rlist.title}", body=body,
           url=reverse("rectification:list", args=[rlist.pk]))
