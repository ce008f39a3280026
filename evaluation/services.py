"""Write operations of the evaluation's first stage: the switch and the 登记表's texts.

Three people write on one 登记表, each their own part with its own version (the member's
self-assessment, the 组长's group opinion, the office's outside opinion). A save made from
an older version than the one stored is refused and nothing is lost: the page shows both
texts and the writer chooses (see inspections editing for the same rule).
"""

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from meetings.access import ensure_not_archived
from meetings.models import Meeting

from .models import Evaluation, Registration, RegistrationState

EDITABLE = (RegistrationState.DRAFT, RegistrationState.RETURNED)


class EvaluationError(Exception):
    """A write that is not allowed now; the message is shown as is."""


class StaleSave(EvaluationError):
    """Someone saved this text after it was loaded here; `current` is what is stored now."""

    def __init__(self, current: str, version: int):
        self.current = current
        self.version = version
        super().__init__(
            f"这段内容已由他人或在您的另一个窗口中保存过（第{version}版）。"
            "为避免覆盖，您这次的修改没有保存；两份内容都保留在下面，请核对后再保存。"
        )


def evaluation_switch(*, meeting: Meeting, actor, enabled: bool, due_date=None) -> Evaluation:
    """The office turns 民主评议党员 on (or off) for this 组织生活会; what was written stays."""
    ensure_not_archived(meeting, "民主评议党员")
    evaluation, created = Evaluation.objects.get_or_create(
        meeting=meeting, defaults={"enabled": enabled, "due_date": due_date, "enabled_by": actor}
    )
    if not created:
        evaluation.enabled = enabled
        evaluation.due_date = due_date
        if enabled:
            evaluation.enabled_by = actor
            evaluation.enabled_at = timezone.now()
        evaluation.save(update_fields=["enabled", "due_date", "enabled_by", "enabled_at"])
    return evaluation


def registration_for(*, evaluation: Evaluation, person) -> Registration:
    """The member's 登记表, started on first opening (idempotent under a double click)."""
    existing = Registration.objects.filter(evaluation=evaluation, person=person).first()
    if existing:
        return existing
    ensure_not_archived(evaluation.meeting, "民主评议党员登记表")
    try:
        with transaction.atomic():
            return Registration.objects.create(evaluation=evaluation, person=person)
    except IntegrityError:
        return Registration.objects.get(evaluation=evaluation, person=person)


@dataclass(frozen=True)
class _Part:
    text: str
    version: str
    by: str
    at: str


SELF = _Part("self_assessment", "version", "updated_by", "updated_at")
GROUP = _Part("group_opinion", "group_version", "group_by", "group_at")
MUTUAL = _Part("mutual_record", "mutual_version", "mutual_by", "mutual_at")
OUTSIDE = _Part("outside_opinion", "outside_version", "outside_by", "outside_at")


def _save_part(registration: Registration, part: _Part, *, text: str, version: int, actor, extra=None) -> Registration:
    ensure_not_archived(registration.evaluation.meeting, "民主评议党员登记表")
    extra = extra or {}
    with transaction.atomic():
        updated = Registration.objects.filter(pk=registration.pk, **{part.version: version}).update(
            **{part.text: text, part.version: F(part.version) + 1, part.by: actor, part.at: timezone.now()},
            **extra,
        )
        if not updated:
            current = Registration.objects.get(pk=registration.pk)
            # The same words saved twice (a retry, a second tab) are no conflict.
            if getattr(current, part.text) == text and all(getattr(current, k) == v for k, v in extra.items()):
                return current
            raise StaleSave(getattr(current, part.text), getattr(current, part.version))
    registration.refresh_from_db()
    return registration


def self_assessment_save(*, registration: Registration, text: str, judgement: str, version: int, actor) -> Registration:
    if registration.state not in EDITABLE:
        raise EvaluationError("登记表已提交或已审定，不能再修改；如需修改请先撤回或由支部退回。")
    return _save_part(registration, SELF, text=text, version=version, actor=actor, extra={"self_judgement": judgement})


def group_opinion_save(*, registration: Registration, text: str, version: int, actor) -> Registration:
    return _save_part(registration, GROUP, text=text, version=version, actor=actor)


def mutual_record_save(*, registration: Registration, text: str, version: int, actor) -> Registration:
    """The recorder's notes of the mutual evaluation at the meeting: what was said, not by whom."""
    return _save_part(registration, MUTUAL, text=text, version=version, actor=actor)


def outside_opinion_save(*, registration: Registration, text: str, version: int, actor) -> Registration:
    return _save_part(registration, OUTSIDE, text=text, version=version, actor=actor)


def leave_record(*, registration: Registration, on_leave: bool, read_by, actor) -> Registration:
    """方案3 §二(一): a member who cannot attend asks leave beforehand; another reads their material."""
    ensure_not_archived(registration.evaluation.meeting, "民主评议党员登记表")
    if read_by is not None and read_by.pk == registration.person_id:
        raise EvaluationError("请假党员的书面材料须委托他人宣读。")
    registration.on_leave = on_leave
    registration.read_by = read_by if on_leave else None
    registration.save(update_fields=["on_leave", "read_by"])
    return registration


def report_save(*, evaluation: Evaluation, text: str, version: int, actor) -> Evaluation:
    """The branch's report text (方案3 §五(四)); a save from an older version is refused."""
    ensure_not_archived(evaluation.meeting, "民主评议党员工作总结")
    updated = Evaluation.objects.filter(pk=evaluation.pk, report_version=version).update(
        report_text=text, report_version=F("report_version") + 1
    )
    current = Evaluation.objects.get(pk=evaluation.pk)
    if not updated and current.report_text != text:
        raise StaleSave(current.report_text, current.report_version)
    return current
