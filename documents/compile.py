"""Compilations (汇编) rendered part by part, then joined into one PDF.

One WeasyPrint process lays out about 20 pages a second, so a seven-outline compilation
of a hundred pages takes seconds. Its parts do not depend on each other, only their page
numbers do, so:

- each part (a Part block and what follows it) is rendered as a PDF of its own, without
  page numbers: on whichever Celery worker is free (`documents.services`), or here one
  after the other (`sequential_parts`, eager mode);
- the contents page is rendered once the parts' real page counts are known, with the page
  each part begins on (`PagedContents`);
- the PDFs are joined in order (pypdf) and the GB/T 9704 page numbers are stamped on the
  joined pages, counted from the first: odd pages on the right, even on the left. The
  stamps are drawn by WeasyPrint from the same stylesheet as every other document's page
  numbers (an otherwise empty page per number), so they look and sit exactly the same;
  they depend on nothing but the number, and are kept for the process's life.

A part's PDF carries no page number and no position, so the same part in a later
compilation (one more outline approved) is the same file.
"""

import hashlib
import io
import threading
from collections.abc import Callable

from django.template.loader import render_to_string

from .content import Contents, OfficialDocument, PagedContents, Part

PART_SUFFIX = ".part"  # the kind of a part's generated file: "<compilation kind>.part"


def has_parts(doc) -> bool:
    return isinstance(doc, OfficialDocument) and any(isinstance(block, Part) for block in doc.blocks)


def split(doc: OfficialDocument) -> tuple[OfficialDocument, list[OfficialDocument]]:
    """(the front: title and contents; the parts, each under its own title)."""
    front, parts, current = [], [], None
    for block in doc.blocks:
        if isinstance(block, Part):
            current = []
            parts.append((block, current))
        elif current is None:
            front.append(block)
        else:
            current.append(block)
    return (
        OfficialDocument(title=doc.title, subtitle=doc.subtitle, blocks=front),
        [OfficialDocument(title=part.title, blocks=blocks) for part, blocks in parts],
    )


def part_pdf(part: OfficialDocument) -> bytes:
    from .render import document_pdf

    return document_pdf(part, numbered=False)


def sequential_parts(parts: list[OfficialDocument]) -> list[bytes]:
    return [part_pdf(part) for part in parts]


def compiled_pdf(
    doc: OfficialDocument, render_parts: Callable[[list[OfficialDocument]], list[bytes]] = sequential_parts
) -> bytes:
    """The compilation as one PDF: parts rendered by `render_parts`, joined, numbered."""
    from pypdf import PdfReader

    front, parts = split(doc)
    readers = [PdfReader(io.BytesIO(data)) for data in render_parts(parts)]
    counts = [len(reader.pages) for reader in readers]
    front_data = _front_pdf(front, counts, front_pages=1)
    front_pages = page_count(front_data)
    if front_pages != 1:  # a contents page longer than one page moves every part
        front_data = _front_pdf(front, counts, front_pages=front_pages)
    return join(PdfReader(io.BytesIO(front_data)), readers, titles=[part.title for part in parts], doc_title=doc.title)


def part_starts(counts: list[int], front_pages: int) -> list[int]:
    """The page each part begins on, the front's pages first."""
    starts, page = [], front_pages + 1
    for count in counts:
        starts.append(page)
        page += count
    return starts


def _front_pdf(front: OfficialDocument, counts: list[int], front_pages: int) -> bytes:
    from .render import document_pdf

    starts = part_starts(counts, front_pages)
    blocks = []
    for block in front.blocks:
        if isinstance(block, Contents):
            entries = [[title, anchor, page] for (title, anchor), page in zip(block.entries, starts)]
            block = PagedContents(entries=entries, title=block.title)
        blocks.append(block)
    return document_pdf(OfficialDocument(title=front.title, subtitle=front.subtitle, blocks=blocks), numbered=False)


def page_count(data: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(data)).pages)


def join(front, parts: list, *, titles: list[str], doc_title: str) -> bytes:
    """The PDFs (pypdf readers) in order, a page-number stamp on each page, a bookmark for
    each part."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    starts = []
    for reader in [front, *parts]:
        starts.append(len(writer.pages))
        writer.append(reader)
    stamps = stamp_pages(len(writer.pages))
    for number, page in enumerate(writer.pages):
        _stamp(writer, page, stamps[number])
    for title, start in zip(titles, starts[1:]):
        writer.add_outline_item(title=title, page_number=start)
    writer.add_metadata({"/Title": doc_title})
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _stamp(writer, page, stamp) -> None:
    """Draw `stamp` (a page) over `page`, as a form XObject: neither page's content is
    parsed or rewritten, only wrapped (q … Q) so that nothing the page left set moves it."""
    from pypdf.generic import ArrayObject, DecodedStreamObject, DictionaryObject, NameObject

    form = DecodedStreamObject()
    form.set_data(stamp.get_contents().get_data())
    form.update({
        NameObject("/Type"): NameObject("/XObject"),
        NameObject("/Subtype"): NameObject("/Form"),
        NameObject("/BBox"): stamp.mediabox,
        NameObject("/Resources"): stamp["/Resources"].get_object().clone(writer),
    })
    form = form.flate_encode()
    resources = DictionaryObject(page["/Resources"].get_object())  # this page's own copy
    xobjects = DictionaryObject(resources.get("/XObject", DictionaryObject()).get_object())
    xobjects[NameObject("/PageNumber")] = writer._add_object(form)
    resources[NameObject("/XObject")] = xobjects
    page[NameObject("/Resources")] = resources
    before, after = DecodedStreamObject(), DecodedStreamObject()
    before.set_data(b"q\n")
    after.set_data(b"\nQ\nq /PageNumber Do Q\n")
    contents = page["/Contents"].get_object()
    existing = list(contents) if isinstance(contents, ArrayObject) else [page.raw_get("/Contents")]
    page[NameObject("/Contents")] = ArrayObject([writer._add_object(before), *existing, writer._add_object(after)])


_stamps: dict = {}
_stamps_lock = threading.Lock()
STAMP_BLOCK = 100  # stamps are drawn a hundred at a time


def stamp_pages(count: int) -> list:
    """At least `count` pages (pypdf) bearing only their page number, drawn by WeasyPrint
    from the stylesheet every document's page numbers come from. Kept for the process's
    life, and in the cache for the other workers (a hundred pages: about 30 KB)."""
    from django.core.cache import cache
    from pypdf import PdfReader

    from .render import layout_css

    css = layout_css(numbered=True)
    size = -(-count // STAMP_BLOCK) * STAMP_BLOCK
    key = f"documents:page-numbers:{hashlib.sha256(css.encode()).hexdigest()[:16]}:{size}"
    with _stamps_lock:
        if key not in _stamps:
            data = _cached(cache, key)
            if data is None:
                data = _draw_stamps(css, size)
                try:
                    cache.set(key, data, timeout=None)
                except Exception:  # a cache that is down costs a redraw, nothing more
                    pass
            _stamps[key] = PdfReader(io.BytesIO(data)).pages
        return _stamps[key]


def _cached(cache, key):
    try:
        return cache.get(key)
    except Exception:
        return None


def _draw_stamps(css: str, size: int) -> bytes:
    from weasyprint import HTML

    from .fonts import ensure_cjk_font

    ensure_cjk_font()
    html = render_to_string("documents/page_numbers.html", {"layout_css": css, "pages": range(size)})
    return HTML(string=html).write_pdf()
