"""What rectification prints: the 整改方案 (team and personal, PDF and Word) and the 整改清单
(Excel, and PDF on landscape A4), per list and for the whole meeting.

The 整改方案 prints the list's approved version (ListVersion.content, frozen when it was
submitted); its writers may print the current draft, marked 草稿. Both have the shape
`workflow.list_content` gives, so a draft prints as its version will.

The 整改清单 has one row per item with the issue's columns; it is also the import format
(rectification/imports.py): a list exported and imported again gives the same items.
Rows stream from the database in chunks, so 20,000 items cost the same memory as 20.
"""

from collections import defaultdict
from datetime import date

from django.db.models import Case, Count, IntegerField, Max, Q, Sum, Value, When
from django.http import Http404
from django.utils import timezone

from documents.content import Heading, OfficialDocument, Paragraph, Spreadsheet, Table
from documents.dating import document_day
from documents.registry import DocumentType, register
from inspections.models import MeasureTerm
from organizations.dateorder import day_text

from .access import ListRole, get_list_for_user
from .models import (
    Item,
    ItemMeasure,
    ItemSource,
    ItemStatus,
    ListKind,
    ListState,
    ListVersion,
    RectificationList,
    SourceKind,
    VersionOutcome,
)

PLAN_KIND = "rectification_plan"
PLAN_DRAFT_KIND = "rectification_plan_draft"
TABLE_KIND = "rectification_table"
TABLE_PDF_KIND = "rectification_table_pdf"
CHUNK = 1000

# The 整改清单's columns, in the issue's order: the export writes them, the import reads them.
COLUMNS = ["序号", "问题", "来源", "整改目标", "整改措施", "类型", "时限", "责任人", "牵头部门", "配合部门",
           "是否公开", "进展", "状态"]
WIDTHS = [6, 40, 16, 30, 50, 10, 12, 10, 14, 16, 8, 24, 10]
PDF_WIDTHS = [3.5, 15, 7, 11, 19, 6, 8, 5.5, 6, 6, 4.5, 8.5, 6]
SHEET_TITLE = "整改清单"
TERM_ORDER = [MeasureTerm.IMMEDIATE, MeasureTerm.DEADLINE, MeasureTerm.LONG_TERM]
TERM_LABELS = dict(MeasureTerm.choices)
SOURCE_LABELS = dict(SourceKind.choices)


def occasion(meeting) -> str:
    return f"{meeting.year}年度{'专题' if meeting.is_special else ''}{meeting.get_kind_display()}"


def _iso(value: date | None) -> str:
    return value.isoformat() if value else ""


def approved_version(rlist: RectificationList) -> ListVersion | None:
    return (
        ListVersion.objects.filter(rectification_list=rlist, outcome=VersionOutcome.APPROVED)
        .order_by("-number")
        .first()
    )


# --- 整改方案 --------------------------------------------------------------------------


def _preface(content: dict, rlist: RectificationList) -> str:
    meeting = rlist.meeting
    who = meeting.organization.name if rlist.is_team else "本人"
    held = f"{day_text(meeting.held_on)}召开的" if meeting.held_on else ""
    count = len(content["items"])
    return (
        f"为认真抓好{held}{occasion(meeting)}查摆问题的整改落实，针对对照检查查摆出的问题、会上相互批评提出的"
        f"意见和征求到的意见建议，{who}逐条梳理、认真研究，明确整改目标、措施、时限和责任人，"
        f"形成整改事项{count}项。坚持立行立改和持续用力相结合，坚持“当下改”与“长久立”相结合，"
        "确保件件有着落、事事有回音。具体方案如下。"
    )


def _item_paragraphs(number: int, item: dict) -> list:
    blocks = [Heading(f"{number}.{item['problem'].strip().rstrip('。')}", level=3)]
    if item.get("target"):
        blocks.append(Paragraph(f"整改目标：{item['target'].strip()}"))
    measures = [m for m in item.get("measures", []) if m["content"].strip()]
    for i, measure in enumerate(measures, start=1):
        when = f"（{day_text(date.fromisoformat(measure['deadline']))}前完成）" if measure.get("deadline") else ""
        blocks.append(Paragraph(f"措施{i}：{measure['content'].strip().rstrip('。；;')}。{when}"))
    facts = []
    if item["term"] == MeasureTerm.LONG_TERM:
        if item.get("next_review") or item.get("deadline"):
            facts.append(f"复查时间：{day_text(date.fromisoformat(item.get('next_review') or item['deadline']))}")
    elif item.get("deadline"):
        facts.append(f"完成时限：{day_text(date.fromisoformat(item['deadline']))}")
    if item.get("responsible"):
        facts.append(f"责任人：{item['responsible']}")
    if item.get("lead_department"):
        facts.append(f"牵头部门：{item['lead_department']}")
    if item.get("cooperating"):
        facts.append(f"配合部门：{item['cooperating']}")
    if facts:
        blocks.append(Paragraph("；".join(facts) + "。"))
    return blocks


def plan_document_from(content: dict, rlist: RectificationList, *, signed_on: date, draft: bool = False) -> OfficialDocument:
    """The 整改方案 of one list: a preface, then the items by kind (立行立改, 限期整改, 长期坚持)."""
    title = content["title"].removesuffix("整改清单").removesuffix("个人") + (
        "整改方案" if rlist.is_team else "个人整改方案"
    )
    owner = "" if rlist.is_team else rlist.owner.name
    blocks = [Paragraph(_preface(content, rlist))]
    by_term = defaultdict(list)
    for item in content["items"]:
        by_term[item["term"]].append(item)
    numbers = iter("一二三四五六七八九十")
    for term in TERM_ORDER:
        if not by_term[term]:
            continue
        blocks.append(Heading(f"{next(numbers)}、{TERM_LABELS[term]}事项（{len(by_term[term])}项）"))
        for n, item in enumerate(by_term[term], start=1):
            blocks += _item_paragraphs(n, {**item, "responsible": item.get("responsible") or owner})
    if not content["items"]:
        blocks.append(Paragraph("（尚未列入整改事项。）"))
    blocks.append(Heading(f"{next(numbers)}、保障措施"))
    blocks.append(Paragraph(
        "建立整改台账，实行销号管理，完成一项、核验一项、销号一项；对需要长期坚持的事项，建章立制、"
        "定期复查，开展整改落实“回头看”，防止问题反弹回潮。整改情况在一定范围内公开，接受党员群众监督。"
    ))
    signer = rlist.meeting.organization.name if rlist.is_team else owner
    return OfficialDocument(
        title=title, subtitle="（草稿）" if draft else "", blocks=blocks, signature=[signer, day_text(signed_on)]
    )


def plan_document(rlist: RectificationList) -> OfficialDocument:
    version = approved_version(rlist)
    return plan_document_from(version.content, rlist, signed_on=timezone.localtime(version.submitted_at).date())


def plan_draft_document(rlist: RectificationList) -> OfficialDocument:
    from .workflow import list_content

    return plan_document_from(list_content(rlist), rlist, signed_on=document_day(), draft=True)


def get_plan_for_user(user, pk) -> RectificationList:
    """The approved plan: whoever reads the list, once a version is approved."""
    rlist, _ = get_list_for_user(user, pk)
    if approved_version(rlist) is None:
        raise Http404("整改方案尚未批准")
    return rlist


WRITERS = (ListRole.OWNER, ListRole.DRAFTER)


def get_plan_draft_for_user(user, pk) -> RectificationList:
    """The draft: its writers only (the owner, the office for the team list)."""
    rlist, _ = get_list_for_user(user, pk, require=WRITERS)
    return rlist


# --- 整改清单 --------------------------------------------------------------------------


def item_state_label(status: str, carried: bool, deadline: date | None, term: str, today: date) -> str:
    if status == ItemStatus.CLOSED:
        return "已销号"
    if carried:
        return "转入下一次"
    if term != MeasureTerm.LONG_TERM and deadline and deadline < today:
        return "已逾期"
    return dict(ItemStatus.choices)[status]


def measures_text(measures: list[tuple[str, date | None]], deadline: date | None) -> str:
    """One measure a line, numbered; a measure's own deadline when it differs from the item's."""
    lines = []
    for i, (content, own) in enumerate(measures, start=1):
        when = f"（时限：{own.isoformat()}）" if own and own != deadline else ""
        lines.append(f"{i}.{content}{when}")
    return "\n".join(lines)


def _progress_text(measures: list[tuple[str, date | None, str, int]]) -> str:
    if not measures:
        return ""
    done = sum(1 for m in measures if m[2] == "done")
    percent = round(sum(m[3] for m in measures) / len(measures))
    return f"措施{len(measures)}项，已完成{done}项，总体进度{percent}%"


ITEM_FIELDS = ("id", "problem", "target", "term", "deadline", "next_review", "responsible__name", "responsible_text",
               "lead_department", "cooperating", "disclosed", "status", "carried_at",
               "rectification_list_id", "rectification_list__kind", "rectification_list__owner__name")


def table_rows(items, *, today: date | None = None, extra=None):
    """The 整改清单's rows for a queryset of items (in their order), numbered from 1.

    Items come in chunks of CHUNK with their measures and sources fetched per chunk: a
    fixed number of queries per thousand rows, no model instances."""
    today = today or document_day()
    number = 0
    ids = list(items.values_list("id", flat=True))
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start:start + CHUNK]
        rows = {row["id"]: row for row in Item.objects.filter(pk__in=chunk).values(*ITEM_FIELDS)}
        measures = defaultdict(list)
        for item_id, content, own, status, percent in (
            ItemMeasure.objects.filter(item_id__in=chunk).order_by("item_id", "order", "id")
            .values_list("item_id", "content", "deadline", "status", "percent")
        ):
            measures[item_id].append((content, own, status, percent))
        sources = defaultdict(set)
        for item_id, kind in ItemSource.objects.filter(item_id__in=chunk).values_list("item_id", "kind"):
            sources[item_id].add(SOURCE_LABELS.get(kind, ""))
        for pk in chunk:
            row = rows[pk]
            number += 1
            own = measures[pk]
            deadline = row["next_review"] if row["term"] == MeasureTerm.LONG_TERM and row["next_review"] else row["deadline"]
            responsible = row["responsible__name"] or row["responsible_text"]
            if not responsible and row["rectification_list__kind"] == ListKind.PERSONAL:
                responsible = row["rectification_list__owner__name"] or ""
            cells = [
                str(number),
                row["problem"],
                "、".join(sorted(sources[pk] - {""})),
                row["target"],
                measures_text([(m[0], m[1]) for m in own], row["deadline"]),
                TERM_LABELS.get(row["term"], ""),
                _iso(deadline),
                responsible,
                row["lead_department"],
                row["cooperating"],
                "是" if row["disclosed"] else "否",
                _progress_text(own),
                item_state_label(row["status"], row["carried_at"] is not None, row["deadline"], row["term"], today),
            ]
            yield cells + extra(row) if extra else cells


def list_items(rlist: RectificationList):
    return Item.objects.filter(rectification_list=rlist).order_by("order", "id")


def lists_items(rlists):
    """The items of several lists: the team's first, then the personal lists in their order."""
    order = {rlist.pk: i for i, rlist in enumerate(rlists)}
    ids = sorted(order, key=order.get)
    items = Item.objects.filter(rectification_list_id__in=ids)
    rank = Case(*[When(rectification_list_id=pk, then=Value(i)) for pk, i in order.items()],
                output_field=IntegerField())
    return items.annotate(list_rank=rank).order_by("list_rank", "order", "id")


def _items_version(items) -> str:
    """What the table shows changes with any of these: several writers (progress reports, the
    公示 choice, 销号, carrying) update rows without touching `updated_at`, so the key sums
    what each of them moves instead of trusting one timestamp."""
    stats = items.order_by().aggregate(
        n=Count("id"), changed=Max("updated_at"), versions=Sum("version"), closed=Max("closed_at"),
        closed_n=Count("id", filter=Q(status="closed")), closing_n=Count("id", filter=Q(status="closing")),
        carried=Max("carried_at"), disclosed_n=Count("id", filter=Q(disclosed=True)),
    )
    measures = ItemMeasure.objects.filter(item__in=items.order_by().values("pk")).aggregate(
        n=Count("id"), changed=Max("updated_at"), versions=Sum("version"), percent=Sum("percent"),
        reports=Max("reports__id"),
    )
    parts = [*stats.values(), *measures.values(), document_day()]
    return ":".join("" if value is None else (value.isoformat() if hasattr(value, "isoformat") else str(value))
                    for value in parts)


def table_spreadsheet(rlist: RectificationList) -> Spreadsheet:
    items = list_items(rlist)
    return Spreadsheet(
        title=rlist.title,
        sheets=lambda: [(SHEET_TITLE, COLUMNS, table_rows(items))],
        version=f"{rlist.version}:{_items_version(items)}",
        widths={SHEET_TITLE: WIDTHS},
    )


def table_document(title: str, items, *, subtitle: str = "") -> OfficialDocument:
    """The 整改清单 as a table on landscape A4 (the measures one a line)."""
    rows = list(table_rows(items))
    blocks = [Table(headers=COLUMNS, rows=rows, widths=PDF_WIDTHS)] if rows else [Paragraph("（尚未列入整改事项。）")]
    return OfficialDocument(title=title, subtitle=subtitle, blocks=blocks, landscape=True)


def table_pdf_document(rlist: RectificationList) -> OfficialDocument:
    draft = rlist.state != ListState.APPROVED
    return table_document(rlist.title, list_items(rlist), subtitle="（草稿）" if draft else "")


def meeting_table_title(meeting) -> str:
    return f"{meeting.organization.display_name}{occasion(meeting)}整改清单"


def meeting_spreadsheet(meeting, rlists) -> Spreadsheet:
    """The meeting's 整改清单: the items of the lists this reader may open, one sheet."""
    items = lists_items(rlists)
    return Spreadsheet(
        title=meeting_table_title(meeting),
        sheets=lambda: [(SHEET_TITLE, COLUMNS + ["所属清单"], _with_list(items, rlists))],
        version=_items_version(items),
        widths={SHEET_TITLE: WIDTHS + [30]},
    )


def _with_list(items, rlists):
    names = {rlist.pk: rlist.title for rlist in rlists}
    return table_rows(items, extra=lambda row: [names[row["rectification_list_id"]]])


def _table_for_user(user, pk) -> RectificationList:
    rlist, _ = get_list_for_user(user, pk)
    return rlist


register(DocumentType(kind=PLAN_KIND, label="整改方案", build=plan_document, get_for_user=get_plan_for_user))
register(DocumentType(kind=PLAN_DRAFT_KIND, label="整改方案（草稿）", build=plan_draft_document,
                      get_for_user=get_plan_draft_for_user))
register(DocumentType(kind=TABLE_KIND, label="整改清单（Excel）", build=table_spreadsheet,
                      get_for_user=_table_for_user, formats=("xlsx",)))
register(DocumentType(kind=TABLE_PDF_KIND, label="整改清单（PDF）", build=table_pdf_document,
                      get_for_user=_table_for_user, formats=("pdf",)))
