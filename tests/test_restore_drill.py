"""The restore drill's comparison (scripts/restore_drill.py; CI runs the whole drill)."""

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("restore_drill", ROOT / "scripts" / "restore_drill.py")
drill = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(drill)


def _media(root: Path, files: dict[str, bytes]) -> Path:
    for name, data in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(data)
    return root


def test_a_whole_copy_has_no_differences(tmp_path):
    files = {"generated/2026/12/a.pdf": b"%PDF-1", "uploads/b.docx": b"PK"}
    problems = drill.differences({"t": 3}, {"t": 3}, set(files), _media(tmp_path / "a", files), _media(tmp_path / "b", files))
    assert problems == []


def test_the_drill_names_a_lost_row_a_lost_table_a_lost_file_and_a_changed_one(tmp_path):
    original = {"generated/a.pdf": b"%PDF-1", "generated/b.pdf": b"%PDF-2"}
    restored = {"generated/a.pdf": b"%PDF-X"}
    problems = drill.differences(
        {"meetings_meeting": 5, "documents_generatedfile": 2}, {"meetings_meeting": 4},
        set(original), _media(tmp_path / "a", original), _media(tmp_path / "b", restored),
    )
    assert problems == [
        "table documents_generatedfile: 2 rows backed up, None restored",
        "table meetings_meeting: 5 rows backed up, 4 restored",
        "file generated/a.pdf: checksum differs after the restore",
        "file generated/b.pdf: missing after the restore",
    ]
