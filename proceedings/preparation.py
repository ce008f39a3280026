"""The preparation report (准备工作情况报告), compiled from the system's own records.

Seed 004 shows three such reports: numbered sections 一、二、三、四 (study, opinions,
talks, materials), the figures inside the sentences ("共征求到xx个方面意见建议xx条"),
and a closing sentence that the meeting is ready. `preparation_figures(meeting)` reads the
numbers from the phases (study, feedback, talks, inspections, and last year's
rectification through `proceedings.carryover`); `report_sections` writes them into the
seeds' sentences. The office then edits the wording; each figure is written as a phrase
the draft remembers, so a figure that changed since is flagged (数据已更新) and can be put
into the text in place of the old one.
"""

from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from feedback.models import Solicitation
from feedback.selectors import Summary, feedback_summary
from inspections.models import MaterialState
from inspections.selectors import Board, meeting_board
from meetings.models import Meeting, MeetingKind
from organizations.models import OrganizationKind
from study.models import StudyForm
from study.selectors import StudyStatistics, hours_text, study_statistics
from talks.coverage import Cell, Coverage, meeting_coverage
from talks.rules import Rule

from .carryover import RectificationItem, last_year_items
from .convening import ensure_editable
from .models import PreparationReport

CN_NUMBERS = "一二三四五六七八九十"


class StaleReportError(Exception):
    """Someone saved the report after this form was loaded."""

    MESSAGE = (
        "准备工作情况报告已被他人修改：在您编辑期间，其他人已保存了新的内容。为避免覆盖对方的修改，本次未保存；"
        "您填写的内容仍在下方，请核对对方保存的版本后再保存。"
    )


# --- the figures ------------------------------------------------------------------------


@dataclass(frozen=True)
class RuleCoverage:
    """One 四必谈 rule: pairs required, held (a record exists), confirmed by both."""

    label: str
    required: int
    held: int
    confirmed: int
    excused: int


@dataclass
class PreparationFigures:
    """The numbers the report's sentences hold, read from each phase's own records."""

    meeting: Meeting
    study: StudyStatistics
    opinions: Summary | None  # None: no solicitation started
    talks: list[RuleCoverage]
    talks_total: RuleCoverage
    board: Board
    rectification: list[RectificationItem] = field(default_factory=list)

    @property
    def outlines(self) -> list:
        return self.board.rows[1:]

    @property
    def outlines_reviewed(self) -> int:
        return sum(1 for r in self.outlines if r.status in MaterialState.secretary_passed())

    @property
    def outlines_approved(self) -> int:
        return sum(1 for r in self.outlines if r.status == MaterialState.APPROVED)

    @property
    def team_material_status(self) -> str:
        return self.board.rows[0].status


def _talk_figures(coverage: Coverage, kind: str) -> tuple[list[RuleCoverage], RuleCoverage]:
    held_states = (Cell.DONE, Cell.RECORDED)
    rules = []
    for rule in Rule.for_kind(kind):
        pairs = [p for p in coverage.pairs.values() if p.is_required and rule in p.required.rules]
        if not pairs:
            continue
        rules.append(
            RuleCoverage(
                Rule(rule).label,
                len(pairs),
                sum(1 for p in pairs if p.state in held_states),
                sum(1 for p in pairs if p.state == Cell.DONE),
                sum(1 for p in pairs if p.state == Cell.EXCUSED),
            )
        )
    required = [p for p in coverage.pairs.values() if p.is_required]
    total = RuleCoverage(
        "合计",
        len(required),
        sum(1 for p in required if p.state in held_states),
        sum(1 for p in required if p.state == Cell.DONE),
        sum(1 for p in required if p.state == Cell.EXCUSED),
    )
    return rules, total


def preparation_figures(meeting: Meeting) -> PreparationFigures:
    """Study, opinions, talks, materials and last year's rectification of this meeting."""
    solicitation = Solicitation.objects.filter(meeting=meeting).first()
    talks, talks_total = _talk_figures(meeting_coverage(meeting), meeting.kind)
    return PreparationFigures(
        meeting=meeting,
        study=study_statistics(meeting),
        opinions=feedback_summary(solicitation) if solicitation else None,
        talks=talks,
        talks_total=talks_total,
        board=meeting_board(meeting),
        rectification=last_year_items(meeting),
    )


# --- the sentences ----------------------------------------------------------------------


@dataclass(frozen=True)
class Figure:
    """A figure as the draft quotes it: which section, what it is, the words it is in."""

    key: str
    section: str
    label: str
    phrase: str


class _Writer:
    """One section's text, with the phrases that carry figures remembered."""

    def __init__(self, key: str):
        self.key = key
        self.parts: list[str] = []
        self.figures: list[Figure] = []

    def say(self, text: str) -> None:
        self.parts.append(text)

    def figure(self, key: str, label: str, phrase: str) -> None:
        self.parts.append(phrase)
        self.figures.append(Figure(f"{self.key}.{key}", self.key, label, phrase))

    @property
    def text(self) -> str:
        return "".join(self.parts)


def _is_branch(meeting: Meeting) -> bool:
    return meeting.kind == MeetingKind.ORGANIZATION_LIFE or meeting.organization.kind in OrganizationKind.branch_kinds()


def _team(meeting: Meeting) -> str:
    """县政府办党组班子 / 机关第一党支部委员会: who reports (seed 004)."""
    name = meeting.organization.display_name
    return f"{name}委员会" if _is_branch(meeting) else f"{name}班子"


def _members_word(meeting: Meeting) -> str:
    return "党员" if meeting.kind == MeetingKind.ORGANIZATION_LIFE else "班子成员"


def _kind(meeting: Meeting) -> str:
    return f"{'专题' if meeting.is_special else ''}{meeting.get_kind_display()}"


def report_title(meeting: Meeting) -> str:
    return f"{meeting.organization.display_name}{meeting.year}年度{_kind(meeting)}准备工作情况报告"


def _study(w: _Writer, f: PreparationFigures) -> None:
    s, meeting = f.study, f.meeting
    w.say(f"{_team(meeting)}坚持把学习研讨贯穿会前准备全过程，")
    forms = "、".join(f"{label}{n}次" for label, n in s.by_form if label != StudyForm.SELF.label)
    w.figure("sessions", "学习研讨次数", f"共开展学习研讨{s.sessions}次")
    w.say("，")
    w.figure("group", "集中学习研讨", f"其中集中学习研讨{s.group_sessions}次" + (f"（{forms}）" if forms else ""))
    w.say("，")
    w.figure("self", "个人自学", f"{_members_word(meeting)}个人自学{s.self_study_logs}次")
    w.say("，")
    w.figure("hours", "学习时长", f"累计学习{hours_text(s.total_hours)}小时")
    w.say("。集中学习研讨")
    attendance = f"应到{s.expected_attendances}人次、实到{s.present_attendances}人次，出勤率{s.attendance_rate}"
    if s.absences:
        attendance += f"，缺席人员已补学{s.made_up}人次"
    w.figure("attendance", "出勤情况", attendance)
    w.say("；")
    w.figure("materials", "学习材料", f"共学习材料{len(s.materials)}篇（部）")
    w.say("，")
    w.figure("speeches", "交流发言", f"交流发言{s.speeches}人次")
    w.say(f"，进一步统一了思想、明确了标准，为开好{_kind(meeting)}打下了坚实的思想基础。")


def _opinions(w: _Writer, f: PreparationFigures) -> None:
    o, meeting = f.opinions, f.meeting
    if o is None:
        w.figure("none", "征求意见", "征求意见工作尚未开展")
        w.say("。")
        return
    channels = "、".join(label for label, _ in o.by_channel) or "多种"
    w.say("坚持“开门搞教育”，")
    w.figure("channels", "征求方式", f"通过{channels}等方式")
    w.say("，广泛听取党员、干部和群众的意见建议，")
    received = "、".join(f"{label}{n}条" for label, n in o.by_channel)
    w.figure("received", "收到意见建议", f"共收到意见建议{o.received}条" + (f"（{received}）" if received else ""))
    w.say("。经梳理汇总，")
    w.figure("counted", "意见建议条数", o.sentence)
    w.say("，")
    team = dict(o.by_concern).get("领导班子", 0)
    people = [(label, n) for label, n in o.by_concern[1:] if n]
    routed = f"其中涉及{'委员会' if _is_branch(meeting) else '领导班子'}{team}条"
    if people:
        routed += f"，涉及{_members_word(meeting)}个人{sum(n for _, n in people)}条（" + "、".join(
            f"{label}{n}条" for label, n in people
        ) + "）"
    w.figure("routed", "分解至个人", routed)
    w.say(f"，已根据分工分解至每位{_members_word(meeting)}，并原汁原味反馈本人。")


def _talks(w: _Writer, f: PreparationFigures) -> None:
    meeting = f.meeting
    if meeting.kind == MeetingKind.DEMOCRATIC_LIFE:
        w.say("按照“四必谈”要求，采取“一对一”“面对面”的方式深入开展谈心谈话：")
    else:
        w.say("按照支委委员之间、支委委员与党员之间、党员之间普遍谈心谈话的要求，深入开展谈心谈话：")
    for index, rule in enumerate(f.talks):
        if index:
            w.say("；")
        w.figure(f"rule{index}", rule.label, f"{rule.label}应谈{rule.required}对、已开展{rule.held}对、双方确认{rule.confirmed}对")
    total = f.talks_total
    w.say("。" if f.talks else "")
    phrase = f"合计应谈{total.required}对、已开展{total.held}对、双方确认{total.confirmed}对"
    if total.excused:
        phrase += f"、经批准免谈{total.excused}对"
    w.figure("total", "谈心谈话合计", phrase)
    w.say(
        f"。{_members_word(meeting)}在谈心谈话中既谈工作更谈思想，既指出不足又提出建议，相互交换批评意见，"
        "为会上开展批评和自我批评打下了坚实基础。"
    )


def _team_material_phrase(status: str) -> str:
    if status == MaterialState.APPROVED:
        return "已经书记审定并经上级审核通过"
    if status == MaterialState.UPPER_REVIEW:
        return "已经书记审定，正在报上级审核"
    return "尚在起草修改中"


def _materials(w: _Writer, f: PreparationFigures) -> None:
    meeting = f.meeting
    body = "委员会" if _is_branch(meeting) else "班子"
    w.say(f"{body}对照检查材料由书记主持起草、集体研究，")
    w.figure("team", "班子对照检查材料", _team_material_phrase(f.team_material_status))
    w.say("；")
    w.figure("outlines", "个人发言提纲", f"{len(f.outlines)}名{_members_word(meeting)}均自己动手撰写个人发言提纲")
    w.say("，")
    w.figure("reviewed", "书记审阅", f"书记逐一审阅把关{f.outlines_reviewed}份")
    w.say("，")
    w.figure("approved", "上级审核通过", f"经上级审核通过{f.outlines_approved}份")
    w.say("。材料做到问题聚焦主题、剖析深入深刻、整改措施务实可行。")


def _rectification(w: _Writer, f: PreparationFigures) -> None:
    items = f.rectification
    done = sum(1 for i in items if i.done)
    phrase = f"上年度{_kind(f.meeting)}查摆问题的整改事项共{len(items)}项，已完成{done}项"
    if len(items) - done:
        phrase += f"，正在整改{len(items) - done}项"
    w.figure("count", "上年度整改事项", phrase)
    open_items = [i for i in items if not i.done]
    if open_items:
        w.say("。尚在整改的：" + "；".join(
            f"{n}.{i.title}" + (f"（{i.status}）" if i.status else "") for n, i in enumerate(open_items, start=1)
        ))
    w.say("。整改情况将在会上通报。")


# (key, heading without its number, writer); rectification only when there are items.
SECTIONS = [
    ("study", "深入学习研讨，打牢思想基础", _study),
    ("opinions", "广泛征求意见，找准突出问题", _opinions),
    ("talks", "深入谈心谈话，形成思想共识", _talks),
    ("materials", "认真撰写材料，深刻检视剖析", _materials),
    ("rectification", "对照上年度整改，清理旧账", _rectification),
]


def report_sections(figures: PreparationFigures) -> tuple[list[dict], dict[str, dict]]:
    """The draft as seed 004 writes it: a preface, 一、二、三、四(、五), a closing sentence."""
    meeting = figures.meeting
    kind = _kind(meeting)
    sections = [
        {
            "key": "preface",
            "heading": "",
            "text": f"根据上级关于开好{meeting.year}年度{kind}的要求，{_team(meeting)}坚持时间服从质量，"
            f"做实做细各项准备工作，力争把本次{kind}开成一次高质量的{kind}。现将准备工作情况报告如下：",
        }
    ]
    quoted: dict[str, dict] = {}
    number = 0
    for key, heading, write in SECTIONS:
        if key == "rectification" and not figures.rectification:
            continue
        writer = _Writer(key)
        write(writer, figures)
        sections.append({"key": key, "heading": f"{CN_NUMBERS[number]}、{heading}", "text": writer.text})
        quoted.update({fig.key: {"section": key, "label": fig.label, "phrase": fig.phrase} for fig in writer.figures})
        number += 1
    sections.append(
        {
            "key": "closing",
            "heading": "",
            "text": f"截止目前，{_team(meeting)}{kind}会前学习研讨、征求意见、谈心谈话、检视剖析、材料审核等环节工作"
            "均已按要求完成，各项准备工作已就绪，现已具备开会条件。",
        }
    )
    return sections, quoted


# --- what changed since the draft -------------------------------------------------------


@dataclass(frozen=True)
class ChangedFigure:
    key: str
    section: str
    label: str
    old: str  # the phrase in the draft
    new: str  # the phrase today ("" when the figure is no longer quoted)

    @property
    def in_text(self) -> bool:
        return bool(self.old)


def changed_figures(report: PreparationReport, figures: PreparationFigures | None = None) -> list[ChangedFigure]:
    """The figures of the draft that differ from the records today (数据已更新)."""
    figures = figures or preparation_figures(report.meeting)
    _, now = report_sections(figures)
    changed = []
    for key in list(report.figures) + [k for k in now if k not in report.figures]:
        old = report.figures.get(key)
        new = now.get(key)
        if old and new and old["phrase"] == new["phrase"]:
            continue
        ref = new or old
        changed.append(
            ChangedFigure(key, ref["section"], ref["label"], old["phrase"] if old else "", new["phrase"] if new else "")
        )
    return changed


# --- write operations -------------------------------------------------------------------


@transaction.atomic
def report_compile(*, meeting: Meeting, actor) -> PreparationReport:
    """Compile the draft from the records, replacing any earlier draft (the office asks)."""
    ensure_editable(meeting)
    sections, quoted = report_sections(preparation_figures(meeting))
    now = timezone.now()
    report, created = PreparationReport.objects.select_for_update().get_or_create(
        meeting=meeting,
        defaults={
            "title": report_title(meeting),
            "sections": sections,
            "figures": quoted,
            "compiled_at": now,
            "compiled_by": actor,
            "updated_at": now,
            "updated_by": actor,
        },
    )
    if not created:
        report.title, report.sections, report.figures = report_title(meeting), sections, quoted
        report.compiled_at = report.updated_at = now
        report.compiled_by = report.updated_by = actor
        report.version += 1
        report.save()
    return report


def _save(report: PreparationReport, version: int, actor, **fields) -> PreparationReport:
    updated = PreparationReport.objects.filter(pk=report.pk, version=version).update(
        version=F("version") + 1, updated_at=timezone.now(), updated_by=actor, **fields
    )
    if not updated:
        raise StaleReportError(StaleReportError.MESSAGE)
    report.refresh_from_db()
    return report


@transaction.atomic
def report_update(*, report: PreparationReport, version: int, texts: dict[str, str], actor) -> PreparationReport:
    """Save the office's wording of each section, refusing a form loaded before the last save."""
    ensure_editable(report.meeting)
    sections = [
        {**section, "text": texts.get(section["key"], section["text"]).strip()} for section in report.sections
    ]
    return _save(report, version, actor, sections=sections)


@transaction.atomic
def report_refresh_figure(*, report: PreparationReport, key: str, version: int, actor) -> bool:
    """Put today's figure into the text in place of the old one.

    True when done; False when the office's wording no longer holds the old phrase (then
    the page asks them to change it by hand, or to recompile the section).
    """
    ensure_editable(report.meeting)
    change = next((c for c in changed_figures(report) if c.key == key), None)
    if change is None:
        return True
    section = next((s for s in report.sections if s["key"] == change.section), None)
    if section is None or not change.old or not change.new or change.old not in section["text"]:
        return False
    sections = [
        {**s, "text": s["text"].replace(change.old, change.new, 1)} if s is section else s for s in report.sections
    ]
    figures = {**report.figures, key: {**report.figures[key], "phrase": change.new}}
    _save(report, version, actor, sections=sections, figures=figures)
    return True


@transaction.atomic
def report_section_recompile(*, report: PreparationReport, section: str, version: int, actor) -> PreparationReport:
    """Write one section anew from today's records (the office's wording of it is replaced)."""
    ensure_editable(report.meeting)
    fresh, quoted = report_sections(preparation_figures(report.meeting))
    new = next((s for s in fresh if s["key"] == section), None)
    if new is None:
        return report
    sections = [new if s["key"] == section else s for s in report.sections]
    if not any(s["key"] == section for s in report.sections):
        # A section that was not there (last year's rectification): it goes last, before
        # the closing sentence, as the compiled draft would have it.
        sections.insert(len(sections) - 1 if sections and sections[-1]["key"] == "closing" else len(sections), new)
    figures = {k: v for k, v in report.figures.items() if v["section"] != section}
    figures.update({k: v for k, v in quoted.items() if v["section"] == section})
    return _save(report, version, actor, sections=sections, figures=figures)
