"""A day reads as the seeds write it (2026年12月8日): one function, no leading zeros."""

import re
from datetime import date
from pathlib import Path

from organizations.dateorder import day_text

ROOT = Path(__file__).resolve().parent.parent
APPS = [p for p in ROOT.iterdir() if (p / "apps.py").exists()]
# A format that writes a day with leading zeros (f"{d:%Y年%m月%d日}", strftime); reading
# typed dates in such a format (strptime) is fine.
ZERO_PADDED = re.compile(r"(?<!strptime\()[:\"']%Y年%m月%d日")


def test_a_day_has_no_leading_zeros():
    assert day_text(date(2026, 3, 8)) == "2026年3月8日"
    assert day_text(None) == "未定"
    assert day_text(None, empty="") == ""


def test_no_module_writes_a_day_with_leading_zeros():
    found = []
    for app in APPS:
        for path in app.rglob("*.py"):
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if ZERO_PADDED.search(line) and "strptime" not in line and "for fmt in" not in line:
                    found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert not found, "use organizations.dateorder.day_text:\n" + "\n".join(found)
