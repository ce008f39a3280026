#!/usr/bin/env python
"""Benchmark of every page kind (not a test): on the county `seed_county` builds, with
PostgreSQL and gunicorn, each role logs in and crawls its pages; p50 and p95 per page kind
against the bare /healthz measured in the same run.

    uv run python scripts/bench_pages.py --database-url postgres://postgres@127.0.0.1:5432/bench_pages
    uv run python scripts/bench_pages.py --orgs 500 --seed 1 --depth 3 --max-urls 400

The database is its own (created if missing; a county of --orgs organisations is built
in it when it has none). gunicorn runs with production settings (DEBUG=0, secure
cookies, CONN_MAX_AGE=60, REDIS_URL if given) on a free port of 127.0.0.1; requests say
X-Forwarded-Proto: https, as the TLS proxy in front of it does.

Each role logs in through the login form (django-axes is on: a real POST with the CSRF
token), then crawls, GET only, from its home page through the links of the pages it gets
(breadth first, bounded by --depth, --max-urls per role and --per-kind per page kind).
A page kind is its URL name (resolve()), so a new page is measured without editing this
script. After every page request the same session asks /healthz: the ratio compares the
page with the server's bare overhead at that moment, which makes the figure fair on a
machine that is busy with something else. Skipped: logging out, downloads (exports,
workbooks, QR codes, generated files — documents are requested by POST only, so no GET
enqueues one), every URL that only accepts POST, and links outside the site.

Before the crawl the recent meetings' statuses are kept, as the Celery worker of a
deployment does when it starts (--cold: not). --slowest N prints, for each page kind over
budget, its N slowest requests with their URLs: where its tail comes from.

Budget (issue 11): p95 ≤ 150 ms and ≤ 8× /healthz's p95 for every page kind.
"""

import argparse
import html
import http.client
import os
import re
import subprocess
import sys
import tempfile
import time
import urllib.parse
from collections import Counter, defaultdict, deque
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from benchkit import free_port, start_server, stop_server  # noqa: E402  the scripts folder is no package

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/bench_pages"
VAR_DIR = Path(tempfile.gettempdir()) / "bench_pages_var"
BUDGET_MS, BUDGET_RATIO = 150, 8
# URL names never fetched: leaving, files rather than pages, and views that act (POST only;
# a GET would be a 405 and measure nothing).
SKIP = {
    "logout", "login", "healthz", "password_change",
    "documents:download", "study:export", "feedback:qr", "feedback:import_template", "talks:coverage_xlsx",
    "talks:talks_xlsx", "organizations:roster_template",
}
ACTING = re.compile(r"(toggle|transition|delete|remove|mark_|release|link|archive|made_up|save|_add|request|remind"
                    r"|drafter|excuse|bulk|password_reset|template_copy)")
HREF = re.compile(r'href="([^"#]*)')
ROLES = [  # (what the row says, username printed by seed_county)
    ("office", "county_office_1"),
    ("secretary", "county_secretary_1"),
    ("member", "county_member_1"),
    ("supervisor", "county_supervisor"),
    ("jiwei", "county_jiwei"),
    ("branch_office", "county_branch_office_1"),
    ("group", "county_group_1"),  # a 督导组 member: only the organisations assigned
]


def environment(database_url: str, redis_url: str) -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "0",
        "SECRET_KEY": "bench-pages-not-a-real-secret-key-0123456789abcdef",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SITE_URL": "https://127.0.0.1",
        "CONN_MAX_AGE": "60",
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "VAR_DIR": str(VAR_DIR),
        "LOG_LEVEL": "WARNING",
    }


def ensure_database(database_url: str) -> None:
    import psycopg

    url = urllib.parse.urlparse(database_url)
    name = url.path.lstrip("/")
    admin = url._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')
            print(f"created database {name}")


def manage(env: dict, *args: str, quiet=True) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True,
                   stdout=subprocess.DEVNULL if quiet else None)


def start_logged_server(env: dict, port: int, workers: int):
    # Its log (a 403 for a role that may not see a page logs a traceback) goes to a file,
    # named at the end, so the table stays readable.
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    return start_server(env, port, workers, log=(VAR_DIR / "gunicorn.log").open("w"))


class Session:
    """One browser: its cookies, over a new connection per request (gunicorn's sync workers
    close each one anyway)."""

    def __init__(self, port: int):
        self.port, self.cookies = port, {}

    def request(self, method: str, path: str, body: str | None = None) -> tuple[int, dict, bytes, float]:
        headers = {"Host": "127.0.0.1", "X-Forwarded-Proto": "https", "User-Agent": "bench_pages"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"https://127.0.0.1{path}"
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        started = time.perf_counter()
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        data = response.read()
        ms = (time.perf_counter() - started) * 1000
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                key, _, rest = value.partition("=")
                self.cookies[key.strip()] = rest.split(";", 1)[0]
        conn.close()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, data, ms

    def login(self, username: str, password: str) -> None:
        status, _, page, _ = self.request("GET", "/accounts/login/")
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        if status != 200 or not token:
            raise SystemExit(f"no login form ({status})")
        form = urllib.parse.urlencode({"username": username, "password": password, "next": "/",
                                       "csrfmiddlewaretoken": token.group(1).decode()})
        status, headers, _, _ = self.request("POST", "/accounts/login/", form)
        if status != 302:
            raise SystemExit(f"{username} could not log in ({status})")


def page_kind(path: str) -> str | None:
    from django.urls import Resolver404, resolve

    try:
        name = resolve(urllib.parse.urlsplit(path).path).view_name
    except Resolver404:
        return None
    if name in SKIP or ACTING.search(name.split(":")[-1]) or name.startswith("admin:"):
        return None
    return name


def links(page: bytes, base: str) -> list[str]:
    found = []
    for href in HREF.findall(page.decode("utf-8", "replace")):
        url = urllib.parse.urljoin(base, html.unescape(href))
        parts = urllib.parse.urlsplit(url)
        if parts.scheme in ("http", "https", "") and parts.netloc in ("", "127.0.0.1") and parts.path.startswith("/"):
            found.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return found


def crawl(session: Session, *, depth: int, max_urls: int, per_kind: int, home: int, results: dict,
          label: str = "") -> int:
    # The home page is each role's one page of its kind: asked `home` times, or its p95
    # would be one sample.
    queue, seen, fetched, kinds = deque([("/", 0)] * home), {"/"}, 0, Counter()
    while queue and fetched < max_urls:
        path, level = queue.popleft()
        kind = page_kind(path)
        if kind is None or (kinds[kind] >= per_kind and path != "/"):
            continue
        status, headers, body, ms = session.request("GET", path)
        _, _, _, health_ms = session.request("GET", "/healthz")
        fetched += 1
        kinds[kind] += 1
        row = results[f"{kind} ({label})" if label else kind]
        row["status"][status] += 1
        is_page = status == 200 and headers.get("content-type", "").startswith("text/html")
        if is_page:
            row["ms"].append(ms)
            row["paths"].append(path)
            row["health"].append(health_ms)
            row["kb"] = max(row.get("kb", 0), len(body) / 1024)
        if status in (301, 302) and level < depth:
            target = urllib.parse.urlsplit(headers.get("location", ""))
            if target.path and target.path not in seen:
                seen.add(target.path)
                queue.append((target.path, level + 1))
        if is_page and level < depth:
            for link in links(body, path):
                if link not in seen:
                    seen.add(link)
                    queue.append((link, level + 1))
    return fetched


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return 0.0
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def report(results: dict, roles_seen: dict) -> None:
    rows, health_all = [], []
    for kind, row in results.items():
        health_all += row["health"]
        if row["ms"]:
            p50, p95 = percentile(row["ms"], 0.5), percentile(row["ms"], 0.95)
            h50, h95 = percentile(row["health"], 0.5), percentile(row["health"], 0.95)
            rows.append((p95, kind, len(row["ms"]), p50, p95, p50 / h50, p95 / h95, row["kb"], row["status"]))
    rows.sort()
    print()
    print(f"{'page kind (URL name)':<40} {'n':>4} {'p50 ms':>7} {'p95 ms':>7} {'×hz p50':>8} {'×hz p95':>8} {'max KB':>7}  verdict  roles")
    over = 0
    for _, kind, n, p50, p95, r50, r95, kb, statuses in rows:
        ok = p95 <= BUDGET_MS and r95 <= BUDGET_RATIO
        over += not ok
        other = {s: c for s, c in statuses.items() if s != 200}
        print(f"{kind:<40} {n:>4} {p50:>7.1f} {p95:>7.1f} {r50:>8.1f} {r95:>8.1f} {kb:>7.0f}  {'ok' if ok else 'OVER':<7}  "
              f"{','.join(sorted(roles_seen[kind]))}{'  other: ' + str(other) if other else ''}")
    print(f"{'/healthz (interleaved)':<40} {len(health_all):>4} {percentile(health_all, 0.5):>7.1f} {percentile(health_all, 0.95):>7.1f}")
    failing = {k: dict(r["status"]) for k, r in results.items() if not r["ms"]}
    if failing:
        print("no HTML page measured (status counts):", failing)
    print()
    print(f"budget (p95 ≤ {BUDGET_MS} ms and ≤ {BUDGET_RATIO}× /healthz p95): "
          + ("every page kind within budget" if not over else f"{over} of {len(rows)} page kinds OVER budget"))


def slowest(results: dict, n: int) -> None:
    """Where a page kind's tail comes from: its slowest requests in crawl order (the first
    request of a URL pays for what nothing has computed yet)."""
    for kind, row in sorted(results.items()):
        if row["ms"] and percentile(row["ms"], 0.95) > BUDGET_MS:
            worst = sorted(range(len(row["ms"])), key=lambda i: -row["ms"][i])[:n]
            print(f"{kind}: " + "; ".join(f"#{i + 1} {row['ms'][i]:.0f} ms {row['paths'][i]}" for i in sorted(worst)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DB))
    parser.add_argument("--redis-url", default=os.environ.get("BENCH_REDIS_URL", ""))
    parser.add_argument("--orgs", type=int, default=500, help="size of the county built when the database has none")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--depth", type=int, default=3)
    parser.add_argument("--max-urls", type=int, default=400, help="pages fetched per role at most")
    parser.add_argument("--per-kind", type=int, default=20, help="pages of one kind fetched per role at most")
    parser.add_argument("--home", type=int, default=5, help="times each role's home page is fetched")
    parser.add_argument("--by-role", action="store_true", help="one row per page kind and role")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="gunicorn workers")
    parser.add_argument("--port", type=int, default=0, help="default: a free port")
    parser.add_argument("--cold", action="store_true",
                        help="do not keep the statuses first, as if no Celery worker had started")
    parser.add_argument("--slowest", type=int, default=0, metavar="N",
                        help="after the table, the N slowest requests of each page kind over budget, with their URLs")
    args = parser.parse_args()

    env = environment(args.database_url, args.redis_url)
    ensure_database(args.database_url)
    manage(env, "migrate", "--no-input")
    manage(env, "collectstatic", "--no-input")
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from organizations.county import COUNTY_PASSWORD
    from organizations.models import Organization

    if not Organization.objects.exists():
        print(f"building a county of {args.orgs} organisations (seed {args.seed})…")
        manage(env, "seed_county", "--orgs", str(args.orgs), "--seed", str(args.seed), quiet=False)
    print(f"organisations: {Organization.objects.count()}   database: {args.database_url}   "
          f"CPUs: {os.cpu_count()}   load: {'、'.join(f'{x:.1f}' for x in os.getloadavg())}")

    if not args.cold:
        # Production runs a Celery worker beside gunicorn; when it starts it keeps the recent
        # meetings' statuses (meetings.tasks.refresh_statuses), and beat renews them.
        from meetings.status import refresh_kept_statuses

        started = time.monotonic()
        kept, count = refresh_kept_statuses()
        print(f"statuses kept for {kept} of {count} meetings in {time.monotonic() - started:.1f} s, as the worker "
              "does when it starts (--cold: not)")
    port = args.port or free_port()
    server = start_logged_server(env, port, args.workers)
    results = defaultdict(lambda: {"ms": [], "paths": [], "health": [], "status": Counter()})
    roles_seen = defaultdict(set)
    try:
        warm = Session(port)
        for _ in range(2 * args.workers):
            warm.request("GET", "/healthz")
        for role, username in ROLES:
            session = Session(port)
            session.login(username, COUNTY_PASSWORD)
            started = time.monotonic()
            fetched = crawl(session, depth=args.depth, max_urls=args.max_urls, per_kind=args.per_kind, home=args.home,
                            results=results, label=role if args.by_role else "")
            print(f"{role:<14} {username:<24} {fetched:>4} pages in {time.monotonic() - started:.0f} s")
            _mark_roles(results, roles_seen, role)
    finally:
        stop_server(server)
    report(results, roles_seen)
    if args.slowest:
        slowest(results, args.slowest)
    print(f"server log: {VAR_DIR / 'gunicorn.log'}")


def _mark_roles(results: dict, roles_seen: dict, role: str) -> None:
    """Remember which roles reached each page kind (by the count of requests growing)."""
    for kind, row in results.items():
        total = sum(row["status"].values())
        if total > row.get("_counted", 0):
            roles_seen[kind].add(role)
            row["_counted"] = total


if __name__ == "__main__":
    main()
