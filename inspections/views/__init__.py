"""The views of the materials, by sub-domain: the board, the editor, the review."""

from .board import meeting_home, my_outline, remind, team_drafter, team_material
from .editor import (
    answer_save,
    editor,
    hints,
    measure_add,
    measure_delete,
    measure_save,
    problem_add,
    problem_delete,
    problem_save,
    section_save,
)
from .review import comment_new, comment_remove, material_detail, transition, version_detail

__all__ = [
    "answer_save", "comment_new", "comment_remove", "editor", "hints", "material_detail", "measure_add",
    "measure_delete", "measure_save", "meeting_home", "my_outline", "problem_add", "problem_delete",
    "problem_save", "remind", "section_save", "team_drafter", "team_material", "transition", "version_detail",
]
