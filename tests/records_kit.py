"""Checks shared by the phases' tests of what they hand to the archive (meetings.records)."""

import io

from openpyxl import load_workbook

from documents.content import OfficialDocument, Spreadsheet
from documents.registry import get_type
from documents.render import RENDERERS
from meetings.records import PhaseRecords, records_providers


def phase_records(meeting, module: str) -> PhaseRecords | None:
    """The records of one phase's provider (by its module), as the archive gets them."""
    provider = next(p for p in records_providers() if p.__module__ == module)
    return provider(meeting)


def built(document):
    """Build one listed document with its registered kind, as the archive will."""
    doc_type = get_type(document.kind)
    assert doc_type is not None, f"{document.kind} is not a registered document kind"
    assert set(document.formats) <= set(doc_type.formats), (document.kind, document.formats)
    content = doc_type.build(document.source)
    assert isinstance(content, Spreadsheet if document.formats == ("xlsx",) else OfficialDocument)
    return content


def every_document_builds(records: PhaseRecords) -> list:
    return [built(document) for document in records.documents]


def xlsx_text(content: Spreadsheet) -> str:
    """Every cell of a built workbook, as one text."""
    book = load_workbook(io.BytesIO(RENDERERS["xlsx"](content)), read_only=True)
    return "\n".join(
        str(cell) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True) for cell in row if cell
    )


def history_text(records: PhaseRecords) -> str:
    """Everything the history and the catalogue say, to look for what must not be there."""
    parts = [f"{d.what}|{d.who}|{d.comment}|{d.subject}" for d in records.decisions]
    parts += [f"{d.title}|{d.author}|{d.note}" for d in records.documents]
    parts += [f"{f.name}|{f.title}|{f.author}|{f.note}" for f in records.files]
    return "\n".join(parts)
