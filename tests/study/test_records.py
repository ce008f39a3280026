"""What the study phase hands to the archive: its 学习研讨记录 in the official layout, and
its Excel record."""

import io

from openpyxl import load_workbook

from documents.render import RENDERERS

from ..records_kit import every_document_builds, phase_records
from .conftest import make_session

PROVIDER = "study.records"


def test_a_meeting_with_no_study_hands_over_nothing(meeting):
    assert phase_records(meeting, PROVIDER) is None


def test_the_study_record_goes_in_as_the_official_document_and_the_phases_workbook(
    meeting, team, session, secretary_self_study
):
    make_session(meeting, team, topic="观看警示教育片", form="warning_film")
    records = phase_records(meeting, PROVIDER)
    assert records.files == []
    document, workbook = records.documents
    assert (document.kind, document.source, document.formats) == ("study_records", meeting, ("pdf", "docx"))
    assert (workbook.kind, workbook.formats) == ("study_records_xlsx", ("xlsx",))
    for listed in (document, workbook):
        assert (listed.title, listed.author, listed.day) == (
            f"{meeting.title}学习研讨记录", meeting.organization.name, session.held_on
        )
    assert "共3次学习" in workbook.note
    content, table = every_document_builds(records)
    assert "观看警示教育片" in "".join(getattr(block, "text", "") for block in content.blocks)
    book = load_workbook(io.BytesIO(RENDERERS["xlsx"](table)), read_only=True)
    topics = [row[4] for row in book["学习研讨记录"].iter_rows(min_row=2, values_only=True)]
    assert set(topics) == {"学习《中国共产党章程》", "观看警示教育片", "通读《论中国共产党历史》"}


def test_listing_it_costs_one_query_the_workbook_is_read_later(meeting, team, session, django_assert_num_queries):
    for n in range(5):
        make_session(meeting, team, topic=f"第{n}次学习")
    with django_assert_num_queries(1):  # the sessions' count (the organisation came with the meeting)
        phase_records(meeting, PROVIDER)
