"""A real worker on Redis and PostgreSQL, killed or cut off from its broker mid-job:
every file asked for ends made or visibly failed, and none is made twice."""

import os
import shutil
import signal
import socket
import subprocess
import time
import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from documents.models import FileStatus, GeneratedFile
from documents.services import BROKER_DOWN, files_requeue_stale

from ..factories import MeetingFactory
from .workers import Worker, finished, jobs_to, require_services, wait_for

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def queue(settings, tmp_path):
    require_services()
    settings.MEDIA_ROOT = tmp_path / "test-media"  # where the workers (VAR_DIR=tmp_path) write
    name = f"test-{uuid.uuid4().hex[:10]}"
    with jobs_to(name):
        yield name


@pytest.fixture
def hang(tmp_path):
    """While the file exists, the hanging worker's PDF renderer waits mid-job."""
    flag, pids = tmp_path / "hang", tmp_path / "pids"
    flag.touch()
    return flag, pids


@pytest.fixture
def workers():
    started = []
    yield started
    for worker in started:
        print(worker.stop())


def _ask(client, meeting, fmt="docx") -> int:  # Word: quicker to make than a PDF
    response = client.post(f"/documents/new/meeting_summary/{fmt}/{meeting.pk}/")
    assert response.status_code == 302, response.status_code
    return int(response["Location"].rstrip("/").split("/")[-1])


def _rendering_pids(pids, count=1) -> list[int]:
    return wait_for(lambda: pids.exists() and len(lines := pids.read_text().split()) >= count and
                    [int(pid) for pid in lines], "the worker to start rendering")


def test_a_job_whose_worker_child_is_killed_is_made_by_the_next_child(
    queue, hang, workers, cast, meeting, login, tmp_path
):
    flag, pids = hang
    workers.append(Worker(queue, var_dir=tmp_path, pool="prefork", hang=flag, pids=pids))
    pk = _ask(login(cast.office), meeting)
    [child] = _rendering_pids(pids)
    assert GeneratedFile.objects.get(pk=pk).status == FileStatus.RUNNING

    os.kill(child, signal.SIGKILL)
    flag.unlink()
    generated = wait_for(lambda: finished(pk), "the file to be made after its child was killed")
    assert generated.status == FileStatus.DONE, generated.error
    assert generated.attempts == 2  # the job came back (reject on worker lost) and was claimed again
    assert generated.file.read().startswith(b"PK")


def test_a_killed_worker_strands_no_queued_job_and_its_own_is_requeued(
    queue, hang, workers, cast, login, tmp_path
):
    flag, pids = hang
    client = login(cast.office)
    meetings = [MeetingFactory(organization=cast.gov, title=f"第{n}次民主生活会") for n in (1, 2, 3)]
    # prefork: the worker goes on taking messages while its child runs the first job.
    workers.append(Worker(queue, var_dir=tmp_path, pool="prefork", hang=flag, pids=pids))
    first = _ask(client, meetings[0])
    _rendering_pids(pids)
    rest = [_ask(client, meeting) for meeting in meetings[1:]]
    time.sleep(1)  # the worker would take them now if it prefetched more than it runs

    workers[0].kill()  # the whole worker, as an OOM killer or a power cut would
    flag.unlink()
    workers.append(Worker(queue, var_dir=tmp_path))
    # Prefetching one job only, the dead worker held nothing but the job it was running.
    for pk in rest:
        generated = wait_for(lambda pk=pk: finished(pk), "the queued files to be made by the next worker")
        assert generated.status == FileStatus.DONE and generated.attempts == 1, generated.error
    assert GeneratedFile.objects.get(pk=first).status == FileStatus.RUNNING

    # Its own job's message waits in Redis for the visibility timeout; the periodic job
    # (run here as it would run once the row is stale) re-queues the row meanwhile.
    assert files_requeue_stale(now=timezone.now() + timedelta(hours=1)) == 1
    generated = wait_for(lambda: finished(first), "the stranded file to be made after re-queueing")
    assert generated.status == FileStatus.DONE and generated.attempts == 2, generated.error


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class OwnRedis:
    """A Redis of the test's own, to stop and start again."""

    def __init__(self):
        if not shutil.which("redis-server"):
            if os.environ.get("REQUIRE_SERVICES"):
                pytest.fail("REQUIRE_SERVICES is set but redis-server is not installed")
            pytest.skip("redis-server is not installed")
        self.port = _free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
        )
        wait_for(lambda: subprocess.run(["redis-cli", "-p", str(self.port), "ping"], capture_output=True)
                 .stdout.strip() == b"PONG", "Redis to start", timeout=20)

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=20)


@pytest.fixture
def own_redis():
    redis = OwnRedis()
    redis.start()
    yield redis
    redis.stop()


def test_a_document_asked_for_while_redis_is_down_fails_visibly_and_is_made_when_asked_again(
    queue, own_redis, workers, cast, meeting, login, tmp_path
):
    client = login(cast.office)
    with jobs_to(queue, broker=own_redis.url):
        workers.append(Worker(queue, var_dir=tmp_path, broker=own_redis.url))
        pk = _ask(client, meeting)
        assert wait_for(lambda: finished(pk), "the first file").status == FileStatus.DONE

        own_redis.stop()
        other = MeetingFactory(organization=cast.gov, title="另一次民主生活会")
        pk = _ask(client, other)  # a 500 before; a row nothing would ever run
        generated = GeneratedFile.objects.get(pk=pk)
        assert generated.status == FileStatus.FAILED and generated.error == BROKER_DOWN
        assert "任务队列无法连接" in client.get(f"/documents/{pk}/").content.decode()

        own_redis.start()
        assert _ask(client, other) == pk  # the same row, retried
        generated = wait_for(lambda: finished(pk), "the file to be made once Redis is back", timeout=90)
        assert generated.status == FileStatus.DONE, generated.error
