"""Excel: the coverage matrix, and the list of talks. Functions that yield rows, then bytes."""

from django.utils import timezone

from documents.xlsx import workbook_bytes

from .coverage import Cell, Coverage
from .models import Talk


def coverage_rows(coverage: Coverage):
    """The matrix as a sheet: one row per person, one column per person, then the totals."""
    for row, cells in coverage.grid():
        yield [
            row.person.name,
            row.group_label,
            *(
                "—"
                if status is None
                else Cell.LABELS[status.state]
                if status.state != Cell.NONE
                else ""
                for _, status in cells
            ),
            row.tally.required,
            row.tally.done,
            row.tally.excused,
            f"{row.tally.percent}%",
        ]


def rule_rows(coverage: Coverage):
    for tally in [*coverage.by_rule, coverage.total] + (
        [coverage.priority] if coverage.priority.required else []
    ):
        yield [
            tally.label,
            tally.required,
            tally.done,
            tally.excused,
            tally.missing,
            f"{tally.percent}%",
        ]


def person_rows(coverage: Coverage):
    for column in coverage.columns:
        t = column.tally
        yield [
            column.person.name,
            column.group_label,
            column.person.title,
            t.required,
            t.done,
            t.excused,
            t.missing,
            f"{t.percent}%",
        ]


def pair_rows(coverage: Coverage):
    people = coverage.roster.people
    place = {column.pk: i for i, column in enumerate(coverage.columns)}  # the matrix's order
    pairs = [
        (tuple(sorted(key, key=lambda pid: place.get(pid, len(place)))), status)
        for key, status in coverage.pairs.items()
        if status.is_required
    ]
    for (a_id, b_id), status in sorted(pairs, key=lambda item: [place.get(p, len(place)) for p in item[0]]):
        a, b = people[a_id], people[b_id]
        yield [
            a.name,
            b.name,
            "、".join(status.rule_labels),
            "是" if status.is_priority else "",
            status.label,
            status.excused.reason if status.excused else "",
        ]


def coverage_workbook(coverage: Coverage) -> bytes:
    headers = [
        "姓名",
        "身份",
        *(c.person.name for c in coverage.columns),
        "应谈",
        "已谈",
        "免谈",
        "完成率",
    ]
    return workbook_bytes(
        [
            ("覆盖矩阵", headers, coverage_rows(coverage)),
            (
                "按规则统计",
                ["应谈依据", "应谈（对）", "已谈", "免谈", "尚缺", "完成率"],
                rule_rows(coverage),
            ),
            (
                "按人员统计",
                ["姓名", "身份", "职务", "应谈（对）", "已谈", "免谈", "尚缺", "完成率"],
                person_rows(coverage),
            ),
            (
                "应谈对象清单",
                ["人员甲", "人员乙", "应谈依据", "书记重点谈", "情况", "免谈原因"],
                pair_rows(coverage),
            ),
        ],
        widths={
            "覆盖矩阵": [10, 12],
            "按规则统计": [36, 12, 8, 8, 8, 10],
            "按人员统计": [10, 14, 22, 12, 8, 8, 8, 10],
            "应谈对象清单": [10, 10, 40, 12, 10, 30],
        },
    )


TALK_HEADERS = [
    "序号",
    "谈话日期",
    "地点",
    "方式",
    "谈话一方",
    "谈话另一方",
    "发起人",
    "记录人",
    "状态",
    "确认时间",
    "班子集体的问题",
    "自身的问题及整改的打算",
    "对方的不足和改进的建议",
    "拟在会上开展批评的问题",
    "另一方本人填写的内容",
]


def _parts_text(talk) -> str:
    return "\n".join(
        f"{part.person.name}：自身的问题及整改的打算：{part.own_problems}；对方的不足和改进的建议：{part.other_shortcomings}"
        + (f"；对班子集体问题的补充：{part.team_problems}" if part.team_problems else "")
        for part in talk.parts.all()
    )


def talk_rows(talks):
    for n, talk in enumerate(talks, start=1):
        yield [
            n,
            talk.talked_on,
            talk.place,
            talk.get_mode_display(),
            talk.person_a.name,
            talk.person_b.name,
            talk.initiator.name,
            talk.recorded_by.name if talk.recorded_by else "办公室录入",
            talk.get_state_display(),
            timezone.localtime(talk.confirmed_at).replace(tzinfo=None) if talk.confirmed_at else "",
            talk.team_problems,
            talk.own_problems,
            talk.other_shortcomings,
            "\n".join(
                f"{c.critic.name}对{c.target.name}：{c.content}" for c in talk.criticisms.all()
            ),
            _parts_text(talk),
        ]


def criticism_rows(talks):
    for talk in talks:
        for c in talk.criticisms.all():
            yield [
                c.critic.name,
                c.target.name,
                c.content,
                talk.talked_on,
                talk.get_state_display(),
            ]


def talks_workbook(meeting) -> bytes:
    talks = list(
        Talk.objects.filter(meeting=meeting)
        .live()
        .select_related("person_a", "person_b", "initiator", "recorded_by")
        .prefetch_related("criticisms__critic", "criticisms__target", "parts__person")
        .order_by("talked_on", "id")
    )
    return workbook_bytes(
        [
            ("谈话清单", TALK_HEADERS, talk_rows(talks)),
            (
                "拟在会上开展的批评",
                ["提出人", "被批评人", "批评意见", "谈话日期", "记录状态"],
                criticism_rows(talks),
            ),
        ],
        widths={
            "谈话清单": [6, 12, 14, 12, 10, 10, 10, 10, 10, 18, 40, 40, 40, 40, 40],
            "拟在会上开展的批评": [10, 10, 60, 12, 10],
        },
    )
