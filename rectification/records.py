"""What rectification hands to the archive (meetings.records): for the team's list and
each member's submitted one, the 整改方案 as approved and the 整改清单 with its progress
(Excel and PDF); the 整改落实情况报告 and the 公示 notice; every evidence file as it was
uploaded; and the history of the lists (submitted, returned, approved, 申请修改, filed for the record)
and of their items (progress reported, asked to close, closed or refused, carried over).

A member's list still in its first draft is its owner's alone and stays out, as from the
report. Public comments on the 公示 are anonymous and are not part of the history.
"""

from django.db.models import F
from django.utils import timezone

from documents.dating import document_day
from documents.stored import stored_reader
from meetings.models import Meeting
from meetings.records import Decision, PhaseRecords, RecordDocument, RecordFile, actor_name, decisions_from, register_records

from .documents import PLAN_KIND, TABLE_KIND, TABLE_PDF_KIND, occasion
from .models import Disclosure, Evidence, ItemEvent, ListEvent, ListState, ListVersion, VersionOutcome
from .report import REPORT_KIND, reported_lists


def _day(value):
    return timezone.localdate(value) if value else None


def _author(rlist) -> str:
    return rlist.meeting.organization.name if rlist.is_team else rlist.owner.name


def _list_documents(rlist, approved: ListVersion | None) -> list[RecordDocument]:
    documents = []
    if approved is not None:
        documents.append(
            RecordDocument(
                kind=PLAN_KIND, source=rlist,
                title=rlist.title.removesuffix("整改清单").removesuffix("个人") + ("整改方案" if rlist.is_team else "个人整改方案"),
                author=_author(rlist), day=_day(approved.submitted_at), note=f"批准的第{approved.number}版",
            )
        )
    state = "" if rlist.state == ListState.APPROVED else f"{rlist.get_state_display()}，非批准版本"
    for kind, formats in ((TABLE_PDF_KIND, ("pdf",)), (TABLE_KIND, ("xlsx",))):
        documents.append(
            RecordDocument(
                kind=kind, source=rlist, title=rlist.title, author=_author(rlist),
                day=document_day(), formats=formats, note="含整改进展（归档时）" + (f"；{state}" if state else ""),
            )
        )
    return documents


def _item_subject(titles: dict, list_id: int, order: int, problem: str) -> str:
    short = problem if len(problem) <= 30 else problem[:30] + "…"
    return f"{titles[list_id]}第{order}项：{short}"


@register_records(70)
def rectification_records(meeting: Meeting) -> PhaseRecords | None:
    """Seven queries, however many lists, items and files."""
    lists = sorted(
        reported_lists(meeting).select_related("meeting__organization", "owner"),
        key=lambda rlist: (not rlist.is_team, rlist.pk),  # the team's first
    )
    if not lists:
        return None
    approved = {}
    for version in ListVersion.objects.filter(rectification_list__in=lists, outcome=VersionOutcome.APPROVED).only(
        "rectification_list_id", "number", "submitted_at"
    ).order_by("rectification_list_id", "number"):
        approved[version.rectification_list_id] = version  # the last approved one wins
    titles = {rlist.pk: rlist.title for rlist in lists}
    org = meeting.organization.name

    documents = []
    for rlist in lists:
        documents += _list_documents(rlist, approved.get(rlist.pk))
    if approved or any(rlist.state == ListState.APPROVED for rlist in lists):
        documents.append(
            RecordDocument(kind=REPORT_KIND, source=meeting,
                           title=f"{meeting.organization.display_name}{occasion(meeting)}整改落实情况报告",
                           author=org, day=document_day(), note="归档时的整改进展")
        )
    disclosure = (
        Disclosure.objects.filter(meeting=meeting, published_at__isnull=False)
        .select_related("published_by__person", "withdrawn_by__person")
        .first()
    )
    if disclosure is not None:
        documents.append(
            RecordDocument(kind="disclosure_notice", source=disclosure,
                           title=disclosure.title or f"{meeting.organization.display_name}{meeting.year}年度整改落实情况公示",
                           author=org, day=_day(disclosure.published_at),
                           note=f"公示期{disclosure.starts_on:%Y-%m-%d}至{disclosure.ends_on:%Y-%m-%d}")
        )

    evidence = (
        Evidence.objects.filter(report__measure__item__rectification_list__in=lists)
        .select_related("uploaded_by__person")
        .annotate(
            list_id=F("report__measure__item__rectification_list_id"),
            item_order=F("report__measure__item__order"),
            problem=F("report__measure__item__problem"),
        )
        .order_by("uploaded_at", "id")
    )
    files = [
        RecordFile(
            name=f"佐证材料{n:03d}-{e.name}",
            title=f"佐证材料：{e.name}",
            author=actor_name(e.uploaded_by),
            day=_day(e.uploaded_at),
            read=stored_reader(e.file),
            note=_item_subject(titles, e.list_id, e.item_order, e.problem) + f"；SHA-256 {e.sha256}",
        )
        for n, e in enumerate(evidence, start=1)
    ]

    decisions = decisions_from(
        ListEvent.objects.filter(rectification_list__in=lists).select_related("actor__person"),
        subject=lambda event: titles[event.rectification_list_id],
    )
    decisions += decisions_from(
        ItemEvent.objects.filter(item__rectification_list__in=lists)
        .select_related("actor__person")
        .annotate(list_id=F("item__rectification_list_id"), item_order=F("item__order"), problem=F("item__problem")),
        what=lambda event: event.label,  # the item's log words its steps in `label`; `action` is a code
        subject=lambda event: _item_subject(titles, event.list_id, event.item_order, event.problem),
    )
    if disclosure is not None:
        title = disclosure.title or "整改落实情况公示"
        decisions.append(Decision(what="发布整改公示", who=actor_name(disclosure.published_by),
                                  at=disclosure.published_at, subject=title))
        if disclosure.withdrawn_at:
            decisions.append(Decision(what="撤回整改公示", who=actor_name(disclosure.withdrawn_by),
                                      at=disclosure.withdrawn_at, subject=title))
    decisions.sort(key=lambda d: d.at)
    return PhaseRecords(phase="整改落实", folder="rectification", documents=documents, files=files, decisions=decisions)
