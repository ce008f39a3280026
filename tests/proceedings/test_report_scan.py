"""The stamped, signed report as sent on paper (a scan) kept beside the generated one:
a PDF or picture recognised by its bytes, stored under our own name, downloaded only by
those who read the report."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from .report_helpers import draft, held_meeting, prepared, sitting, send, sent  # noqa: F401

PDF = b"%PDF-1.4\n%scan of the stamped report\n"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def settings_media(report):
    from pathlib import Path

    return Path(report.scan.storage.location)


def _upload(client, meeting, name, data):
    return client.post(f"/proceedings/{meeting.pk}/report/scan/",
                       {"scan": SimpleUploadedFile(name, data)})


def test_the_office_uploads_the_scan_and_the_upper_level_downloads_it(cast, login, sent):
    response = _upload(login(cast.office), sent.meeting, "盖章报告.pdf", PDF)
    assert response.status_code == 302
    sent.refresh_from_db()
    assert sent.scan_name == "盖章报告.pdf" and sent.scan_size == len(PDF)
    assert sent.scan.name.startswith(f"uploads/situation_reports/{sent.meeting_id}/")
    assert "盖章报告" not in sent.scan.name  # our name, not the uploader's
    download = login(cast.supervisor).get(f"/proceedings/{sent.meeting.pk}/report/scan/download/")
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    assert login(cast.member).get(f"/proceedings/{sent.meeting.pk}/report/scan/download/").status_code == 404


def test_a_file_whose_bytes_are_not_what_its_name_says_is_refused(cast, login, sent):
    response = _upload(login(cast.office), sent.meeting, "报告.pdf", b"MZ\x90\x00 not a pdf")
    assert response.status_code == 400
    assert "文件内容与扩展名不符" in response.content.decode()
    sent.refresh_from_db()
    assert not sent.scan


def test_a_word_file_is_refused(cast, login, sent):
    response = _upload(login(cast.office), sent.meeting, "报告.docx", b"PK\x03\x04")
    assert response.status_code == 400 and "只支持 PDF、JPG 或 PNG" in response.content.decode()


def test_a_scan_waits_until_the_report_is_sent(cast, login, draft):
    response = _upload(login(cast.office), draft.meeting, "报告.pdf", PDF)
    assert response.status_code == 302
    draft.refresh_from_db()
    assert not draft.scan


def test_a_new_scan_replaces_the_old_one_and_the_record_says_so(cast, login, sent):
    client = login(cast.office)
    _upload(client, sent.meeting, "第一次.pdf", PDF)
    _upload(client, sent.meeting, "第二次.png", b"\x89PNG\r\n\x1a\n....")
    sent.refresh_from_db()
    assert sent.scan_name == "第二次.png"
    stored = list((settings_media(sent)).rglob("*"))
    assert [p.suffix for p in stored if p.is_file()] == [".png"]  # the first scan is removed, not left behind
    assert [e.action for e in sent.events.all()][-2:] == ["上传扫描件", "更换扫描件"]


def test_only_the_office_uploads(cast, login, sent):
    assert _upload(login(cast.secretary), sent.meeting, "a.pdf", PDF).status_code == 403
    assert _upload(login(cast.member), sent.meeting, "a.pdf", PDF).status_code == 404
