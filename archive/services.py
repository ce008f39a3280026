"""A meeting's archive package: requested when the meeting is archived, packed by a task
from what every phase registered (`meetings.records`), verified before it is served.

- `package_request` queues the build (the archive move does it, and 重新生成);
- `package_build` (the Celery task's body) gathers every phase's records, and packs them
  as a BagIt bag (archive/bag.py) with its 归档文件目录 and history (archive/catalogue.py),
  updating the progress as each file is written; the same content (the digest of every
  document's content, every file's bytes and every decision) keeps the bag already made;
- `package_verify` checks the stored ZIP against its SHA-256 and every checksum of its
  manifests, records the result, and logs a mismatch.

A failure is recorded on the package in Chinese, for the page; it is never raised to the
person.
"""

import ctypes
import gc
import hashlib
import json
import logging
import os
import tempfile
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerError

from documents.compile import page_count
from documents.dating import documents_dated
from documents.registry import get_type
from documents.render import RENDERERS
from meetings.models import Meeting, Stage
from meetings.records import PhaseRecords, RecordDocument, RecordFile, meeting_records
from meetings.workflow import on_transition

from .bag import CHUNK, BagWriter, steady_office, verify_bag
from .catalogue import Item, catalogue_pdf, catalogue_xlsx, file_stem, history_json, history_pdf
from .models import ArchivePackage, PackageStatus

log = logging.getLogger(__name__)

BAG_FORMAT = "1"  # raised when the bag's layout changes: the same records then make a new bag
TIME_LIMIT = 2 * settings.DOCUMENT_TIME_LIMIT
PENDING_PATIENCE = timedelta(minutes=2)
FORMAT_LABELS = {"pdf": "PDF", "docx": "Word", "xlsx": "Excel"}
IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".gif", ".webp", ".bmp", ".tif", ".tiff"}
OWN_FILES = 4  # the catalogue as PDF and Excel, the history as PDF and JSON

BROKER_DOWN = "归档服务暂时不可用（任务队列无法连接），归档包没有生成。请稍后点击“重新生成”；如仍不行，请联系系统管理员。"
TIMED_OUT = "生成归档包超时（超过{seconds}秒），归档包没有生成。请稍后点击“重新生成”；如仍超时，请联系系统管理员。"
SYSTEM_ERROR = "生成归档包时出现系统错误（{name}），归档包没有生成。请点击“重新生成”；如仍失败，请联系系统管理员。"
CHANGED = "“{title}”在生成归档包期间发生了变化，归档包没有生成。请重新生成。"
NOT_DONE = "归档包尚未生成"


class ArchiveError(Exception):
    """Why the bag could not be made, in Chinese, for the package's page."""


# --- requesting -------------------------------------------------------------------------


def _running_patience() -> timedelta:
    return timedelta(seconds=TIME_LIMIT + 60)


def package_request(*, meeting: Meeting, user) -> ArchivePackage:
    """Ask for the meeting's package: queued unless a job for it is alive. A package
    already made is queued too (重新生成): the job keeps it when nothing changed."""
    now = timezone.now()
    package, created = ArchivePackage.objects.get_or_create(
        meeting=meeting, defaults={"requested_by": user, "requested_at": now}
    )
    if created:
        transaction.on_commit(lambda: package_enqueue(package_id=package.pk))
        return package
    alive = (package.status == PackageStatus.PENDING and package.requested_at > now - PENDING_PATIENCE) or (
        package.status == PackageStatus.RUNNING
        and package.started_at
        and package.started_at > now - _running_patience()
    )
    if alive:
        return package
    # Conditional on what was read: two clicks at once queue it once.
    updated = ArchivePackage.objects.filter(
        pk=package.pk, status=package.status, requested_at=package.requested_at
    ).update(status=PackageStatus.PENDING, error="", requested_by=user, requested_at=now, finished_at=None)
    if updated:
        transaction.on_commit(lambda: package_enqueue(package_id=package.pk))
    package.refresh_from_db()
    return package


@on_transition("archive")
def _pack_when_archived(*, meeting, actor, note, at) -> None:
    """Archiving a meeting (the meetings' own move, from any page) packs its archive."""
    package_request(meeting=meeting, user=actor)


def package_enqueue(*, package_id: int) -> None:
    """Send the job; a broker that cannot take it fails the package instead of leaving it queued."""
    from .tasks import build_package

    try:
        build_package.delay(package_id)
    except (BrokerError, OSError):
        log.exception("the broker refused the job for archive package %s", package_id)
        ArchivePackage.objects.filter(pk=package_id, status=PackageStatus.PENDING).update(
            status=PackageStatus.FAILED, error=BROKER_DOWN, finished_at=timezone.now()
        )


# --- what goes in the bag ---------------------------------------------------------------


@dataclass
class _Document:
    phase: str
    record: RecordDocument
    content: object  # what the registry type's build made: OfficialDocument or Spreadsheet
    formats: list[str]


@dataclass
class _File:
    phase: str
    record: RecordFile
    fingerprint: str  # file_fingerprint


@dataclass
class Contents:
    """Everything the bag will hold, gathered once; `digest` names it."""

    phases: list[PhaseRecords]
    entries: list  # _Document | _File, one per item, in the order of the cycle
    digest: str

    @property
    def file_count(self) -> int:
        return sum(len(e.formats) if isinstance(e, _Document) else 1 for e in self.entries) + OWN_FILES


def bagging_date(meeting: Meeting) -> date:
    """The day the meeting was archived (so that packing again another day makes the same bag)."""
    change = meeting.stage_changes.filter(to_stage=Stage.ARCHIVED).order_by("-at").first()
    return timezone.localdate(change.at) if change else timezone.localdate()


def _formats(record: RecordDocument, doc_type) -> list[str]:
    """The PDF first wherever the type prints one, then the record's other formats."""
    wanted = ["pdf"] + [f for f in record.formats if f != "pdf"]
    return [f for f in dict.fromkeys(wanted) if f in doc_type.formats]


def _read(record: RecordFile) -> bytes:
    try:
        return record.read()
    except (OSError, ValueError) as exc:
        raise ArchiveError(
            f"材料“{record.title}”（{record.name}）在存储中读不到，归档包没有生成。请联系系统管理员恢复该文件后重新生成。"
        ) from exc


OFFICE_SUFFIXES = (".docx", ".xlsx", ".pptx")


def file_fingerprint(name: str, data: bytes) -> str:
    """What a kept file's content is, for the digest: its SHA-256, except that a Word or
    Excel file is compared without the clock times its writer put in it (a phase may hand
    over a workbook it makes when asked, such as the study record). The file goes in the
    bag as it was read, so an upload stays byte for byte the one uploaded."""
    if name.lower().endswith(OFFICE_SUFFIXES) and data[:2] == b"PK":
        try:
            data = steady_office(data, date(1980, 1, 1))
        except Exception:  # not a readable Office file: its bytes are what it is
            pass
    return hashlib.sha256(data).hexdigest()


def contents_gather(*, meeting: Meeting, day: date) -> Contents:
    """Every phase's records and each document's content, dated as of `day` where a
    document has no date of its own (documents.dating), so another day packs the same."""
    with documents_dated(day):
        return _gather(meeting, day)


def _gather(meeting: Meeting, day: date) -> Contents:
    phases = meeting_records(meeting)
    entries, parts = [], []
    for records in phases:
        for record in records.documents:
            doc_type = get_type(record.kind)
            if doc_type is None:
                raise ArchiveError(f"“{record.title}”的文书类型（{record.kind}）没有登记，归档包没有生成。请联系系统管理员。")
            try:
                content = doc_type.build(record.source)
            except Exception as exc:
                raise ArchiveError(f"“{record.title}”的内容无法读出（{exc}），归档包没有生成。") from exc
            entry = _Document(records.phase, record, content, _formats(record, doc_type))
            entries.append(entry)
            parts.append(["doc", records.phase, record.kind, content.fingerprint(), entry.formats, record.title,
                          record.author, str(record.day), record.note])
        for record in records.files:
            fingerprint = file_fingerprint(record.name, _read(record))
            entries.append(_File(records.phase, record, fingerprint))
            parts.append(["file", records.phase, record.name, fingerprint, record.title, record.author, str(record.day),
                          record.note])
        parts.append(["decisions", records.phase, records.folder,
                      [[d.what, d.who, d.at.isoformat(), d.comment, d.subject] for d in records.decisions]])
    head = [BAG_FORMAT, meeting.pk, meeting.title, meeting.organization.name, str(day)]
    raw = json.dumps([head, parts], ensure_ascii=False, sort_keys=True).encode("utf-8")
    return Contents(phases=phases, entries=entries, digest=hashlib.sha256(raw).hexdigest())


# --- packing ----------------------------------------------------------------------------


try:
    _libc = ctypes.CDLL("libc.so.6")
except OSError:  # not glibc: collecting the cycles is all there is
    _libc = None


def _release_memory() -> None:
    """Give back what a PDF's layout took. WeasyPrint leaves its layout in reference cycles
    and the C heap keeps what they freed: packing the bench's meeting (15 PDFs,
    scripts/bench_archive.py) took the worker from 96 to 530 MB without this, 288 MB with it."""
    gc.collect()
    if _libc is not None:
        _libc.malloc_trim(0)


def _render(entry: _Document, fmt: str, day: date) -> bytes:
    try:
        data = RENDERERS[fmt](entry.content)
    except Exception as exc:
        raise ArchiveError(
            f"“{entry.record.title}”的{FORMAT_LABELS[fmt]}版没有生成（{exc}），归档包没有生成。"
        ) from exc
    finally:
        if fmt == "pdf":
            _release_memory()
    return data if fmt == "pdf" else steady_office(data, day)


def _pages(data: bytes) -> int | None:
    try:
        return page_count(data)
    except Exception:  # an uploaded PDF that pypdf cannot read is kept all the same
        return None


def bag_write(fileobj, *, meeting: Meeting, contents: Contents, day: date, progress=lambda done: None) -> list[Item]:
    """Write the bag into `fileobj`; `progress(done)` after each file. Returns the items."""
    writer = BagWriter(fileobj, root=f"meeting-{meeting.pk}")
    try:
        return _fill(writer, meeting=meeting, contents=contents, day=day, progress=progress)
    except BaseException:
        writer.discard()
        raise


def _fill(writer: BagWriter, *, meeting: Meeting, contents: Contents, day: date, progress) -> list[Item]:
    items, hashes, done = [], {}, 0

    def add(item, path, data):
        nonlocal done
        hashes[path] = writer.add(path, data)
        item.files.append(path)
        done += 1
        progress(done)

    for number, entry in enumerate(contents.entries, start=1):
        record = entry.record
        item = Item(number, entry.phase, record.title, record.author, record.day, record.note)
        stem = file_stem(number, record.title)
        if isinstance(entry, _Document):
            for fmt in entry.formats:
                data = _render(entry, fmt, day)
                if fmt == "pdf":
                    item.pages = page_count(data)
                add(item, f"{stem}.{fmt}", data)
        else:
            data = _read(record)
            if file_fingerprint(record.name, data) != entry.fingerprint:
                raise ArchiveError(CHANGED.format(title=record.title))
            suffix = os.path.splitext(record.name)[1].lower()
            item.pages = _pages(data) if suffix == ".pdf" else (1 if suffix in IMAGE_SUFFIXES else None)
            add(item, f"{stem}{suffix}", data)
        items.append(item)

    own = Item(0, "", "", "", None)  # the bag's own files are not items of the catalogue
    org = meeting.organization.name
    add(own, "归档文件目录.pdf", catalogue_pdf(items, meeting_title=meeting.title, organization=org, day=day))
    add(own, "归档文件目录.xlsx", steady_office(catalogue_xlsx(items), day))
    _release_memory()
    add(own, "办理过程记录.pdf", history_pdf(contents.phases, meeting_title=meeting.title, organization=org))
    _release_memory()
    about = {"id": meeting.pk, "title": meeting.title, "organization": org, "year": meeting.year,
             "kind": meeting.get_kind_display(), "archived_on": day.isoformat()}
    add(own, "history.json", history_json(contents.phases, items, meeting=about, hashes=hashes))
    writer.close([
        ("Source-Organization", org),
        ("External-Identifier", str(meeting.pk)),
        ("External-Description", f"{meeting.title}归档材料，共{len(items)}件"),
        ("Bagging-Date", day.isoformat()),
        ("Bag-Software-Agent", "民主生活会全流程管理系统（archive）"),
    ])
    return items


def _sha256_of(f) -> tuple[str, int]:
    f.seek(0)
    digest, size = hashlib.sha256(), 0
    while chunk := f.read(CHUNK):
        digest.update(chunk)
        size += len(chunk)
    f.seek(0)
    return digest.hexdigest(), size


# --- the job ----------------------------------------------------------------------------


@transaction.atomic
def _claim(package_id: int, task_id: str) -> ArchivePackage | None:
    """Mark the package running for this job, or None if it is not this job's to make."""
    package = ArchivePackage.objects.select_for_update().filter(pk=package_id).first()
    if package is None or package.is_finished:
        return None
    now = timezone.now()
    if package.status == PackageStatus.RUNNING:
        redelivered = bool(task_id) and package.task_id == task_id
        if not redelivered and package.started_at and package.started_at > now - _running_patience():
            return None  # another job is making it right now
    package.status = PackageStatus.RUNNING
    package.started_at = now
    package.task_id = task_id
    package.done_files = package.total_files = 0
    package.save(update_fields=["status", "started_at", "task_id", "done_files", "total_files"])
    return package


def _still_mine(package: ArchivePackage):
    return ArchivePackage.objects.filter(pk=package.pk, status=PackageStatus.RUNNING, task_id=package.task_id)


def _finish(package: ArchivePackage, **values) -> bool:
    values["finished_at"] = timezone.now()
    updated = _still_mine(package).update(**values)
    for name, value in values.items():
        setattr(package, name, value)
    return bool(updated)


def _stored_sha256(package: ArchivePackage) -> str | None:
    if not package.file:
        return None
    try:
        with package.file.storage.open(package.file.name, "rb") as f:
            return _sha256_of(f)[0]
    except OSError:
        return None


def package_build(*, package_id: int, task_id: str = "") -> ArchivePackage:
    """Pack the meeting's bag now (the Celery task's body, which passes its own id)."""
    from celery.exceptions import SoftTimeLimitExceeded

    package = _claim(package_id, task_id)
    if package is None:
        return ArchivePackage.objects.get(pk=package_id)
    try:
        _pack(package)
    except SoftTimeLimitExceeded:
        log.error("packing archive package %s timed out", package.pk)
        _finish(package, status=PackageStatus.FAILED, error=TIMED_OUT.format(seconds=TIME_LIMIT))
    except ArchiveError as exc:
        log.warning("archive package %s failed: %s", package.pk, exc)
        _finish(package, status=PackageStatus.FAILED, error=str(exc))
    except Exception as exc:
        # Recorded, not raised: the page shows why, the log keeps the traceback.
        log.exception("packing archive package %s failed", package.pk)
        _finish(package, status=PackageStatus.FAILED, error=SYSTEM_ERROR.format(name=exc.__class__.__name__))
    return package


def _pack(package: ArchivePackage) -> None:
    meeting = Meeting.objects.select_related("organization").get(pk=package.meeting_id)
    day = bagging_date(meeting)
    contents = contents_gather(meeting=meeting, day=day)
    total = contents.file_count
    _still_mine(package).update(total_files=total)
    if package.content_digest == contents.digest and package.sha256 and _stored_sha256(package) == package.sha256:
        _finish(package, status=PackageStatus.DONE, done_files=total, total_files=total, error="")
        return  # the same content, and the bag made of it is intact: kept, not made again

    def progress(done):
        _still_mine(package).update(done_files=done)

    with tempfile.TemporaryFile(dir=settings.FILE_UPLOAD_TEMP_DIR) as tmp:
        bag_write(tmp, meeting=meeting, contents=contents, day=day, progress=progress)
        sha256, size = _sha256_of(tmp)
        old = package.file.name
        if old:  # obsolete, or no longer the bag that was made
            package.file.storage.delete(old)
        package.file.save(f"{meeting.pk}-{contents.digest[:16]}.zip", File(tmp), save=False)
    done = _finish(
        package, status=PackageStatus.DONE, file=package.file.name, sha256=sha256, size=size,
        content_digest=contents.digest, done_files=total, total_files=total, error="",
        verified_at=None, verified_ok=None, verified_problems="", verified_by=None,
    )
    if not done:  # another job took the package over: its bag counts
        package.file.storage.delete(package.file.name)


# --- verification -----------------------------------------------------------------------


def package_problems(package: ArchivePackage) -> list[str]:
    """What is wrong with the stored bag: its SHA-256 against the one recorded when it was
    made, then every checksum of its manifests against its contents. Empty: intact."""
    if package.status != PackageStatus.DONE or not package.file:
        return [NOT_DONE]
    try:
        f = package.file.storage.open(package.file.name, "rb")
    except OSError:
        return ["归档包文件在存储中找不到"]
    with f:
        sha256, _size = _sha256_of(f)
        problems = [] if sha256 == package.sha256 else ["整个归档包的SHA-256与生成时记录的不一致"]
        problems += verify_bag(f)
    return problems


def package_verify(*, package: ArchivePackage, user) -> list[str]:
    """Check the stored bag now and record the result (who, when, what was found)."""
    problems = package_problems(package)
    values = {
        "verified_at": timezone.now(),
        "verified_ok": not problems,
        "verified_problems": "\n".join(problems),
        "verified_by": user,
    }
    ArchivePackage.objects.filter(pk=package.pk).update(**values)
    for name, value in values.items():
        setattr(package, name, value)
    if problems:
        log.error("archive package %s (meeting %s) failed verification: %s",
                  package.pk, package.meeting_id, "; ".join(problems))
    return problems
