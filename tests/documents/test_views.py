"""Requesting, watching and downloading a generated document (the meeting summary)."""

import io

import pytest
from docx import Document

from documents import fonts
from documents.fonts import MissingCJKFontError
from documents.models import FileStatus, GeneratedFile
from documents.registry import get_type
from documents.services import file_generate, file_request

LOGIN = "/accounts/login/"


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _request_url(meeting, fmt="pdf"):
    return f"/documents/new/meeting_summary/{fmt}/{meeting.pk}/"


def _generated(client, meeting, fmt, capture):
    """Ask for the file as the page's button does; the (eager) task runs on commit."""
    with capture(execute=True):
        response = client.post(_request_url(meeting, fmt))
    return response, GeneratedFile.objects.get(format=fmt)


def _content(response) -> bytes:
    return b"".join(response.streaming_content)


# --- request --------------------------------------------------------------------------


def test_requesting_requires_login(client, meeting):
    response = client.post(_request_url(meeting))
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)
    assert not GeneratedFile.objects.exists()


def test_requesting_is_not_found_for_an_outsider(cast, meeting, login):
    assert login(cast.outsider).post(_request_url(meeting)).status_code == 404
    assert not GeneratedFile.objects.exists()


def test_requesting_only_accepts_post(cast, meeting, login):
    assert login(cast.office).get(_request_url(meeting)).status_code == 405


def test_requesting_an_unknown_kind_or_format_is_not_found(cast, meeting, login):
    client = login(cast.office)
    assert client.post(f"/documents/new/no_such_document/pdf/{meeting.pk}/").status_code == 404
    assert client.post(_request_url(meeting, "xlsx")).status_code == 404


def test_a_member_may_print_the_meeting_summary(cast, meeting, login, django_capture_on_commit_callbacks):
    response, generated = _generated(login(cast.member), meeting, "pdf", django_capture_on_commit_callbacks)
    assert response.status_code == 302
    assert generated.requested_by == cast.member


def test_requesting_a_pdf_redirects_to_its_page(cast, meeting, login, django_capture_on_commit_callbacks):
    response, generated = _generated(login(cast.office), meeting, "pdf", django_capture_on_commit_callbacks)
    assert response.status_code == 302
    assert response["Location"] == f"/documents/{generated.pk}/"
    assert generated.status == FileStatus.DONE
    assert generated.title == f"{meeting.title}概况"
    assert generated.source == meeting


def test_requesting_a_docx_redirects_to_its_page(cast, meeting, login, django_capture_on_commit_callbacks):
    response, generated = _generated(login(cast.office), meeting, "docx", django_capture_on_commit_callbacks)
    assert response["Location"] == f"/documents/{generated.pk}/"
    assert generated.status == FileStatus.DONE


def test_asking_twice_returns_the_same_file(cast, meeting, login, django_capture_on_commit_callbacks):
    client = login(cast.office)
    first, generated = _generated(client, meeting, "pdf", django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        second = client.post(_request_url(meeting, "pdf"))
    assert second["Location"] == first["Location"]
    assert GeneratedFile.objects.count() == 1
    assert callbacks == []  # nothing is generated again


def test_a_changed_meeting_gets_a_new_file(cast, meeting, login, django_capture_on_commit_callbacks):
    client = login(cast.office)
    _generated(client, meeting, "pdf", django_capture_on_commit_callbacks)
    meeting.theme = "新的主题"
    meeting.save(update_fields=["theme"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(_request_url(meeting, "pdf"))
    assert GeneratedFile.objects.count() == 2


# --- detail ---------------------------------------------------------------------------


def test_the_detail_requires_login(client, cast, meeting):
    generated, _ = file_request(doc_type=get_type("meeting_summary"), fmt="pdf", source=meeting, user=cast.office)
    response = client.get(f"/documents/{generated.pk}/")
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)


def test_the_detail_is_not_found_for_an_outsider(cast, meeting, login):
    generated, _ = file_request(doc_type=get_type("meeting_summary"), fmt="pdf", source=meeting, user=cast.office)
    assert login(cast.outsider).get(f"/documents/{generated.pk}/").status_code == 404


def test_the_detail_is_not_found_for_a_file_that_does_not_exist(cast, login):
    assert login(cast.office).get("/documents/999999/").status_code == 404


def test_the_detail_shows_progress_while_the_file_is_queued(cast, meeting, login):
    # Without running the on-commit callbacks the task never starts: the file stays queued.
    generated, queued = file_request(doc_type=get_type("meeting_summary"), fmt="pdf", source=meeting, user=cast.office)
    assert queued
    body = login(cast.office).get(f"/documents/{generated.pk}/").content.decode()
    assert "排队中" in body
    assert "正在生成" in body
    assert f'hx-get="/documents/{generated.pk}/"' in body
    # the shared block, with a sliding bar (a file counts nothing) and a plain reload link
    assert 'hx-target="#file-status" hx-swap="outerHTML"' in body
    assert '<div class="task-progress" role="progressbar" aria-label="正在生成">' in body
    assert f'<noscript><p><a href="/documents/{generated.pk}/">刷新查看进度</a></p></noscript>' in body


def test_the_detail_answers_htmx_polling_with_the_status_alone(cast, meeting, login):
    generated, _ = file_request(doc_type=get_type("meeting_summary"), fmt="pdf", source=meeting, user=cast.office)
    response = login(cast.office).get(f"/documents/{generated.pk}/", HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert body.startswith('<div id="file-status"')
    assert "<html" not in body


def test_the_detail_shows_the_download_once_done(cast, meeting, login, django_capture_on_commit_callbacks):
    client = login(cast.office)
    _, generated = _generated(client, meeting, "pdf", django_capture_on_commit_callbacks)
    body = client.get(f"/documents/{generated.pk}/").content.decode()
    assert "已完成" in body
    assert f"/documents/{generated.pk}/download/" in body
    assert "hx-trigger" not in body  # no more polling
    assert "王办公" in body


# --- download -------------------------------------------------------------------------


def test_the_download_requires_login(client, cast, meeting, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        generated, _ = file_request(doc_type=get_type("meeting_summary"), fmt="pdf", source=meeting, user=cast.office)
    response = client.get(f"/documents/{generated.pk}/download/")
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)


def test_the_download_is_not_found_for_an_outsider(cast, meeting, login, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        generated, _ = file_request(doc_type=get_type("meeting_summary"), fmt="pdf", source=meeting, user=cast.office)
    assert login(cast.outsider).get(f"/documents/{generated.pk}/download/").status_code == 404


def test_the_download_is_not_found_before_the_file_is_done(cast, meeting, login):
    generated, _ = file_request(doc_type=get_type("meeting_summary"), fmt="pdf", source=meeting, user=cast.office)
    assert login(cast.office).get(f"/documents/{generated.pk}/download/").status_code == 404


def test_the_download_returns_a_real_pdf(cast, meeting, login, django_capture_on_commit_callbacks):
    client = login(cast.office)
    _, generated = _generated(client, meeting, "pdf", django_capture_on_commit_callbacks)
    response = client.get(f"/documents/{generated.pk}/download/")
    data = _content(response)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert data.startswith(b"%PDF")
    assert len(data) == generated.size


def test_the_download_returns_a_word_file_with_the_chinese_title(
    cast, meeting, login, django_capture_on_commit_callbacks
):
    client = login(cast.office)
    _, generated = _generated(client, meeting, "docx", django_capture_on_commit_callbacks)
    response = client.get(f"/documents/{generated.pk}/download/")
    document = Document(io.BytesIO(_content(response)))
    text = "\n".join(p.text for p in document.paragraphs)
    cells = {c.text for t in document.tables for row in t.rows for c in row.cells}
    assert f"{meeting.title}概况" in text
    assert "方面一" in text
    assert meeting.title in cells


def test_a_member_may_download_what_the_office_generated(cast, meeting, login, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        generated, _ = file_request(doc_type=get_type("meeting_summary"), fmt="pdf", source=meeting, user=cast.office)
    response = login(cast.member).get(f"/documents/{generated.pk}/download/")
    assert response.status_code == 200
    assert _content(response).startswith(b"%PDF")


# --- a machine without Chinese fonts --------------------------------------------------


@pytest.fixture
def no_cjk_font(monkeypatch):
    monkeypatch.setattr(fonts, "cjk_font_families", lambda: [])
    monkeypatch.setattr(fonts, "_confirmed", False)


def test_a_missing_chinese_font_fails_loudly_and_names_the_package(cast, meeting, no_cjk_font):
    with pytest.raises(MissingCJKFontError, match="fonts-noto-cjk"):
        fonts.ensure_cjk_font()
    generated, _ = file_request(doc_type=get_type("meeting_summary"), fmt="pdf", source=meeting, user=cast.office)
    file_generate(file_id=generated.pk)
    generated.refresh_from_db()
    assert generated.status == FileStatus.FAILED
    assert "fonts-noto-cjk" in generated.error
    assert generated.error == str(MissingCJKFontError())
    assert not generated.file


def test_the_detail_tells_the_person_why_the_file_failed(cast, meeting, login, no_cjk_font):
    generated, _ = file_request(doc_type=get_type("meeting_summary"), fmt="pdf", source=meeting, user=cast.office)
    file_generate(file_id=generated.pk)
    body = login(cast.office).get(f"/documents/{generated.pk}/").content.decode()
    assert "生成失败" in body
    assert "sudo apt-get install fonts-noto-cjk" in body
    assert "hx-trigger" not in body


def test_a_failed_file_is_generated_again_when_asked_again(
    cast, meeting, login, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(fonts, "cjk_font_families", lambda: [])
    monkeypatch.setattr(fonts, "_confirmed", False)
    generated, _ = file_request(doc_type=get_type("meeting_summary"), fmt="pdf", source=meeting, user=cast.office)
    assert file_generate(file_id=generated.pk).status == FileStatus.FAILED
    monkeypatch.undo()  # the font is installed now

    _, again = _generated(login(cast.office), meeting, "pdf", django_capture_on_commit_callbacks)
    assert again.pk == generated.pk
    assert again.status == FileStatus.DONE
    assert again.error == ""


def test_with_eager_celery_a_failure_shows_the_reason_instead_of_a_server_error(
    cast, meeting, login, no_cjk_font, django_capture_on_commit_callbacks
):
    client = login(cast.office)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/documents/new/meeting_summary/pdf/{meeting.pk}/")
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "生成失败" in page.content.decode()
