"""The evaluation's part of the measuring county (meetings.builders.register_county).

The branches' 组织生活会 under way hold 民主评议党员 with them, all but every seventh (the
switch left off, so that state is measured too). Before the materials are done the 登记表
are in every state, some not yet started; from then on every one is approved with the
党小组's and the masses' opinions. A meeting that has been held has had its scoring round
— closed, every present member scoring every other one and the committee — and the
committee's grades: proposed and shown in a meeting just held, fixed later, 优秀 and 不合格
approved by the county.

The ballots are written with bulk_create, never through a sheet: a Ballot has no voter and
no time to fill, their keys come from the county's random source and they are shuffled
with it before writing, so their order says nothing either (the live path batches them
through `anonymity.writes` because their arrival order would; a seed has none). Who took
part is a Participation row, as the live round keeps it.
"""

import random
import uuid
from datetime import timedelta

from django.db import connection

from meetings.builders import register_county
from meetings.county import _at, participants, phase_finished, work_meetings
from meetings.models import MeetingKind, Stage

from .models import (
    COMMITTEE_ASPECTS,
    DEFAULT_ITEMS,
    DEFAULT_POINTS,
    Ballot,
    CommitteeBallot,
    Evaluation,
    Grade,
    Participation,
    Registration,
    RegistrationEvent,
    RegistrationState,
    RoundAccess,
    RoundState,
    RoundSubject,
    ScoringItem,
    ScoringRound,
    SelfJudgement,
    Verdict,
    VerdictEvent,
    VerdictState,
)

SELF = ("一年来认真学习党章党规和党的创新理论，按时参加组织生活、缴纳党费，立足岗位履职尽责。"
        "不足是理论学习不够系统，联系群众不够经常。今后坚持每周自学，每月走访服务对象。")
GROUP = "该同志政治立场坚定，工作积极主动，能按时参加党小组活动；希望在理论学习上下更大功夫。"
OUTSIDE = "群众反映该同志服务态度好，办事认真负责。"
RETURNED = "自我鉴定请对照评议内容逐项写实，查摆问题要具体。"
BASIC = "本年度多次无故缺席组织生活，经提醒仍未改正。"
AFTER_MEETING = (Stage.HELD, Stage.RECTIFYING, Stage.ARCHIVED)
# Before the materials are done: not started (None) or each 登记表 state, by weight.
EARLY_STATES = [None, RegistrationState.DRAFT, RegistrationState.SUBMITTED, RegistrationState.RETURNED,
                RegistrationState.APPROVED]
EARLY_WEIGHTS = [2, 3, 3, 1, 3]
PRESENT = 0.9  # the share of members who score in the round


def _uuid(rng) -> uuid.UUID:
    return uuid.UUID(int=rng.getrandbits(128), version=4)


def _rng(county) -> random.Random:
    """A random source of this part's own, from the county's seed: what this part draws
    stays the same when a phase registered before it draws more or less."""
    if not hasattr(county, "evaluation_rng"):
        county.evaluation_rng = random.Random(f"{county.seed}:evaluation")
    return county.evaluation_rng


@register_county(order=90)
def evaluation_county(county) -> None:
    meetings = [m for m in work_meetings(county) if m.kind == MeetingKind.ORGANIZATION_LIFE]
    evaluations = county.bulk(Evaluation, (_evaluation(county, i, m) for i, m in enumerate(meetings)))
    evaluations = [e for e in evaluations if e.enabled]
    _registrations(county, evaluations)
    held = [e for e in evaluations if e.meeting.stage in AFTER_MEETING]
    _rounds(county, held)
    _verdicts(county, held)


def _office_user(county, meeting):
    office = county.office.get(meeting.organization_id)
    return office.user_id if office else None


def _evaluation(county, i, meeting) -> Evaluation:
    held = meeting.stage in AFTER_MEETING
    return Evaluation(
        meeting=meeting, enabled=i % 7 != 6, due_date=meeting.county_milestones["materials"].due_date,
        enabled_by_id=_office_user(county, meeting), enabled_at=_at(meeting.county_start + timedelta(days=10)),
        grades_shown_at=_at(meeting.held_on, 16) if held else None,
        report_text="本支部民主评议党员工作按方案完成，评议结果已报上级党委。" if meeting.stage == Stage.ARCHIVED else "",
    )


def _members(county, meeting) -> list:
    """Who is evaluated: the branch's party members and the committee (evaluation.access.subjects)."""
    return [p for p in participants(county, meeting) if p.is_party_member]


def _registrations(county, evaluations) -> None:
    rng = _rng(county)
    rows = []
    for evaluation in evaluations:
        m = evaluation.meeting
        done = phase_finished(m, "materials")
        for person in _members(county, m):
            state = RegistrationState.APPROVED if done else rng.choices(EARLY_STATES, EARLY_WEIGHTS)[0]
            if state is None:
                continue
            written = state != RegistrationState.DRAFT or rng.random() < 0.5
            approved = state == RegistrationState.APPROVED
            saved = _at(m.county_start + timedelta(days=rng.randint(12, 30)))
            office = _office_user(county, m)
            rows.append(Registration(
                evaluation=evaluation, person=person, state=state,
                self_assessment=SELF if written else "", self_judgement=SelfJudgement.QUALIFIED if written else "",
                version=2 if written else 1, updated_at=saved if written else None,
                updated_by_id=person.user_id if written else None,
                group_opinion=GROUP if approved else "", group_version=2 if approved else 1,
                group_at=saved + timedelta(days=2) if approved else None,
                outside_opinion=OUTSIDE if approved else "", outside_version=2 if approved else 1,
                outside_by_id=office if approved else None, outside_at=saved + timedelta(days=3) if approved else None,
            ))
    county.bulk(Registration, rows)
    county.bulk(RegistrationEvent, (event for r in rows for event in _registration_events(county, r)))
    for evaluation in evaluations:
        evaluation.county_registrations = []
    by_evaluation = {e.pk: e for e in evaluations}
    for registration in rows:
        by_evaluation[registration.evaluation_id].county_registrations.append(registration)


def _registration_events(county, registration) -> list[RegistrationEvent]:
    """Submitted, then returned or approved: the moves registration_transition records."""
    S = RegistrationState
    if registration.state == S.DRAFT:
        return []
    at = registration.updated_at + timedelta(hours=1)
    events = [RegistrationEvent(registration=registration, action="提交支部审定", from_state=S.DRAFT,
                                to_state=S.SUBMITTED, actor_id=registration.person.user_id, text=SELF, at=at)]
    office = _office_user(county, registration.evaluation.meeting)
    if registration.state == S.RETURNED:
        events.append(RegistrationEvent(registration=registration, action="退回修改", from_state=S.SUBMITTED,
                                        to_state=S.RETURNED, actor_id=office, note=RETURNED,
                                        at=at + timedelta(days=1)))
    elif registration.state == S.APPROVED:
        events.append(RegistrationEvent(registration=registration, action="审定通过", from_state=S.SUBMITTED,
                                        to_state=S.APPROVED, actor_id=office, text=SELF,
                                        at=at + timedelta(days=1)))
    return events


def _rounds(county, evaluations) -> None:
    rng = _rng(county)
    county.bulk(ScoringItem, (
        ScoringItem(evaluation=e, order=i, title=title, description=text, max_points=DEFAULT_POINTS)
        for e in evaluations for i, (title, text) in enumerate(DEFAULT_ITEMS, start=1)
    ))
    rounds = county.bulk(ScoringRound, (
        ScoringRound(
            evaluation=e, access=RoundAccess.ACCOUNTS, state=RoundState.CLOSED, with_committee=True,
            token=f"county-{rng.getrandbits(64):016x}", opened_at=_at(e.meeting.held_on, 9),
            closed_at=_at(e.meeting.held_on, 10), created_by_id=_office_user(county, e.meeting),
        ) for e in evaluations
    ))
    subjects, present, ballots, committee = [], [], [], []
    scores, ratings = range(1, 6), range(1, len(COMMITTEE_ASPECTS) + 1)
    for round, evaluation in zip(rounds, evaluations, strict=True):
        people = _members(county, evaluation.meeting)
        subjects += [RoundSubject(round=round, person=p, order=i) for i, p in enumerate(people, start=1)]
        voters = [p for p in people if rng.random() < PRESENT]
        present += [Participation(round=round, person=p) for p in voters]
        for voter in voters:
            ballots += [(_uuid(rng), round.pk, p.pk, *(rng.randint(15, DEFAULT_POINTS) for _ in scores))
                        for p in people if p.pk != voter.pk]
            committee.append((_uuid(rng), round.pk, *rng.choices((1, 2, 3), (6, 3, 1), k=len(ratings))))
    county.bulk(RoundSubject, subjects)
    county.bulk(Participation, present)
    rng.shuffle(ballots)
    rng.shuffle(committee)
    _write_plain(county, Ballot, ["id", "round_id", "subject_id", *(f"score_{k}" for k in scores)], ballots)
    _write_plain(county, CommitteeBallot, ["id", "round_id", *(f"rating_{k}" for k in ratings)], committee)


def _write_plain(county, model, columns: list[str], rows: list[tuple]) -> None:
    """Rows given as column values, in this order. On PostgreSQL by COPY: the ballots are
    most of this part's rows, and bulk_create spent two thirds of its time preparing
    their values one by one; elsewhere (the tests' SQLite) by bulk_create."""
    if connection.vendor != "postgresql":
        county.bulk(model, (model(**dict(zip(columns, row, strict=True))) for row in rows))
        return
    quote = connection.ops.quote_name
    statement = f"COPY {quote(model._meta.db_table)} ({', '.join(quote(c) for c in columns)}) FROM STDIN"
    with connection.cursor() as cursor, cursor.copy(statement) as copy:
        for row in rows:
            copy.write_row(row)
    county.counts[model._meta.label] += len(rows)


def _verdicts(county, evaluations) -> None:
    """Proposed in a meeting just held (some already fixed); fixed or approved later."""
    rng = _rng(county)
    verdicts, events = [], []
    for evaluation in evaluations:
        m = evaluation.meeting
        office = _office_user(county, m)
        supervisor = next(iter(county.supervisors.values()), None)
        for registration in evaluation.county_registrations:
            if registration.person.is_probationary:  # 预备党员参加评议，但不定等次
                continue
            grade = rng.choices([Grade.EXCELLENT, Grade.QUALIFIED, Grade.BASIC], [2, 16, 1])[0]
            settled = m.stage != Stage.HELD or rng.random() < 0.5
            if not settled:
                state = VerdictState.PROPOSED
            elif grade in Grade.needs_upper_approval():
                state = VerdictState.APPROVED if m.stage != Stage.HELD else VerdictState.UPPER_REVIEW
            else:
                state = VerdictState.FIXED
            verdict = Verdict(registration=registration, grade=grade, state=state,
                              reason=BASIC if grade == Grade.BASIC else "",
                              upper_note="同意。" if state == VerdictState.APPROVED else "")
            verdicts.append(verdict)
            events += _verdict_events(verdict, office, supervisor.user_id if supervisor else None, m.held_on)
    county.bulk(Verdict, verdicts)
    county.bulk(VerdictEvent, events)


def _verdict_events(verdict, office, supervisor, held_on) -> list[VerdictEvent]:
    S = verdict.state
    steps = [("提出初步意见", VerdictState.PROPOSED, VerdictState.PROPOSED, office, verdict.reason)]
    if S in (VerdictState.FIXED, VerdictState.UPPER_REVIEW, VerdictState.APPROVED):
        upper = S != VerdictState.FIXED
        steps.append(("确定等次，报上级审批" if upper else "确定等次", VerdictState.PROPOSED,
                      VerdictState.UPPER_REVIEW if upper else VerdictState.FIXED, office, ""))
    if S == VerdictState.APPROVED:
        steps.append(("审批同意", VerdictState.UPPER_REVIEW, VerdictState.APPROVED, supervisor, "同意。"))
    return [VerdictEvent(verdict=verdict, action=action, grade=verdict.grade, from_state=source, to_state=target,
                         actor_id=actor, note=note, at=_at(held_on + timedelta(days=i), 15))
            for i, (action, source, target, actor, note) in enumerate(steps)]
