"""A `celery worker` whose renderers stop mid-job while HANG_FILE exists.

Lets a test kill a worker (or its child) at a known point of a job: the renderer writes
its process id to PID_FILE, then waits until the test removes HANG_FILE.
    python tests/documents/hanging_worker.py <celery worker options>
"""

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")

import django  # noqa: E402

django.setup()

from config.celery import app  # noqa: E402
from documents import render  # noqa: E402

HANG_FILE = Path(os.environ["HANG_FILE"])
PID_FILE = Path(os.environ["PID_FILE"])


def _hanging(real):
    def renderer(content):
        with PID_FILE.open("a") as pids:
            pids.write(f"{os.getpid()}\n")
        while HANG_FILE.exists():
            time.sleep(0.1)
        return real(content)

    return renderer


for fmt, real in list(render.RENDERERS.items()):
    render.RENDERERS[fmt] = _hanging(real)
app.worker_main(["worker", *sys.argv[1:]])
