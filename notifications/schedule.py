"""When to remind of something that is due: one schedule for every phase.

A phase says what is due (an item key and a date), how many days ahead it wants to be
heard (`before`), and whom to tell; the days themselves are decided here:

- each of the `before` days ahead (by default 3 days before and the day before),
- on the day itself (今天到期),
- then every N days while overdue (N is the organisation's own setting, default 3: the
  3rd, 6th, 9th … day after the due date).

Each reminder is sent at most once per item, kind and day: the key names the day it is for,
so the daily job may run twice (or in two processes at once) and nothing is sent twice,
while an overdue item keeps being reminded on its days.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from .services import notify

BEFORE = (3, 1)
EVERY_OVERDUE = 3


@dataclass(frozen=True)
class Reminder:
    kind: str  # "before3", "before1", "today", "overdue"
    days_left: int  # negative once overdue

    def phrase(self, due_word: str = "到期") -> str:
        """How the title says it: 3天后到期, 明天到期, 今天到期, 已逾期3天."""
        if self.days_left < 0:
            return f"已逾期{-self.days_left}天"
        if self.days_left == 0:
            return f"今天{due_word}"
        if self.days_left == 1:
            return f"明天{due_word}"
        return f"{self.days_left}天后{due_word}"


def reminder_due(
    due_date: date, today: date, *, before: Iterable[int] = BEFORE, every_overdue: int | None = EVERY_OVERDUE
) -> Reminder | None:
    """The reminder due today for something due on `due_date`, or None on a quiet day.

    `every_overdue=None` (or 0) stops after the due date: for work that cannot be done late.
    """
    days_left = (due_date - today).days
    if days_left == 0:
        return Reminder("today", 0)
    if days_left > 0:
        return Reminder(f"before{days_left}", days_left) if days_left in set(before) else None
    if every_overdue and -days_left % every_overdue == 0:
        return Reminder("overdue", days_left)
    return None


def reminder_horizon(today: date, before: Iterable[int] = BEFORE) -> date:
    """The latest due date that can have a reminder today: a phase's query filters on it."""
    return today + timedelta(days=max(before, default=0))


def reminder_send(
    *, item: str, reminder: Reminder, today: date, recipients, title: str, body: str = "", url: str = ""
) -> int:
    """Send `reminder` of `item` (e.g. "milestone:12", "talks:3:office"); how many were new."""
    key = f"{item}:{reminder.kind}:{today.isoformat()}"
    return len(notify(recipients=recipients, title=title, body=body, url=url, dedupe_key=key))
