"""What each phase hands over when a meeting's cycle is archived (归档).

The archive sits above every phase and no phase imports it; instead each phase registers
one function that lists, for a meeting, its documents (by their `documents.registry`
kind and source object, so the archive prints them in the official layout), its uploaded
files (evidence), and the history of its decisions (who, when, what, the comments). The
archive asks every registered phase in turn (`meeting_records`).

Confidentiality is the phase's to keep: an anonymous opinion's record carries no identity
here either, since the phase writes the record from rows that hold none.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any


@dataclass(frozen=True)
class RecordDocument:
    """One official document (one 件 in the DA/T 22 catalogue)."""

    kind: str  # a documents.registry kind
    source: object  # the object its `build` takes
    title: str  # 题名
    author: str  # 责任者: usually the organisation, or the person for a personal outline
    day: date | None  # 日期
    formats: tuple[str, ...] = ("pdf", "docx")  # what to put in the bag; xlsx for tables
    note: str = ""  # 备注


@dataclass(frozen=True)
class RecordFile:
    """An uploaded file kept as it is (evidence of a rectification item, a scanned form)."""

    name: str  # the file's name inside the phase's folder
    title: str
    author: str
    day: date | None
    read: Callable[[], bytes]
    note: str = ""


@dataclass(frozen=True)
class Decision:
    """One step of a workflow: a plan approved, an outline returned with comments…"""

    what: str  # e.g. "审核通过：张书记的个人发言提纲"
    who: str  # the person's name (never an anonymous contributor's)
    at: datetime
    comment: str = ""
    subject: str = ""  # what it concerns, for the reader of the history


@dataclass
class PhaseRecords:
    phase: str  # the phase's name in Chinese, e.g. "谈心谈话"
    folder: str  # a short ASCII name for its folder in the bag, e.g. "talks"
    documents: list[RecordDocument] = field(default_factory=list)
    files: list[RecordFile] = field(default_factory=list)
    decisions: list[Decision] = field(default_factory=list)


def actor_name(user) -> str:
    """The name a Decision shows for an account: its person's name, else the login name.

    For rows that name their actor (office, secretary, supervisor, a member acting in
    their own name); an anonymous contributor's row has no account to pass here.
    Fetch `actor__person` with the rows (select_related) to keep this query-free.
    """
    if user is None:
        return "（未记录）"
    person = getattr(user, "person", None)
    return person.name if person else user.get_username()


def decisions_from(
    events: Iterable, *, subject: Callable[[Any], str], what: Callable[[Any], str] | None = None
) -> list[Decision]:
    """The history of a phase's event log, one Decision a row.

    Every phase keeps its steps as rows of the same shape (`action`, `actor`, `at`,
    `note`: TalkEvent, MaterialEvent, StageChange…); the phase says only what a row
    concerns (`subject`) and, where its log words a step otherwise, what was done
    (`what`, else the row's `action`). Fetch `actor__person` with the rows.
    """
    return [
        Decision(
            what=what(event) if what is not None else event.action,
            who=actor_name(event.actor),
            at=event.at,
            comment=event.note,
            subject=subject(event),
        )
        for event in events
    ]


RecordsProvider = Callable[[object], PhaseRecords | None]

_providers: list[tuple[int, RecordsProvider]] = []


def register_records(order: int = 100):
    """Register a phase's records: `func(meeting) -> PhaseRecords` (None when the phase
    has nothing for this meeting). `order` sorts the phases in the archive as in the
    cycle (plan 10, study 20, opinions 30, talks 40, materials 50, the meeting 60,
    rectification 70, evaluation 80)."""

    def decorator(func: RecordsProvider) -> RecordsProvider:
        _providers.append((order, func))
        _providers.sort(key=lambda entry: entry[0])
        return func

    return decorator


def meeting_records(meeting) -> list[PhaseRecords]:
    found = []
    for _, provider in _providers:
        records = provider(meeting)
        if records is not None:
            found.append(records)
    return found


def records_providers() -> Iterable[RecordsProvider]:
    return [provider for _, provider in _providers]
