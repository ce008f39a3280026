"""The phase's views, one module per part of the meeting."""
