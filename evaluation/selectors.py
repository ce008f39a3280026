"""Reads of the evaluation shared by its pages, its checklist and its documents."""

from dataclasses import dataclass

from .access import EvaluationAccess, subjects
from .models import Evaluation, Registration, RegistrationState


@dataclass(frozen=True)
class Line:
    """One member on the evaluation's page: the person and their 登记表 (None before it is started)."""

    person: object
    registration: Registration | None

    @property
    def state_label(self) -> str:
        return self.registration.get_state_display() if self.registration else "未填写"

    @property
    def approved(self) -> bool:
        return bool(self.registration and self.registration.state == RegistrationState.APPROVED)


def lines(evaluation: Evaluation, access: EvaluationAccess | None = None) -> list[Line]:
    """The members in official order with their 登记表, in two queries; filtered to what
    this reader may see (all for the branch and the upper level, a 组长 their group)."""
    people = list(subjects(evaluation.meeting))
    if access is not None and not access.reads_all:
        people = [p for p in people if p.party_group_id in access.led_group_ids]
    registrations = {
        r.person_id: r
        for r in Registration.objects.filter(evaluation=evaluation, person__in=[p.pk for p in people])
    }
    return [Line(p, registrations.get(p.pk)) for p in people]


@dataclass(frozen=True)
class Progress:
    total: int
    approved: int
    group_done: int
    outside_done: int
    probationary: int


def progress(evaluation: Evaluation) -> Progress:
    found = lines(evaluation)
    regs = [line.registration for line in found if line.registration]
    return Progress(
        total=len(found),
        approved=sum(1 for line in found if line.approved),
        group_done=sum(1 for r in regs if r.group_opinion.strip()),
        outside_done=sum(1 for r in regs if r.outside_opinion.strip()),
        probationary=sum(1 for line in found if line.person.is_probationary),
    )
