"""Roster import from Excel: the template, the check of every row, and the write.

Nothing touches the database until the whole file is clean: `roster_parse` reads and
checks, `roster_plan` says what would change, `roster_apply` writes it in one transaction.

A row is the truth for the person it names (matched by username within this organisation):
a blank 班子职务 takes the person off the team, a blank 手机 clears the phone. People missing
from the file are left alone. Office access is only ever granted here, never withdrawn, so
an office cannot lock itself out by importing a file that leaves its own row out.
"""

from .apply import RosterOutcome, RowPlan, roster_apply, roster_plan
from .columns import COLUMNS, MAX_ROWS, TEMPLATE_FILENAME, roster_template
from .parse import RosterError, RosterResult, RosterRow, roster_parse

__all__ = [
    "COLUMNS",
    "MAX_ROWS",
    "TEMPLATE_FILENAME",
    "RosterError",
    "RosterOutcome",
    "RosterResult",
    "RosterRow",
    "RowPlan",
    "roster_apply",
    "roster_parse",
    "roster_plan",
    "roster_template",
]
