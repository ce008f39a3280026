"""The list of situation reports for the people who write or receive them: the office
and the secretary of each organisation, and the supervising level above (late in red,
and saying so in words)."""

from dataclasses import dataclass
from datetime import date

from django.db.models import OuterRef, Q, Subquery

from meetings.dates import situation_report_due
from meetings.models import Meeting, Milestone, MilestoneKind
from organizations.models import TeamMembership, TeamPosition
from organizations.paging import url_maker
from organizations.selectors import org_ids_with_perm, overseen_orgs

from .models import ReportState, SituationReport
from .report import REPORT_STAGES, Punctuality, punctuality


@dataclass(frozen=True)
class ReportRow:
    meeting: Meeting
    url: str
    due: date | None
    state_label: str
    state: str
    punctuality: Punctuality
    acknowledged_at: object = None


def report_meetings(user):
    """The held meetings whose report this person writes (office), signs (secretary) or
    receives (supervisor): never a plain member's."""
    if not user.is_authenticated:
        return Meeting.objects.none()
    own = org_ids_with_perm(user, "manage_organization")
    chaired = set(
        TeamMembership.objects.filter(person__user=user, position=TeamPosition.SECRETARY).values_list(
            "organization_id", flat=True
        )
    )
    return Meeting.objects.filter(
        Q(organization_id__in=own | chaired) | Q(organization_id__in=overseen_orgs(user)),
        stage__in=REPORT_STAGES,
        held_on__isnull=False,
    )


def report_rows(user, *, today: date) -> list[ReportRow]:
    """One row per meeting, in one query: the late first, then the oldest due."""
    report = SituationReport.objects.filter(meeting=OuterRef("pk"), held_on=OuterRef("held_on"))
    meetings = (
        report_meetings(user)
        .select_related("organization")
        .annotate(
            due=Subquery(
                Milestone.objects.filter(meeting=OuterRef("pk"), kind=MilestoneKind.REPORT).values("due_date")[:1]
            ),
            report_state=Subquery(report.values("state")[:1]),
            report_sent_at=Subquery(report.values("sent_at")[:1]),
            report_acknowledged_at=Subquery(report.values("acknowledged_at")[:1]),
        )
    )
    link = url_maker("proceedings:report")
    rows = []
    for m in meetings:
        due = m.due or situation_report_due(m.held_on)
        sent = m.report_sent_at if m.report_state in (ReportState.SENT, ReportState.ACKNOWLEDGED) else None
        state = m.report_state or ""
        rows.append(
            ReportRow(
                meeting=m,
                url=link(m.pk),
                due=due,
                state=state or "none",
                state_label=ReportState(state).label if state else "未生成",
                punctuality=punctuality(due=due, sent_at=sent, today=today),
                acknowledged_at=m.report_acknowledged_at,
            )
        )
    # Late and unsent first (the upper level chases them), then by due date.
    rows.sort(key=lambda r: (not (r.punctuality.late and r.state not in ("sent", "acknowledged")),
                             not r.punctuality.late, r.due or date.max, r.meeting.pk))
    return rows
