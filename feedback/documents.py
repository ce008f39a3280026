"""What this phase prints: the 意见建议汇总表 (Excel) and the report on the opinions (PDF/Word)."""

from django.db.models import Aggregate, CharField, F, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from documents.content import Heading, OfficialDocument, Paragraph, Spreadsheet, Table
from documents.dating import document_day
from documents.registry import DocumentType, register

from organizations.models import Person
from organizations.ordering import name_sort_key
from .access import solicitation_for_document
from .models import Channel, Opinion, OpinionKind, OpinionRouting, OpinionSource, OpinionState, Solicitation
from .selectors import COUNTED_STATES, concern_candidates, feedback_summary

REPORT_KIND = "feedback_report"
TABLE_KIND = "feedback_table"
TABLE_HEADERS = ["序号", "意见建议内容", "反映对象", "方面", "类别", "提出人类别", "征求方式", "收到日期", "备注"]
CHUNK = 1000


def _date(value) -> str:
    return f"{value.year}年{value.month}月{value.day}日" if value else ""


# --- 意见建议汇总表 ---------------------------------------------------------------------


def opinion_table(solicitation: Solicitation) -> Spreadsheet:
    """One row per opinion as received; a merged group is numbered once, its duplicates
    follow it word for word. Rows stream from the database in chunks (constant memory)."""
    count = Opinion.objects.filter(solicitation=solicitation).count()

    def sheets():
        ranks = {p.pk: (i, p.name) for i, p in enumerate(concern_candidates(solicitation.meeting))}
        yield "意见建议汇总表", TABLE_HEADERS, _rows(solicitation, COUNTED_STATES, ranks)
        yield "待梳理", TABLE_HEADERS, _rows(solicitation, (OpinionState.NEW,), ranks)
        yield "已搁置", TABLE_HEADERS, _rows(solicitation, (OpinionState.SET_ASIDE,), ranks)
        yield "统计", ["项目", "条数"], _summary_rows(solicitation)

    widths = [6, 70, 18, 24, 9, 12, 12, 13, 24]
    return Spreadsheet(
        title=f"{solicitation.meeting.title}意见建议汇总表",
        sheets=sheets,
        version=f"{solicitation.version}:{count}:{solicitation.meeting.version}",
        widths={name: widths for name in ("意见建议汇总表", "待梳理", "已搁置")} | {"统计": [40, 10]},
    )


# Columns read for each row: plain values, not model instances (50,000 rows stay cheap).
ROW_FIELDS = (
    "duplicate_of_id", "content", "group_aspect", "group_kind", "source", "channel",
    "received_on", "set_aside_reason", "addressed_member__name", "routed",
)
KINDS, SOURCES, CHANNELS = dict(OpinionKind.choices), dict(OpinionSource.choices), dict(Channel.choices)
TEAM_ID = 0  # the team (a routing with no member) in the list of routed ids


class _RoutedIds(Aggregate):
    """The ids of the members a group is routed to, as one text ("0" for the team), so the
    rows carry whom they concern: no query per chunk, no list of ids sent back and forth."""

    function = "GROUP_CONCAT"
    template = f"%(function)s(COALESCE(%(expressions)s, {TEAM_ID}), ',')"
    output_field = CharField()

    def as_postgresql(self, compiler, connection, **extra):
        template = f"STRING_AGG(COALESCE(%(expressions)s, {TEAM_ID})::text, ',')"
        return self.as_sql(compiler, connection, template=template, **extra)


def _rows(solicitation: Solicitation, states, ranks: dict):
    """The opinions whose group stands in one of `states`, each group's texts together."""
    routed = (
        OpinionRouting.objects.filter(opinion_id=OuterRef("group_id"))
        .order_by()
        .values("opinion_id")
        .annotate(ids=_RoutedIds("member_id"))
        .values("ids")
    )
    opinions = (
        Opinion.objects.filter(solicitation=solicitation)
        .annotate(
            group_state=Coalesce("duplicate_of__state", "state"),
            group_id=Coalesce("duplicate_of_id", "id"),
            group_order=Coalesce("duplicate_of__aspect__order", "aspect__order"),
            group_aspect=Coalesce("duplicate_of__aspect__title", "aspect__title"),
            group_kind=Coalesce("duplicate_of__kind", "kind"),
            group_day=Coalesce("duplicate_of__received_on", "received_on"),
            routed=Subquery(routed),
        )
        .filter(group_state__in=states)
        .order_by(
            F("group_order").asc(nulls_last=True),
            "group_day",
            "group_id",
            F("duplicate_of_id").asc(nulls_first=True),
            "received_on",
            "id",
        )
        .values_list(*ROW_FIELDS, named=True)
    )
    concerns = _Concerns(ranks)
    number = 0
    for row in opinions.iterator(chunk_size=CHUNK):
        if row.duplicate_of_id is None:
            number += 1
            numbered, note = number, row.set_aside_reason
        else:
            numbered, note = "", f"与第{number}条相同，已合并计为1条"
        yield [
            numbered,
            row.content,
            concerns.text(row.routed) or f"（提出人所选：{row.addressed_member__name or '班子'}）",
            row.group_aspect or "",
            KINDS.get(row.group_kind, ""),
            SOURCES.get(row.source, "未注明"),
            CHANNELS.get(row.channel, row.channel),
            row.received_on.isoformat(),
            note,
        ]


class _Concerns:
    """"班子、李明" for a list of routed ids: the team first, then the members in the team's
    order, anyone else by strokes. A few distinct lists recur over thousands of rows, so
    each is worked out once; names of people outside the team are read once each."""

    def __init__(self, ranks: dict):
        self.ranks = ranks  # {person id: (place in the team, name)}
        self.names = {pk: name for pk, (_rank, name) in ranks.items()}
        self.texts: dict = {}

    def text(self, routed: str | None) -> str:
        if not routed:
            return ""
        if routed not in self.texts:
            ids = {int(pk) for pk in routed.split(",")}
            unknown = ids - self.names.keys() - {TEAM_ID}
            if unknown:
                self.names.update(Person.objects.filter(pk__in=unknown).values_list("pk", "name"))
            people = []
            for pk in ids:
                name = None if pk == TEAM_ID else self.names.get(pk, "")
                rank = -1 if pk == TEAM_ID else self.ranks.get(pk, (len(self.ranks), ""))[0]
                people.append((rank, name_sort_key(name or ""), name))
            self.texts[routed] = "、".join(name or "班子" for *_, name in sorted(people))
        return self.texts[routed]


def _summary_rows(solicitation: Solicitation):
    summary = feedback_summary(solicitation)
    yield [summary.sentence, summary.counted]
    yield ["收到原始意见（含重复、搁置）", summary.received]
    yield ["其中：合并的重复意见", summary.merged]
    yield ["其中：搁置", summary.set_aside]
    yield ["其中：待梳理", summary.unsorted]
    for title, rows in (
        ("按方面", summary.by_aspect + [("未归入方面", summary.without_aspect)]),
        ("按类别", summary.by_kind),
        ("按反映对象（一条意见可涉及多人）", summary.by_concern),
        ("按征求方式（按原始意见计）", summary.by_channel),
        ("按提出人类别（按原始意见计）", summary.by_source),
    ):
        yield [title, ""]
        yield from ([f"　{label}", n] for label, n in rows)


# --- 征求意见情况报告 --------------------------------------------------------------------


def opinion_report(solicitation: Solicitation) -> OfficialDocument:
    meeting = solicitation.meeting
    org = meeting.organization
    summary = feedback_summary(solicitation)
    period = (
        f"{_date(solicitation.starts_on)}至{_date(solicitation.ends_on)}，"
        if solicitation.starts_on and solicitation.ends_on
        else ""
    )
    channels = "、".join(solicitation.channel_labels()) or "多种方式"
    audience = solicitation.audience or "党员、干部和群众"
    excluded = []
    if summary.merged:
        excluded.append(f"合并重复意见{summary.merged}条")
    if summary.set_aside:
        excluded.append(f"搁置{summary.set_aside}条")
    intro = (
        f"为开好{meeting.title}，{org.name}{period}通过{channels}等方式，广泛征求{audience}的意见建议。"
        f"经梳理汇总，{summary.sentence}"
        + (f"（收到原始意见{summary.received}条，其中{'、'.join(excluded)}）" if excluded else "")
        + "。现将有关情况报告如下。"
    )
    blocks = [
        Paragraph(intro),
        Heading("一、意见建议分布情况"),
        Heading("（一）按对照检查方面", level=2),
        _table("方面", summary.by_aspect + ([("未归入方面", summary.without_aspect)] if summary.without_aspect else [])),
        Heading("（二）按反映对象", level=2),
        _table("反映对象", summary.by_concern),
        Heading("（三）按类别", level=2),
        _table("类别", summary.by_kind),
        Heading("（四）按征求方式", level=2),
        _table("征求方式", summary.by_channel or [("—", 0)]),
        Heading("二、反馈情况"),
        Paragraph(_release_sentence(solicitation, summary)),
        Heading("三、下一步工作"),
        Paragraph(
            f"领导班子和班子成员将对征求到的意见建议逐条认真对照，在对照检查材料和个人发言提纲中"
            f"作出回应，并在{meeting.get_kind_display()}上就反映本人的有关问题作出说明；"
            "对能够立即解决的问题立行立改，对需要长期坚持的建章立制、抓好落实。"
        ),
        Paragraph("附件：意见建议汇总表"),
    ]
    if summary.unsorted:
        blocks.insert(1, Paragraph(f"（另有{summary.unsorted}条意见尚在梳理中，未计入以下统计。）"))
    return OfficialDocument(
        title=f"关于{meeting.title}征求意见情况的报告",
        blocks=blocks,
        signature=[org.name, _date(document_day())],
    )


def _table(label: str, rows) -> Table:
    return Table(headers=[label, "条数"], rows=[[name, str(n)] for name, n in rows], widths=[78, 22])


def _release_sentence(solicitation: Solicitation, summary) -> str:
    if not solicitation.released_at:
        return "上述意见建议梳理完成后，将原汁原味反馈至领导班子和班子成员本人。"
    seen = solicitation.receipts.filter(seen_at__gte=solicitation.last_released_at).count()
    team = dict(summary.by_concern).get("领导班子", 0)
    return (
        f"{_date(timezone.localtime(solicitation.released_at).date())}，已将上述意见建议原汁原味反馈至领导班子"
        f"和班子成员本人，其中反映领导班子的{team}条；{seen}名班子成员已阅知本人的反馈意见。"
    )


register(
    DocumentType(
        kind=REPORT_KIND,
        label="征求意见情况报告",
        build=opinion_report,
        get_for_user=solicitation_for_document,
    )
)
register(
    DocumentType(
        kind=TABLE_KIND,
        label="意见建议汇总表",
        build=opinion_table,
        get_for_user=solicitation_for_document,
        formats=("xlsx",),
    )
)
