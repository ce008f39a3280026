"""The meeting's own records, one module per part of it."""
from .planner import CriticismPlan  # noqa: F401
