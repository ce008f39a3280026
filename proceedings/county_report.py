"""The situation report's part of the measuring county (meetings.builders.register_county).

Every held meeting whose 召开情况报告 milestone is done has its report sent (and most of
them read by the upper level); of the others some have a draft, some nothing yet — so
the upper level's list has late and on-time rows in every state.
"""

from datetime import timedelta

from meetings.builders import register_county
from meetings.county import _at
from meetings.models import Stage

from .models import ReportSection, ReportState, SectionKey, SituationReport

TEXT = "（测量用数据）会议按议程进行，班子成员逐一开展批评和自我批评。"


@register_county(order=80)
def report_county(county) -> None:
    rng = county.rng
    reports = []
    for m in county.meetings_in(Stage.HELD, Stage.RECTIFYING, Stage.ARCHIVED):
        if not m.held_on:
            continue
        milestone = m.county_milestones["report"]
        office = county.office.get(m.organization_id)
        actor = office.user_id if office else None
        if milestone.done_at is not None:
            state = ReportState.ACKNOWLEDGED if rng.random() < 0.7 else ReportState.SENT
        elif rng.random() < 0.5:
            state = ReportState.DRAFT
        else:
            continue
        compiled = _at(m.held_on + timedelta(days=2))
        sent = milestone.done_at if state != ReportState.DRAFT else None
        reports.append(SituationReport(
            meeting=m, held_on=m.held_on, state=state, addressee="县委组织部", compiled_at=compiled,
            compiled_by_id=actor, sent_at=sent, sent_by_id=actor if sent else None,
            acknowledged_at=sent + timedelta(days=2) if state == ReportState.ACKNOWLEDGED else None,
        ))
    county.bulk(SituationReport, reports)
    county.bulk(ReportSection, (
        ReportSection(report=r, key=key, order=i, text=TEXT, compiled_text=TEXT)
        for r in reports for i, key in enumerate(SectionKey.values)
    ))
