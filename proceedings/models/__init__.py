"""The meeting's own records, one module per part of it."""

from .agenda import (  # noqa: F401
    AgendaItem,
    AgendaKind,
    CriticAssignment,
    RotationSeat,
    Sitting,
    SittingStatus,
    Slot,
    SlotKind,
    SlotStatus,
)
from .minutes import (  # noqa: F401
    Attendance,
    AttendanceStatus,
    Criticism,
    Explanation,
    ExplanationTopic,
    SupervisorComment,
)
from .preparation import ConveningApplication, ConveningRequest, PreparationReport, RequestStatus  # noqa: F401
from .report import ReportEvent, ReportSection, ReportState, SectionKey, SituationReport  # noqa: F401
from .mode import ModeEvent  # noqa: F401
from .planner import CriticismPlan  # noqa: F401
