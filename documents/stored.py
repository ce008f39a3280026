"""A stored file (a FileField's value) handed on without being opened.

A phase lists its uploads for the archive (meetings.records.RecordFile) with a reader,
not their bytes: the archive opens each file only when it needs it, once to fingerprint
and again to pack, so a meeting's evidence is never all in memory at once, and a file
missing from storage fails there, with the archive's own message.
"""

from collections.abc import Callable

from django.db.models.fields.files import FieldFile


def stored_reader(field_file: FieldFile) -> Callable[[], bytes]:
    def read() -> bytes:
        with field_file.open("rb") as handle:
            return handle.read()

    return read
