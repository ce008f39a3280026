"""The phase's views, one module per part (agenda, minutes, mode, report, planner)."""
