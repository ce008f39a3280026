"""The meeting's own records, one module per part of it."""
from .report import ReportEvent, ReportSection, ReportState, SectionKey, SituationReport  # noqa: F401
