"""What the study phase hands to the archive: its Excel record (no document kind prints a
session in the official layout yet)."""

import io

from openpyxl import load_workbook

from ..records_kit import phase_records
from .conftest import make_session

PROVIDER = "study.records"


def test_a_meeting_with_no_study_hands_over_nothing(meeting):
    assert phase_records(meeting, PROVIDER) is None


def test_the_study_record_goes_in_as_the_phases_workbook_with_every_session(meeting, team, session, secretary_self_study):
    make_session(meeting, team, topic="观看警示教育片", form="warning_film")
    records = phase_records(meeting, PROVIDER)
    assert records.documents == []
    [workbook] = records.files
    assert (workbook.name, workbook.author, workbook.day) == ("学习研讨记录.xlsx", meeting.organization.name, session.held_on)
    assert "共3次学习" in workbook.note
    book = load_workbook(io.BytesIO(workbook.read()), read_only=True)
    topics = [row[4] for row in book["学习研讨记录"].iter_rows(min_row=2, values_only=True)]
    assert set(topics) == {"学习《中国共产党章程》", "观看警示教育片", "通读《论中国共产党历史》"}


def test_listing_it_costs_one_query_the_workbook_is_read_later(meeting, team, session, django_assert_num_queries):
    for n in range(5):
        make_session(meeting, team, topic=f"第{n}次学习")
    with django_assert_num_queries(1):  # the sessions' count (the organisation came with the meeting)
        phase_records(meeting, PROVIDER)
