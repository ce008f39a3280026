"""The evaluation's batched status (meetings.status), for 组织生活会 that hold one.

The phase has no milestone of its own: its date is the evaluation's `due_date` (the end
of self-evaluation, 方案3 §四(一)), and it is done when every member's 登记表 is approved
by the branch and every full member's grade is final (优秀 and 不合格 approved above,
方案3 §四(三); probationary members get none, 方案3 §二(二)). A 民主生活会, or a
组织生活会 whose office has not switched the evaluation on, is left out: 不适用.
"""

from typing import NamedTuple

from django.db.models import BooleanField, ExpressionWrapper, Q

from meetings.models import MeetingKind, Stage
from meetings.status import register_status, stage_reached, status_from
from organizations.models import Person

from .models import Evaluation, Grade, RegistrationState, VerdictState

KEY = "evaluation"


@register_status(KEY, "民主评议党员", order=90)
def evaluation_status(batch):
    """Two queries: the evaluations with their 登记表 and verdicts, and the branches'
    party members (who must have one); none when the batch holds no 组织生活会."""
    meetings = [m for m in batch.meetings if m.kind == MeetingKind.ORGANIZATION_LIFE]
    if not meetings:
        return {}
    # Plain values, no datetimes: converting thousands of them was most of its time.
    rows = (
        Evaluation.objects.filter(meeting_id__any_of=[m.pk for m in meetings], enabled=True)
        .order_by()
        .annotate(saved=ExpressionWrapper(Q(registrations__updated_at__isnull=False), output_field=BooleanField()))
        .values_list(
            "meeting_id",
            "due_date",
            "registrations__person_id",
            "registrations__state",
            "saved",
            "registrations__verdict__grade",
            "registrations__verdict__state",
        )
    )
    evaluations: dict[int, dict] = {}
    for meeting_id, due_date, person_id, state, saved, grade, verdict_state in rows:
        found = evaluations.setdefault(meeting_id, {"due_date": due_date, "registrations": {}})
        if person_id is not None:
            found["registrations"][person_id] = _Registration(state, saved, grade, verdict_state)
    if not evaluations:
        return {}
    members = _party_members({m.organization_id for m in meetings if m.pk in evaluations})
    answer = {}
    for meeting in meetings:
        if meeting.pk in evaluations:
            answer[meeting.pk] = _status(batch, meeting, evaluations[meeting.pk], members.get(meeting.organization_id, {}))
    return answer


def _party_members(org_ids: set[int]) -> dict[int, dict[int, bool]]:
    """{organisation: {person: probationary}}: the branch's members and its committee
    (evaluation.access.subjects, for many branches at once)."""
    found: dict[int, dict[int, bool]] = {}
    rows = (
        Person.objects.filter(Q(branch_id__any_of=org_ids) | Q(team_seats__organization_id__any_of=org_ids), is_party_member=True)
        .order_by()
        .values_list("pk", "branch_id", "team_seats__organization_id", "is_probationary")
    )
    for pk, branch_id, seat_org_id, probationary in rows:
        for org_id in {branch_id, seat_org_id} & org_ids:
            found.setdefault(org_id, {})[pk] = probationary
    return found


class _Registration(NamedTuple):
    state: str
    saved: bool
    grade: str | None
    verdict_state: str | None

    @property
    def is_final(self) -> bool:
        """evaluation.verdicts.is_final, on plain values."""
        if self.grade is None:
            return False
        if self.grade in UPPER_APPROVAL:
            return self.verdict_state == VerdictState.APPROVED
        return self.verdict_state in (VerdictState.FIXED, VerdictState.APPROVED)


UPPER_APPROVAL = Grade.needs_upper_approval()


def _status(batch, meeting, evaluation: dict, members: dict[int, bool]):
    registrations = evaluation["registrations"]
    own = [registrations.get(pk) for pk in members]
    approved = sum(1 for row in own if row and row.state == RegistrationState.APPROVED)
    to_grade = [registrations.get(pk) for pk, probationary in members.items() if not probationary]
    graded = sum(1 for row in to_grade if row and row.is_final)
    self_evaluated = bool(members) and approved == len(members)
    started = any(row.saved or row.grade for row in registrations.values())
    return status_from(
        today=batch.today,
        # The date is the end of self-evaluation; the grading after it has none of its own,
        # so a finished evaluation is never late and its day of finishing is not needed.
        due_date=None if self_evaluated else evaluation["due_date"],
        done_on=batch.today if self_evaluated and graded == len(to_grade) else None,
        started=started,
        window_open=stage_reached(meeting, Stage.PRE_MEETING),
        detail=f"自我鉴定审定{approved}/{len(members)}，评定等次{graded}/{len(to_grade)}",
    )
