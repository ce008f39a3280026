#!/usr/bin/env python3
"""Restore drill: back up the database and the media folder, restore both elsewhere, and
prove the copy is whole — every table's row count, every stored file's checksum, and a
document opened through the restored application.

    DATABASE_URL=postgres://…/dlm VAR_DIR=/srv/dlm/var uv run python scripts/restore_drill.py
    uv run python scripts/restore_drill.py --demo      # CI: a fresh demo database first

The backup is taken as README's "Backup and restore" says (pg_dump -Fc, a tar of
$VAR_DIR/media); the counts are read in the very snapshot pg_dump copies, so the drill can
run against a live database. The copy goes to a new database (`<name>_restore`, dropped
afterwards unless --keep) and a fresh VAR_DIR, where `collectstatic` runs before the site
is opened — without it every page is a 500 while /healthz says ok.
Exit status 0 when the copy is whole; 1 with the differences listed otherwise.
"""

import argparse
import hashlib
import os
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
STEP_TIMEOUT = 300  # seconds for any one step: a drill that hangs is a failed drill


_T0 = time.monotonic()


def log(message: str) -> None:
    print(f"[restore-drill {time.monotonic() - _T0:5.0f} s] {message}", flush=True)


def with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def libpq(url: str) -> str:
    """pg_dump and pg_restore take a libpq URI: postgresql://, not Django's postgres://."""
    return "postgresql://" + url.split("://", 1)[1]


def connect(url: str, **kwargs):
    import psycopg

    return psycopg.connect(libpq(url), **kwargs)


def run(command: list[str], env: dict | None = None) -> str:
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=STEP_TIMEOUT)
    if result.returncode:
        raise SystemExit(f"{' '.join(command[:3])}… failed:\n{result.stdout[-2000:]}\n{result.stderr[-2000:]}")
    return result.stdout


def recreate_database(url: str, name: str) -> None:
    from psycopg import sql

    with connect(with_database(url, "postgres"), autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def drop_database(url: str, name: str) -> None:
    from psycopg import sql

    with connect(with_database(url, "postgres"), autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def app_env(database_url: str, var_dir: Path, **extra) -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": database_url,
        "VAR_DIR": str(var_dir),
        "REDIS_URL": "",  # eager Celery: the drill needs no worker
        "DEBUG": "1",
        **extra,
    }


DEMO_DOCUMENTS = """
from django.contrib.auth import get_user_model
from documents.registry import get_type
from documents.services import file_request
from meetings.models import Meeting

office = get_user_model().objects.get(username="office")
summary = get_type("meeting_summary")
for n, meeting in enumerate(Meeting.objects.order_by("pk")[:3]):
    for fmt in ("pdf", "docx") if n == 0 else ("docx",):
        generated, _ = file_request(doc_type=summary, fmt=fmt, source=meeting, user=office)
        generated.refresh_from_db()
        assert generated.status == "done", generated.error
"""


def refuse_unless_demo(url: str) -> None:
    """--demo drops the database it is given: never one that holds more than the demo."""
    import psycopg

    from meetings.management.commands.seed_demo import ACCOUNTS

    try:
        conn = connect(url)
    except psycopg.OperationalError:
        return  # no such database yet
    with conn:
        if conn.execute("SELECT to_regclass('public.auth_user')").fetchone()[0] is None:
            return
        users = {row[0] for row in conn.execute("SELECT username FROM auth_user")}
    strangers = users - {username for username, _, _ in ACCOUNTS}
    if strangers:
        raise SystemExit(f"--demo would drop {urlsplit(url).path.lstrip('/')}, which has other accounts "
                         f"than the demo's ({len(strangers)}): name a database of its own")


def prepare_demo(url: str, var_dir: Path) -> None:
    name = urlsplit(url).path.lstrip("/")
    refuse_unless_demo(url)
    log(f"demo source: database {name}, migrate, seed_demo, a few documents")
    recreate_database(url, name)
    env = app_env(url, var_dir)
    run([sys.executable, "manage.py", "migrate", "--no-input", "-v0"], env)
    run([sys.executable, "manage.py", "seed_demo"], env)
    run([sys.executable, "manage.py", "shell", "-c", DEMO_DOCUMENTS], env)


def file_columns(url: str, var_dir: Path) -> list[tuple[str, str]]:
    """(table, column) of every file field of every model, from Django's own registry."""
    os.environ.update({k: v for k, v in app_env(url, var_dir).items() if k in
                       ("DJANGO_SETTINGS_MODULE", "DATABASE_URL", "VAR_DIR", "REDIS_URL", "DEBUG")})
    import django
    from django.apps import apps
    from django.db.models import FileField

    django.setup()
    return [
        (model._meta.db_table, field.column)
        for model in apps.get_models()
        for field in model._meta.concrete_fields
        if isinstance(field, FileField)
    ]


def census(conn, columns) -> tuple[dict[str, int], set[str]]:
    """Row count of every table in the public schema, and every stored file's name."""
    tables = [row[0] for row in conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1")]
    from psycopg import sql

    counts = {
        table: conn.execute(sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(table))).fetchone()[0]
        for table in tables
    }
    files = set()
    for table, column in columns:
        if table in counts:
            query = sql.SQL("SELECT {c} FROM {t} WHERE {c} <> ''").format(c=sql.Identifier(column), t=sql.Identifier(table))
            files.update(row[0] for row in conn.execute(query))
    return counts, files


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for chunk in iter(lambda: stream.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def differences(counts: dict, restored_counts: dict, files: set, media: Path, restored_media: Path) -> list[str]:
    """What the restored copy lacks or holds differently, in words."""
    problems = []
    for table in sorted(counts.keys() | restored_counts.keys()):
        if counts.get(table) != restored_counts.get(table):
            problems.append(f"table {table}: {counts.get(table)} rows backed up, {restored_counts.get(table)} restored")
    for name in sorted(files):
        original, copy = media / name, restored_media / name
        if not original.exists():
            problems.append(f"file {name}: listed in the database but missing from the original media folder")
        elif not copy.exists():
            problems.append(f"file {name}: missing after the restore")
        elif sha256(original) != sha256(copy):
            problems.append(f"file {name}: checksum differs after the restore")
    return problems


OPEN_A_DOCUMENT = """
import hashlib, sys
from django.test import Client
from documents.models import GeneratedFile

generated = GeneratedFile.objects.filter(status="done").exclude(file="").exclude(requested_by=None).order_by("pk").first()
if generated is None:
    sys.exit("no generated document to open")
client = Client()
client.force_login(generated.requested_by, backend="django.contrib.auth.backends.ModelBackend")
home = client.get("/")
if home.status_code != 200:
    sys.exit(f"the home page answered {home.status_code}")
response = client.get(f"/documents/{generated.pk}/download/")
if response.status_code != 200:
    sys.exit(f"the download answered {response.status_code}")
print("OPENED", generated.pk, hashlib.sha256(b"".join(response.streaming_content)).hexdigest())
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--demo", action="store_true", help="build a fresh demo database first (CI)")
    parser.add_argument("--keep", action="store_true", help="keep the restored database and folder")
    args = parser.parse_args()

    started = time.monotonic()
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        raise SystemExit("DATABASE_URL must name the PostgreSQL database to back up")
    work = Path(tempfile.mkdtemp(prefix="restore-drill-"))
    source_var = Path(os.environ.get("VAR_DIR", ROOT / "var"))
    if args.demo:
        source_var = work / "source-var"
    columns = file_columns(url, source_var)
    if args.demo:
        prepare_demo(url, source_var)
    source_name = urlsplit(url).path.lstrip("/")
    restore_name = f"{source_name}_restore"
    restore_url = with_database(url, restore_name)

    # 1. Back up: the database in one snapshot, counted in that same snapshot; the media.
    dump = work / "backup.dump"
    with connect(url) as conn:
        conn.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        snapshot = conn.execute("SELECT pg_export_snapshot()").fetchone()[0]
        log(f"pg_dump -Fc {source_name}")
        run(["pg_dump", "-Fc", f"--snapshot={snapshot}", "-f", str(dump), libpq(url)])
        counts, files = census(conn, columns)
        conn.rollback()
    media_backup = work / "media.tar.gz"
    with tarfile.open(media_backup, "w:gz") as archive:
        if (source_var / "media").exists():
            archive.add(source_var / "media", arcname="media")

    # 2. Restore into a new database and a fresh VAR_DIR.
    log(f"pg_restore into {restore_name}; media into a fresh VAR_DIR")
    recreate_database(url, restore_name)
    run(["pg_restore", "--no-owner", "--exit-on-error", "-d", libpq(restore_url), str(dump)])
    restore_var = work / "restored-var"
    restore_var.mkdir()
    with tarfile.open(media_backup) as archive:
        archive.extractall(restore_var, filter="data")

    # 3. Compare.
    with connect(restore_url) as conn:
        restored_counts, restored_files = census(conn, columns)
    problems = differences(counts, restored_counts, files | restored_files, source_var / "media", restore_var / "media")

    # 4. Open a document through the restored site, as production runs it.
    site = app_env(restore_url, restore_var, DEBUG="0", SECRET_KEY="restore-drill-only", ALLOWED_HOSTS="testserver",
                   SECURE_SSL_REDIRECT="0", SITE_URL="https://restore-drill.invalid")
    log("collectstatic, then the restored site opens a document")
    run([sys.executable, "manage.py", "collectstatic", "--no-input", "-v0"], site)
    output = run([sys.executable, "manage.py", "shell", "-c", OPEN_A_DOCUMENT], site)
    opened = [line.split()[1:] for line in output.splitlines() if line.startswith("OPENED ")][-1]
    with connect(restore_url) as conn:
        name = conn.execute("SELECT file FROM documents_generatedfile WHERE id = %s", [int(opened[0])]).fetchone()[0]
    if opened[1] != sha256(source_var / "media" / name):
        problems.append(f"document {opened[0]}: the restored site serves different bytes than were backed up")

    if not args.keep:
        drop_database(url, restore_name)
        if args.demo:
            drop_database(url, source_name)
        subprocess.run(["rm", "-rf", str(work)], check=False)
    seconds = time.monotonic() - started
    if problems:
        log(f"FAILED after {seconds:.0f} s:\n  " + "\n  ".join(problems))
        return 1
    log(f"ok in {seconds:.0f} s: {len(counts)} tables ({sum(counts.values())} rows) and {len(files)} files "
        f"identical; document {opened[0]} opened from the restored copy")
    return 0


if __name__ == "__main__":
    sys.exit(main())
