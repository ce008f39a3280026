"""The views of the lists, by page: a meeting's lists and one list; one item."""

from .item import item_detail, item_edit, item_remove, measure_edit, measure_new, measure_remove
from .lists import file, item_new, list_detail, list_start, meeting_home, transition

__all__ = [
    "file", "item_detail", "item_edit", "item_new", "item_remove", "list_detail", "list_start", "measure_edit",
    "measure_new", "measure_remove", "meeting_home", "transition",
]
