"""The on-the-spot anonymous scoring (现场不记名评分), by construction.

Seed 002 方案3 §四(二): 对于互评内容的记录采取不记名方式进行，同时进行现场不记名评分，填写
《民主评议党员评分表》以及《基层党组织民主评议表》.

What is stored, and why it cannot name a voter:
- Who has scored: a Participation row (logged-in members) or a used BallotCode (codes
  handed out at random; the code's digest only, never a person). It says nothing of what.
- What was scored: one Ballot row per member scored and one CommitteeBallot per sheet,
  each handed to `anonymity.writes.anonymous_write` as its own submission in the round's
  held scope. Nothing is written to the ballot tables while the round runs; when it closes,
  all of them are written in one transaction, in a random order, with random keys: no
  voter key, no date or time, no sequence, no transaction shared with a participation.
- The result: only once the round is closed (a running average would tell the next
  ballot by difference) and only with at least `minimum_voters` sheets.

The window (as anonymity.writes states for every anonymous row): while the round is open,
a sheet waits in the pending table, written in the transaction that also wrote its
participation; someone reading the raw database files during the meeting could pair the
two. When the round closes the waiting rows are deleted (SQLite secure_delete; PostgreSQL
VACUUM FULL) and the ballots written in one batch, and nothing pairs them any more.
"""

import secrets
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from anonymity.keys import digest
from anonymity.writes import anonymous_flush, anonymous_write, pending_count
from meetings.access import ensure_not_archived
from meetings.models import Stage
from organizations.models import Person

from .access import subjects
from .models import (
    COMMITTEE_ASPECTS,
    DEFAULT_ITEMS,
    DEFAULT_POINTS,
    ITEM_COUNT,
    Ballot,
    BallotCode,
    CommitteeBallot,
    CommitteeRating,
    Evaluation,
    Participation,
    RoundAccess,
    RoundState,
    RoundSubject,
    ScoringItem,
    ScoringRound,
)

# Without O/0 and I/1/L: read off a slip of paper in a meeting room.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8
MAX_CODES = 500


class ScoringError(Exception):
    """A sheet or a move that is refused; the message is shown as is and nothing changed."""


# --- the items and the round --------------------------------------------------------------


def items_for(evaluation: Evaluation) -> list[ScoringItem]:
    """The five items, created from 方案3 §三 with the default points on first use."""
    items = list(evaluation.items.all())
    if len(items) == ITEM_COUNT:
        return items
    defaults = [ScoringItem(evaluation=evaluation, order=i, title=title, description=text, max_points=DEFAULT_POINTS)
                for i, (title, text) in enumerate(DEFAULT_ITEMS, start=1)]
    if evaluation.meeting.stage == Stage.ARCHIVED:  # read-only: shown, not written
        return items or defaults
    ScoringItem.objects.bulk_create(defaults, ignore_conflicts=True)
    return list(evaluation.items.all())


def items_save(*, evaluation: Evaluation, values: list[tuple[str, int]]) -> list[ScoringItem]:
    """The branch sets the items' titles and points, before any round has opened."""
    ensure_not_archived(evaluation.meeting, "评分项目")
    if evaluation.rounds.exclude(state=RoundState.PREPARING).exists():
        raise ScoringError("评分已经开始，评分项目和分值不能再修改。")
    items = items_for(evaluation)
    for item, (title, points) in zip(items, values, strict=True):
        item.title, item.max_points = title, points
        item.save(update_fields=["title", "max_points"])
    return items


def round_create(*, evaluation: Evaluation, access: str, minimum_voters: int, with_committee: bool, actor):
    ensure_not_archived(evaluation.meeting, "现场评分")
    if evaluation.rounds.filter(state__in=[RoundState.PREPARING, RoundState.OPEN]).exists():
        raise ScoringError("已有一轮尚未结束的评分。")
    items_for(evaluation)
    return ScoringRound.objects.create(
        evaluation=evaluation, access=access, minimum_voters=minimum_voters, with_committee=with_committee,
        token=secrets.token_urlsafe(16), created_by=actor,
    )


@dataclass(frozen=True)
class RoundMove:
    name: str
    label: str
    source: str
    target: str
    help_text: str = ""


ROUND_MOVES = {
    m.name: m
    for m in [
        RoundMove("open", "开始评分", RoundState.PREPARING, RoundState.OPEN,
                  "开始后党员扫码评分；评分项目和被评议人不再改变。"),
        RoundMove("close", "结束评分", RoundState.OPEN, RoundState.CLOSED,
                  "结束后不再接受评分，全部评分一次写入并统计结果；结束后不能重新开始。"),
    ]
}


def round_transition(*, round: ScoringRound, name: str, actor) -> ScoringRound:
    """Open or close the round. Closing writes every waiting ballot in one shuffled batch."""
    move = ROUND_MOVES.get(name)
    if move is None:
        raise ScoringError("未知的操作。")
    ensure_not_archived(round.evaluation.meeting, "现场评分")
    with transaction.atomic():
        # The lock orders this move after every sheet being sent now (sheet_submit takes it too).
        locked = ScoringRound.objects.select_for_update().get(pk=round.pk)
        if locked.state != move.source:
            raise ScoringError(f"本轮评分当前为“{locked.get_state_display()}”，不能{move.label}。")
        locked.state = move.target
        now = timezone.now()
        if name == "open":
            people = list(subjects(round.evaluation.meeting))
            if not people:
                raise ScoringError("本支部尚无党员，无法开始评分。")
            RoundSubject.objects.bulk_create(
                RoundSubject(round=locked, person=p, order=i) for i, p in enumerate(people, start=1)
            )
            locked.opened_at = now
        else:
            locked.closed_at = now
        locked.save(update_fields=["state", "opened_at", "closed_at"])
    if name == "close":
        # Outside the transaction above, so that on PostgreSQL the pending table is also
        # rewritten (VACUUM FULL) and keeps no dead row with its arrival-ordered xmin.
        anonymous_flush(scope=locked.scope, minimum=1)
    return locked


def codes_issue(*, round: ScoringRound, count: int) -> list[str]:
    """Codes for printing: returned once, stored only as keyed digests."""
    ensure_not_archived(round.evaluation.meeting, "评分码")
    if round.access != RoundAccess.CODES:
        raise ScoringError("本轮评分由党员登录本人账号进行，不使用评分码。")
    if round.state == RoundState.CLOSED:
        raise ScoringError("本轮评分已结束。")
    if not 1 <= count <= MAX_CODES:
        raise ScoringError(f"一次可生成1至{MAX_CODES}个评分码。")
    codes = []
    while len(codes) < count:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        if code not in codes:
            codes.append(code)
    BallotCode.objects.bulk_create(BallotCode(round=round, digest=code_digest(round, code)) for code in codes)
    return codes


def normalise_code(text: str) -> str:
    return "".join(ch for ch in (text or "").upper() if ch.isalnum())


def code_digest(round: ScoringRound, code: str) -> str:
    return digest("ballot-code", round.pk, normalise_code(code))


def code_is_usable(round: ScoringRound, code: str) -> bool:
    return BallotCode.objects.filter(round=round, digest=code_digest(round, code), used=False).exists()


# --- a sheet ------------------------------------------------------------------------------


@dataclass
class Sheet:
    """What one voter scored: points per member (five each), and the committee's ratings."""

    scores: dict[int, list[int]] = field(default_factory=dict)  # person id → five points
    committee: list[int] | None = None


def scored_people(round: ScoringRound, voter: Person | None = None) -> list[Person]:
    """Whom this voter scores: every member of the round, but not themself."""
    people = [s.person for s in round.subjects.select_related("person")]
    return [p for p in people if voter is None or p.pk != voter.pk]


def _check(round: ScoringRound, sheet: Sheet, voter: Person | None) -> None:
    expected = {p.pk for p in scored_people(round, voter)}
    if set(sheet.scores) != expected:
        raise ScoringError("评分表须对每一位被评议党员逐项评分。")
    items = list(round.evaluation.items.all())
    for points in sheet.scores.values():
        if len(points) != ITEM_COUNT:
            raise ScoringError("每位党员须评五项。")
        for item, value in zip(items, points, strict=True):
            if not isinstance(value, int) or not 0 <= value <= item.max_points:
                raise ScoringError(f"“{item.title}”的得分须在0至{item.max_points}分之间。")
    if round.with_committee:
        if sheet.committee is None or len(sheet.committee) != len(COMMITTEE_ASPECTS):
            raise ScoringError("请对支部委员会逐项评议。")
        if any(value not in CommitteeRating.values for value in sheet.committee):
            raise ScoringError("支部委员会的评议须选择：好、较好、一般、差。")


def _write_ballots(round: ScoringRound, sheet: Sheet) -> None:
    # One submission per ballot, so that one voter's rows are shuffled apart, not kept
    # together as a sheet.
    for person_id, points in sheet.scores.items():
        anonymous_write(Ballot(round_id=round.pk, subject_id=person_id, **_columns("score", points)),
                        scope=round.scope)
    if round.with_committee:
        anonymous_write(CommitteeBallot(round_id=round.pk, **_columns("rating", sheet.committee)), scope=round.scope)


def _columns(prefix: str, values: list[int]) -> dict:
    return {f"{prefix}_{i}": value for i, value in enumerate(values, start=1)}


def _lock_open(round: ScoringRound) -> ScoringRound:
    locked = ScoringRound.objects.select_for_update().get(pk=round.pk)
    if locked.state != RoundState.OPEN:
        raise ScoringError("本轮评分尚未开始。" if locked.state == RoundState.PREPARING else "本轮评分已经结束，不能再评分。")
    return locked


def sheet_submit(*, round: ScoringRound, sheet: Sheet, voter: Person | None = None, code: str = "") -> None:
    """Keep one voter's sheet: a member with their account, or whoever holds a code.

    Everything happens in one transaction: a refusal (scored already, code used, round
    closed, a score out of range) changes nothing.
    """
    with transaction.atomic():
        locked = _lock_open(round)
        ensure_not_archived(round.evaluation.meeting, "现场评分")
        if locked.access == RoundAccess.ACCOUNTS:
            if voter is None or not locked.subjects.filter(person=voter).exists():
                raise ScoringError("只有本支部党员可以评分。")
            _check(locked, sheet, voter)
            try:
                with transaction.atomic():
                    Participation.objects.create(round=locked, person=voter)
            except IntegrityError:
                raise ScoringError("您已经提交过评分，每人只能评一次，提交后不能修改。") from None
        else:
            _check(locked, sheet, None)
            used = BallotCode.objects.filter(round=locked, digest=code_digest(locked, code), used=False).update(used=True)
            if not used:
                raise ScoringError("评分码无效或已经使用过，每个评分码只能评一次。")
        _write_ballots(locked, sheet)


def paper_sheet_enter(*, round: ScoringRound, sheet: Sheet) -> None:
    """The office enters a paper 评分表 (unsigned, as handed in): anonymous like the others."""
    with transaction.atomic():
        locked = _lock_open(round)
        ensure_not_archived(round.evaluation.meeting, "现场评分")
        _check(locked, sheet, None)
        ScoringRound.objects.filter(pk=locked.pk).update(paper_sheets=F("paper_sheets") + 1)
        _write_ballots(locked, sheet)


def has_scored(round: ScoringRound, person: Person | None) -> bool:
    return person is not None and Participation.objects.filter(round=round, person=person).exists()


def voters(round: ScoringRound) -> int:
    """How many sheets were handed in: accounts, codes and paper alike."""
    return (
        Participation.objects.filter(round=round).count()
        + BallotCode.objects.filter(round=round, used=True).count()
        + ScoringRound.objects.values_list("paper_sheets", flat=True).get(pk=round.pk)
    )


# --- the result ---------------------------------------------------------------------------


@dataclass(frozen=True)
class MemberResult:
    person: Person
    count: int
    totals: list[int]  # per item
    averages: list[float]  # per item
    total_average: float
    distribution: list[tuple[str, int]]  # band of the total → number of ballots


@dataclass(frozen=True)
class CommitteeResult:
    aspect: str
    counts: list[tuple[str, int]]  # rating → number of sheets


@dataclass(frozen=True)
class RoundResult:
    voters: int
    items: list[ScoringItem]
    members: list[MemberResult]
    committee: list[CommitteeResult]


class ResultWithheld(Exception):
    """The result is not shown (yet); the message says why."""


def _bands() -> list[tuple[str, float]]:
    """Bands of a ballot's total, as shares of the maximum: 90%+, 80%+, 60%+, below."""
    return [("优（90%及以上）", 0.9), ("良（80%—90%）", 0.8), ("中（60%—80%）", 0.6), ("差（60%以下）", 0.0)]


def round_result(round: ScoringRound) -> RoundResult:
    """The totals and averages per member and item, once the round is closed and enough
    voted; otherwise ResultWithheld."""
    if round.state != RoundState.CLOSED:
        raise ResultWithheld("评分结束后才显示结果：评分进行中显示结果，会让人从变化中推算出下一张评分票。")
    count = voters(round)
    if count < round.minimum_voters:
        raise ResultWithheld(
            f"本轮共有{count}人评分，少于{round.minimum_voters}人，为保护评分人，不显示统计结果。"
        )
    if pending_count(scope=round.scope):
        anonymous_flush(scope=round.scope, minimum=1)  # a close interrupted before its write
    items = list(round.evaluation.items.all())
    maximum = sum(i.max_points for i in items)
    by_person: dict[int, list[list[int]]] = {}
    for ballot in Ballot.objects.filter(round=round).only("subject_id", *[f"score_{i}" for i in range(1, 6)]):
        by_person.setdefault(ballot.subject_id, []).append(ballot.scores)
    members = []
    for subject in round.subjects.select_related("person"):
        ballots = by_person.get(subject.person_id, [])
        n = len(ballots)
        totals = [sum(b[i] for b in ballots) for i in range(ITEM_COUNT)]
        bands = _bands()
        distribution = [(label, 0) for label, _ in bands]
        for b in ballots:
            share = sum(b) / maximum if maximum else 0
            index = next(i for i, (_, floor) in enumerate(bands) if share >= floor)
            distribution[index] = (distribution[index][0], distribution[index][1] + 1)
        members.append(MemberResult(
            person=subject.person, count=n, totals=totals,
            averages=[round_half(t / n) if n else 0.0 for t in totals],
            total_average=round_half(sum(totals) / n) if n else 0.0,
            distribution=distribution,
        ))
    committee = []
    if round.with_committee:
        sheets = list(CommitteeBallot.objects.filter(round=round))
        for i, aspect in enumerate(COMMITTEE_ASPECTS):
            counts = [(label, sum(1 for s in sheets if s.ratings[i] == value)) for value, label in CommitteeRating.choices]
            committee.append(CommitteeResult(aspect, counts))
    return RoundResult(voters=count, items=items, members=members, committee=committee)


def round_half(value: float) -> float:
    return float(f"{value:.2f}")


def latest_result(evaluation: Evaluation) -> RoundResult | None:
    """The result of the last closed round, where it may be shown; None otherwise."""
    round = evaluation.rounds.filter(state=RoundState.CLOSED).order_by("-pk").first()
    if round is None:
        return None
    round.evaluation = evaluation
    try:
        return round_result(round)
    except ResultWithheld:
        return None
