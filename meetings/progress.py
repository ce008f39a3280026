"""The small interface through which each phase reports on a meeting.

A phase app registers a checklist provider (what it has done for this meeting) and a work
provider (what waits for this person). The meeting's home page and the "my work" page ask
every provider in turn instead of importing the phase apps, so a phase can be added
without touching `meetings`.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class ChecklistItem:
    label: str
    done: bool
    detail: str = ""
    url: str = ""
    # Items that must be done before the office may ask to convene the meeting.
    required_to_convene: bool = False


@dataclass(frozen=True)
class ChecklistSection:
    phase: str
    items: list[ChecklistItem]
    url: str = ""  # the phase's own page for this meeting

    @property
    def done_count(self) -> int:
        return sum(1 for i in self.items if i.done)


@dataclass(frozen=True)
class WorkItem:
    title: str
    meeting_title: str
    url: str
    due_date: date | None = None
    kind: str = ""
    overdue: bool = False


ChecklistProvider = Callable[[object], Iterable[ChecklistItem]]
WorkProvider = Callable[[object], Iterable[WorkItem]]
ReminderProvider = Callable[[date], int]
LinkBuilder = Callable[[object], str]

_checklist: list[tuple[int, str, ChecklistProvider, LinkBuilder | None]] = []
_work: list[WorkProvider] = []
_reminders: list[ReminderProvider] = []


def register_checklist(phase: str, order: int = 100, link: LinkBuilder | None = None):
    """Register a phase's checklist; `link(meeting)` gives the phase's page for it."""

    def decorator(func: ChecklistProvider) -> ChecklistProvider:
        _checklist.append((order, phase, func, link))
        _checklist.sort(key=lambda entry: entry[0])
        return func

    return decorator


def register_reminders(func: ReminderProvider) -> ReminderProvider:
    """A phase's daily reminder job: `func(today)` sends what is due, returns how many.

    Its days come from notifications.schedule (reminder_due / reminder_send), which also
    makes it idempotent: the daily job may run twice.
    """
    _reminders.append(func)
    return func


def send_phase_reminders(today: date) -> int:
    return sum(provider(today) for provider in _reminders)


def reminder_providers() -> list[ReminderProvider]:
    return list(_reminders)


def register_work(func: WorkProvider) -> WorkProvider:
    _work.append(func)
    return func


def meeting_checklist(meeting) -> list[ChecklistSection]:
    return [
        ChecklistSection(phase, list(provider(meeting)), link(meeting) if link else "")
        for _, phase, provider, link in _checklist
    ]


def work_for(user) -> list[WorkItem]:
    items = [item for provider in _work for item in provider(user)]
    return sorted(items, key=lambda i: (i.due_date is None, i.due_date or date.max, i.title))


DemoBuilder = Callable[[dict], None]
_demo_builders: list[tuple[int, DemoBuilder]] = []


def register_demo(order: int = 100):
    """A phase adds its demo data after `seed_demo` built the county and its meetings.

    The builder gets a dict of named objects (see seed_demo's `context`).
    """

    def decorator(func: DemoBuilder) -> DemoBuilder:
        _demo_builders.append((order, func))
        _demo_builders.sort(key=lambda entry: entry[0])
        return func

    return decorator


def build_phase_demos(context: dict) -> None:
    for _, builder in _demo_builders:
        builder(context)
