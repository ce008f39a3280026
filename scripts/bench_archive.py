#!/usr/bin/env python
"""Benchmark for the archive package (not a test): what packing a meeting's whole cycle
costs in time and memory, with every document, 50 evidence files and 2,000 opinions.

    uv run python scripts/bench_archive.py                  # SQLite in the temporary folder
    uv run python scripts/bench_archive.py --opinions 5000 --evidence 100
    uv run python scripts/bench_archive.py --database-url postgres://postgres@127.0.0.1:5432/h_archive_bench

The data: the demo county (`seed_demo`, built once in the benchmark's own database) and its
meeting with the most records (县政府办党组's, where every phase's demo work happens). Its
solicitation is brought up to `--opinions` sorted opinions; `--evidence` files of 300 KB
each are put in storage and listed as evidence (a records provider of the benchmark's own,
as the rectification phase lists its evidence files); the documents of kinds this meeting
does not have yet (the meeting's own documents, held by last year's meeting of the demo)
are listed as well, so that every document kind the demo has goes in the bag.

The package is made the way the task makes it (`archive.services.package_build`: every
phase's records, every document rendered as PDF and Word/Excel, the catalogue and the
history, the ZIP stored), then verified (`package_problems`: the whole file's SHA-256 and
every checksum of the manifests), then asked for again (the same content: kept). Time is
wall time; peak memory is the process's (ru_maxrss: Django, WeasyPrint and all).
"""

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DB = f"sqlite:///{Path(tempfile.gettempdir()) / 'bench_archive.sqlite3'}"
EVIDENCE_BYTES = 300 * 1024


def arguments(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument("--opinions", type=int, default=2000)
    parser.add_argument("--evidence", type=int, default=50)
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DB))
    return parser.parse_args(argv)


def setup(database_url: str) -> None:
    os.environ.update({"DJANGO_SETTINGS_MODULE": "config.settings", "DEBUG": "1", "DATABASE_URL": database_url,
                       "LOG_LEVEL": "WARNING", "VAR_DIR": str(Path(tempfile.gettempdir()) / "bench_archive_var")})
    Path(os.environ["VAR_DIR"]).mkdir(exist_ok=True)
    if database_url.startswith("postgres"):
        sys.path.insert(0, str(ROOT / "scripts"))
        from bench_feedback import ensure_database  # the scripts folder is no package

        ensure_database(database_url)
    subprocess.run([sys.executable, "manage.py", "migrate", "--noinput"], cwd=ROOT, env=os.environ, check=True,
                   stdout=subprocess.DEVNULL)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def ensure_meeting():
    """The demo's meeting with the most records (the demo county is built once)."""
    from django.core.management import call_command

    from meetings.models import Meeting
    from meetings.records import meeting_records

    if not Meeting.objects.exists():
        call_command("seed_demo", verbosity=0)
    return max(Meeting.objects.select_related("organization"),
               key=lambda m: sum(len(r.documents) + len(r.decisions) for r in meeting_records(m)))


def ensure_opinions(meeting, count: int) -> int:
    """The meeting's solicitation holds at least `count` sorted opinions."""
    from feedback.models import Opinion, OpinionRouting, Solicitation
    from organizations.models import Person

    solicitation = Solicitation.objects.filter(meeting=meeting).first()
    have = solicitation.opinions.count()
    aspects = list(meeting.aspects.all())
    members = list(Person.objects.filter(organization=meeting.organization))
    text = "建议进一步改进工作作风，精简会议和文件，多到基层一线调研，切实解决群众急难愁盼问题。"
    batch, routings = [], []
    for i in range(have, count):
        opinion = Opinion(solicitation=solicitation, content=f"第{i}条：{text}", channel="forum", source="masses",
                          received_on="2026-01-05", aspect=aspects[i % len(aspects)], kind="opinion", state="sorted")
        batch.append(opinion)
        routings.append(OpinionRouting(opinion=opinion, member=members[i % len(members)]))
    Opinion.objects.bulk_create(batch)
    OpinionRouting.objects.bulk_create(routings)
    return solicitation.opinions.count()


def register_bench_records(meeting, evidence: int) -> None:
    """Evidence files in storage, and the documents of kinds the meeting lacks, as records."""
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from meetings.models import Meeting
    from meetings.records import PhaseRecords, RecordFile, meeting_records, register_records

    names = []
    rng = random.Random(16)
    for n in range(1, evidence + 1):
        name = f"bench-evidence/{n:02d}.jpg"
        if not default_storage.exists(name):
            default_storage.save(name, ContentFile(b"\xff\xd8\xff\xe0" + rng.randbytes(EVIDENCE_BYTES)))
        names.append(name)

    def read(name):
        with default_storage.open(name, "rb") as f:
            return f.read()

    own = {d.kind for r in meeting_records(meeting) for d in r.documents}
    others = []
    for other in Meeting.objects.exclude(pk=meeting.pk):
        for records in meeting_records(other):
            for document in records.documents:
                if document.kind not in own:
                    own.add(document.kind)
                    others.append(document)

    @register_records(order=75)
    def bench_records(m):
        if m.pk != meeting.pk:
            return None
        files = [RecordFile(name=name, title=f"整改佐证材料{n:02d}", author="办公室", day=None,
                            read=lambda name=name: read(name)) for n, name in enumerate(names, start=1)]
        return PhaseRecords(phase="整改落实（测量用）", folder="bench", documents=others, files=files)


def main(argv=None):
    args = arguments(argv)
    setup(args.database_url)
    from django.utils import timezone

    from archive.models import ArchivePackage, PackageStatus
    from archive.services import package_build, package_problems

    meeting = ensure_meeting()
    opinions = ensure_opinions(meeting, args.opinions)
    register_bench_records(meeting, args.evidence)
    ArchivePackage.objects.filter(meeting=meeting).delete()

    def build():
        package = ArchivePackage.objects.update_or_create(
            meeting=meeting, defaults={"status": PackageStatus.PENDING, "requested_at": timezone.now()})[0]
        return package_build(package_id=package.pk)

    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    started = time.perf_counter()
    package = build()
    seconds = time.perf_counter() - started
    rss_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    if package.status != PackageStatus.DONE:
        raise SystemExit(f"the package failed: {package.error}")

    started = time.perf_counter()
    problems = package_problems(package)
    verify_seconds = time.perf_counter() - started
    started = time.perf_counter()
    again = build()
    again_seconds = time.perf_counter() - started

    import zipfile

    with package.file.storage.open(package.file.name, "rb") as f, zipfile.ZipFile(f) as z:
        names = [n for n in z.namelist() if "/data/" in n]
    print(json.dumps({
        "meeting": meeting.title,
        "opinions": opinions,
        "evidence_files": args.evidence,
        "payload_files": len(names),
        "documents_pdf": sum(n.endswith(".pdf") for n in names),
        "bag_mb": round(package.size / 1024 / 1024, 1),
        "seconds": round(seconds, 1),
        "rss_before_mb": round(rss_before, 1),
        "rss_peak_mb": round(rss_peak, 1),
        "verify_seconds": round(verify_seconds, 2),
        "verify_problems": problems,
        "same_content_again_seconds": round(again_seconds, 1),
        "kept": again.file.name == package.file.name,
    }, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
