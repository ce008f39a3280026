"""The documents part's registrations: what rectification prints (documents.registry), its
part of the measuring county and of the demo (meetings.progress)."""

from . import county, demo, documents, report  # noqa: F401  (each registers on import)
