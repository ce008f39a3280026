"""Document types: each phase registers what it can print, and who may fetch the source.

The generation task and the views only know a document by its kind; the phase that owns
the source object supplies how to build the content and the permission checkpoint.
"""

from collections.abc import Callable
from dataclasses import dataclass

from .content import OfficialDocument


@dataclass(frozen=True)
class DocumentType:
    kind: str
    label: str
    build: Callable[[object], OfficialDocument]
    # (user, object id) -> object; raises Http404 for outsiders (the phase's checkpoint)
    get_for_user: Callable[[object, int], object]
    formats: tuple[str, ...] = ("pdf", "docx")


_types: dict[str, DocumentType] = {}


def register(doc_type: DocumentType) -> DocumentType:
    _types[doc_type.kind] = doc_type
    return doc_type


def get_type(kind: str) -> DocumentType | None:
    return _types.get(kind)


def registered_types() -> list[DocumentType]:
    return list(_types.values())
