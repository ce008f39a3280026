"""The office archives a finished meeting, watches its archive package being made and
downloads it; the meeting is read-only from then on, and a member never sees the archive."""

import io
import re
import zipfile
from pathlib import Path
from types import SimpleNamespace

import pytest
from playwright.sync_api import expect

from archive.services import package_build
from tests.archive.conftest import finished, records  # noqa: F401  (fixtures)

from .helpers import log_in, screenshot

pytestmark = pytest.mark.browser
SHOTS = Path("/work/wt/shots")


def _shot(page, name):
    screenshot(page, f"archive-{name}")
    if SHOTS.is_dir():  # the engineers' own folder for looking at new pages
        page.screenshot(path=SHOTS / f"archive-{name}.png", full_page=True)


def test_the_office_archives_watches_the_package_and_downloads_it_and_a_member_gets_404(
    cast, finished, records, new_page, monkeypatch, settings, tmp_path  # noqa: F811
):
    settings.MEDIA_ROOT = tmp_path / "media"
    # Hold the job back, as a busy worker would, so the page has something to watch.
    queued = []
    monkeypatch.setattr("archive.tasks.build_package", SimpleNamespace(delay=queued.append))

    page = new_page()
    log_in(page, cast.office)
    page.goto(f"/meetings/{finished.pk}/")
    page.locator(".page-head .actions").get_by_role("link", name="归档").click()
    expect(page.get_by_role("heading", name="办理归档")).to_be_visible()
    _shot(page, "before")
    page.get_by_role("button", name="归档").click()

    expect(page.get_by_text("会议已归档，材料已只读")).to_be_visible()
    expect(page.locator("#package-state")).to_have_text("排队中")
    expect(page.get_by_role("progressbar", name="归档包生成进度")).to_have_attribute("value", "0")
    _shot(page, "queued")
    [package_id] = queued
    package_build(package_id=package_id)  # the worker packs the bag; htmx polls every second

    expect(page.locator("#package-state")).to_have_text("已完成")
    expect(page.get_by_role("progressbar", name="归档包生成进度")).to_have_attribute("value", "100")
    _shot(page, "done")
    with page.expect_download() as download:
        page.get_by_role("link", name="下载归档包").click()
    assert download.value.suggested_filename.endswith("-归档包.zip")
    with open(download.value.path(), "rb") as f:
        names = zipfile.ZipFile(io.BytesIO(f.read())).namelist()
    root = f"meeting-{finished.pk}/"
    assert {root + "bagit.txt", root + "manifest-sha256.txt", root + "data/归档文件目录.pdf"} <= set(names)

    page.get_by_role("button", name="重新校验").click()
    expect(page.get_by_text("校验通过：归档包与生成时一致")).to_be_visible()
    expect(page.locator(".archive-status").get_by_text("校验通过", exact=True)).to_be_visible()

    # Read-only from now on: an edit page of the meeting refuses.
    page.goto(f"/meetings/{finished.pk}/milestones/")
    expect(page.get_by_text(re.compile("会议已归档"))).to_be_visible()

    member = new_page()
    log_in(member, cast.member)
    answer = member.goto(f"/archive/{finished.pk}/")
    assert answer.status == 404
