"""Build a deterministic county to measure on: `manage.py seed_county --orgs 500 --seed 1`.

Organisations, people and accounts (organizations.county), meetings in every stage and
every lateness (meetings.county), then each phase's part, registered with
`meetings.builders.register_county`. All in bulk, without notifications.

The same --seed gives the same rows; dates are relative to the day it runs
(timezone.localdate()), so a county built today and one built next month differ only in
their dates. It refuses a database that already holds organisations unless --flush
(empty the database first) or --force (add to it anyway) is given.
"""

import importlib
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from meetings.county import build_meetings
from meetings.builders import county_builders
from organizations.county import COUNTY_NAME, COUNTY_PASSWORD, County, build_organizations
from organizations.models import Organization, Person

# Data migrations that create rows a fresh database needs (not those that mend old rows).
SHIPPED_DATA = [
    ("meetings.migrations.0002_shipped_aspect_templates", "ship"),
    ("meetings.migrations.0007_shipped_sources_by_title", "cite_by_title"),
]


def _flush() -> None:
    """Empty the database as `manage.py flush` does, then put back the reference rows
    the migrations ship (the aspect templates), which flush would lose for good."""
    from django.apps import apps
    from django.db import connection

    if connection.vendor == "postgresql" and connection.in_atomic_block:
        # Inside a transaction (a test's) rows just written leave deferred foreign-key
        # checks pending, and PostgreSQL refuses to TRUNCATE until they have run.
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    call_command("flush", interactive=False, verbosity=0)
    for module, function in SHIPPED_DATA:
        getattr(importlib.import_module(module), function)(apps, None)


class Command(BaseCommand):
    help = "建立用于性能测量的县（数据确定、批量写入）：--orgs 组织数 --seed 随机种子。"

    def add_arguments(self, parser):
        parser.add_argument("--orgs", type=int, default=500, help="组织数（含县委），至少 3")
        parser.add_argument("--seed", type=int, default=1, help="随机种子：相同种子得到相同数据")
        parser.add_argument("--flush", action="store_true", help="先清空数据库（manage.py flush）")
        parser.add_argument("--force", action="store_true", help="数据库已有数据时仍然写入")

    def handle(self, *args, orgs, seed, flush, force, **options):
        if orgs < 3:
            raise CommandError("--orgs 至少为 3。")
        if flush:
            _flush()
        elif Organization.objects.exists() and not force:
            raise CommandError("数据库中已有组织数据：请使用 --flush 清空后重建，或 --force 在现有数据上追加。")
        elif Organization.objects.filter(name=f"中共{COUNTY_NAME}委员会").exists():
            raise CommandError("数据库中已有一个测量用的县：请使用 --flush 清空后重建。")
        started = time.monotonic()
        county = County(seed=seed, orgs=orgs, today=timezone.localdate())
        phases = []
        with transaction.atomic():
            build_organizations(county)
            build_meetings(county)
            self._phases(county, phases)
        _analyze()
        self._summary(county, phases, time.monotonic() - started)

    def _phases(self, county, phases):
        # Each phase's builder in turn, timed, to print what each phase took.
        for builder in county_builders():
            t0 = time.monotonic()
            builder(county)
            phases.append((builder.__module__, time.monotonic() - t0))

    def _summary(self, county, phases, seconds):
        out = self.stdout.write
        out(self.style.SUCCESS(f"已建立测量用的县：{county.orgs} 个组织，种子 {county.seed}，用时 {seconds:.1f} 秒。"))
        out(f"日期以今天（{county.today:%Y-%m-%d}）为基准。")
        out("")
        out("各表行数：")
        for label, count in sorted(county.counts.items()):
            out(f"  {label:<40} {count:>8}")
        out("")
        out("各环节数据（meetings.builders.register_county）：")
        for module, secs in phases:
            out(f"  {module:<40} {secs:>7.1f} 秒")
        out("")
        out(f"登录账号（密码均为 {COUNTY_PASSWORD}）：")
        for username, role in county.accounts.items():
            name = Person.objects.filter(user__username=username).values_list("name", flat=True).first()
            out(f"  {username:<26} {name or '':<6} {role}")


def _analyze() -> None:
    """The planner's statistics of the tables just filled, as a database in use has them:
    autovacuum gathers them only minutes later, and a benchmark started at once measured
    plans made for empty tables (a hash of 2,659 agenda items estimated at 360)."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
