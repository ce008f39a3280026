"""The meeting's and the situation report's batched statuses (meetings.status)."""

from meetings.models import MilestoneKind, Stage
from meetings.status import Code, PhaseStatus, register_status, stage_reached

from .models import ConveningApplication, PreparationReport, ReportState, SituationReport


@register_status(MilestoneKind.MEETING, MilestoneKind.MEETING.label, order=60)
def meeting_status(batch):
    """One query. Begun once the office compiled the preparation report or began the
    application to convene (seed 004, 000 §四(二)1), or asked to convene on paper; done
    when the meeting is recorded held (the workflow ticks the milestone)."""
    begun = set(
        PreparationReport.objects.filter(meeting_id__any_of=batch.ids)
        .values_list("meeting_id", flat=True)
        .union(ConveningApplication.objects.filter(meeting_id__any_of=batch.ids).values_list("meeting_id", flat=True))
    )
    begun.update(m.pk for m in batch.meetings if stage_reached(m, Stage.CONVENE_REQUESTED))
    return batch.statuses_from_rows(MilestoneKind.MEETING, dict.fromkeys(begun), opens_at=Stage.PRE_MEETING)


@register_status(MilestoneKind.REPORT, MilestoneKind.REPORT.label, order=70)
def report_status(batch):
    """One query. Begun once a report on the current session exists: after a 叫停 the
    meeting is held again, and the report on the halted session does not count. While
    halted nothing is due (the report's reminders wait for 已召开 too)."""
    reports = {
        (meeting_id, held_on): state
        for meeting_id, held_on, state in SituationReport.objects.filter(meeting_id__any_of=batch.ids).values_list(
            "meeting_id", "held_on", "state"
        )
    }
    current = {
        m.pk: reports[(m.pk, m.held_on)] for m in batch.meetings if m.held_on and (m.pk, m.held_on) in reports
    }
    found = batch.statuses_from_rows(
        MilestoneKind.REPORT, current, opens_at=Stage.HELD, detail=lambda state: ReportState(state).label
    )
    for meeting in batch.meetings:
        milestone = batch.milestone(meeting, MilestoneKind.REPORT)
        if meeting.stage == Stage.HALTED and milestone is not None and milestone.done_at is None:
            found[meeting.pk] = PhaseStatus(Code.NOT_STARTED, window_open=False)
    return found
