"""The rectification phase's models, by sub-domain."""

from .disclosure import Disclosure, PublicComment  # noqa: F401
from .lists import (  # noqa: F401
    Item,
    ItemMeasure,
    ItemSource,
    ItemStatus,
    ListEvent,
    ListKind,
    ListState,
    ListVersion,
    MeasureStatus,
    RectificationList,
    SetAside,
    SourceKind,
    UpperFinding,
    VersionOutcome,
)
from .progress import Evidence, ItemEvent, ProgressReport  # noqa: F401
