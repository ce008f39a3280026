"""A real `celery worker` process on Redis generates the meeting's summary sheet.

Runs where PostgreSQL and Redis are configured (CI sets them and REQUIRE_SERVICES=1, so
there it fails instead of skipping); the worker must see the test database, which an
in-memory SQLite database cannot offer.
"""

import io
import os
import shutil
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from docx import Document

from config.celery import app as celery_app
from documents.models import FileStatus, GeneratedFile

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]


def _services_missing() -> str:
    if not settings.REDIS_URL:
        return "REDIS_URL is not set"
    if connection.vendor != "postgresql":
        return "the worker needs a database it can share (PostgreSQL)"
    return ""


@pytest.fixture
def worker_queue():
    reason = _services_missing()
    if reason:
        if os.environ.get("REQUIRE_SERVICES"):
            pytest.fail(f"REQUIRE_SERVICES is set but {reason}")
        pytest.skip(reason)
    queue = f"test-{uuid.uuid4().hex[:10]}"
    db = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings_test",
        "DATABASE_URL": (
            f"postgres://{db['USER'] or ''}{':' + db['PASSWORD'] if db['PASSWORD'] else ''}"
            f"@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
        ),
    }
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=solo",
         "--concurrency=1", "-Q", queue, "--without-heartbeat", "--without-gossip",
         "--without-mingle", "--loglevel=INFO"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    previous = (celery_app.conf.task_always_eager, celery_app.conf.task_default_queue)
    celery_app.conf.task_always_eager = False
    celery_app.conf.task_default_queue = queue
    try:
        yield worker
    finally:
        celery_app.conf.task_always_eager, celery_app.conf.task_default_queue = previous
        worker.send_signal(signal.SIGTERM)
        try:
            output, _ = worker.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()
            output, _ = worker.communicate()
        print(output[-4000:])


def _wait_until_finished(pk: int, timeout: float = 90) -> GeneratedFile:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        generated = GeneratedFile.objects.get(pk=pk)
        if generated.is_finished:
            return generated
        time.sleep(0.3)
    pytest.fail("the worker did not finish the file in time")


def test_a_real_worker_generates_the_summary_sheet_as_pdf_and_docx(
    worker_queue, cast, meeting, login
):
    client = login(cast.office)
    files = {}
    for fmt in ("pdf", "docx"):
        response = client.post(f"/documents/new/meeting_summary/{fmt}/{meeting.pk}/")
        assert response.status_code == 302
        generated = GeneratedFile.objects.get(format=fmt, object_id=meeting.pk)
        assert generated.status == FileStatus.PENDING  # queued, not rendered in-process
        files[fmt] = _wait_until_finished(generated.pk)

    pdf = files["pdf"]
    assert pdf.status == FileStatus.DONE, pdf.error
    data = pdf.file.read()
    assert data.startswith(b"%PDF")
    if shutil.which("pdffonts"):
        fonts = subprocess.run(
            ["pdffonts", pdf.file.path], capture_output=True, text=True, check=True
        ).stdout
        assert "CJK" in fonts, f"no CJK font embedded:\n{fonts}"
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", pdf.file.path, "-"], capture_output=True, text=True, check=True
        ).stdout
        assert "对照检查的方面" in text.replace(" ", "")

    docx = files["docx"]
    assert docx.status == FileStatus.DONE, docx.error
    paragraphs = [p.text for p in Document(io.BytesIO(docx.file.read())).paragraphs]
    assert f"{meeting.title}概况" in paragraphs

    response = client.get(f"/documents/{pdf.pk}/download/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
