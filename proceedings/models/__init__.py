"""The meeting's own records, one module per part of it."""

from .preparation import ConveningApplication, ConveningRequest, PreparationReport, RequestStatus  # noqa: F401
