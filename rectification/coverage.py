"""Coverage (issue 13): every criticism received and every routed opinion (and 点评,
upper finding) is turned into an item, merged into one, or set aside with a reason; a list
cannot be approved while anything it must cover is uncovered.

The sources part of the phase owns this module; the workflow asks `uncovered(rlist)`.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Uncovered:
    kind: str  # models.SourceKind
    pk: int | str
    text: str
    concerns: str = ""  # the member it concerns, or 班子


def uncovered(rlist) -> list[Uncovered]:
    """What this list must still cover before it may be approved (empty: nothing)."""
    return []
