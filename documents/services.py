"""Requesting and generating files.

Every request ends with the file made or visibly failed, never stuck and never made twice,
whatever happens to the broker or the worker in between:

- a job the broker refuses (Redis down) fails its row at once with a message saying so,
  and asking again retries it;
- a job runs only after claiming its row under a row lock: a second message for the same
  row (a re-queue, the broker's redelivery) finds it claimed and does nothing, unless it is
  the very message that claimed it coming back — its worker died mid-job
  (`task_reject_on_worker_lost`), so it takes over;
- a row whose job was lost all the same (the whole worker killed, its message held by the
  broker until the visibility timeout) is re-queued once it is stale, by the next request
  for it or by the periodic `requeue_stale_files`; a row whose job keeps dying fails after
  MAX_ATTEMPTS instead of being retried for ever.
"""

import logging
import time
from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerError

from .compile import PART_SUFFIX, compiled_pdf, has_parts, part_pdf, split
from .models import FileStatus, GeneratedFile
from .registry import DocumentType
from .render import RENDERERS

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 3
# A queued row is re-queued after this long: a second message costs nothing (the claim
# drops it), a lost one would leave the row queued for good.
PENDING_PATIENCE = timedelta(minutes=2)

BROKER_DOWN = "文书生成服务暂时不可用（任务队列无法连接），文件没有生成。请稍后点击“重新生成”；如仍不行，请联系系统管理员。"
TOO_MANY_ATTEMPTS = "生成过程中断了{n}次（生成服务重启或资源不足），已停止重试。请稍后点击“重新生成”；如仍失败，请联系系统管理员。"
TIMED_OUT = "生成超时（超过{seconds}秒），文件没有生成。请稍后点击“重新生成”；如仍超时，请联系系统管理员。"


def _running_patience() -> timedelta:
    # The worker stops a job at the time limit (+30 s hard limit): a row running longer
    # than that has no live job behind it.
    return timedelta(seconds=settings.DOCUMENT_TIME_LIMIT + 60)


def _stale(now) -> Q:
    return Q(status=FileStatus.PENDING, queued_at__lte=now - PENDING_PATIENCE) | Q(
        status=FileStatus.RUNNING, started_at__lte=now - _running_patience()
    )


def file_request(*, doc_type: DocumentType, fmt: str, source, user) -> tuple[GeneratedFile, bool]:
    """Ask for a document; returns (file, queued). The same content yields the same file."""
    if fmt not in doc_type.formats:
        raise ValueError(f"unsupported format {fmt!r} for {doc_type.kind}")
    content = doc_type.build(source)
    key = {
        "kind": doc_type.kind,
        "format": fmt,
        "content_type": ContentType.objects.get_for_model(source),
        "object_id": source.pk,
        "content_hash": content.fingerprint(),
    }
    try:
        with transaction.atomic():
            generated, created = GeneratedFile.objects.get_or_create(
                **key, defaults={"title": content.title, "requested_by": user}
            )
    except IntegrityError:  # two requests raced; the other one created it
        generated, created = GeneratedFile.objects.get(**key), False
    if created:
        transaction.on_commit(lambda: file_enqueue(file_id=generated.pk))
        return generated, True
    if generated.status == FileStatus.FAILED:  # retry a failed one
        return generated, file_requeue(generated=generated, user=user, fresh=True)
    if generated.status != FileStatus.DONE:  # a stuck one is re-queued, a live one left alone
        return generated, file_requeue(generated=generated, user=user, only=_stale(timezone.now()))
    return generated, False


def file_requeue(*, generated: GeneratedFile, user=None, fresh: bool = False, only: Q = Q()) -> bool:
    """Put the row back in the queue if it is still as it was read (and matches `only`).

    `fresh` (a person's retry of a failed file) starts the attempts again.
    """
    values = {"status": FileStatus.PENDING, "error": "", "queued_at": timezone.now(), "finished_at": None}
    if fresh:
        values["attempts"] = 0
    if user is not None:
        values["requested_by"] = user
    # Conditional on what was read: two requests, or a request and the periodic job, that
    # find the same stuck row queue it once.
    updated = GeneratedFile.objects.filter(
        only, pk=generated.pk, status=generated.status, attempts=generated.attempts, queued_at=generated.queued_at
    ).update(**values)
    if updated:
        transaction.on_commit(lambda: file_enqueue(file_id=generated.pk))
    return bool(updated)


def files_requeue_stale(*, now=None) -> int:
    """Re-queue every row whose job is lost (the periodic job); returns how many."""
    now = now or timezone.now()
    requeued = 0
    for generated in GeneratedFile.objects.filter(_stale(now)).order_by("pk")[:500]:
        requeued += file_requeue(generated=generated, only=_stale(now))
    return requeued


def file_enqueue(*, file_id: int) -> None:
    """Send the job; a broker that cannot take it fails the row instead of stranding it."""
    from .tasks import generate_file

    try:
        generate_file.delay(file_id)
    except (BrokerError, OSError):
        log.exception("the broker refused the job for generated file %s", file_id)
        GeneratedFile.objects.filter(pk=file_id, status=FileStatus.PENDING).update(
            status=FileStatus.FAILED, error=BROKER_DOWN, finished_at=timezone.now()
        )


@transaction.atomic
def _claim(file_id: int, task_id: str) -> GeneratedFile | None:
    """Mark the row running for this job, or None if it is not this job's to make."""
    generated = GeneratedFile.objects.select_for_update().filter(pk=file_id).first()
    if generated is None or generated.is_finished:
        return None
    now = timezone.now()
    redelivered = bool(task_id) and generated.task_id == task_id
    if (
        generated.status == FileStatus.RUNNING
        and not redelivered
        and generated.started_at
        and generated.started_at > now - _running_patience()
    ):
        return None  # another job is making it right now
    if generated.attempts >= MAX_ATTEMPTS:
        generated.status = FileStatus.FAILED
        generated.error = TOO_MANY_ATTEMPTS.format(n=generated.attempts)
        generated.finished_at = now
        generated.save(update_fields=["status", "error", "finished_at"])
        return None
    generated.status = FileStatus.RUNNING
    generated.attempts += 1
    generated.started_at = now
    generated.task_id = task_id
    generated.save(update_fields=["status", "attempts", "started_at", "task_id"])
    return generated


def _finish(generated: GeneratedFile, **values) -> bool:
    """Record the outcome, only if this attempt still holds the row."""
    values["finished_at"] = timezone.now()
    updated = GeneratedFile.objects.filter(
        pk=generated.pk, status=FileStatus.RUNNING, attempts=generated.attempts
    ).update(**values)
    for field, value in values.items():
        setattr(generated, field, value)
    return bool(updated)


def _render(generated: GeneratedFile, get_type) -> bytes:
    if generated.kind.endswith(PART_SUFFIX):
        return part_pdf(_part_content(generated, get_type))
    content = get_type(generated.kind).build(generated.source)
    if generated.format == "pdf" and settings.DOCUMENT_PARALLEL_PARTS and has_parts(content):
        return compiled_pdf(content, render_parts=lambda parts: _parts_in_parallel(generated, parts))
    return RENDERERS[generated.format](content)


# --- compilations: one job per part, on whichever worker is free (documents/compile.py) ---

PART_NOT_FOUND = "汇编的内容在生成期间发生了变化，请重新生成。"
PART_FAILED = "汇编中的一份材料没有生成：{error}"
PART_POLL_SECONDS = 0.05


def _part_content(generated: GeneratedFile, get_type):
    """A part is rebuilt from its compilation's source (ids in): the one whose content
    is the row's, wherever it now stands in the compilation."""
    parent = get_type(generated.kind.removesuffix(PART_SUFFIX))
    _front, parts = split(parent.build(generated.source))
    for part in parts:
        if part.fingerprint() == generated.content_hash:
            return part
    raise ValueError(PART_NOT_FOUND)


def _parts_in_parallel(generated: GeneratedFile, parts: list) -> list[bytes]:
    """Every part as its own job, then this job takes its share: it makes whatever no
    worker has started yet, in order, and waits for the rest. With one worker (or eager
    Celery) it makes them all, one after the other; a part made before (the same outline
    in an earlier compilation) is read back, not made again."""
    rows = [_part_row(generated, part) for part in parts]
    for row in rows:
        if row.status == FileStatus.FAILED:
            file_requeue(generated=row, fresh=True)
        elif row.status != FileStatus.DONE:
            file_enqueue(file_id=row.pk)
    for row in rows:
        file_generate(file_id=row.pk, task_id=f"{generated.task_id}:part")
    deadline = time.monotonic() + settings.DOCUMENT_TIME_LIMIT
    pending = {row.pk for row in rows}
    while pending:
        for row in GeneratedFile.objects.filter(pk__in=pending):
            if row.status == FileStatus.DONE:
                pending.discard(row.pk)
            elif row.status == FileStatus.FAILED:
                raise RuntimeError(PART_FAILED.format(error=row.error))
            elif row.status == FileStatus.PENDING:
                file_generate(file_id=row.pk, task_id=f"{generated.task_id}:part")
            elif row.started_at and row.started_at <= timezone.now() - _running_patience():
                file_generate(file_id=row.pk, task_id=f"{generated.task_id}:part")  # its worker died
        if pending:
            if time.monotonic() > deadline:
                raise RuntimeError(TIMED_OUT.format(seconds=settings.DOCUMENT_TIME_LIMIT))
            time.sleep(PART_POLL_SECONDS)
    made = {row.pk: row for row in GeneratedFile.objects.filter(pk__in=[r.pk for r in rows])}
    out = []
    for row in rows:
        with made[row.pk].file.open("rb") as f:
            out.append(f.read())
    return out


def _part_row(generated: GeneratedFile, part) -> GeneratedFile:
    key = {
        "kind": generated.kind + PART_SUFFIX,
        "format": "pdf",
        "content_type_id": generated.content_type_id,
        "object_id": generated.object_id,
        "content_hash": part.fingerprint(),
    }
    try:
        with transaction.atomic():
            row, _ = GeneratedFile.objects.get_or_create(
                **key, defaults={"title": part.title[:200], "requested_by_id": generated.requested_by_id}
            )
    except IntegrityError:
        row = GeneratedFile.objects.get(**key)
    return row


def file_generate(*, file_id: int, task_id: str = "") -> GeneratedFile:
    """Render the file now (called by the Celery task, which passes its own id)."""
    from celery.exceptions import SoftTimeLimitExceeded

    from .registry import get_type

    generated = _claim(file_id, task_id)
    if generated is None:
        return GeneratedFile.objects.get(pk=file_id)
    try:
        data = _render(generated, get_type)
    except SoftTimeLimitExceeded:
        log.error("generating %s timed out", generated)
        _finish(generated, status=FileStatus.FAILED, error=TIMED_OUT.format(seconds=settings.DOCUMENT_TIME_LIMIT))
        return generated
    except Exception as exc:
        # Recorded, not raised: the person sees why on the file's page instead of a spinner
        # forever (or, with eager Celery, a server error), and the log keeps the traceback.
        log.exception("generating %s failed", generated)
        _finish(generated, status=FileStatus.FAILED, error=str(exc) or exc.__class__.__name__)
        return generated
    name = f"{generated.kind}-{generated.object_id}-{generated.content_hash[:12]}.{generated.format}"
    generated.file.save(name, ContentFile(data), save=False)
    if not _finish(generated, file=generated.file.name, size=len(data), status=FileStatus.DONE):
        # Another attempt took the row over (this one was presumed dead): its file counts.
        generated.file.delete(save=False)
        return GeneratedFile.objects.get(pk=file_id)
    return generated
