"""Regenerate organizations/data/unihan_total_strokes.txt from the Unihan database.

The official order of names (按姓氏笔画) needs each character's stroke count. Unihan's
kTotalStrokes is the standard source; no maintained PyPI package ships it without
downloading at run time, so the one field is vendored. Its input is the Unihan file that
holds kTotalStrokes (Unihan_IRGSources.txt, plain or .bz2): Debian's `unicode-data`
package installs it as /usr/share/unicode/Unihan_IRGSources.txt.bz2, and it is inside
Unihan.zip from unicode.org.

    python scripts/unihan_strokes.py [/path/to/Unihan_IRGSources.txt[.bz2]]
"""

import bz2
import re
import sys
from pathlib import Path

DEFAULT_SOURCE = "/usr/share/unicode/Unihan_IRGSources.txt.bz2"
TARGET = Path(__file__).resolve().parent.parent / "organizations" / "data" / "unihan_total_strokes.txt"
LINE = re.compile(r"^U\+([0-9A-F]{4,6})\tkTotalStrokes\t(\d+)")


def main(source: str = DEFAULT_SOURCE) -> None:
    opener = bz2.open if source.endswith(".bz2") else open
    version = "unknown"
    rows = []
    with opener(source, "rt", encoding="utf-8") as lines:
        for line in lines:
            if line.startswith("# Unicode version:"):
                version = line.split(":", 1)[1].strip()
            match = LINE.match(line)
            if match:
                # Two values mean zh-Hans first, zh-Hant second; the first is ours.
                rows.append(f"{match[1]}\t{match[2]}")
    header = [
        "# kTotalStrokes of every CJK ideograph, from the Unihan database (Unicode",
        f"# {version}), the first (zh-Hans) value only. Modified from Unihan_IRGSources.txt:",
        "# only this field is kept, as <code point hex><TAB><strokes>. Regenerate with",
        "# scripts/unihan_strokes.py. Licence: UNICODE-LICENSE.txt beside this file.",
    ]
    TARGET.write_text("\n".join(header + rows) + "\n", encoding="utf-8")
    print(f"{len(rows)} characters written to {TARGET}")


if __name__ == "__main__":
    main(*sys.argv[1:])
