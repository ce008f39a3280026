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
from .planner import CriticismPlan  # noqa: F401
