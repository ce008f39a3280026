"""The checklist reads the materials board's statuses only (issue 11: the meeting home)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from inspections.selectors import meeting_board

from .conftest import act, outline, team_material, write


def _statuses(board):
    return [(row.person.pk if row.person else None, row.status, row.material and row.material.first_submitted_at)
            for row in board.rows]


def test_the_statuses_alone_are_those_of_the_full_board_for_three_queries_fewer(cast, meeting, member2):
    team_material(meeting)
    material = write(outline(meeting, cast.member), cast.member, preface="前言")
    act(material, cast.member, "submit")
    act(material, cast.secretary, "pass_on")
    write(outline(meeting, member2), member2, preface="前言")

    assert meeting.organization  # the meeting's home reads it with the meeting

    def queries(**kwargs):
        with CaptureQueriesContext(connection) as captured:
            board = meeting_board(meeting, **kwargs)
        return len(captured), board

    full_count, full = queries()
    light_count, light = queries(details=False)
    assert _statuses(light) == _statuses(full)
    assert light.all_approved == full.all_approved and light.counts == full.counts
    # No latest versions, opinions to answer or positions: three queries fewer.
    assert light_count == full_count - 3
