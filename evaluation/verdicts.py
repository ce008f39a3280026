"""The committee's verdict on each member, and the one function that moves it.

Seed 002 方案3 §四(三): 召开支部委员会，将各方面对每个党员的评价和反映进行综合分析，提出初步
意见……并征求全体党员意见后，形成正式组织意见……对确定为优秀党员和不合格党员的，要报上级党委
审批. §四(四): 对一致公认表现好的党员进行表扬……对于不合格的党员，应区分性质，进行严肃的批评
教育并做出妥善处理. §二(二): 预备党员也应参加民主评议，但不定等次.
"""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from meetings.access import ensure_not_archived
from meetings.workflow import Transition
from notifications.services import notify
from organizations.selectors import office_users, supervisor_users

from .access import RegistrationRole
from .models import Evaluation, Grade, GradeComment, Registration, Verdict, VerdictEvent, VerdictState

S = VerdictState
SUPERVISOR = "supervisor"

VERDICT_MOVES: dict[str, Transition] = {
    t.name: t
    for t in [
        Transition("fix", "确定等次", (S.PROPOSED,), S.FIXED, (RegistrationRole.REVIEWER,),
                   help_text="征求全体党员意见后，形成正式组织意见；优秀和不合格报上级党委审批。"),
        Transition("approve", "审批同意", (S.UPPER_REVIEW,), S.APPROVED, (SUPERVISOR,),
                   help_text="上级党委同意支部评定的等次。"),
        Transition("return", "退回重新评定", (S.UPPER_REVIEW,), S.PROPOSED, (SUPERVISOR,), needs_note=True,
                   style="secondary", help_text="写明意见，由支部委员会重新评定。"),
    ]
}


class VerdictError(Exception):
    """A verdict write that is not allowed; the message is shown as is, nothing changed."""


def verdict_roles(access) -> frozenset[str]:
    roles = set()
    if access.is_secretary or access.is_office:
        roles.add(RegistrationRole.REVIEWER)
    # 优秀 and 不合格 are approved by the upper committee (002 方案3), not by a 督导组.
    if access.decides_for_upper_level:
        roles.add(SUPERVISOR)
    return frozenset(roles)


def _event(verdict, action, source, actor, note=""):
    VerdictEvent.objects.create(verdict=verdict, action=action, grade=verdict.grade, from_state=source,
                                to_state=verdict.state, actor=actor, note=note)


@transaction.atomic
def verdict_propose(*, registration: Registration, grade: str, reason: str, actor) -> Verdict:
    """The committee's proposed grade (初步意见); changed freely until it is fixed."""
    ensure_not_archived(registration.evaluation.meeting, "评定等次")
    if registration.person.is_probationary:
        raise VerdictError("预备党员参加民主评议，但不定等次。")
    if grade not in Grade.values:
        raise VerdictError("请选择等次：优秀、合格、基本合格或不合格。")
    reason = reason.strip()
    if grade in Grade.needs_reason() and not reason:
        raise VerdictError(f"评定为“{Grade(grade).label}”须写明理由。")
    verdict = Verdict.objects.select_for_update().filter(registration=registration).first()
    if verdict is None:
        verdict = Verdict.objects.create(registration=registration, grade=grade, reason=reason)
    elif verdict.state != S.PROPOSED:
        raise VerdictError(f"等次已{verdict.get_state_display()}，不能再修改。")
    else:
        verdict.grade, verdict.reason, verdict.version = grade, reason, verdict.version + 1
        verdict.save(update_fields=["grade", "reason", "version"])
    _event(verdict, "提出初步意见", S.PROPOSED, actor, reason)
    return verdict


def grades_show(*, evaluation: Evaluation, actor) -> Evaluation:
    """征求全体党员意见: from now on every member sees the proposed grades and may comment."""
    ensure_not_archived(evaluation.meeting, "评定等次")
    if not Verdict.objects.filter(registration__evaluation=evaluation).exists():
        raise VerdictError("请先提出初步评定意见。")
    if evaluation.grades_shown_at is None:
        evaluation.grades_shown_at = timezone.now()
        evaluation.save(update_fields=["grades_shown_at"])
    return evaluation


def available_moves(verdict: Verdict, roles: frozenset[str]) -> list[Transition]:
    return [t for t in VERDICT_MOVES.values() if verdict.state in t.sources and roles.intersection(t.roles)]


@transaction.atomic
def verdict_transition(*, verdict: Verdict, name: str, actor, roles: frozenset[str], note: str = "") -> Verdict:
    move = VERDICT_MOVES.get(name)
    if move is None:
        raise VerdictError("未知的操作。")
    verdict = Verdict.objects.select_for_update(of=("self",)).select_related(
        "registration__evaluation__meeting__organization", "registration__person").get(pk=verdict.pk)
    evaluation = verdict.registration.evaluation
    ensure_not_archived(evaluation.meeting, "评定等次")
    if verdict.state not in move.sources:
        raise VerdictError(f"等次当前为“{verdict.get_state_display()}”，不能{move.label}。")
    if not roles.intersection(move.roles):
        raise VerdictError(f"您不能{move.label}。")
    if move.needs_note and not note.strip():
        raise VerdictError("请写明意见。")
    if name == "fix" and evaluation.grades_shown_at is None:
        raise VerdictError("请先征求全体党员意见，再确定等次。")
    source = verdict.state
    target = move.target
    if name == "fix" and verdict.grade in Grade.needs_upper_approval():
        target = S.UPPER_REVIEW
    verdict.state = target
    fields = ["state"]
    if name in ("approve", "return"):
        verdict.upper_note = note.strip()
        fields.append("upper_note")
    verdict.save(update_fields=fields)
    _event(verdict, move.label if target != S.UPPER_REVIEW else "确定等次，报上级审批", source, actor, note.strip())
    _tell(verdict, source, target, evaluation)
    return verdict


def _tell(verdict, source, target, evaluation):
    org = evaluation.meeting.organization
    name = verdict.registration.person.name
    url = reverse("evaluation:grades", args=[evaluation.meeting_id])
    if target == S.UPPER_REVIEW:
        recipients, title = list(supervisor_users(org)), f"{org.display_name}报批：{name}评定为“{verdict.get_grade_display()}”"
    elif source == S.UPPER_REVIEW:
        recipients = list(office_users(org))
        title = f"上级党委{'同意' if target == S.APPROVED else '退回'}：{name}评定为“{verdict.get_grade_display()}”"
    else:
        return
    transaction.on_commit(lambda: notify(recipients=recipients, title=title, url=url, body=verdict.upper_note))


def is_final(verdict: Verdict) -> bool:
    if verdict.grade in Grade.needs_upper_approval():
        return verdict.state == S.APPROVED
    return verdict.state == S.FIXED


def verdict_follow_up(*, verdict: Verdict, text: str, handling: str, actor) -> Verdict:
    """The recognition of an 优秀 member, or the handling of a 不合格 one, once approved."""
    ensure_not_archived(verdict.registration.evaluation.meeting, "表扬和处理情况")
    if verdict.grade not in Grade.needs_upper_approval():
        raise VerdictError("只记录优秀党员的表扬和不合格党员的处理情况。")
    if not is_final(verdict):
        raise VerdictError("上级党委审批后，才能记录表扬或处理情况。")
    text = text.strip()
    if not text:
        raise VerdictError("请写明表扬或处理情况。")
    if verdict.grade == Grade.UNQUALIFIED and not handling:
        raise VerdictError("请选择对不合格党员的处理方式。")
    if verdict.grade == Grade.EXCELLENT:
        handling = ""
    verdict.follow_up, verdict.handling, verdict.followed_up_at = text, handling, timezone.now()
    verdict.save(update_fields=["follow_up", "handling", "followed_up_at"])
    _event(verdict, "记录表扬情况" if verdict.grade == Grade.EXCELLENT else "记录处理情况", verdict.state, actor, text)
    return verdict


def grade_comment_add(*, evaluation: Evaluation, author, text: str) -> GradeComment:
    ensure_not_archived(evaluation.meeting, "评定意见")
    if evaluation.grades_shown_at is None:
        raise VerdictError("支部委员会尚未征求党员意见。")
    if not text.strip():
        raise VerdictError("请填写意见。")
    return GradeComment.objects.create(evaluation=evaluation, author=author, text=text.strip())
