"""A readable diff of documents made of titled sections of lines, for Chinese text.

Shared by the work plan (meetings/plans.py) and the self-inspection materials
(inspections/): both freeze versions for review and show the reviewer what changed.
Chinese has no spaces to split words on, so a changed line is compared character by
character; unchanged runs are folded so that a long document shows only what moved.
"""

import difflib
from collections.abc import Callable
from dataclasses import dataclass
from html import escape

from django.utils.safestring import mark_safe


@dataclass(frozen=True)
class DiffLine:
    kind: str  # same / added / removed / changed / fold
    html: str


@dataclass(frozen=True)
class SectionDiff:
    title: str
    lines: list[DiffLine]

    @property
    def changed(self) -> bool:
        return any(line.kind not in ("same", "fold") for line in self.lines)


def char_diff(old: str, new: str) -> str:
    """Character-level diff of one line, escaped, with <del> and <ins>."""
    out = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            out.append(escape(old[a1:a2]))
        if op in ("delete", "replace"):
            out.append(f"<del>{escape(old[a1:a2])}</del>")
        if op in ("insert", "replace"):
            out.append(f"<ins>{escape(new[b1:b2])}</ins>")
    return "".join(out)


def _similar(a: str, b: str) -> bool:
    return difflib.SequenceMatcher(a=a, b=b, autojunk=False).ratio() >= 0.45


def _replaced(old: list[str], new: list[str], pair_similar: bool) -> list[DiffLine]:
    """Lines replaced by others: paired line by line when the counts match, or — for long
    prose, where one paragraph is split or inserted — paired by likeness."""
    if len(old) == len(new):
        return [DiffLine("changed", char_diff(o, n)) for o, n in zip(old, new)]
    if not pair_similar:
        return [DiffLine("removed", f"<del>{escape(line)}</del>") for line in old] + [
            DiffLine("added", f"<ins>{escape(line)}</ins>") for line in new
        ]
    lines, start = [], 0
    for o in old:
        match = next((j for j in range(start, len(new)) if _similar(o, new[j])), None)
        if match is None:
            lines.append(DiffLine("removed", f"<del>{escape(o)}</del>"))
            continue
        lines += [DiffLine("added", f"<ins>{escape(n)}</ins>") for n in new[start:match]]
        lines.append(DiffLine("changed", char_diff(o, new[match])))
        start = match + 1
    lines += [DiffLine("added", f"<ins>{escape(n)}</ins>") for n in new[start:]]
    return lines


def lines_diff(
    old_lines: list[str],
    new_lines: list[str],
    *,
    normalise: Callable[[str], str] | None = None,
    pair_similar: bool = False,
) -> list[DiffLine]:
    """The lines of one section, marked same / added / removed / changed, folded.

    `normalise` maps a line to what is compared (e.g. without its "1." number, since
    inserting one line renumbers the rest, which is not a change worth showing).
    """
    key = normalise or (lambda line: line)
    matcher = difflib.SequenceMatcher(
        a=[key(l) for l in old_lines], b=[key(l) for l in new_lines], autojunk=False
    )
    lines: list[DiffLine] = []
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            lines += [DiffLine("same", escape(line)) for line in new_lines[b1:b2]]
        elif op == "replace":
            lines += _replaced(old_lines[a1:a2], new_lines[b1:b2], pair_similar)
        else:
            lines += [DiffLine("removed", f"<del>{escape(l)}</del>") for l in old_lines[a1:a2]]
            lines += [DiffLine("added", f"<ins>{escape(l)}</ins>") for l in new_lines[b1:b2]]
    return fold_unchanged(lines)


def sections_diff(
    old: list[tuple[str, list[str]]],
    new: list[tuple[str, list[str]]],
    *,
    normalise: Callable[[str], str] | None = None,
    pair_similar: bool = False,
) -> list[SectionDiff]:
    """Section by section, in the new order; a section only the old version had is shown
    as removed at the end."""
    old_sections = dict(old)
    new_titles = {title for title, _ in new}
    result = [
        SectionDiff(
            title,
            lines_diff(old_sections.get(title, []), lines, normalise=normalise, pair_similar=pair_similar),
        )
        for title, lines in new
    ]
    result += [
        SectionDiff(title, lines_diff(lines, [], normalise=normalise))
        for title, lines in old
        if title not in new_titles
    ]
    return result


def fold_unchanged(lines: list[DiffLine], context: int = 1) -> list[DiffLine]:
    """Keep changed lines with one line of context; fold unchanged runs of two or more."""
    if all(line.kind == "same" for line in lines):
        return [DiffLine(l.kind, mark_safe(l.html)) for l in lines]
    near = {
        j
        for i, line in enumerate(lines)
        if line.kind != "same"
        for j in range(i - context, i + context + 1)
    }
    folded, run = [], []

    def flush():
        if len(run) > 1:
            folded.append(DiffLine("fold", f"……（{len(run)}行未改动）"))
        else:
            folded.extend(run)
        run.clear()

    for i, line in enumerate(lines):
        if line.kind == "same" and i not in near:
            run.append(DiffLine(line.kind, mark_safe(line.html)))
            continue
        flush()
        folded.append(DiffLine(line.kind, mark_safe(line.html)))
    flush()
    return folded
