"""Rectification's part of the measuring county (meetings.builders.register_county).

Every held meeting has its lists: the team's (drafted by the office) and one per member,
in several states while the meeting is held, approved (with the frozen version the plan
prints) once it is in 整改落实 or archived. Items have measures and progress reports (no
files); in 整改落实 some are closed, some overdue; in an archived meeting each one is
closed or carried into the next meeting. Written in bulk; the same seed gives the same rows.
"""

from datetime import timedelta

from inspections.models import MeasureTerm
from meetings.builders import register_county
from meetings.county import _at
from meetings.models import Stage

from .documents import TERM_LABELS
from .models import (
    Item,
    ItemEvent,
    ItemMeasure,
    ItemStatus,
    ListKind,
    ListState,
    ListVersion,
    MeasureStatus,
    ProgressReport,
    RectificationList,
    VersionOutcome,
)

TEAM_ITEMS, PERSONAL_ITEMS = 5, 3
PROBLEMS = [
    ("调查研究不够深入，到基层一线听取意见少", "每季度到基层调研不少于两次", "制定年度调研计划，明确调研重点。", "建立调研问题台账，限时办结。"),
    ("抓落实的韧劲不足，督促检查不够", "重点工作按期完成率达到100%", "建立重点工作督查清单。", "每月通报一次进展情况。"),
    ("理论学习不够系统，学用结合不紧", "形成常态化学习机制", "制定个人学习计划。", "每季度撰写一篇学习体会。"),
    ("服务群众意识有所弱化", "群众满意度明显提升", "落实领导干部接访下访制度。", "对群众反映的问题跟踪反馈。"),
    ("制度执行还有宽松软现象", "制度体系完善、执行到位", "修订机关工作制度汇编。", "开展制度执行情况“回头看”。"),
    ("会议文件仍然偏多，基层负担较重", "会议、发文数量同比减少10%", "严格会议计划管理。", "推行精简发文审核。"),
]
TERMS = [MeasureTerm.IMMEDIATE, MeasureTerm.DEADLINE, MeasureTerm.DEADLINE, MeasureTerm.LONG_TERM]
LIST_STATES_WHEN_HELD = [ListState.DRAFT, ListState.SUBMITTED, ListState.RETURNED, ListState.APPROVED]


def _meetings(county):
    return [m for m in county.meetings_in(Stage.HELD, Stage.RECTIFYING, Stage.ARCHIVED) if m.held_on]


@register_county(order=90)
def rectification_county(county) -> None:
    rng, today = county.rng, county.today
    meetings = _meetings(county)
    rlists, plans = [], []
    for m in meetings:
        office = county.office.get(m.organization_id)
        owners = [None] + list(county.team[m.organization_id])
        for owner in owners:
            if m.stage == Stage.HELD:
                state = rng.choice(LIST_STATES_WHEN_HELD)
            else:
                state = ListState.APPROVED
            started = _at(m.held_on + timedelta(days=1))
            submitted = state != ListState.DRAFT
            approved = state == ListState.APPROVED
            rlists.append(RectificationList(
                meeting=m, kind=ListKind.TEAM if owner is None else ListKind.PERSONAL, owner=owner, state=state,
                started_at=started,
                first_submitted_at=started + timedelta(days=3) if submitted else None,
                submitted_at=started + timedelta(days=3) if submitted else None,
                passed_on_at=started + timedelta(days=5) if approved and owner is None else None,
                approved_at=started + timedelta(days=7) if approved else None,
                filed_at=started + timedelta(days=10) if approved and m.stage != Stage.HELD else None,
            ))
            plans.append((m, owner, office))
    county.bulk(RectificationList, rlists)

    items, item_plans = [], []
    for rlist, (m, owner, office) in zip(rlists, plans):
        count = TEAM_ITEMS if owner is None else PERSONAL_ITEMS
        team = county.team[m.organization_id]
        for n in range(count):
            problem, target, *measures = PROBLEMS[rng.randrange(len(PROBLEMS))]
            term = rng.choice(TERMS)
            deadline = m.held_on + timedelta(days=rng.choice((30, 60, 90, 120, 180)))
            status, carried = _status(rng, m.stage, rlist.state, term, deadline, today)
            responsible = owner if owner is not None else (rng.choice(team) if team and rng.random() < 0.8 else None)
            items.append(Item(
                rectification_list=rlist, order=n + 1, problem=problem, target=target, term=term,
                deadline=None if term == MeasureTerm.LONG_TERM else deadline,
                next_review=deadline if term == MeasureTerm.LONG_TERM else None,
                responsible=responsible, lead_department="" if responsible else "办公室",
                disclosed=rlist.kind == ListKind.TEAM and rng.random() < 0.5, status=status,
                closed_at=_at(min(deadline, today) - timedelta(days=2)) if status == ItemStatus.CLOSED else None,
                carried_at=_at(today - timedelta(days=10)) if carried else None,
                carry_reason="需跨年度持续推进，转入下一次会议继续整改。" if carried else "",
                created_by=office.user if office and office.user_id else None,
            ))
            item_plans.append((measures, deadline, status))
    county.bulk(Item, items)

    measures, measure_plans = [], []
    for item, (contents, deadline, status) in zip(items, item_plans):
        for n, content in enumerate(contents, start=1):
            if status == ItemStatus.CLOSED:
                mstatus, percent = MeasureStatus.DONE, 100
            else:
                mstatus, percent = rng.choice(
                    [(MeasureStatus.NOT_STARTED, 0), (MeasureStatus.IN_PROGRESS, rng.choice((20, 50, 80))),
                     (MeasureStatus.DONE, 100)])
            measures.append(ItemMeasure(item=item, order=n, content=content, deadline=deadline, status=mstatus,
                                        percent=percent))
            measure_plans.append(item)
    county.bulk(ItemMeasure, measures)

    reports = [
        ProgressReport(measure=measure, on=min(county.today, item.rectification_list.meeting.held_on + timedelta(days=40)),
                       text="已按计划推进，相关工作正在落实。" if measure.percent < 100 else "已完成，相关制度和台账已建立。",
                       status=measure.status, percent=measure.percent)
        for measure, item in zip(measures, measure_plans)
        if measure.status != MeasureStatus.NOT_STARTED
    ]
    county.bulk(ProgressReport, reports)
    events = [
        ItemEvent(item=item, action="closed", label="销号", from_status=ItemStatus.CLOSING, to_status=ItemStatus.CLOSED,
                  at=item.closed_at)
        for item in items if item.status == ItemStatus.CLOSED
    ]
    county.bulk(ItemEvent, events)
    _versions(county, rlists, items)


def _status(rng, stage, list_state, term, deadline, today):
    """(status, carried) as the meeting's stage makes likely."""
    if stage == Stage.ARCHIVED:
        return (ItemStatus.CLOSED, False) if rng.random() < 0.85 else (ItemStatus.OPEN, True)
    if stage == Stage.RECTIFYING and list_state == ListState.APPROVED:
        roll = rng.random()
        if deadline < today and roll < 0.6 or roll < 0.25:
            return ItemStatus.CLOSED, False
        return (ItemStatus.CLOSING if roll > 0.9 else ItemStatus.OPEN), False
    return ItemStatus.OPEN, False


def _versions(county, rlists, items) -> None:
    """The frozen version of each submitted list, in the shape `workflow.list_content`
    gives (built from the rows at hand, no query per list)."""
    by_list: dict[int, list] = {}
    for item in items:
        by_list.setdefault(item.rectification_list_id, []).append(item)
    measures: dict[int, list] = {}
    for item_id, content, deadline in ItemMeasure.objects.filter(
        item__rectification_list__in=[r.pk for r in rlists if r.first_submitted_at]
    ).order_by("item_id", "order").values_list("item_id", "content", "deadline"):
        measures.setdefault(item_id, []).append({"content": content, "deadline": deadline.isoformat() if deadline else ""})
    versions = []
    for rlist in rlists:
        if not rlist.first_submitted_at:
            continue
        content = {
            "title": rlist.title,
            "items": [{
                "id": i.pk, "problem": i.problem, "target": i.target, "term": i.term, "term_label": TERM_LABELS[i.term],
                "deadline": i.deadline.isoformat() if i.deadline else "",
                "next_review": i.next_review.isoformat() if i.next_review else "",
                "responsible": i.responsible.name if i.responsible else "", "lead_department": i.lead_department,
                "cooperating": "", "disclosed": i.disclosed, "measures": measures.get(i.pk, []),
            } for i in by_list.get(rlist.pk, [])],
        }
        outcome = {ListState.APPROVED: VersionOutcome.APPROVED, ListState.RETURNED: VersionOutcome.RETURNED}.get(
            rlist.state, VersionOutcome.PENDING)
        versions.append(ListVersion(rectification_list=rlist, number=1, content=content,
                                    submitted_at=rlist.submitted_at, outcome=outcome))
    county.bulk(ListVersion, versions)
