"""The editor page as groups of blocks: what each block shows, where it saves, and — after
a refused save — the text someone else saved, shown beside the writer's own."""

from dataclasses import dataclass, field

from django.urls import reverse
from django.utils import timezone

from .carryover import carryover_items
from .content import cn_number, count_chars, date_label, opinion_texts, routed_opinions
from .forms import AnswerForm, MeasureForm, ProblemForm, SectionForm
from .models import Material, MaterialSection, Measure, Problem, SectionKey


@dataclass
class Conflict:
    message: str
    version: int
    theirs: list[tuple[str, str]]  # (label, text) as the other saved it
    fields: dict[str, str]  # input name -> value, for the editor script


@dataclass
class Block:
    kind: str  # section / problem / measure / answer
    dom_id: str
    form: object
    save_url: str
    version: int
    chars: int = 0
    delete_url: str = ""
    conflict: Conflict | None = None
    opinion: list[str] = field(default_factory=list)  # answers: the opinion, verbatim
    opinion_aspect: str = ""
    number: int = 0


@dataclass
class Group:
    key: str
    title: str
    blocks: list[Block]
    description: str = ""
    add_url: str = ""
    add_label: str = ""
    add_value: str = ""  # the aspect a new problem goes under
    items: list = field(default_factory=list)  # last year's rectification items
    comments: list = field(default_factory=list)

    @property
    def chars(self) -> int:
        return sum(b.chars for b in self.blocks)


def _url(name, material, *args):
    return reverse(f"inspections:{name}", args=[material.pk, *args])


def section_block(material, section: MaterialSection, data=None) -> Block:
    form = SectionForm(data, key=section.key, initial={"text": section.text, "version": section.version})
    return Block("section", f"section-{section.key}", form, _url("section_save", material, section.key),
                 section.version, count_chars(section.text))


def problem_block(material, problem, aspects, data=None, number=0) -> Block:
    form = ProblemForm(data, problem_id=problem.pk, aspects=aspects, initial={
        "title": problem.title, "details": problem.details, "aspect": problem.aspect_id, "version": problem.version,
    })
    return Block("problem", f"problem-{problem.pk}", form, _url("problem_save", material, problem.pk), problem.version,
                 count_chars(problem.title) + count_chars(problem.details),
                 delete_url=_url("problem_delete", material, problem.pk), number=number)


def measure_block(material, measure, problems, data=None, number=0) -> Block:
    form = MeasureForm(data, measure_id=measure.pk, problems=problems, initial={
        "content": measure.content, "term": measure.term, "deadline": measure.deadline,
        "problem": measure.problem_id, "version": measure.version,
    })
    return Block("measure", f"measure-{measure.pk}", form, _url("measure_save", material, measure.pk), measure.version,
                 count_chars(measure.content), delete_url=_url("measure_delete", material, measure.pk), number=number)


def answer_block(material, routing, answer, problems, data=None, number=0) -> Block:
    version = answer.version if answer else 0
    form = AnswerForm(data, routing_id=routing.pk, problems=problems, initial={
        "text": answer.text if answer else "", "problem": answer.problem_id if answer else None, "version": version,
    })
    opinion = routing.opinion
    return Block("answer", f"answer-{routing.pk}", form, _url("answer_save", material, routing.pk), version,
                 count_chars(answer.text) if answer else 0, opinion=opinion_texts(routing),
                 opinion_aspect=opinion.aspect.title if opinion.aspect else "其他方面", number=number)


def editor_groups(material: Material, *, override: dict[str, Block] | None = None, comments=None) -> list[Group]:
    """Every group of the editor in reading order; `override` replaces blocks by dom id
    (a block re-shown with what was posted, its errors or its conflict); `comments`, the
    open review's, are shown in the group they were made on."""
    override = override or {}
    meeting = material.meeting
    sections = {s.key: s for s in material.sections.all()}
    aspects = list(meeting.aspects.all())
    problems = list(material.problems.all())
    comments = _open_comments(material) if comments is None else comments

    def pick(block):
        return override.get(block.dom_id, block)

    def section(key):
        row = sections.get(key) or MaterialSection(material=material, key=key, version=0)
        return pick(section_block(material, row))

    groups = [Group("preface", "前言", [section(SectionKey.PREFACE)])]
    person = None if material.is_team else material.author
    items = carryover_items(person, meeting)
    if items or sections.get(SectionKey.LAST_YEAR) and sections[SectionKey.LAST_YEAR].text.strip():
        groups.append(Group("last_year", SectionKey.LAST_YEAR.label, [section(SectionKey.LAST_YEAR)], items=items))
    for index, aspect in enumerate(aspects):
        mine = [p for p in problems if p.aspect_id == aspect.pk]
        groups.append(Group(
            f"aspect-{aspect.pk}", f"问题{cn_number(index)}：{aspect.title}",
            [pick(problem_block(material, p, aspects, number=n)) for n, p in enumerate(mine, start=1)],
            description=aspect.description, add_url=_url("problem_add", material), add_label="新增问题",
            add_value=str(aspect.pk),
        ))
    orphans = [p for p in problems if p.aspect_id is None]
    if orphans:
        groups.append(Group(
            "aspect-none", "未归类的问题",
            [pick(problem_block(material, p, aspects, number=n)) for n, p in enumerate(orphans, start=1)],
            description="会议的对照检查方面调整后，这些问题暂未归入任何方面，请在“所属方面”中重新选择。",
        ))
    groups.append(Group("causes", "原因剖析（党性分析）", [section(key) for key in SectionKey.causes()],
                        description="从思想、政治、作风、能力、廉政等方面深刻剖析问题产生的根源。"))
    measures = list(material.measures.all())
    groups.append(Group(
        "measures", "整改措施",
        [pick(measure_block(material, m, problems, number=n)) for n, m in enumerate(measures, start=1)],
        description="逐条写明措施和完成时限，会后将转为整改清单。",
        add_url=_url("measure_add", material), add_label="新增整改措施",
    ))
    routings = list(routed_opinions(material))
    if routings:
        answers = {a.routing_id: a for a in material.answers.all()}
        groups.append(Group(
            "answers", "对征求意见的回应",
            [pick(answer_block(material, r, answers.get(r.pk), problems, number=n)) for n, r in enumerate(routings, start=1)],
            description=("征求到的反映班子的意见建议，原文照录，须逐条回应。" if material.is_team
                         else "征求到的反映您本人的意见建议，原文照录（不显示提出人），须逐条回应。"),
        ))
    for group in groups:
        group.comments = [c for c in comments if c.section_key == group.key
                          or group.key == "causes" and c.section_key.startswith("cause_")]
    return groups


def _open_comments(material: Material) -> list:
    from .review import open_review

    review = open_review(material)
    return review.comments if review else []


def conflict_for(exc, prefix: str) -> Conflict:
    """The refused block's conflict: what the other saved, as shown and as input values."""
    rows = _conflict_rows(exc.current, prefix)
    return Conflict(
        message=str(exc),
        version=exc.current.version,
        theirs=[(label, shown) for _, label, _, shown in rows],
        fields={name: raw for name, _, raw, _ in rows},
    )


def _conflict_rows(current, prefix: str) -> list[tuple[str, str, str, str]]:
    """(input name, label, input value, value as shown) of a saved block."""
    if isinstance(current, MaterialSection):
        return [(f"{prefix}-text", "内容", current.text, current.text)]
    if isinstance(current, Problem):
        return [
            (f"{prefix}-title", "问题", current.title, current.title),
            (f"{prefix}-details", "具体表现和典型事例", current.details, current.details),
            (f"{prefix}-aspect", "所属方面", str(current.aspect_id or ""),
             current.aspect.title if current.aspect else "（未归类）"),
        ]
    problem = (f"{prefix}-problem", "针对问题", str(current.problem_id or ""),
               current.problem.title if current.problem else "（未指定）")
    if isinstance(current, Measure):
        deadline = current.deadline.isoformat() if current.deadline else ""
        return [
            (f"{prefix}-content", "整改措施", current.content, current.content),
            (f"{prefix}-term", "整改类型", current.term, current.get_term_display()),
            (f"{prefix}-deadline", "完成时限", deadline, date_label(deadline) or "（未填）"),
            problem,
        ]
    return [problem, (f"{prefix}-text", "回应", current.text, current.text)]


def saved_label(block_row) -> str:
    return timezone.localtime(block_row.updated_at).strftime("%H:%M:%S")
