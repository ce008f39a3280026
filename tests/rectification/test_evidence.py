"""Evidence files: recognised by content (an executable renamed to .pdf is refused),
size-limited with a message naming the limit, stored under a random name with its
sha256, and served only through the item's checkpoint."""

import hashlib
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from rectification.evidence import EvidenceError, evidence_check
from rectification.models import Evidence, ProgressReport
from rectification.progress import progress_report

from .progress_fixtures import access_for

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 32
ELF = b"\x7fELF\x02\x01\x01" + b"\0" * 64
MZ = b"MZ\x90\x00" + b"\0" * 64


def _zip(*names):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in names:
            archive.writestr(name, "<x/>")
    return buffer.getvalue()


def upload(name, data):
    return SimpleUploadedFile(name, data)


@pytest.mark.parametrize("name, data, content_type", [
    ("报告.pdf", PDF, "application/pdf"),
    ("照片.PNG", PNG, "image/png"),
    ("照片.jpg", b"\xff\xd8\xff\xe0" + b"\0" * 20, "image/jpeg"),
    ("台账.docx", _zip("[Content_Types].xml", "word/document.xml"),
     "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ("台账.xlsx", _zip("[Content_Types].xml", "xl/workbook.xml"),
     "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ("旧版.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 40, "application/msword"),
    ("旧版.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 40, "application/vnd.ms-excel"),
])
def test_each_accepted_kind_is_recognised_by_its_content(name, data, content_type):
    assert evidence_check(upload=upload(name, data)).content_type == content_type


@pytest.mark.parametrize("name, data", [
    ("报告.pdf", ELF),  # an executable renamed to .pdf
    ("报告.pdf", MZ),
    ("照片.png", PDF),  # the extension must agree with the content
    ("台账.docx", _zip("[Content_Types].xml", "xl/workbook.xml")),
    ("台账.xlsx", _zip("payload.exe")),  # a ZIP that is no workbook
    ("台账.docx", b"PK\x03\x04broken"),
    ("程序.exe", MZ),
    ("无扩展名", PDF),
])
def test_a_file_whose_content_is_not_what_its_name_says_is_refused(name, data):
    with pytest.raises(EvidenceError):
        evidence_check(upload=upload(name, data))


def test_an_executable_renamed_to_pdf_is_refused_with_a_clear_message():
    with pytest.raises(EvidenceError, match="内容与扩展名 .pdf 不符"):
        evidence_check(upload=upload("整改报告.pdf", ELF))


class Huge:
    """An upload that says it is 50 MB and fails if anything reads it: the size is
    refused before the content is read."""

    name = "扫描件.pdf"
    size = 50 * 1024 * 1024

    def read(self, *args):
        raise AssertionError("read before the size was checked")

    seek = chunks = read


def test_a_50_mb_file_is_refused_before_it_is_read_naming_the_limit():
    with pytest.raises(EvidenceError, match="超过 20 MB"):
        evidence_check(upload=Huge())


def test_the_limit_is_a_setting(settings):
    settings.EVIDENCE_MAX_MB = 1
    with pytest.raises(EvidenceError, match="超过 1 MB"):
        evidence_check(upload=upload("a.pdf", PDF + b"\0" * (1024 * 1024)))


def _with_evidence(cast, item, *files):
    return progress_report(measure=item.measures.first(), on=timezone.localdate(), text="已开展调研",
                           status="in_progress", percent=50, files=files, actor=cast.member,
                           access=access_for(cast.member, item))


def test_evidence_is_stored_under_a_random_name_with_its_sha256(cast, personal_item, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    report = _with_evidence(cast, personal_item, upload("../../调研报告.pdf", PDF))
    evidence = report.evidence.get()
    assert evidence.name == "调研报告.pdf"
    assert evidence.sha256 == hashlib.sha256(PDF).hexdigest() and evidence.size == len(PDF)
    assert evidence.file.name.startswith("rectification/evidence/") and "调研" not in evidence.file.name
    assert (tmp_path / evidence.file.name).read_bytes() == PDF


def test_one_refused_file_saves_nothing_of_the_report(cast, personal_item, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    with pytest.raises(EvidenceError):
        _with_evidence(cast, personal_item, upload("a.pdf", PDF), upload("b.pdf", ELF))
    assert not ProgressReport.objects.exists() and not Evidence.objects.exists()
    assert personal_item.measures.first().percent == 0


# --- the download: only through the item's checkpoint ----------------------------------------


@pytest.fixture
def evidence(cast, personal_item, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return _with_evidence(cast, personal_item, upload("调研报告.pdf", PDF)).evidence.get()


def test_the_owner_and_the_verifiers_download_evidence_as_an_attachment(cast, evidence, login):
    url = reverse("rectification:evidence", args=[evidence.pk])
    for user in (cast.member, cast.secretary, cast.office):
        response = login(user).get(url)
        assert response.status_code == 200
        assert response["Content-Disposition"].startswith("attachment")
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Content-Type"] == "application/pdf"
        assert b"".join(response.streaming_content) == PDF


def test_anonymous_readers_are_sent_to_log_in(client, evidence):
    response = client.get(reverse("rectification:evidence", args=[evidence.pk]))
    assert response.status_code == 302 and "login" in response["Location"]


def test_another_organisations_member_gets_404(cast, evidence, login):
    assert login(cast.outsider).get(reverse("rectification:evidence", args=[evidence.pk])).status_code == 404


def test_a_colleagues_personal_item_evidence_answers_404(cast, evidence, login):
    from organizations.models import TeamPosition
    from organizations.services import team_member_add
    from tests.factories import PersonFactory, UserFactory

    colleague = PersonFactory(user=UserFactory(username="colleague"), name="王委员", organization=cast.gov)
    team_member_add(person=colleague, organization=cast.gov, position=TeamPosition.MEMBER, rank=3)
    assert login(colleague.user).get(reverse("rectification:evidence", args=[evidence.pk])).status_code == 404


def test_an_unknown_evidence_answers_404(cast, login):
    assert login(cast.member).get(reverse("rectification:evidence", args=[999])).status_code == 404
