"""Real `celery worker` processes for the fault tests, on the test's own queue.

They need PostgreSQL (the worker must see the test database) and Redis; where those are
missing the tests skip, except under REQUIRE_SERVICES=1 (CI), where they fail.
"""

import os
import signal
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from config.celery import app as celery_app
from documents.models import GeneratedFile

ROOT = Path(__file__).resolve().parents[2]
HANGING_WORKER = Path(__file__).with_name("hanging_worker.py")


def require_services() -> None:
    reason = ""
    if not settings.REDIS_URL:
        reason = "REDIS_URL is not set"
    elif connection.vendor != "postgresql":
        reason = "the worker needs a database it can share (PostgreSQL)"
    if reason:
        if os.environ.get("REQUIRE_SERVICES"):
            pytest.fail(f"REQUIRE_SERVICES is set but {reason}")
        pytest.skip(reason)


def database_url() -> str:
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    return f"postgres://{db['USER'] or ''}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


class Worker:
    def __init__(self, queue: str, *, var_dir: Path, pool: str = "solo", broker: str | None = None, hang: Path | None = None,
                 pids: Path | None = None):
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings_test",
            "DATABASE_URL": database_url(),
            "REDIS_URL": broker or settings.REDIS_URL,
            "VAR_DIR": str(var_dir),
        }
        command = [sys.executable, "-m", "celery", "-A", "config", "worker"]
        if hang is not None:
            env.update(HANG_FILE=str(hang), PID_FILE=str(pids))
            command = [sys.executable, str(HANGING_WORKER)]
        command += [f"--pool={pool}", "--concurrency=1", "-Q", queue, "--without-heartbeat",
                    "--without-gossip", "--without-mingle", "--loglevel=INFO"]
        self.process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE,
                                        stderr=subprocess.STDOUT, text=True, start_new_session=True)

    def kill(self) -> None:
        """kill -9 the worker and every process it started (its pool's children)."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=20)

    def stop(self) -> str:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
        output = self.process.stdout.read() if self.process.stdout else ""
        return output[-4000:]


@contextmanager
def jobs_to(queue: str, broker: str | None = None):
    """Send this process's jobs to `queue` (and `broker`) instead of running them eagerly."""
    conf = celery_app.conf
    previous = (conf.task_always_eager, conf.task_default_queue, conf.broker_url)
    conf.task_always_eager = False
    conf.task_default_queue = queue
    if broker:
        _use_broker(broker)
    try:
        yield
    finally:
        conf.task_always_eager, conf.task_default_queue = previous[:2]
        if broker:
            _use_broker(previous[2])


def _use_broker(url: str) -> None:
    # Celery keeps its connection pools once made: drop them so the next job uses `url`.
    celery_app.conf.broker_url = url
    if celery_app._pool is not None:
        celery_app._pool.force_close_all()
        celery_app._pool = None
    celery_app.amqp._producer_pool = None


def wait_for(predicate, what: str, timeout: float = 60):
    """Poll until predicate() is truthy; the timeout only bounds a test that would hang."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.2)
    pytest.fail(f"gave up waiting: {what}")


def finished(pk: int) -> GeneratedFile | None:
    generated = GeneratedFile.objects.get(pk=pk)
    return generated if generated.is_finished else None
