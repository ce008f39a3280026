"""The study record in the official layout (学习研讨记录, documents.registry kind `study_records`)."""

from datetime import date

import pytest
from django.urls import reverse

from documents.compile import page_count
from documents.dating import documents_dated
from documents.registry import get_type
from documents.render import RENDERERS
from study.documents import KIND, study_document

from .conftest import make_self_study, make_session


def _request_url(meeting, fmt="pdf"):
    return reverse("documents:request", args=[KIND, fmt, meeting.pk])


@pytest.fixture
def two_sessions(meeting, team, session):
    """The fixture's session (the member absent, 出差) and a warning film both attended."""
    make_session(meeting, team, topic="观看《持续发力 纵深推进》", form="warning_film", held_on=date(2026, 3, 9),
                 speeches={team[1]: "以案为鉴守底线"})
    return meeting


def _text(doc) -> str:
    return "\n".join(
        [doc.title, *doc.signature]
        + [getattr(b, "text", "") for b in doc.blocks]
        + ["|".join(cell for row in getattr(b, "rows", []) for cell in row) for b in doc.blocks]
    )


def test_it_records_each_session_with_attendance_absences_and_speeches_and_prints_as_pdf(
    two_sessions, team, cast
):
    make_self_study(two_sessions, team[0], topic="通读《论中国共产党历史》")
    doc = get_type(KIND).build(two_sessions)
    text = _text(doc)
    assert doc.title == f"{two_sessions.title}学习研讨记录"
    for expected in (
        "集中学习研讨：学习《中国共产党章程》", "观看警示教育片：观看《持续发力 纵深推进》",
        "2026年3月2日", "2026年3月9日", f"{team[1].name}（出差）", f"{team[0].name}：坚定历史自信",
        f"{team[1].name}：以案为鉴守底线", "2人／1人", "共组织集中学习研讨2次", "登记个人自学1次",
        "通读《论中国共产党历史》",
    ):
        assert expected in text, expected
    pdf = RENDERERS["pdf"](doc)
    assert pdf.startswith(b"%PDF") and page_count(pdf) >= 1


def test_it_is_signed_on_the_day_the_record_last_changed_not_the_day_it_is_printed(two_sessions):
    changed = study_document(two_sessions).signature
    with documents_dated(date(2031, 1, 1)):
        assert study_document(two_sessions).signature == changed
    assert "2031" not in changed[1]


def test_asking_for_it_requires_login(client, meeting):
    response = client.post(_request_url(meeting))
    assert response.status_code == 302 and "/login" in response["Location"]


def test_outsiders_get_404_on_its_request_url(cast, login, two_sessions):
    assert login(cast.outsider).post(_request_url(two_sessions)).status_code == 404


def test_a_member_asks_for_it_and_the_study_page_offers_it_beside_the_excel(
    cast, login, two_sessions, django_capture_on_commit_callbacks
):
    client = login(cast.member)
    page = client.get(reverse("study:meeting", args=[two_sessions.pk])).content.decode()
    assert reverse("study:export", args=[two_sessions.pk]) in page
    assert _request_url(two_sessions, "pdf") in page and _request_url(two_sessions, "docx") in page
    response = client.post(_request_url(two_sessions, "docx"))
    assert response.status_code == 302 and "/documents/" in response["Location"]
