#!/usr/bin/env python
"""Benchmark for the opinion phase (not a test): how many public-form submissions per
second this machine sustains with PostgreSQL, and what the 意见建议汇总表 of 50,000
opinions costs in time and memory.

    uv run python scripts/bench_feedback.py                    # defaults below
    uv run python scripts/bench_feedback.py --requests 3000 --concurrency 16 --opinions 50000
    uv run python scripts/bench_feedback.py --redis-url redis://127.0.0.1:6379/8   # cache in Redis

It uses its own database (default postgres://postgres@127.0.0.1:5432/bench_feedback),
creating it if missing and never touching any other; it starts gunicorn on 127.0.0.1 on
a free port, sends a bounded number of requests, and stops the server by itself.
"""

import argparse
import http.client
import json
import os
import re
import resource
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from benchkit import free_port, start_server, stop_server  # noqa: E402  the scripts folder is no package

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/bench_feedback"
TOKEN = "bench-feedback-public-link-0000000000000"
VAR_DIR = Path(tempfile.gettempdir()) / "bench_feedback_var"


def environment(database_url: str, redis_url: str = "") -> dict:
    """Production settings (DEBUG off), this database, Redis if given (else none), limits
    out of the way: the benchmark measures the form, not the rate limiter's refusals."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "0",
        "SECRET_KEY": "bench-feedback-not-a-real-secret-key-0123456789",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SITE_URL": "http://127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "DATABASE_URL": database_url,
        # The cache (nonce marks, throttle counters) and the broker in Redis, as in production.
        "REDIS_URL": redis_url,
        "VAR_DIR": str(VAR_DIR),
        "FEEDBACK_RATE_PER_CLIENT": "100000000",
        "FEEDBACK_RATE_PER_FORM": "100000000",
        "LOG_LEVEL": "WARNING",
        # As in production (README): gunicorn keeps its database connections.
        "CONN_MAX_AGE": os.environ.get("BENCH_CONN_MAX_AGE", "60"),
    }


def ensure_database(database_url: str) -> None:
    import psycopg

    url = urllib.parse.urlparse(database_url)
    name = url.path.lstrip("/")
    admin = url._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')
            print(f"created database {name}")


def manage(env: dict, *args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True,
                   stdout=subprocess.DEVNULL)


def django_setup(env: dict) -> None:
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def prepare_fixture() -> int:
    """A county, a team of seven, a meeting and its solicitation with a known link."""
    from feedback.models import Solicitation
    from meetings.models import Meeting, MeetingAspect
    from organizations.models import Organization, Person, TeamMembership

    org, _ = Organization.objects.get_or_create(name="压测县人民政府办公室党组", defaults={"kind": "party_group"})
    meeting, _ = Meeting.objects.get_or_create(
        organization=org, title="压测民主生活会", defaults={"kind": "democratic_life", "year": 2026, "stage": "pre_meeting"}
    )
    for order in range(1, 6):
        MeetingAspect.objects.get_or_create(meeting=meeting, order=order, defaults={"title": f"对照检查方面{order}"})
    for rank in range(1, 8):
        person, _ = Person.objects.get_or_create(name=f"班子成员{rank}", organization=org)
        TeamMembership.objects.get_or_create(organization=org, person=person, defaults={"position": "member", "rank": rank})
    solicitation, _ = Solicitation.objects.update_or_create(
        meeting=meeting, defaults={"token": TOKEN, "form_open": True, "starts_on": None, "ends_on": None}
    )
    return solicitation.pk


# --- the public form ---------------------------------------------------------------------


def form_session(port: int, path: str, timeout: float = 30) -> tuple[str, str]:
    """(csrf cookie, form token) from one GET, as a phone would have them."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    conn.request("GET", path)
    response = conn.getresponse()
    body = response.read().decode()
    cookie = re.search(r"csrftoken=([^;]+)", response.getheader("Set-Cookie", "")).group(1)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1)
    conn.close()
    return cookie, token


def submit_many(port: int, path: str, count: int, results: list, worker: int) -> None:
    from anonymity.nonce import nonce_issue

    cookie, token = form_session(port, path)
    for i in range(count):
        body = urllib.parse.urlencode({
            "csrfmiddlewaretoken": token,
            "nonce": nonce_issue(),  # each post as from a page of its own (same SECRET_KEY)
            "target": "team",
            "content": f"压测意见（线程{worker}第{i}条）：建议进一步改进工作作风，精简会议文件，切实为基层减负。",
        })
        started = time.perf_counter()
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        conn.request("POST", path, body, {
            "Content-Type": "application/x-www-form-urlencoded", "Cookie": f"csrftoken={cookie}",
        })
        status = conn.getresponse().status
        conn.close()
        results.append((status, time.perf_counter() - started))


def get_many(port: int, path: str, count: int, results: list, _worker: int) -> None:
    """/healthz under the same load: one new connection per request, as the form's posts."""
    for _ in range(count):
        started = time.perf_counter()
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        conn.request("GET", path)
        response = conn.getresponse()
        response.read()
        conn.close()
        results.append((response.status, time.perf_counter() - started))


def _burst(target, args: tuple, concurrency: int) -> tuple[list, float]:
    results: list = []
    threads = [threading.Thread(target=target, args=(*args, results, n)) for n in range(concurrency)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results, time.perf_counter() - started


def bench_form(env: dict, requests: int, concurrency: int, workers: int) -> dict:
    """The form's posts, between two bursts of as many /healthz requests with the same
    concurrency on the same server: the ratio is to their mean rate."""
    from feedback.models import Opinion

    port = free_port()
    path = f"/feedback/f/{TOKEN}/"
    server = start_server(env, port, workers)
    per_thread = requests // concurrency
    healthz_rates, healthz_errors = [], 0
    try:
        # Warm every import before timing: on a busy machine a worker's first page can take
        # longer than a request's 30 s (not counted; it was the run's most frequent failure).
        form_session(port, path, timeout=180)
        before = Opinion.objects.filter(solicitation__token=TOKEN).count()
        for phase in ("healthz", "form", "healthz"):
            if phase == "form":
                results, elapsed = _burst(submit_many, (port, path, per_thread), concurrency)
                continue
            checks, seconds = _burst(get_many, (port, "/healthz", per_thread), concurrency)
            healthz_errors += sum(1 for status, _ in checks if status != 200)
            healthz_rates.append(len(checks) / seconds)
    finally:
        stop_server(server)
    from anonymity.writes import anonymous_flush

    anonymous_flush()  # the last, incomplete batch
    stored = Opinion.objects.filter(solicitation__token=TOKEN).count() - before
    ok = sum(1 for status, _ in results if status == 302)
    latencies = sorted(seconds for _, seconds in results)
    return {
        "requests": len(results),
        "accepted": ok,
        "stored": stored,
        "errors": len(results) - ok,
        "seconds": round(elapsed, 2),
        "per_second": round(ok / elapsed, 1),
        "p50_ms": round(latencies[len(latencies) // 2] * 1000, 1),
        "p95_ms": round(latencies[int(len(latencies) * 0.95)] * 1000, 1),
        "workers": workers,
        "concurrency": concurrency,
        "healthz_per_second": round(sum(healthz_rates) / len(healthz_rates), 1),
        "healthz_errors": healthz_errors,
    }


# --- the Excel summary ------------------------------------------------------------------


def ensure_opinions(count: int) -> int:
    """A solicitation holding `count` sorted opinions (a twentieth merged as duplicates)."""
    from feedback.models import Opinion, OpinionRouting, Solicitation
    from organizations.models import Person

    meeting = Solicitation.objects.get(pk=prepare_fixture()).meeting
    token = f"bench-feedback-excel-{count}"
    solicitation, _ = Solicitation.objects.get_or_create(
        token=token, defaults={"meeting": _excel_meeting(meeting, count)}
    )
    if solicitation.opinions.count() == count:
        _analyze()
        return solicitation.pk
    solicitation.opinions.all().delete()
    aspects = list(solicitation.meeting.aspects.all())
    members = list(Person.objects.filter(organization=meeting.organization))
    batch, routings = [], []
    text = "建议进一步改进工作作风，精简会议和文件，多到基层一线调研，切实解决群众急难愁盼问题。"
    primary = None
    for i in range(count):
        duplicate = i % 20 == 19 and primary is not None
        opinion = Opinion(
            solicitation=solicitation, content=f"第{i}条：{text}", channel="forum", source="masses",
            received_on="2026-01-05", aspect=None if duplicate else aspects[i % len(aspects)],
            kind="" if duplicate else "opinion", state="merged" if duplicate else "sorted",
            duplicate_of=primary if duplicate else None,
        )
        batch.append(opinion)
        if not duplicate:
            primary = opinion
            routings.append(OpinionRouting(opinion=opinion, member=members[i % len(members)]))
            if i % 3 == 0:
                routings.append(OpinionRouting(opinion=opinion, member=None))
        if len(batch) >= 5000:
            Opinion.objects.bulk_create(batch)
            OpinionRouting.objects.bulk_create(routings)
            batch, routings = [], []
    Opinion.objects.bulk_create(batch)
    OpinionRouting.objects.bulk_create(routings)
    _analyze()
    return solicitation.pk


def _analyze() -> None:
    """The planner's statistics, as autovacuum gathers them a minute after a bulk insert:
    without them PostgreSQL plans the 汇总表's joins for a hundred rows, not 50,000."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def _excel_meeting(meeting, count):
    from meetings.models import Meeting, MeetingAspect

    copy, _ = Meeting.objects.get_or_create(
        organization=meeting.organization, title=f"压测汇总表{count}", defaults={"kind": "democratic_life", "year": 2026}
    )
    for order in range(1, 6):
        MeetingAspect.objects.get_or_create(meeting=copy, order=order, defaults={"title": f"对照检查方面{order}"})
    return copy


def memory_mb() -> tuple[float, float]:
    """(resident now, resident at most) of this process, in MB, from /proc/self/status.

    Not `getrusage(RUSAGE_SELF).ru_maxrss`: Linux carries that over an exec, so in a child
    started by this script it reported the parent's peak (the parent had just built 50,000
    opinions), whatever the 汇总表 cost. VmHWM belongs to the process's own memory map,
    which exec replaces.
    """
    try:
        with open("/proc/self/status") as status:
            fields = dict(line.split(":", 1) for line in status)
        return tuple(round(int(fields[name].split()[0]) / 1024, 1) for name in ("VmRSS", "VmHWM"))
    except OSError:  # not Linux: the best there is
        peak = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
        return peak, peak


def excel_child(solicitation_id: int, trace: bool) -> None:
    """Run in a fresh process: the time and the peak memory of one 汇总表 (the process's
    own peak, imports and the opinions' rows included: what a worker would need)."""
    import tracemalloc

    from documents.render import RENDERERS
    from feedback.documents import opinion_table
    from feedback.models import Solicitation

    solicitation = Solicitation.objects.select_related("meeting__organization").get(pk=solicitation_id)
    rss_before, _ = memory_mb()
    if trace:
        tracemalloc.start()
    started = time.perf_counter()
    data = RENDERERS["xlsx"](opinion_table(solicitation))
    seconds = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1] if trace else 0
    _, rss_peak = memory_mb()
    print(json.dumps({
        "seconds": round(seconds, 2), "bytes": len(data), "rss_before_mb": rss_before,
        "rss_peak_mb": rss_peak, "python_peak_mb": round(peak / 1024 / 1024, 1),
    }))


def bench_excel(env: dict, count: int) -> dict:
    solicitation_id = ensure_opinions(count)
    runs = {}
    for trace in (False, True):
        out = subprocess.run(
            # The child parses its own arguments: without the addresses it would fall back
            # to the default database, where the opinions are not, and to no Redis.
            [sys.executable, __file__, "--excel-child", str(solicitation_id), "--database-url", env["DATABASE_URL"],
             "--redis-url", env["REDIS_URL"]]
            + (["--trace"] if trace else []),
            cwd=ROOT, env=env, check=True, capture_output=True, text=True,
        ).stdout
        runs[trace] = json.loads(out.strip().splitlines()[-1])
    result = runs[False]
    result["python_peak_mb"] = runs[True]["python_peak_mb"]
    result["opinions"] = count
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DB))
    parser.add_argument(
        "--redis-url", default=os.environ.get("BENCH_REDIS_URL", ""),
        help="cache and broker for the server and the Excel child (default: BENCH_REDIS_URL, else none)",
    )
    parser.add_argument("--requests", type=int, default=2000, help="public-form submissions to send")
    parser.add_argument("--concurrency", type=int, default=2 * (os.cpu_count() or 1), help="simultaneous senders")
    parser.add_argument("--workers", type=int, default=(os.cpu_count() or 1) + 1, help="gunicorn workers")
    parser.add_argument("--opinions", type=int, nargs="+", default=[5000, 50000], help="sizes of the 汇总表")
    parser.add_argument("--skip-form", action="store_true", help="only the 汇总表")
    parser.add_argument("--skip-excel", action="store_true", help="only the public form")
    parser.add_argument("--excel-child", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--trace", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()

    env = environment(args.database_url, args.redis_url)
    if args.excel_child:
        django_setup(env)
        excel_child(args.excel_child, args.trace)
        return

    ensure_database(args.database_url)
    manage(env, "migrate", "--no-input")
    manage(env, "collectstatic", "--no-input")
    django_setup(env)
    prepare_fixture()

    load = "、".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"PostgreSQL: {args.database_url}   Redis: {args.redis_url or '无'}   CPUs: {os.cpu_count()}"
          f"   load average before: {load}")
    if not args.skip_form:
        report_form(bench_form(env, args.requests, args.concurrency, args.workers))
    for count in [] if args.skip_excel else args.opinions:
        excel = bench_excel(env, count)
        print(
            f"意见建议汇总表（{excel['opinions']} 条）：用时 {excel['seconds']} 秒，文件 {excel['bytes'] / 1e6:.1f} MB；"
            f"子进程自身内存峰值 {excel['rss_peak_mb']} MB（VmHWM；生成前常驻 {excel['rss_before_mb']} MB），"
            f"Python 分配峰值 {excel['python_peak_mb']} MB"
            f"（预算：≤4 秒、≤100 MB：{'达标' if excel['seconds'] <= 4 and excel['rss_peak_mb'] <= 100 else '未达标'}）"
        )


def report_form(form: dict) -> None:
    print(
        f"公开表单：{form['accepted']}/{form['requests']} 条提交成功（写入 {form['stored']} 条），"
        f"用时 {form['seconds']} 秒，每秒 {form['per_second']} 条；"
        f"延迟 p50 {form['p50_ms']} ms、p95 {form['p95_ms']} ms"
        f"（gunicorn {form['workers']} 个进程，{form['concurrency']} 个并发客户端）"
    )
    ratio = form["per_second"] / form["healthz_per_second"]
    verdict = "达标" if form["per_second"] >= 300 and ratio >= 0.5 and form["errors"] == 0 else "未达标"
    print(
        f"同样负载下 /healthz 每秒 {form['healthz_per_second']} 次（错误 {form['healthz_errors']}）；"
        f"表单为其 {ratio:.2f} 倍（预算：每秒≥300 条、≥0.5 倍、0 错误：{verdict}）"
    )


if __name__ == "__main__":
    main()
