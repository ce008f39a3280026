"""Last year's rectification items a material must report on (seeds 001 §四, 002, 003 §六(三):
"清理旧账" — the items of the previous meeting are reported on before the new problems).

The rectification phase owns those items and comes after this one, so this phase cannot
import it. It registers a provider here instead; until it does, no items are shown and
the section stays out of the way.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class CarryoverItem:
    """One rectification item of an earlier meeting, as the author is shown it."""

    title: str
    status: str = ""  # e.g. 已完成 / 正在整改 / 未完成
    deadline: str = ""  # as printed, e.g. 2026年6月30日
    detail: str = ""


# (person or None for the team, meeting) -> items
CarryoverProvider = Callable[[object, object], Iterable[CarryoverItem]]
_providers: list[CarryoverProvider] = []


def register_carryover(func: CarryoverProvider) -> CarryoverProvider:
    """Register `func(person, meeting)`: the earlier items of this person (None: the team)
    to report on in this meeting's material."""
    _providers.append(func)
    return func


def carryover_items(person, meeting) -> list[CarryoverItem]:
    return [item for provider in _providers for item in provider(person, meeting)]


# material=, actor= -> None; run once a material's submission is committed
SubmittedHook = Callable[..., None]
_submitted: list[SubmittedHook] = []


def register_submitted(func: SubmittedHook) -> SubmittedHook:
    """Register `func(material=, actor=)`, run after a material is submitted (its version
    committed): the rectification phase checks whether a new problem repeats an item it
    already closed or carried (seed 001 §五(二)) without this phase importing it."""
    _submitted.append(func)
    return func


def material_submitted(*, material, actor) -> None:
    for hook in _submitted:
        hook(material=material, actor=actor)
