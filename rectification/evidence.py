"""Evidence (佐证材料) of progress: PDF, images, Word and Excel files, recognised by their
content (the name proves nothing), size-limited, stored under MEDIA_ROOT with a random
name and served only through the item's checkpoint (views/progress.py).

Word and Excel come in two forms: the old binary ones (.doc, .xls) are OLE2 compound
files; the new ones (.docx, .xlsx) are ZIP archives holding `[Content_Types].xml` and a
`word/` or `xl/` folder. The extension must agree with what the content is.
"""

import hashlib
import zipfile
from dataclasses import dataclass

from django.conf import settings

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP = b"PK\x03\x04"

# extension -> (the kind its content must be, the type it is served as)
KINDS = {
    "pdf": ("pdf", "application/pdf"),
    "png": ("png", "image/png"),
    "jpg": ("jpeg", "image/jpeg"),
    "jpeg": ("jpeg", "image/jpeg"),
    "doc": ("ole2", "application/msword"),
    "xls": ("ole2", "application/vnd.ms-excel"),
    "docx": ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "xlsx": ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
}
ACCEPT = ",".join(f".{ext}" for ext in KINDS)
KINDS_TEXT = "PDF、图片（PNG、JPG）、Word（.docx、.doc）或 Excel（.xlsx、.xls）"


class EvidenceError(Exception):
    """An upload that is refused; the message is shown to the person as is."""


@dataclass(frozen=True)
class CheckedFile:
    upload: object
    name: str
    content_type: str


def evidence_max_bytes() -> int:
    return settings.EVIDENCE_MAX_MB * 1024 * 1024


def _content_kind(upload) -> str:
    """What the file is by its bytes: pdf, png, jpeg, ole2, docx, xlsx, or ""."""
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(OLE2):
        return "ole2"
    if head.startswith(ZIP):
        try:
            with zipfile.ZipFile(upload) as archive:
                names = archive.namelist()
        except (zipfile.BadZipFile, OSError, EOFError):
            return ""
        finally:
            upload.seek(0)
        if "[Content_Types].xml" not in names:
            return ""
        if any(n.startswith("word/") for n in names):
            return "docx"
        if any(n.startswith("xl/") for n in names):
            return "xlsx"
    return ""


def evidence_check(*, upload) -> CheckedFile:
    """Accept one uploaded file or raise EvidenceError saying why not.

    The size is asked first: Django has streamed a large upload to a temporary file, so
    nothing of it has been read into memory when it is refused.
    """
    name = (getattr(upload, "name", "") or "").rsplit("/", 1)[-1].rsplit("\\", 1)[-1][:200]
    limit = settings.EVIDENCE_MAX_MB
    if upload.size > evidence_max_bytes():
        raise EvidenceError(f"“{name}”超过 {limit} MB，不能上传：请压缩或拆分后再上传（每个文件不超过 {limit} MB）。")
    if upload.size == 0:
        raise EvidenceError(f"“{name}”是空文件。")
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in KINDS:
        raise EvidenceError(f"“{name}”的类型不支持：只能上传{KINDS_TEXT}。")
    kind, content_type = KINDS[extension]
    if _content_kind(upload) != kind:
        raise EvidenceError(f"“{name}”的内容与扩展名 .{extension} 不符：请上传真实的{KINDS_TEXT}文件。")
    return CheckedFile(upload, name, content_type)


def evidence_save(*, report, checked: CheckedFile, actor):
    """Store one checked file as evidence of `report`, its sha256 kept."""
    from .models import Evidence

    digest = hashlib.sha256()
    checked.upload.seek(0)
    for chunk in checked.upload.chunks():
        digest.update(chunk)
    checked.upload.seek(0)
    evidence = Evidence(
        report=report, name=checked.name, content_type=checked.content_type, size=checked.upload.size,
        sha256=digest.hexdigest(), uploaded_by=actor,
    )
    evidence.file.save(checked.name, checked.upload, save=False)
    evidence.save()
    return evidence


def size_text(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / 1024 / 1024:.1f} MB"
    return f"{max(1, size // 1024)} KB"
