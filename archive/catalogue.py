"""The bag's 归档文件目录 (DA/T 22-2015) and the history of every decision.

DA/T 22-2015 arranges archived documents by item (件): one document with its versions is one
item, numbered (件号) in order, and the catalogue lists each item's 件号, 责任者, 题名,
日期 (eight digits, 20260315), 页数 and 备注. Here the items come in the order of the
cycle (plan, study, opinions … evaluation), and the catalogue also names each item's files
in the bag, so that a reader finds them without the system.
"""

import json
import re
from dataclasses import dataclass, field
from datetime import date, datetime

from django.utils import timezone

from documents.content import OfficialDocument, Paragraph, Table
from documents.render import document_pdf
from documents.xlsx import workbook_bytes

HEADERS = ["件号", "阶段", "责任者", "题名", "日期", "页数", "文件", "备注"]
XLSX_WIDTHS = [7, 10, 16, 30, 10, 6, 40, 16]  # characters
PDF_WIDTHS = [6, 8, 14, 26, 9, 5, 22, 10]  # per cent of the landscape type area
HISTORY_HEADERS = ["时间", "事项", "办理人", "意见", "涉及"]

_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]+')


def file_stem(number: int, title: str) -> str:
    """`0001-工作方案`: the item's number and its title, safe as a file name anywhere."""
    clean = _UNSAFE.sub("", title).strip(" .") or "文件"
    return f"{number:04d}-{clean[:60]}"


def day_digits(day) -> str:
    """DA/T 22's date: eight digits, 20260315."""
    if isinstance(day, datetime):
        day = timezone.localtime(day).date() if timezone.is_aware(day) else day.date()
    return f"{day:%Y%m%d}" if day else ""


@dataclass
class Item:
    """One 件: a document (its PDF and its other formats) or a file kept as it was."""

    number: int
    phase: str
    title: str
    author: str
    day: date | None
    note: str = ""
    files: list[str] = field(default_factory=list)  # paths under data/
    pages: int | None = None  # of its PDF, or of a PDF kept as it was

    def row(self) -> list[str]:
        return [
            f"{self.number:04d}",
            self.phase,
            self.author,
            self.title,
            day_digits(self.day),
            "" if self.pages is None else str(self.pages),
            "；".join(self.files),
            self.note,
        ]


def catalogue_xlsx(items: list[Item]) -> bytes:
    return workbook_bytes([("归档文件目录", HEADERS, (item.row() for item in items))],
                          widths={"归档文件目录": XLSX_WIDTHS})


def catalogue_pdf(items: list[Item], *, meeting_title: str, organization: str, day: date) -> bytes:
    doc = OfficialDocument(
        title="归档文件目录",
        subtitle=meeting_title,
        blocks=[
            Paragraph(f"立档单位：{organization}　　归档日期：{day_digits(day)}　　共{len(items)}件", indent=False),
            Table(headers=HEADERS, rows=[item.row() for item in items], widths=PDF_WIDTHS),
        ],
        landscape=True,
    )
    return document_pdf(doc)


def _when(at: datetime) -> str:
    return timezone.localtime(at).strftime("%Y-%m-%d %H:%M") if timezone.is_aware(at) else at.strftime("%Y-%m-%d %H:%M")


def history_pdf(phases, *, meeting_title: str, organization: str) -> bytes:
    """Every phase's decisions in order of time: who, when, what, the comments."""
    blocks = [Paragraph(f"{organization}　{meeting_title}", indent=False)]
    for records in phases:
        if not records.decisions:
            continue
        blocks.append(Paragraph(f"{records.phase}（{len(records.decisions)}项）", indent=False))
        rows = [[_when(d.at), d.what, d.who, d.comment, d.subject] for d in _in_order(records.decisions)]
        blocks.append(Table(headers=HISTORY_HEADERS, rows=rows, widths=[14, 26, 12, 32, 16]))
    if len(blocks) == 1:
        blocks.append(Paragraph("本次会议没有记录的办理过程。"))
    return document_pdf(OfficialDocument(title="办理过程记录", subtitle=meeting_title, blocks=blocks, landscape=True))


def _in_order(decisions):
    return sorted(decisions, key=lambda d: d.at)


def history_json(phases, items: list[Item], *, meeting: dict, hashes: dict[str, str]) -> bytes:
    """The same history and catalogue, machine-readable: the archive stands without the system."""
    payload = {
        "meeting": meeting,
        "catalogue": [
            {
                "number": item.number,
                "phase": item.phase,
                "title": item.title,
                "author": item.author,
                "date": day_digits(item.day),
                "pages": item.pages,
                "note": item.note,
                "files": [{"path": f"data/{path}", "sha256": hashes[path]} for path in item.files],
            }
            for item in items
        ],
        "phases": [
            {
                "phase": records.phase,
                "folder": records.folder,
                "decisions": [
                    {
                        "at": timezone.localtime(d.at).isoformat() if timezone.is_aware(d.at) else d.at.isoformat(),
                        "what": d.what,
                        "who": d.who,
                        "comment": d.comment,
                        "subject": d.subject,
                    }
                    for d in _in_order(records.decisions)
                ],
            }
            for records in phases
        ],
    }
    return (json.dumps(payload, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")
