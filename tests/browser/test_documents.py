"""The office prints the meeting's summary sheet (会议概况表) as PDF and as Word."""

import re
from types import SimpleNamespace

import pytest
from playwright.sync_api import expect

from documents.services import file_generate
from tests.factories import MeetingFactory

from .helpers import log_in, screenshot

pytestmark = pytest.mark.browser


def test_the_office_waits_for_the_pdf_then_downloads_it(cast, page, monkeypatch):
    # Hold the job back, as a busy worker would, so the page has something to wait for.
    queued = []
    monkeypatch.setattr("documents.tasks.generate_file", SimpleNamespace(delay=queued.append))
    meeting = MeetingFactory(organization=cast.gov, title="2026年度县政府办党组民主生活会")

    log_in(page, cast.office)
    page.goto(f"/meetings/{meeting.pk}/")
    page.get_by_role("button", name="生成 PDF").click()

    expect(page.get_by_text("正在生成，请稍候")).to_be_visible()
    screenshot(page, "4-pdf-in-progress")
    [file_id] = queued
    file_generate(file_id=file_id)  # the worker finishes; htmx polls every second

    download_link = page.get_by_role("link", name=re.compile(r"^下载 .+概况\.pdf$"))
    expect(download_link).to_be_visible()
    expect(page.get_by_text("正在生成")).to_have_count(0)
    screenshot(page, "4-pdf-done")
    with page.expect_download() as download:
        download_link.click()
    assert download.value.suggested_filename.endswith(".pdf")
    with open(download.value.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"

    page.goto(f"/meetings/{meeting.pk}/")
    expect(page.locator(".history").get_by_role("link", name=f"{meeting.title}概况.pdf")).to_be_visible()


def test_the_office_downloads_the_summary_as_word(cast, page):
    meeting = MeetingFactory(organization=cast.gov, title="2026年度县政府办党组民主生活会")

    log_in(page, cast.office)
    page.goto(f"/meetings/{meeting.pk}/")
    page.get_by_role("button", name="生成 Word").click()

    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile(r"^下载 .+概况\.docx$")).click()
    assert download.value.suggested_filename.endswith(".docx")
    with open(download.value.path(), "rb") as docx:
        assert docx.read(2) == b"PK"  # a .docx is a zip archive
