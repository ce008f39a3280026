"""The archive page: who sees it, the 归档 move, the verified download, failures shown."""

import logging

import pytest
from django.urls import reverse

from archive.models import ArchivePackage, PackageStatus
from meetings.models import MilestoneKind, Stage


def _url(name, meeting):
    return reverse(f"archive:{name}", args=[meeting.pk])


def test_it_sends_anonymous_visitors_to_log_in(client, finished):
    for name in ("detail", "download"):
        answer = client.get(_url(name, finished))
        assert answer.status_code == 302 and "/accounts/login/" in answer["Location"]


@pytest.mark.parametrize("who", ["member", "outsider"])
def test_members_and_outsiders_get_404_on_every_archive_url(cast, finished, login, who):
    client = login(getattr(cast, who))
    assert client.get(_url("detail", finished)).status_code == 404
    assert client.get(_url("download", finished)).status_code == 404
    for name in ("archive", "rebuild", "verify"):
        assert client.post(_url(name, finished)).status_code == 404
    assert finished.stage == Stage.RECTIFYING


@pytest.mark.parametrize("who", ["office", "secretary", "supervisor"])
def test_the_office_the_secretary_and_the_supervisor_see_the_archive_page(cast, finished, login, who):
    answer = login(getattr(cast, who)).get(_url("detail", finished))
    assert answer.status_code == 200
    assert finished.title in answer.content.decode()
    # Only the office archives.
    assert ('action="%s"' % _url("archive", finished) in answer.content.decode()) == (who == "office")


def test_only_the_office_archives(cast, finished, login):
    assert login(cast.secretary).post(_url("archive", finished)).status_code == 403
    finished.refresh_from_db()
    assert finished.stage == Stage.RECTIFYING


def test_the_meeting_page_s_archive_button_leads_to_the_archive_page(cast, finished, login):
    page = login(cast.office).get(reverse("meetings:detail", args=[finished.pk])).content.decode()
    assert f'href="{_url("detail", finished)}">归档</a>' in page


def test_archiving_waits_for_what_blocks_the_move(cast, finished, records, login):
    finished.milestones.filter(kind=MilestoneKind.REPORT).update(done_at=None)
    client = login(cast.office)
    page = client.get(_url("detail", finished)).content.decode()
    assert "尚不能归档" in page and "召开情况报告" in page
    answer = client.post(_url("archive", finished))
    assert answer.status_code == 400
    assert "不能归档" in answer.content.decode()
    finished.refresh_from_db()
    assert finished.stage == Stage.RECTIFYING
    assert not ArchivePackage.objects.exists()


def test_the_office_archives_and_everyone_allowed_downloads_the_verified_bag(
    cast, finished, records, login, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path / "media"
    client = login(cast.office)
    with django_capture_on_commit_callbacks(execute=True):
        answer = client.post(_url("archive", finished))
    assert answer.status_code == 302
    finished.refresh_from_db()
    assert finished.stage == Stage.ARCHIVED
    package = ArchivePackage.objects.get(meeting=finished)
    assert package.status == PackageStatus.DONE and package.requested_by == cast.office
    page = client.get(_url("detail", finished)).content.decode()
    assert "已完成" in page and package.sha256 in page and "下载归档包" in page
    # The meeting page now links the archive; its edit pages refuse.
    assert _url("detail", finished) in client.get(reverse("meetings:detail", args=[finished.pk])).content.decode()
    assert client.get(reverse("meetings:milestones", args=[finished.pk])).status_code == 403

    stored = package.file.storage.open(package.file.name).read()
    for who in (cast.office, cast.secretary, cast.supervisor):
        answer = login(who).get(_url("download", finished))
        assert answer.status_code == 200
        assert b"".join(answer.streaming_content) == stored
        assert "attachment" in answer["Content-Disposition"]
    package.refresh_from_db()
    assert package.verified_ok is True and package.verified_by == cast.supervisor


def test_a_byte_changed_in_storage_is_reported_on_download_logged_and_not_served(archive, cast, login, caplog):
    package = archive()
    path = package.file.path
    data = bytearray(open(path, "rb").read())
    data[len(data) // 3] ^= 0xFF
    open(path, "wb").write(bytes(data))
    with caplog.at_level(logging.ERROR, logger="archive.services"):
        answer = login(cast.secretary).get(_url("download", package.meeting))
    assert answer.status_code == 409
    page = answer.content.decode()
    assert "归档包已被改动：" in page and "SHA-256" in page
    assert not answer.has_header("Content-Disposition")
    assert any("failed verification" in r.getMessage() for r in caplog.records)
    package.refresh_from_db()
    assert package.verified_ok is False and package.verified_by == cast.secretary
    assert "发现改动" in login(cast.office).get(_url("detail", package.meeting)).content.decode()


def test_verifying_records_who_checked_when_and_what_was_found(archive, cast, login):
    package = archive()
    client = login(cast.supervisor)
    answer = client.post(_url("verify", package.meeting), follow=True)
    assert "校验通过" in answer.content.decode()
    package.refresh_from_db()
    assert package.verified_ok is True and package.verified_by == cast.supervisor and package.verified_at


def test_the_same_content_asked_again_keeps_the_bag_and_changed_content_makes_a_new_one(
    archive, cast, records, django_capture_on_commit_callbacks
):
    import os

    from archive.services import package_request

    package = archive()
    name, digest, made = package.file.name, package.content_digest, os.stat(package.file.path).st_mtime_ns
    with django_capture_on_commit_callbacks(execute=True):
        package_request(meeting=package.meeting, user=cast.office)
    package.refresh_from_db()
    assert package.status == PackageStatus.DONE
    assert (package.file.name, package.content_digest) == (name, digest)
    assert os.stat(package.file.path).st_mtime_ns == made  # not written again

    records.comment = "同意，请抓紧报送"
    with django_capture_on_commit_callbacks(execute=True):
        package_request(meeting=package.meeting, user=cast.office)
    package.refresh_from_db()
    assert package.status == PackageStatus.DONE and package.content_digest != digest
    assert package.file.name != name and not os.path.exists(os.path.join(os.path.dirname(package.file.path), os.path.basename(name)))


def test_a_failed_build_shows_its_chinese_reason_and_the_office_builds_it_again(
    archive, cast, records, login, django_capture_on_commit_callbacks
):
    records.photo = FileNotFoundError("gone")
    package = archive()
    assert package.status == PackageStatus.FAILED
    client = login(cast.office)
    page = client.get(_url("detail", package.meeting))
    assert page.status_code == 200
    assert "整改佐证：现场照片" in page.content.decode() and "读不到" in page.content.decode()
    assert client.get(_url("download", package.meeting)).status_code == 404

    from .conftest import PHOTO

    records.photo = PHOTO
    with django_capture_on_commit_callbacks(execute=True):
        client.post(_url("rebuild", package.meeting))
    package.refresh_from_db()
    assert package.status == PackageStatus.DONE and package.error == ""


def test_an_unexpected_error_is_recorded_on_the_package_not_raised(archive, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr("archive.services.history_pdf", broken)
    package = archive()
    assert package.status == PackageStatus.FAILED
    assert "系统错误（RuntimeError）" in package.error


def test_the_status_fragment_polls_while_the_bag_is_being_made(cast, finished, login):
    from django.utils import timezone

    ArchivePackage.objects.create(meeting=finished, status=PackageStatus.RUNNING, requested_at=timezone.now(),
                                  started_at=timezone.now(), done_files=3, total_files=12)
    answer = login(cast.office).get(_url("detail", finished), HTTP_HX_REQUEST="true")
    fragment = answer.content.decode()
    assert fragment.lstrip().startswith('<div id="archive-status"')
    assert 'hx-trigger="every 1s"' in fragment and "3/12" in fragment and 'value="25"' in fragment
    # documents' shared block: it swaps the whole status, and reloads the page without scripts
    assert 'hx-target="#archive-status" hx-swap="outerHTML"' in fragment
    assert '<progress class="task-progress" max="100" value="25"' in fragment
    assert f'<noscript><p><a href="{_url("detail", finished)}">刷新查看进度</a></p></noscript>' in fragment
