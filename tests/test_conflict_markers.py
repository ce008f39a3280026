"""No merge leaves its conflict markers behind in code, templates, styles or scripts (three
stray "=======" lines once sat in app.css, where no test or browser complained)."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MARKER = re.compile(r"^(<{7} |={7}$|>{7} |\|{7} )", re.MULTILINE)
SKIP = {".venv", "var", "node_modules", ".git", "test-artifacts", "vendor"}


def test_no_file_holds_a_conflict_marker():
    found = []
    for path in ROOT.rglob("*"):
        if path.suffix not in {".py", ".html", ".css", ".js", ".txt", ".md", ".toml"} or not path.is_file():
            continue
        if SKIP.intersection(path.relative_to(ROOT).parts):
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        found += [f"{path.relative_to(ROOT)}:{text[:m.start()].count(chr(10)) + 1}" for m in MARKER.finditer(text)]
    assert found == []
