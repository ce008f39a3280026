"""What the evaluation proposes for the meeting's agenda: its scoring round, after the
criticism and self-criticism (seed 002 方案3 §四(二): 自评与互评 … 同时进行现场不记名评分).

The meeting-day phase (proceedings, the layer below) owns the agenda and its hook
`proceedings.agenda.register_agenda_item`; this module keeps to plain values, and the hook
is wired in one place (`phase.scoring_round_on_the_agenda`).
"""

from .access import evaluation_of

SCORING_KEY = "evaluation:scoring"


def agenda_proposals(meeting) -> list[dict]:
    """The fields of the agenda items proposed for this meeting (none unless 民主评议党员 is on)."""
    if evaluation_of(meeting) is None:
        return []
    return [{
        "key": SCORING_KEY,
        "title": "民主评议党员：党员逐一作自我总结，开展互评，现场不记名评分（含基层党组织民主评议表）",
        "kind": "other",
        "after_kind": "rotation",
        "minutes_limit": 20,
    }]
