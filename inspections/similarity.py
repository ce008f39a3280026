"""Finding passages of a material that repeat another text (seed 002 #4 5(3): "坚决杜绝他人
代笔、照抄照搬"; 001: "防止以曾经查找但尚未解决的问题代替新发现的问题").

Explainable by design: a paragraph is flagged when it shares long runs of characters with
a paragraph of another text, and the reviewer is shown both paragraphs with the shared
runs marked and the count of shared characters — no score without its evidence.

How: each paragraph is reduced to its characters (no spaces or punctuation), with the
official phrases everyone must quote (the meeting's theme and aspects, 习近平新时代中国特色
社会主义思想 …) blanked out, so that quoting them is not copying. Paragraphs are cut into
overlapping 5-character shingles; an inverted index finds the paragraphs of the corpus
that share shingles with each paragraph of the material (containment: the share of its
shingles found there), and the candidates are aligned character by character
(difflib) to find the runs they share.
"""

import re
from collections import defaultdict
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from html import escape

from django.utils.safestring import mark_safe

SHINGLE = 5
MIN_PARAGRAPH = 20  # shorter paragraphs (a problem's title) are not compared
MIN_RUN = 12  # the shortest shared run worth showing
MIN_SHARED = 24  # a paragraph is flagged when it shares this many characters in such runs …
MIN_SHARE = 0.3  # … and they are this share of the paragraph (or it shares 60 or more)
MIN_SHARED_ALONE = 60
MIN_CONTAINMENT = 0.15  # candidates below this share of common shingles are not aligned

# Phrases every material quotes; sharing them is not copying.
STOCK_QUOTES = [
    "习近平新时代中国特色社会主义思想", "习近平总书记", "以习近平同志为核心的党中央", "党中央决策部署",
    "中央八项规定及其实施细则精神", "中央八项规定精神", "以人民为中心的发展思想", "形式主义官僚主义",
    "两个确立", "两个维护", "四个意识", "四个自信", "全面从严治党", "主体责任", "民主生活会",
    "组织生活会", "批评和自我批评", "对照检查", "发言提纲", "把自己摆进去", "把职责摆进去",
    "把工作摆进去", "见人见事见思想", "党的二十大精神", "党的十九届六中全会精神",
    # the set phrases that open and close every material
    "现将个人对照检查情况报告如下", "现将对照检查情况报告如下", "现将有关情况报告如下", "请同志们批评指正",
    "广泛征求意见建议", "深入开展谈心谈话", "认真开展批评和自我批评", "深入查摆问题",
]
_KEEP = re.compile(r"[\w]", re.UNICODE)


@dataclass(frozen=True)
class Passage:
    section: str  # the section key, to point at it
    section_title: str
    text: str


@dataclass
class Source:
    """A text the material is compared with."""

    label: str  # e.g. 王海涛同志2026年度个人发言提纲 / 本年度其他同志的材料
    kind: str  # earlier / peer / team
    passages: list[Passage]  # only ever a text the viewer may read: see selectors.similarity_sources
    year: int | None = None


@dataclass
class Match:
    source: Source
    mine: Passage
    theirs: Passage
    shared: int  # characters in shared runs
    share: float  # of my paragraph
    mine_html: str = ""
    theirs_html: str = ""
    also: int = 0  # other texts with a similar paragraph

    @property
    def percent(self) -> int:
        return round(self.share * 100)


@dataclass
class Normalised:
    text: str  # kept characters, boilerplate blanked by the sentinel
    positions: list[int] = field(default_factory=list)  # index in the original for each


def normalise(text: str, sentinel: str, quotes: list[str]) -> Normalised:
    blanks = [False] * len(text)
    for phrase in quotes:
        if not phrase:
            continue
        for found in re.finditer(re.escape(phrase), text):
            for i in range(found.start(), found.end()):
                blanks[i] = True
    chars, positions = [], []
    for i, ch in enumerate(text):
        if blanks[i]:
            if not chars or chars[-1] != sentinel:
                chars.append(sentinel)
                positions.append(i)
        elif _KEEP.match(ch) and ch != "_":
            chars.append(ch)
            positions.append(i)
    return Normalised("".join(chars), positions)


def shingles(norm: str, sentinel: str) -> set[str]:
    return {norm[i:i + SHINGLE] for i in range(len(norm) - SHINGLE + 1) if sentinel not in norm[i:i + SHINGLE]}


def _runs(mine: Normalised, theirs: Normalised) -> list[tuple[int, int, int]]:
    matcher = SequenceMatcher(a=mine.text, b=theirs.text, autojunk=False)
    return [(a, b, size) for a, b, size in matcher.get_matching_blocks() if size >= MIN_RUN]


def _marked(original: str, norm: Normalised, spans: list[tuple[int, int]]) -> str:
    """The original text, escaped, with the shared runs (given in normalised indices)
    marked; punctuation inside a run is marked with it."""
    ranges = sorted((norm.positions[start], norm.positions[end - 1] + 1) for start, end in spans)
    out, cursor = [], 0
    for start, end in ranges:
        start = max(start, cursor)
        if start >= end:
            continue
        out.append(escape(original[cursor:start]))
        out.append(f"<mark>{escape(original[start:end])}</mark>")
        cursor = end
    out.append(escape(original[cursor:]))
    return mark_safe("".join(out))


def similar_passages(mine: list[Passage], sources: list[Source], *, quotes: list[str] = ()) -> list[Match]:
    """The paragraphs of `mine` that repeat a paragraph of a source: for each paragraph and
    source, the best match; strongest first."""
    quotes = sorted({*STOCK_QUOTES, *(q for q in quotes if len(q) >= 4)}, key=len, reverse=True)
    index: dict[str, list[tuple[int, int]]] = defaultdict(list)
    normalised: dict[tuple[int, int], Normalised] = {}
    for s, source in enumerate(sources):
        for p, passage in enumerate(source.passages):
            norm = normalise(passage.text, "\x02", quotes)
            if len(norm.text) < MIN_RUN:
                continue
            normalised[s, p] = norm
            for shingle in shingles(norm.text, "\x02"):
                index[shingle].append((s, p))
    matches = []
    for passage in mine:
        norm = normalise(passage.text, "\x01", quotes)
        own = shingles(norm.text, "\x01")
        if len(norm.text) < MIN_PARAGRAPH or not own:
            continue
        hits: dict[tuple[int, int], int] = defaultdict(int)
        for shingle in own:
            for key in set(index.get(shingle, ())):
                hits[key] += 1
        best: dict[int, Match] = {}
        for (s, p), count in sorted(hits.items(), key=lambda kv: -kv[1])[:12]:
            if count / len(own) < MIN_CONTAINMENT:
                continue
            theirs = normalised[s, p]
            runs = _runs(norm, theirs)
            shared = sum(size for _, _, size in runs)
            share = shared / len(norm.text)
            if shared < MIN_SHARED or (share < MIN_SHARE and shared < MIN_SHARED_ALONE):
                continue
            if s in best and best[s].shared >= shared:
                continue
            source = sources[s]
            best[s] = Match(
                source=source,
                mine=passage,
                theirs=source.passages[p],
                shared=shared,
                share=share,
                mine_html=_marked(passage.text, norm, [(a, a + n) for a, _, n in runs]),
                theirs_html=_marked(source.passages[p].text, theirs, [(b, b + n) for _, b, n in runs]),
            )
        matches += best.values()
    return sorted(matches, key=lambda m: -m.shared)
