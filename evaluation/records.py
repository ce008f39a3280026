"""What the democratic evaluation hands to the archive (meetings.records), for a branch's
meeting held with it: each member's 登记表, the blank 评分表, the 汇总表 (PDF and Excel),
the branch's report, and the history of the registrations and the verdicts (submitted,
returned, approved by the branch; grades proposed, fixed, approved by the upper committee).

Ballots stay anonymous: nothing here reads a ballot or who cast one; the scores reach the
archive only as the 汇总表's totals.
"""

from django.db.models import F
from django.utils import timezone

from documents.dating import document_day
from meetings.models import Meeting
from meetings.records import PhaseRecords, RecordDocument, decisions_from, register_records

from .documents import REGISTRATION_KIND, REPORT_KIND, SHEET_KIND, SUMMARY_DOC_KIND, SUMMARY_KIND
from .models import Evaluation, Grade, Registration, RegistrationEvent, RegistrationState, VerdictEvent

GRADES = dict(Grade.choices)


@register_records(80)
def evaluation_records(meeting: Meeting) -> PhaseRecords | None:
    """Four queries, however many members."""
    evaluation = Evaluation.objects.filter(meeting=meeting, enabled=True).first()
    if evaluation is None:
        return None
    org = meeting.organization.name
    today = document_day()
    registrations = list(
        Registration.objects.filter(evaluation=evaluation)
        .exclude(state=RegistrationState.DRAFT)  # a draft is its author's until submitted
        .select_related("person")
        .order_by("person__name_key", "id")
    )
    documents = [
        RecordDocument(
            kind=REGISTRATION_KIND, source=registration, title=f"民主评议党员登记表（{registration.person.name}）",
            author=registration.person.name,
            day=timezone.localdate(registration.updated_at) if registration.updated_at else None,
            note="" if registration.state == RegistrationState.APPROVED else registration.get_state_display(),
        )
        for registration in registrations
    ]
    documents += [
        RecordDocument(kind=SHEET_KIND, source=evaluation, title=f"{meeting.year}年度民主评议党员评分表（空白）",
                       author=org, day=None),
        RecordDocument(kind=SUMMARY_DOC_KIND, source=evaluation, title=f"{meeting.year}年度民主评议党员汇总表",
                       author=org, day=today, formats=("pdf",)),
        RecordDocument(kind=SUMMARY_KIND, source=evaluation, title=f"{meeting.year}年度民主评议党员汇总表",
                       author=org, day=today, formats=("xlsx",)),
        RecordDocument(kind=REPORT_KIND, source=evaluation, title=f"关于{meeting.year}年度民主评议党员工作情况的报告",
                       author=org, day=today),
    ]
    decisions = decisions_from(
        RegistrationEvent.objects.filter(registration__evaluation=evaluation)
        .select_related("actor__person")
        .annotate(person_name=F("registration__person__name"))
        .defer("text"),  # the self-assessment as it was: in the 登记表, not the history
        subject=lambda event: f"{event.person_name}的民主评议党员登记表",
    )
    decisions += decisions_from(
        VerdictEvent.objects.filter(verdict__registration__evaluation=evaluation)
        .select_related("actor__person")
        .annotate(person_name=F("verdict__registration__person__name")),
        what=lambda event: f"{event.action}：{GRADES.get(event.grade, event.grade)}",
        subject=lambda event: f"{event.person_name}的评定等次",
    )
    decisions.sort(key=lambda d: d.at)
    return PhaseRecords(phase="民主评议党员", folder="evaluation", documents=documents, decisions=decisions)
