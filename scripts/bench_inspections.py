#!/usr/bin/env python
"""Benchmark for the materials' documents (not a test): how long a 30-page speech outline
takes to render to PDF (WeasyPrint, GB/T 9704 layout) and to Word (python-docx), and the
compilation of a seven-member team's approved outlines with its contents page.

    uv run python scripts/bench_inspections.py              # 30 pages, 3 runs each
    uv run python scripts/bench_inspections.py --pages 60 --runs 5

No database is needed: the outline is built as the frozen content of a version (what a
submission stores) and rendered by the same functions the Celery task calls.

With --workers N it also makes the compilation as the app does, through the documents
service, on N Celery worker processes (one job per outline, then the join): on its own
PostgreSQL database (--database-url, default h_exports_bench_insp) and Redis database
(--redis-url, default DB 9), which it fills with a meeting of seven approved outlines.

    uv run python scripts/bench_inspections.py --workers 2
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DEBUG", "1")
DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/h_exports_bench_insp"
DEFAULT_REDIS = "redis://127.0.0.1:6379/9"
VAR_DIR = Path(tempfile.gettempdir()) / "bench_inspections_var"
if "--workers" in sys.argv:  # settings are read once: the database and broker first
    def _option(name, default):
        return sys.argv[sys.argv.index(name) + 1] if name in sys.argv else default
    os.environ["DATABASE_URL"] = _option("--database-url", DEFAULT_DB)
    os.environ["REDIS_URL"] = _option("--redis-url", DEFAULT_REDIS)
    os.environ["VAR_DIR"] = str(VAR_DIR)
    os.environ["LOG_LEVEL"] = "WARNING"

import django  # noqa: E402

if "--workers" in sys.argv:
    from bench_feedback import ensure_database  # noqa: E402  the scripts folder is no package

    ensure_database(os.environ["DATABASE_URL"])
django.setup()

from documents.render import document_docx, document_pdf  # noqa: E402
from inspections.content import count_chars  # noqa: E402
from inspections.documents import compilation, material_document  # noqa: E402

# One GB/T 9704 page holds 22 lines of 28 characters; headings, paragraph ends and the
# title take room too, so a page of an outline carries about 480 characters of text.
CHARS_PER_PAGE = 480
SENTENCES = [
    "2026年3月，我在督查县政务服务中心“一网通办”工作时，只听取了科室汇报，没有到窗口实地查看，",
    "对群众反映的3件办事难问题跟进不及时，其中1件拖了两个月才办结，群众意见较大。",
    "今年以来，我到分管的督查室和秘书一科蹲点调研只有2次，调研报告提出的4条建议针对性不强，",
    "在起草《关于进一步优化营商环境的实施意见》时，对基层企业的诉求吸收不够，文件出台后执行效果打了折扣。",
    "深究根源，还是宗旨意识树得不牢，满足于坐在办公室看材料、听汇报，对群众的急难愁盼感受不深。",
]
ASPECTS = ["带头深刻感悟“两个确立”的决定性意义", "带头牢记我们党是什么、要干什么这个根本问题",
           "带头践行以人民为中心的发展思想", "带头学习运用党在不同历史时期成功应对风险挑战的丰富经验",
           "带头深刻汲取党史中正反两方面经验"]
CAUSES = ["思想方面", "政治方面", "作风方面", "能力方面", "廉政方面"]


def paragraph(n_chars: int, seed: int) -> str:
    out, i = "", seed
    while count_chars(out) < n_chars:
        out += SENTENCES[i % len(SENTENCES)]
        i += 1
    return out


def outline(pages: int, name: str = "李明") -> dict:
    """The frozen content of an outline of about `pages` pages."""
    budget = pages * CHARS_PER_PAGE
    problems_share, causes_share, rest = 0.6, 0.25, 0.15
    per_problem = int(budget * problems_share / (len(ASPECTS) * 3))
    per_cause = int(budget * causes_share / len(CAUSES))
    n_measures = 12
    per_measure = int(budget * rest / n_measures)
    return {
        "schema": 1, "kind": "personal", "title": f"{name}同志2026年度专题民主生活会个人发言提纲", "owner": name,
        "organization": "中共青山县人民政府办公室党组",
        "preface": paragraph(200, 0),
        "last_year": {"items": [], "text": ""},
        "aspects": [
            {"key": f"aspect-{a}", "title": title, "problems": [
                {"title": f"问题{a}-{p}：调查研究不够深入", "details": "\n".join(paragraph(per_problem // 2, a + p + k) for k in range(2))}
                for p in range(3)
            ]}
            for a, title in enumerate(ASPECTS)
        ],
        "causes": [{"key": f"cause_{i}", "title": t, "prompt": "", "text": paragraph(per_cause, i)} for i, t in enumerate(CAUSES)],
        "measures": [{"content": paragraph(per_measure, m), "term": "限期整改", "deadline": "2027-03-31", "problem": ""}
                     for m in range(n_measures)],
        "answers": [{"opinion": ["李明同志下基层调研少，到窗口看得少。"], "aspect": ASPECTS[2],
                     "answer": paragraph(120, 3), "problem": "问题2-0：调查研究不够深入"}],
    }


def pdf_pages(data: bytes) -> int | None:
    if not shutil.which("pdfinfo"):
        return None
    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(data)
        f.flush()
        info = subprocess.run(["pdfinfo", f.name], capture_output=True, text=True).stdout
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


def libreoffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def libreoffice_pdf(docx: bytes, workdir: Path) -> bytes:
    """The same content as LibreOffice makes it: the Word file converted to PDF (headless,
    a profile of its own so that it never meets a LibreOffice someone else runs)."""
    source = workdir / "outline.docx"
    source.write_bytes(docx)
    subprocess.run(
        [libreoffice(), f"-env:UserInstallation=file://{workdir / 'profile'}", "--headless",
         "--convert-to", "pdf", "--outdir", str(workdir), str(source)],
        check=True, capture_output=True, timeout=300,
    )
    return (workdir / "outline.pdf").read_bytes()


def timed(func, runs: int):
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = func()
        times.append(time.perf_counter() - start)
    return result, times


def report(label: str, times: list[float], data: bytes, pages: int | None = None) -> None:
    extra = f"，{pages}页" if pages else ""
    print(f"{label}: 中位数 {statistics.median(times):.2f} 秒（最快 {min(times):.2f}，最慢 {max(times):.2f}；"
          f"{len(times)}次），{len(data) / 1024:.0f} KB{extra}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=30)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--team", type=int, default=7, help="outlines in the compilation")
    parser.add_argument("--out", type=Path, help="also write the files here, to look at them")
    parser.add_argument("--workers", type=int, default=0, help="also make the compilation on this many Celery workers")
    parser.add_argument("--database-url", default=DEFAULT_DB, help="with --workers: the benchmark's own database")
    parser.add_argument("--redis-url", default=DEFAULT_REDIS, help="with --workers: broker and cache (its own DB number)")
    args = parser.parse_args()

    content = outline(args.pages)
    doc = material_document(content, signed_on=date(2026, 12, 10))
    chars = sum(count_chars(getattr(b, "text", "")) for b in doc.blocks)
    print(f"个人发言提纲：{chars}字，{len(doc.blocks)}个段落和标题")
    document_pdf(doc)  # warm up: fonts, templates
    pdf, pdf_times = timed(lambda: document_pdf(doc), args.runs)
    report("PDF", pdf_times, pdf, pdf_pages(pdf))
    docx, docx_times = timed(lambda: document_docx(doc), args.runs)
    report("Word", docx_times, docx)
    if args.out:
        args.out.mkdir(parents=True, exist_ok=True)
        (args.out / "outline.pdf").write_bytes(pdf)
        (args.out / "outline.docx").write_bytes(docx)
    if libreoffice() is None:
        print("LibreOffice 未安装：跳过与 LibreOffice 的比较（仅供压测时安装：apt-get install -y "
              "--no-install-recommends libreoffice-writer-nogui）")
    else:
        with tempfile.TemporaryDirectory() as workdir:
            libreoffice_pdf(docx, Path(workdir))  # warm up: the profile, the fonts
            lo_pdf, lo_times = timed(lambda: libreoffice_pdf(docx, Path(workdir)), args.runs)
        report("LibreOffice（同一内容的 Word 文件转 PDF，含启动）", lo_times, lo_pdf, pdf_pages(lo_pdf))
        ratio = statistics.median(pdf_times) / statistics.median(lo_times)
        print(f"PDF 用时为 LibreOffice 的 {ratio:.2f} 倍（预算 ≤0.3 倍：{'达标' if ratio <= 0.3 else '未达标'}）")

    contents = [outline(max(args.pages // 3, 1), name=f"同志{i}") for i in range(args.team)]
    bound = compilation("县政府办党组2026年度专题民主生活会对照检查材料汇编", contents)
    pdf, times = timed(lambda: document_pdf(bound), 1)
    report(f"材料汇编（{args.team}份，含目录）PDF，本进程一次生成", times, pdf, pdf_pages(pdf))
    if args.out:
        (args.out / "compilation.pdf").write_bytes(pdf)
    if args.workers:
        bench_workers(contents, args.workers, args.runs)


# --- the compilation on Celery workers -------------------------------------------------


def compilation_meeting(contents: list[dict]):
    """A meeting whose team has one approved outline per content, in rank order."""
    from django.core.management import call_command
    from django.utils import timezone

    from inspections.models import Material, MaterialVersion
    from meetings.models import Meeting
    from organizations.models import Organization, Person, TeamMembership

    call_command("migrate", "--no-input", verbosity=0)
    org, _ = Organization.objects.get_or_create(name="压测县人民政府办公室党组", defaults={"kind": "party_group"})
    meeting, _ = Meeting.objects.get_or_create(
        organization=org, title="压测汇编", defaults={"kind": "democratic_life", "year": 2026, "stage": "pre_meeting"}
    )
    Material.objects.filter(meeting=meeting).delete()
    for rank, content in enumerate(contents, start=1):
        person, _ = Person.objects.get_or_create(name=content["owner"], organization=org)
        TeamMembership.objects.get_or_create(organization=org, person=person, defaults={"position": "member", "rank": rank})
        material = Material.objects.create(meeting=meeting, kind="personal", author=person, state="approved")
        MaterialVersion.objects.create(material=material, number=1, content=content, submitted_at=timezone.now())
    return meeting


def start_worker(concurrency: int) -> subprocess.Popen:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "config", "worker", "-c", str(concurrency), "--pool", "prefork",
         "-l", "warning", "--without-gossip", "--without-mingle", "--without-heartbeat"],
        cwd=ROOT, env=os.environ.copy(), start_new_session=True,
        stdout=subprocess.DEVNULL, stderr=(VAR_DIR / "worker.log").open("ab"),
    )
    from config.celery import app

    deadline = time.time() + 60
    while time.time() < deadline:
        replies = app.control.ping(timeout=0.5) or []
        if replies:
            return worker
    stop_worker(worker)
    raise SystemExit("the Celery worker did not start")


def stop_worker(worker: subprocess.Popen) -> None:
    import signal

    if worker.poll() is None:
        os.killpg(worker.pid, signal.SIGTERM)
        try:
            worker.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(worker.pid, signal.SIGKILL)


def compile_on_workers(meeting) -> tuple[float, bytes]:
    """Ask for the compilation as the office does; seconds until the file is made."""
    from documents.models import FileStatus, GeneratedFile
    from documents.registry import get_type
    from documents.services import file_request

    for old in GeneratedFile.objects.filter(object_id=meeting.pk, kind__startswith="inspection_compilation"):
        old.file.delete(save=False)
        old.delete()  # every part made afresh: nothing from the run before
    started = time.perf_counter()
    generated, _ = file_request(doc_type=get_type("inspection_compilation"), fmt="pdf", source=meeting, user=None)
    while True:
        generated.refresh_from_db()
        if generated.status in (FileStatus.DONE, FileStatus.FAILED):
            break
        time.sleep(0.02)
    seconds = time.perf_counter() - started
    if generated.status == FileStatus.FAILED:
        raise SystemExit(f"the compilation failed: {generated.error}")
    with generated.file.open("rb") as f:
        return seconds, f.read()


def bench_workers(contents: list[dict], workers: int, runs: int) -> None:
    """The compilation as one job, then one job per part (DOCUMENT_PARALLEL_PARTS), on the
    same N worker processes."""
    meeting = compilation_meeting(contents)
    for parallel in ("0", "1"):
        os.environ["DOCUMENT_PARALLEL_PARTS"] = parallel  # read by the worker's settings
        worker = start_worker(workers)
        try:
            first, _ = compile_on_workers(meeting)  # warm up: the workers' imports, fonts, page-number stamps
            times, pdf = [], b""
            for _ in range(runs):
                seconds, pdf = compile_on_workers(meeting)
                times.append(seconds)
        finally:
            stop_worker(worker)
        how = "每份材料一个任务并行" if parallel == "1" else "整本一个任务"
        report(f"材料汇编（{len(contents)}份，含目录）PDF，{workers}个 Celery 工作进程，{how}（首次 {first:.2f} 秒）",
               times, pdf, pdf_pages(pdf))
        median = statistics.median(times)
        print(f"  预算 ≤3 秒：{'达标' if median <= 3 else '未达标'}（中位数 {median:.2f} 秒）")


if __name__ == "__main__":
    main()
