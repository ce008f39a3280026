"""Documents the talks print: the 谈心谈话记录表 of one talk, and all of one person's records.

Seed 000 §五: the offices collect each member's 谈心谈话记录表; the form leaves room for
both signatures, since the office may confirm a talk from the signed paper.
"""

from django.utils import timezone

from documents.content import Heading, OfficialDocument, Paragraph, Table
from documents.dating import document_day
from documents.registry import DocumentType, register

from .access import get_participant_for_user, get_talk_for_user
from .coverage import meeting_coverage
from .models import Talk, TalkParticipant, TalkState
from .selectors import personal_lines

DIGITS = "零一二三四五六七八九"
HEADINGS = [
    ("team_problems", "班子集体的问题"),
    ("own_problems", "自身的问题及整改的打算"),
    ("other_shortcomings", "对方的不足和改进的建议"),
]
CRITICISMS_HEADING = "拟在会上开展批评的问题"
PART_HEADINGS = [
    ("own_problems", "自身的问题及整改的打算"),
    ("other_shortcomings", "对方的不足和改进的建议"),
    ("team_problems", "对班子集体问题的补充"),
]


def cn_number(n: int) -> str:
    """1 → 一, 10 → 十, 21 → 二十一 (enough for any number of talks a person has)."""
    if n < 10:
        return DIGITS[n]
    tens, ones = divmod(n, 10)
    return f"{'' if tens == 1 else DIGITS[tens]}十{DIGITS[ones] if ones else ''}"


def _date(value) -> str:
    return f"{value.year}年{value.month}月{value.day}日" if value else ""


def _person(person) -> str:
    return f"{person.name}（{person.title}）" if person.title else person.name


def _paragraphs(text: str) -> list[Paragraph]:
    lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
    return [Paragraph(line) for line in lines] or [Paragraph("（未填写）")]


def _state_line(talk: Talk) -> str:
    if talk.state == TalkState.CONFIRMED and talk.confirmed_at:
        user = talk.confirmed_by
        who = getattr(getattr(user, "person", None), "name", None) or (
            user.username if user else "—"
        )
        return f"已确认（{who}，{_date(timezone.localtime(talk.confirmed_at))}）"
    return talk.get_state_display()


def _facts(talk: Talk) -> list[list[str]]:
    return [
        ["谈话时间", _date(talk.talked_on)],
        ["谈话地点", talk.place],
        ["谈话方式", talk.get_mode_display()],
        ["谈话双方", f"{_person(talk.person_a)}、{_person(talk.person_b)}"],
        ["发起人", talk.initiator.name],
        ["记录人", talk.recorded_by.name if talk.recorded_by else "办公室据纸质记录表录入"],
        ["记录状态", _state_line(talk)],
    ]


def _content(talk: Talk, *, numbered_from: int = 1, level: int = 1) -> list:
    def title(i, text):
        return f"（{cn_number(i)}）{text}" if level == 2 else f"{cn_number(i)}、{text}"

    blocks = []
    for i, (field, label) in enumerate(HEADINGS, start=numbered_from):
        blocks.append(Heading(title(i, label), level=level))
        blocks += _paragraphs(getattr(talk, field))
    blocks.append(Heading(title(numbered_from + len(HEADINGS), CRITICISMS_HEADING), level=level))
    blocks += _criticisms([c for c in talk.criticisms.all() if c.part_id is None])
    # The other side's own part, in their words (seed 001: 四必谈 is what both sides say).
    n = numbered_from + len(HEADINGS)
    for part in talk.parts.all():
        n += 1
        blocks.append(Heading(title(n, f"{part.person.name}本人填写的内容"), level=level))
        for field, label in PART_HEADINGS:
            text = getattr(part, field)
            if text or field != "team_problems":
                blocks.append(Paragraph(f"{label}：", indent=False))
                blocks += _paragraphs(text)
        blocks.append(Paragraph(f"{CRITICISMS_HEADING}：", indent=False))
        blocks += _criticisms([c for c in talk.criticisms.all() if c.part_id == part.pk])
    return blocks


def _criticisms(criticisms) -> list[Paragraph]:
    return [
        Paragraph(f"{n}. {c.critic.name}对{c.target.name}：{c.content}")
        for n, c in enumerate(criticisms, start=1)
    ] or [Paragraph("（未填写）")]


def talk_record(talk: Talk) -> OfficialDocument:
    """谈心谈话记录表 of one talk."""
    talk = (
        Talk.objects.select_related(
            "meeting__organization",
            "person_a",
            "person_b",
            "initiator",
            "recorded_by",
            "confirmed_by__person",
        )
        .prefetch_related("criticisms__critic", "criticisms__target", "parts__person")
        .get(pk=talk.pk)
    )
    blocks = [Table(headers=["项目", "内容"], rows=_facts(talk), widths=[22, 78])]
    blocks += _content(talk)
    blocks.append(
        Paragraph(
            f"谈话双方签字：{talk.person_a.name}＿＿＿＿　{talk.person_b.name}＿＿＿＿",
            indent=False,
        )
    )
    return OfficialDocument(
        title="谈心谈话记录表",
        subtitle=talk.meeting.title,
        blocks=blocks,
        signature=[talk.meeting.organization.name, _date(talk.talked_on)],
    )


def person_records(participant: TalkParticipant) -> OfficialDocument:
    """All of one person's talks for the meeting, with what is still missing, as one document."""
    meeting, person = participant.meeting, participant.person
    talks = list(
        Talk.objects.filter(
            meeting=meeting, state__in=[TalkState.RECORDED, TalkState.CONFIRMED, TalkState.DISPUTED]
        )
        .of_person(person.pk)
        .select_related("person_a", "person_b", "initiator", "recorded_by", "confirmed_by__person")
        .prefetch_related("criticisms__critic", "criticisms__target", "parts__person")
        .order_by("talked_on", "id")
    )
    coverage = meeting_coverage(meeting)
    order = {column.pk: i for i, column in enumerate(coverage.columns)}  # the matrix's order
    lines = sorted(
        personal_lines(coverage, person.pk), key=lambda line: order.get(line.other.pk, len(order))
    )
    blocks = [
        Heading("一、谈话情况"),
        Table(
            headers=["序号", "谈话对象", "应谈依据", "情况"],
            rows=[
                [
                    str(n),
                    _person(line.other),
                    "、".join(line.status.rule_labels) or "—",
                    line.status.label,
                ]
                for n, line in enumerate(lines, start=1)
            ],
            widths=[10, 30, 38, 22],
        ),
    ]
    for n, talk in enumerate(talks, start=2):
        other = talk.other(person.pk)
        blocks.append(Heading(f"{cn_number(n)}、与{other.name}同志谈话"))
        state = (
            _state_line(talk)
            if talk.state == TalkState.CONFIRMED
            else f"{_state_line(talk)}，不计入已谈"
        )
        blocks.append(
            Paragraph(
                f"{_date(talk.talked_on)}，{talk.place}，{talk.get_mode_display()}；{state}。"
            )
        )
        blocks += _content(talk, level=2)
    if not talks:
        blocks.append(Paragraph("尚无已提交的谈话记录。"))
    return OfficialDocument(
        title=f"{person.name}同志谈心谈话记录",
        subtitle=meeting.title,
        blocks=blocks,
        signature=[meeting.organization.name, _date(document_day())],
    )


register(
    DocumentType(
        kind="talk_record",
        label="谈心谈话记录表",
        build=talk_record,
        get_for_user=lambda user, pk: get_talk_for_user(user, pk)[0],
    )
)
register(
    DocumentType(
        kind="talk_records_person",
        label="个人谈心谈话记录汇编",
        build=person_records,
        get_for_user=get_participant_for_user,
    )
)
