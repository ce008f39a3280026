"""Requesting and generating files."""

import logging

from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import FileStatus, GeneratedFile
from .registry import DocumentType
from .render import RENDERERS

log = logging.getLogger(__name__)


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
    if not created and generated.status != FileStatus.FAILED:
        return generated, False
    if not created:  # retry a failed one
        GeneratedFile.objects.filter(pk=generated.pk).update(
            status=FileStatus.PENDING, error="", requested_by=user
        )
    from .tasks import generate_file

    transaction.on_commit(lambda: generate_file.delay(generated.pk))
    return generated, True


def file_generate(*, file_id: int) -> GeneratedFile:
    """Render the file now (called by the Celery task)."""
    from .registry import get_type

    generated = GeneratedFile.objects.get(pk=file_id)
    if generated.status == FileStatus.DONE:
        return generated
    GeneratedFile.objects.filter(pk=file_id).update(status=FileStatus.RUNNING)
    try:
        doc_type = get_type(generated.kind)
        content = doc_type.build(generated.source)
        data = RENDERERS[generated.format](content)
    except Exception as exc:
        # Recorded, not raised: the person sees why on the file's page instead of a spinner
        # forever (or, with eager Celery, a server error), and the log keeps the traceback.
        log.exception("generating %s failed", generated)
        generated.status = FileStatus.FAILED
        generated.error = str(exc) or exc.__class__.__name__
        generated.finished_at = timezone.now()
        generated.save(update_fields=["status", "error", "finished_at"])
        return generated
    name = f"{generated.kind}-{generated.object_id}-{generated.content_hash[:12]}.{generated.format}"
    generated.file.save(name, ContentFile(data), save=False)
    generated.size = len(data)
    generated.status = FileStatus.DONE
    generated.finished_at = timezone.now()
    generated.save(update_fields=["file", "size", "status", "finished_at"])
    return generated
