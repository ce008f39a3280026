"""Last year's rectification, as the preparation report states it (seed 002 方案8 (三)2:
"上一年度组织生活会整改落实情况报督导组审核"; seed 004: "通报…上年度民主生活会整改措施落实情况").

The rectification phase owns those items and sits above this one, so this phase cannot
import it. It registers a provider here instead (as `inspections.carryover` is fed);
until one is registered the report has no such section and says nothing it cannot know.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class RectificationItem:
    """One item of an earlier meeting's rectification list, as the report counts it."""

    title: str
    done: bool
    status: str = ""  # as shown: 已完成 / 正在整改 / 长期坚持…


# meeting -> the team's and the members' items carried from the previous meeting
RectificationProvider = Callable[[object], Iterable[RectificationItem]]
_providers: list[RectificationProvider] = []


def register_rectification(func: RectificationProvider) -> RectificationProvider:
    """Register `func(meeting)`: the earlier meeting's rectification items to report on."""
    _providers.append(func)
    return func


def last_year_items(meeting) -> list[RectificationItem]:
    return [item for provider in _providers for item in provider(meeting)]


def has_providers() -> bool:
    return bool(_providers)
