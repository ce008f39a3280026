"""The content of an official document, independent of its format.

One structure renders to both PDF and Word, so the two always say the same thing.
"""

import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 1  # 1: 一、（黑体）  2: （一）（楷体）  3: 1.（仿宋加粗）


@dataclass(frozen=True)
class Paragraph:
    text: str
    indent: bool = True


@dataclass(frozen=True)
class Table:
    headers: list[str]
    rows: list[list[str]]
    widths: list[int] = field(default_factory=list)  # relative column widths


@dataclass(frozen=True)
class Image:
    """A picture printed centred in the body (a QR code on a notice): PNG bytes as base64,
    so that the fingerprint stays JSON, with its printed width and an optional caption."""

    png_base64: str
    width_mm: int = 40
    caption: str = ""


@dataclass(frozen=True)
class Contents:
    """The contents page (目录) of a compilation: one entry per part; the PDF fills in
    the page each part starts on, Word lists the titles."""

    entries: list[list[str]]  # [title, anchor of the part]
    title: str = "目　录"


@dataclass(frozen=True)
class PagedContents:
    """The contents page of a compilation joined from parts rendered apart: each entry
    carries the page its part begins on, counted from the joined pages."""

    entries: list[list]  # [title, anchor, page]
    title: str = "目　录"


@dataclass(frozen=True)
class Part:
    """A document within a compilation (汇编): starts on a new page under its own title."""

    title: str
    anchor: str


@dataclass(frozen=True)
class OfficialDocument:
    title: str
    blocks: list
    subtitle: str = ""
    signature: list[str] = field(default_factory=list)  # 落款: issuing body, date
    # A wide table (a 清单 of a dozen columns) is printed on landscape A4.
    landscape: bool = False

    def fingerprint(self) -> str:
        payload = {
            "title": self.title,
            "subtitle": self.subtitle,
            "signature": self.signature,
            "blocks": [[type(b).__name__, asdict(b)] for b in self.blocks],
        }
        if self.landscape:  # only then, so that every portrait document keeps its fingerprint
            payload["landscape"] = True
        raw = json.dumps(payload, ensure_ascii=False, sort_keys=True).encode("utf-8")
        return hashlib.sha256(raw).hexdigest()


@dataclass(frozen=True)
class Spreadsheet:
    """Tabular content for Excel (汇总表). Rows are produced only when the file is written,
    so they can stream from a queryset: memory stays flat however many rows there are.
    """

    title: str
    # () -> [(sheet title, header row, rows)], rows being any iterable (a generator)
    sheets: Callable[[], Iterable[tuple[str, list[str], Iterable[list]]]]
    # Names the state of the data (e.g. a version counter and a row count): the same
    # version is the same content, known without reading every row.
    version: str
    widths: dict = field(default_factory=dict)  # sheet title -> column widths

    def fingerprint(self) -> str:
        raw = json.dumps({"title": self.title, "version": self.version}, ensure_ascii=False)
        return hashlib.sha256(raw.encode("utf-8")).hexdigest()
