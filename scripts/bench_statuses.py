#!/usr/bin/env python
"""What `meetings.status.meeting_statuses` costs for a county's meetings (not a test):
wall-clock ms (with the database's time) and SQL queries, for 5, 50, 500 and every meeting.

    DATABASE_URL=sqlite:////tmp/county.sqlite3 uv run python manage.py seed_county --orgs 500
    DATABASE_URL=sqlite:////tmp/county.sqlite3 uv run python scripts/bench_statuses.py --repeat 5

The supervisor's overview asks it for every meeting below them in one call (issue 15); the
query count must not grow with the meetings, the wall time should grow only with the rows
read. Median over --repeat calls after one warm-up; the query count is the last call's.
The statuses are counted by code so that two runs can be compared as answers, not only as times.
"""

import argparse
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import profile_pages  # noqa: E402  the scripts folder is no package


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--columns", action="store_true", help="also each provider's CPU ms for every meeting")
    args = parser.parse_args()
    profile_pages.setup()

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from meetings.models import Meeting
    from meetings.status import meeting_statuses

    everything = list(Meeting.objects.order_by("pk"))
    print(f"{len(everything)} meetings; {connection.vendor}")
    for size in sorted({n for n in (5, 50, 500) if n < len(everything)} | {len(everything)}):
        meetings = everything[:size]
        meeting_statuses(meetings)  # warm-up
        wall, cpu = [], []
        for _ in range(args.repeat):
            started, started_cpu = time.perf_counter(), time.process_time()
            meeting_statuses(meetings)
            wall.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)
        with CaptureQueriesContext(connection) as queries:
            found = meeting_statuses(meetings)
        codes = Counter(s.code for statuses in found.values() for s in statuses.values())
        print(f"{size:>5} meetings: {statistics.median(wall):7.1f} ms wall, {statistics.median(cpu):7.1f} ms CPU, "
              f"{len(queries)} queries; {dict(codes)}")
    if args.columns:
        columns(everything, args.repeat)


def columns(meetings, repeat: int) -> None:
    """Each provider on its own, handed the batch meeting_statuses builds."""
    from django.utils import timezone

    from meetings.status import StatusBatch, batch_facts, status_columns

    started = time.process_time()
    batch = StatusBatch(meetings, timezone.localdate())
    batch_facts(batch)
    print(f"  milestones and waivers: {(time.process_time() - started) * 1000:7.1f} ms CPU")
    for column in status_columns():
        cpu = []
        for _ in range(repeat):
            started = time.process_time()
            column.provider(batch)
            cpu.append((time.process_time() - started) * 1000)
        print(f"  {column.key:<15} {statistics.median(cpu):7.1f} ms CPU")


if __name__ == "__main__":
    main()
