"""The meeting's own records, one module per part of it."""
