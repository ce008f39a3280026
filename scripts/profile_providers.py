#!/usr/bin/env python
"""Profile of the phases' providers (not a test): what each "my work" provider and each
checklist provider costs, in wall-clock ms (with the database's time), the server's CPU ms
and SQL queries, for the county's roles.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_pages \\
        uv run python scripts/profile_providers.py --repeat 5

The pages that ask every phase — "my work" (home) and the meeting home's checklist — cost
the sum of their providers; scripts/profile_pages.py gives that sum per page, this gives
its parts, so a change to one provider is measured on its own. On the county `seed_county`
builds, with profile_pages' settings (production, DEBUG off); the checklist is asked of
the providers directly (as the readiness gate does), not through the checklist cache.
Wall and CPU ms are medians over --repeat calls after one warm-up; the query count is that of
the last call; "items" is what the provider returned (a provider that returns nothing
but still costs is the first thing to look at).
"""

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import profile_pages  # noqa: E402  the scripts folder is no package

USERS = ("county_office_1", "county_secretary_1", "county_member_1", "county_supervisor", "county_jiwei",
         "county_branch_office_1")


def timed(call, repeat: int):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    call()  # warm-up
    cpu, wall = [], []
    for _ in range(repeat):
        started, started_wall = time.process_time(), time.perf_counter()
        call()
        cpu.append((time.process_time() - started) * 1000)
        wall.append((time.perf_counter() - started_wall) * 1000)
    with CaptureQueriesContext(connection) as queries:
        found = call()
    return statistics.median(cpu), statistics.median(wall), len(queries), found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--user", default="", help="only this username")
    parser.add_argument("--top", type=int, default=0, help="only the N costliest providers per user")
    args = parser.parse_args()
    profile_pages.setup()

    from django.contrib.auth import get_user_model

    from meetings import progress
    from organizations.selectors import org_ids_with_perm, supervised_org_ids

    User = get_user_model()
    for name in [args.user] if args.user else USERS:
        # One user object, its request-long memories (permissions, the supervised ids, the
        # person) filled first: a request pays those once, so each row is the provider's own.
        user = User.objects.select_related("person").get(username=name)
        org_ids_with_perm(user, "manage_organization")
        supervised_org_ids(user)
        rows = []
        asked = progress.work_providers(user)  # what work_for asks for this user's roles
        for provider in asked:
            ms, wall, queries, found = timed(lambda p=provider: list(p(user)), args.repeat)
            rows.append((wall, ms, queries, len(found), f"{provider.__module__}.{provider.__name__}"))
        rows.sort(reverse=True)
        skipped = [p for p in progress.work_providers() if p not in asked]
        print(f"\nmy work — {name}: {sum(r[0] for r in rows):.1f} ms wall, {sum(r[1] for r in rows):.1f} ms CPU, "
              f"{sum(r[2] for r in rows)} queries over {len(rows)} providers (besides the request's permissions); "
              f"{len(skipped)} not asked for this user's roles")
        print(f"  {'wall ms':>7} {'CPU ms':>7} {'queries':>7} {'items':>5}  provider")
        for wall, ms, queries, items, label in rows[: args.top or None]:
            print(f"  {wall:7.1f} {ms:7.1f} {queries:7d} {items:5d}  {label}")

    meeting_path = next((path for kind, _, path in profile_pages.targets() if kind == "meetings:detail"), None)
    if meeting_path is None:
        return
    from django.urls import resolve

    from meetings.models import Meeting

    meeting = Meeting.objects.select_related("organization").get(pk=resolve(meeting_path).kwargs["pk"])
    rows = []
    for phase, provider in progress.checklist_providers():
        ms, wall, queries, found = timed(lambda p=provider: list(p(meeting)), args.repeat)
        rows.append((wall, ms, queries, len(found), phase))
    rows.sort(reverse=True)
    print(f"\nchecklist — meeting {meeting.pk} ({meeting.get_stage_display()}): {sum(r[0] for r in rows):.1f} ms wall, "
          f"{sum(r[1] for r in rows):.1f} ms CPU, {sum(r[2] for r in rows)} queries over {len(rows)} providers")
    print(f"  {'wall ms':>7} {'CPU ms':>7} {'queries':>7} {'items':>5}  phase")
    for wall, ms, queries, items, label in rows:
        print(f"  {wall:7.1f} {ms:7.1f} {queries:7d} {items:5d}  {label}")


if __name__ == "__main__":
    main()
