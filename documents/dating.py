"""The day a document is dated when it has no date of its own.

A document signed on the day it is printed (a live "as of today" table, a draft) asks
`document_day()`: today, unless a caller fixed the day with `documents_dated(day)`. The
archive (archive.services) fixes it to the day the meeting was archived while it gathers
and prints a meeting's records, so that packing the same content on another day gives
the same documents and the same bag. A document that has a date of its own (the day its
plan was approved, the meeting was held, its record last changed) prints that instead.
"""

from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date

from django.utils import timezone

_fixed: ContextVar[date | None] = ContextVar("document_day", default=None)


def document_day() -> date:
    fixed = _fixed.get()
    return fixed if fixed is not None else timezone.localdate()


@contextmanager
def documents_dated(day: date):
    token = _fixed.set(day)
    try:
        yield
    finally:
        _fixed.reset(token)
