#!/usr/bin/env python
"""Benchmark for the rectification documents (not a test): what the 整改清单 Excel and the
整改落实情况报告 cost in time and memory for 20,000 items.

    uv run python scripts/bench_rectification.py                      # 20,000 items, SQLite
    uv run python scripts/bench_rectification.py --items 50000
    uv run python scripts/bench_rectification.py --database-url postgres://postgres@127.0.0.1:5432/h_docs_bench

The rows are built directly (bulk_create) in the benchmark's own database — a SQLite file
in the temporary folder unless --database-url names another (it is created if missing and
no other is touched): one organisation of a county, its team of 40, the meeting in 整改落实
with the team list and 40 personal lists, every item with two measures, some closed,
overdue and carried. The meeting's 整改清单 holds all of them (one sheet, as the office
downloads it); the report counts them. Each is made the way the app makes it, and timed;
peak memory is printed as Python's (tracemalloc) and the process's (ru_maxrss).
"""

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DB = f"sqlite:///{Path(tempfile.gettempdir()) / 'bench_rectification.sqlite3'}"
TEAM = 40


def arguments(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument("--items", type=int, default=20_000)
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DB))
    return parser.parse_args(argv)


def setup(database_url: str) -> None:
    os.environ.update({"DJANGO_SETTINGS_MODULE": "config.settings", "DEBUG": "1", "DATABASE_URL": database_url,
                       "LOG_LEVEL": "WARNING", "VAR_DIR": str(Path(tempfile.gettempdir()) / "bench_rectification_var")})
    if database_url.startswith("postgres"):
        sys.path.insert(0, str(ROOT / "scripts"))
        from bench_feedback import ensure_database  # the scripts folder is no package

        ensure_database(database_url)
    subprocess.run([sys.executable, "manage.py", "migrate", "--noinput"], cwd=ROOT, env=os.environ, check=True,
                   stdout=subprocess.DEVNULL)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def ensure_items(count: int):
    """The meeting holding `count` items (built once, found again on the next run)."""
    from datetime import date, timedelta

    from django.utils import timezone

    from inspections.models import MeasureTerm
    from meetings.models import Meeting, MeetingKind, Stage
    from organizations.models import Organization, OrganizationKind, Person
    from organizations.services import team_member_add
    from organizations.models import TeamPosition
    from rectification.models import Item, ItemMeasure, ItemStatus, ListKind, ListState, RectificationList

    title = f"测量用{count}项整改事项的民主生活会"
    meeting = Meeting.objects.filter(title=title).first()
    if meeting is not None:
        return meeting
    county = Organization.objects.get_or_create(name="中共测量县委员会", defaults={
        "short_name": "测量县委", "kind": OrganizationKind.COMMITTEE})[0]
    org = Organization.objects.create(name=f"中共测量县第{count}局党组", short_name=f"测量{count}局党组",
                                      kind=OrganizationKind.PARTY_GROUP, parent=county)
    team = []
    for n in range(TEAM):
        person = Person.objects.create(name=f"成员{n + 1:02d}", organization=org)
        team_member_add(person=person, organization=org,
                        position=TeamPosition.SECRETARY if n == 0 else TeamPosition.MEMBER, rank=n + 1)
        team.append(person)
    today = timezone.localdate()
    meeting = Meeting.objects.create(organization=org, kind=MeetingKind.DEMOCRATIC_LIFE, year=today.year - 1,
                                     title=title, stage=Stage.RECTIFYING, held_on=today - timedelta(days=200))
    now = timezone.now()
    lists = RectificationList.objects.bulk_create(
        [RectificationList(meeting=meeting, kind=ListKind.TEAM, state=ListState.APPROVED, first_submitted_at=now,
                           passed_on_at=now, approved_at=now)]
        + [RectificationList(meeting=meeting, kind=ListKind.PERSONAL, owner=p, state=ListState.APPROVED,
                             first_submitted_at=now, approved_at=now) for p in team])
    terms = [MeasureTerm.IMMEDIATE, MeasureTerm.DEADLINE, MeasureTerm.DEADLINE, MeasureTerm.LONG_TERM]
    items = []
    for n in range(count):
        rlist = lists[n % len(lists)]
        term = terms[n % 4]
        deadline = date.fromordinal(today.toordinal() - 100 + n % 200)
        items.append(Item(
            rectification_list=rlist, order=n // len(lists) + 1, term=term,
            problem=f"第{n + 1}项：调查研究不够深入，到基层一线听取意见少，对群众反映的问题跟进不及时。",
            target="每季度到基层调研不少于两次，问题台账限时办结。",
            deadline=None if term == MeasureTerm.LONG_TERM else deadline,
            next_review=deadline if term == MeasureTerm.LONG_TERM else None,
            responsible=rlist.owner if rlist.owner_id else team[n % TEAM], lead_department="办公室",
            cooperating="各股室", disclosed=n % 3 == 0,
            status=ItemStatus.CLOSED if n % 5 == 0 else ItemStatus.OPEN,
            carried_at=now if n % 17 == 0 and n % 5 else None,
        ))
    Item.objects.bulk_create(items, batch_size=2000)
    ItemMeasure.objects.bulk_create([
        ItemMeasure(item=item, order=k, content=text, deadline=item.deadline, percent=100 if item.status == "closed" else 50,
                    status="done" if item.status == "closed" else "in_progress")
        for item in items for k, text in ((1, "制定年度调研计划，明确调研重点。"), (2, "建立调研问题台账，逐项销号。"))
    ], batch_size=4000)
    return meeting


def measure(label: str, make) -> dict:
    """Timed on its own (tracemalloc slows Python several times), then made again traced."""
    started = time.perf_counter()
    data = make()
    seconds = time.perf_counter() - started
    tracemalloc.start()
    make()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {"what": label, "seconds": round(seconds, 2), "bytes": len(data),
            "python_peak_mb": round(peak / 2**20, 1),
            "rss_peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)}


def main(argv=None) -> list[dict]:
    args = arguments(argv)
    setup(args.database_url)
    from documents.render import document_docx, document_pdf
    from documents.xlsx import workbook_bytes
    from rectification.documents import meeting_spreadsheet
    from rectification.models import Item, RectificationList
    from rectification.report import report_document

    meeting = ensure_items(args.items)
    rlists = list(RectificationList.objects.filter(meeting=meeting).select_related("owner", "meeting__organization")
                  .order_by("-kind", "id"))  # the team's first, as the page orders them
    count = Item.objects.filter(rectification_list__meeting=meeting).count()
    print(f"meeting {meeting.pk}: {len(rlists)} lists, {count} items", flush=True)

    def excel():
        sheet = meeting_spreadsheet(meeting, rlists)
        return workbook_bytes(sheet.sheets(), widths=sheet.widths)

    results = [
        measure("整改清单 Excel", excel),
        measure("整改落实情况报告 PDF", lambda: document_pdf(report_document(meeting))),
        measure("整改落实情况报告 Word", lambda: document_docx(report_document(meeting))),
    ]
    for result in results:
        print(json.dumps(result, ensure_ascii=False), flush=True)
    return results


if __name__ == "__main__":
    main()
