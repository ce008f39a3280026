"""Every request ends with the file made or visibly failed: broker down, worker killed,
a job delivered twice. (The same with a real worker and Redis: test_worker_faults.py.)"""

from datetime import timedelta

import pytest
from django.utils import timezone
from kombu.exceptions import OperationalError

from config.celery import app as celery_app
from documents import render
from documents.models import FileStatus, GeneratedFile
from documents.registry import get_type
from documents.services import BROKER_DOWN, MAX_ATTEMPTS, file_generate, file_request, files_requeue_stale
from documents.tasks import generate_file


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def renders(monkeypatch):
    """Count how often a PDF is really rendered."""
    calls = []
    real = render.RENDERERS["pdf"]

    def counting(content):
        calls.append(content.title)
        return real(content)

    monkeypatch.setitem(render.RENDERERS, "pdf", counting)
    return calls


@pytest.fixture
def queue(monkeypatch):
    """A broker that takes jobs without running them (a worker that is not there)."""
    sent = []
    monkeypatch.setattr(generate_file, "delay", sent.append)
    return sent


def _ask(meeting, user):
    return file_request(doc_type=get_type("meeting_summary"), fmt="pdf", source=meeting, user=user)


def _set(generated, **values):
    GeneratedFile.objects.filter(pk=generated.pk).update(**values)
    generated.refresh_from_db()
    return generated


LONG_AGO = timedelta(hours=2)


# --- the worker ---------------------------------------------------------------------------


def test_celery_gives_a_killed_workers_jobs_back_and_holds_no_more_than_it_runs(settings):
    conf = celery_app.conf
    assert conf.task_acks_late and conf.task_reject_on_worker_lost
    assert conf.worker_prefetch_multiplier == 1
    # The broker hands a job to another worker only once it cannot be running any more.
    assert conf.broker_transport_options["visibility_timeout"] > generate_file.time_limit
    assert generate_file.soft_time_limit == settings.DOCUMENT_TIME_LIMIT < generate_file.time_limit


def test_asking_again_for_a_file_whose_job_died_makes_it(cast, meeting, queue, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        generated, _ = _ask(meeting, cast.office)
    _set(generated, status=FileStatus.RUNNING, attempts=1, task_id="dead",
         started_at=timezone.now() - LONG_AGO)
    with django_capture_on_commit_callbacks(execute=True):
        again, queued = _ask(meeting, cast.secretary)
    assert (again.pk, queued) == (generated.pk, True)
    assert queue == [generated.pk, generated.pk]
    assert GeneratedFile.objects.get(pk=generated.pk).status == FileStatus.PENDING


def test_asking_again_while_the_job_runs_sends_no_second_job(cast, meeting, queue, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        generated, _ = _ask(meeting, cast.office)
    _set(generated, status=FileStatus.RUNNING, attempts=1, task_id="alive", started_at=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        _, queued = _ask(meeting, cast.secretary)
    assert not queued
    assert queue == [generated.pk]


def test_a_second_message_for_a_file_being_made_does_nothing(cast, meeting, queue, renders):
    generated, _ = _ask(meeting, cast.office)
    _set(generated, status=FileStatus.RUNNING, attempts=1, task_id="first", started_at=timezone.now())
    assert file_generate(file_id=generated.pk, task_id="second").status == FileStatus.RUNNING
    assert renders == []


def test_the_message_of_a_job_whose_worker_died_takes_the_file_over(cast, meeting, queue, renders):
    # task_reject_on_worker_lost gives the same message back: its id says it is no stranger.
    generated, _ = _ask(meeting, cast.office)
    _set(generated, status=FileStatus.RUNNING, attempts=1, task_id="first", started_at=timezone.now())
    made = file_generate(file_id=generated.pk, task_id="first")
    assert made.status == FileStatus.DONE and made.attempts == 2
    assert len(renders) == 1


def test_a_file_is_made_once_however_often_its_job_is_delivered(cast, meeting, queue, renders):
    generated, _ = _ask(meeting, cast.office)
    for task_id in ("a", "a", "b"):
        assert file_generate(file_id=generated.pk, task_id=task_id).status == FileStatus.DONE
    assert len(renders) == 1


def test_a_file_whose_job_keeps_dying_fails_visibly(cast, meeting, queue, renders, login):
    generated, _ = _ask(meeting, cast.office)
    _set(generated, status=FileStatus.RUNNING, attempts=MAX_ATTEMPTS, task_id="x",
         started_at=timezone.now() - LONG_AGO)
    failed = file_generate(file_id=generated.pk, task_id="y")
    assert failed.status == FileStatus.FAILED and renders == []
    assert f"中断了{MAX_ATTEMPTS}次" in failed.error
    assert "重新生成" in login(cast.office).get(f"/documents/{generated.pk}/").content.decode()


def test_the_periodic_job_requeues_lost_jobs_once_and_leaves_live_ones(cast, meeting, queue, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        lost, _ = _ask(meeting, cast.office)
    _set(lost, queued_at=timezone.now() - LONG_AGO)
    meeting.theme = "另一份内容"
    meeting.save(update_fields=["theme"])
    with django_capture_on_commit_callbacks(execute=True):
        live, _ = _ask(meeting, cast.office)
    with django_capture_on_commit_callbacks(execute=True):
        assert files_requeue_stale() == 1
        assert files_requeue_stale() == 0  # re-queued just now: no longer stale
    assert queue == [lost.pk, live.pk, lost.pk]


def test_the_periodic_job_requeues_a_row_left_running_by_a_killed_worker(cast, meeting, queue, django_capture_on_commit_callbacks):
    generated, _ = _ask(meeting, cast.office)
    _set(generated, status=FileStatus.RUNNING, attempts=1, task_id="killed", started_at=timezone.now())
    later = timezone.now() + LONG_AGO
    with django_capture_on_commit_callbacks(execute=True):
        assert files_requeue_stale(now=later) == 1
    generated.refresh_from_db()
    assert generated.status == FileStatus.PENDING and generated.attempts == 1
    assert file_generate(file_id=generated.pk, task_id="new").status == FileStatus.DONE


# --- the broker ---------------------------------------------------------------------------


@pytest.fixture
def broker_down(monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(generate_file, "delay", refuse)


def test_a_document_asked_for_while_the_broker_is_down_fails_with_a_reason(
    cast, meeting, login, broker_down, django_capture_on_commit_callbacks
):
    client = login(cast.office)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/documents/new/meeting_summary/pdf/{meeting.pk}/")
    generated = GeneratedFile.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/documents/{generated.pk}/"
    assert generated.status == FileStatus.FAILED and generated.error == BROKER_DOWN
    page = client.get(response["Location"]).content.decode()
    assert "任务队列无法连接" in page and "重新生成" in page
    assert "hx-trigger" not in page  # no spinner waiting for a job that was never sent


def test_after_the_broker_returns_asking_again_makes_the_file(
    cast, meeting, login, broker_down, monkeypatch, django_capture_on_commit_callbacks
):
    client = login(cast.office)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/documents/new/meeting_summary/pdf/{meeting.pk}/")
    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/documents/new/meeting_summary/pdf/{meeting.pk}/")
    generated = GeneratedFile.objects.get()
    assert generated.status == FileStatus.DONE and generated.error == ""
