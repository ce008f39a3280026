"""Coverage (issue 13): every criticism received and every routed opinion (and 点评,
upper finding) is turned into an item, merged into one, or set aside with a reason; a list
cannot be approved while anything it must cover is uncovered.

The scope of a list: the team list covers the opinions routed to the team, the 点评 and
the team's findings; a personal list the criticisms its owner received, the opinions
routed to them and the findings about them. A source is covered when an item of any list
of this meeting links it (the office may take a criticism into the team list) or it is
set aside. The workflow asks `uncovered(rlist)`.
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
    from .sources import in_scope, source_candidates

    return [
        Uncovered(c.kind, c.pk, c.text, c.concerns)
        for c in source_candidates(rlist)
        if in_scope(rlist, c) and not c.covered
    ]


def meeting_uncovered_count(meeting) -> int:
    """How many of the meeting's sources no list covers yet (the coverage page's figure)."""
    from .sources import meeting_sources

    return sum(1 for c in meeting_sources(meeting) if not c.covered)
