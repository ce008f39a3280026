#!/usr/bin/env python
"""Profile of single page requests (not a test), figures that load on the machine does
not change: SQL queries per request and the server's CPU time (time.process_time(), the
process's own CPU, not wall clock), with a cProfile of the slowest kind on request.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_pages \\
        uv run python scripts/profile_pages.py --repeat 15
    … --only meetings:detail --profile 25      # top 25 functions (cumulative) of that page

On the county `seed_county` builds. Each role's page kinds are fixed URLs chosen from the
county (the same meeting, the same material), so two runs on the same database compare
the same work: run it before and after a change. The request goes through Django's test
client with production settings (DEBUG=0, the same middleware), without gunicorn or the
network; the first request of each URL is a warm-up and not counted. CPU ms is the median
over --repeat requests; the query count is that of the last one.
"""

import argparse
import cProfile
import io
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("SECRET_KEY", "profile-pages-not-a-real-secret-key-0123456789abcdef")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1")
    os.environ.setdefault("SITE_URL", "https://127.0.0.1")
    os.environ.setdefault("LOG_LEVEL", "ERROR")
    os.environ.setdefault("VAR_DIR", "/tmp/profile_pages_var")
    os.environ["DEBUG"] = "0"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("collectstatic", "--no-input", verbosity=0)  # the manifest the pages' {% static %} reads
    import logging

    logging.getLogger("django.request").setLevel(logging.ERROR)  # a 404 is a figure here, not news


def targets() -> list[tuple[str, str, str]]:
    """(page kind, username, path): fixed pages of the county for each role."""
    from django.urls import reverse

    from meetings.models import Meeting, Stage
    from organizations.models import Organization, StaffRole, TeamMembership, TeamPosition

    User = __import__("django.contrib.auth", fromlist=["get_user_model"]).get_user_model()
    office = User.objects.get(username="county_office_1")
    secretary = User.objects.get(username="county_secretary_1")
    member = User.objects.get(username="county_member_1")

    def meeting_of(user, role):
        person = user.person
        if role == "office":
            orgs = StaffRole.objects.filter(person=person, kind="office").values("organization")
        elif role == "secretary":
            orgs = TeamMembership.objects.filter(person=person, position=TeamPosition.SECRETARY).values("organization")
        else:
            orgs = TeamMembership.objects.filter(person=person).values("organization")
        qs = Meeting.objects.filter(organization__in=orgs).order_by("pk")
        return qs.filter(stage=Stage.PRE_MEETING).first() or qs.first()

    rows = []
    for name in ("county_office_1", "county_secretary_1", "county_member_1", "county_supervisor", "county_jiwei",
                 "county_branch_office_1"):
        rows.append(("home", name, "/"))
    m_office = meeting_of(office, "office")
    m_sec = meeting_of(secretary, "secretary")
    m_member = meeting_of(member, "member")
    sup_meeting = Meeting.objects.filter(stage=Stage.PRE_MEETING).order_by("pk").first()
    for kind, user, meeting in (
        ("meetings:detail", "county_office_1", m_office),
        ("meetings:detail", "county_secretary_1", m_sec),
        ("meetings:detail", "county_member_1", m_member),
        ("meetings:detail", "county_supervisor", sup_meeting),
        ("meetings:plan", "county_office_1", m_office),
        ("meetings:plan", "county_supervisor", sup_meeting),
        ("talks:setup", "county_office_1", m_office),
        ("talks:matrix", "county_office_1", m_office),
        ("talks:matrix", "county_supervisor", sup_meeting),
    ):
        if meeting is not None:
            rows.append((kind, user, reverse(kind, args=[meeting.pk])))
    from inspections.models import Material

    material = (Material.objects.filter(meeting=m_office).order_by("pk").first()
                if m_office else None) or Material.objects.order_by("pk").first()
    if material:
        rows.append(("inspections:material", "county_office_1", reverse("inspections:material", args=[material.pk])))
    # What a supervisor opens: a material sent up for review (a draft is the writer's own).
    reviewed = Material.objects.filter(state__in=["upper_review", "approved"]).filter(meeting__stage=Stage.PRE_MEETING).order_by("pk").first()
    if reviewed:
        rows.append(("inspections:material", "county_supervisor", reverse("inspections:material", args=[reviewed.pk])))
    rows.append(("meetings:list", "county_supervisor", reverse("meetings:list")))
    rows.append(("organizations:list", "county_supervisor", reverse("organizations:list")))
    below_root = Organization.objects.filter(parent__parent=None).exclude(parent=None).order_by("pk").first()
    if below_root:
        rows.append(("organizations:detail", "county_supervisor",
                     reverse("organizations:detail", args=[below_root.pk])))
    return rows


def measure(client, path: str, repeat: int):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    response = client.get(path, secure=True)  # warm-up: caches, first imports
    cpu = []
    for _ in range(repeat):
        started = time.process_time()
        response = client.get(path, secure=True)
        cpu.append((time.process_time() - started) * 1000)
    with CaptureQueriesContext(connection) as queries:
        client.get(path, secure=True)
    return response.status_code, len(response.content) / 1024, statistics.median(cpu), min(cpu), len(queries)


def traced_queries(client, path: str) -> list[tuple[float, str, str]]:
    """Each query of one request: its time, the project's frames that asked it, its SQL."""
    import traceback

    from django.db import connection

    found = []

    def wrapper(execute, sql, params, many, context):
        frames = [f for f in traceback.extract_stack()[:-1]
                  if str(ROOT) in f.filename and "/.venv/" not in f.filename and "scripts/" not in f.filename]
        where = " < ".join(f"{Path(f.filename).relative_to(ROOT)}:{f.lineno}" for f in reversed(frames[-3:]))
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            found.append(((time.perf_counter() - started) * 1000, where, sql))

    with connection.execute_wrapper(wrapper):
        client.get(path, secure=True)
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--only", default="", help="page kind (URL name) or 'home'")
    parser.add_argument("--user", default="", help="only this username")
    parser.add_argument("--profile", type=int, default=0, help="print the top N functions of each page (cProfile)")
    parser.add_argument("--sort", default="cumulative")
    parser.add_argument("--sql", action="store_true", help="print each query of the page with its time")
    args = parser.parse_args()
    setup()
    from django.contrib.auth import get_user_model
    from django.test import Client

    User = get_user_model()
    clients = {}
    print(f"{'page kind':<24} {'user':<24} {'status':>6} {'KB':>5} {'queries':>7} {'CPU ms p50':>10} {'min':>6}  path")
    for kind, username, path in targets():
        if (args.only and kind != args.only) or (args.user and username != args.user):
            continue
        if username not in clients:
            clients[username] = Client()
            clients[username].force_login(User.objects.get(username=username))
        client = clients[username]
        status, kb, cpu, cpu_min, queries = measure(client, path, args.repeat)
        print(f"{kind:<24} {username:<24} {status:>6} {kb:>5.0f} {queries:>7} {cpu:>10.1f} {cpu_min:>6.1f}  {path}")
        if args.sql:
            for ms, where, sql in traced_queries(client, path):
                print(f"  {ms:6.1f} ms  {where:<60} {sql[:150]}")
        if args.profile:
            # CPU time, not wall clock: waiting for the database or for a busy machine's
            # other processes does not count.
            profiler = cProfile.Profile(time.process_time)
            profiler.enable()
            client.get(path, secure=True)
            profiler.disable()
            out = io.StringIO()
            pstats.Stats(profiler, stream=out).strip_dirs().sort_stats(args.sort).print_stats(args.profile)
            print(out.getvalue())


if __name__ == "__main__":
    main()
