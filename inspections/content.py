"""A material as one structure of text: built from the editable blocks, frozen into each
version, shown, compared, checked by the quality hints and printed.

The structure follows the seeds' "写清问题、写清原因、写清措施" (001 §三(四)): a preface;
last year's rectification (when there is any); the problems under each aspect with their
concrete manifestations; the root causes; the measures as items; the answers to the
opinions routed to the author.
"""

import re
from dataclasses import dataclass

from django.db.models import F, Prefetch

from feedback.models import Opinion, OpinionRouting, OpinionState

from .carryover import carryover_items
from .models import CAUSE_PROMPTS, Material, MaterialKind, SectionKey

SCHEMA = 1
CN_NUMBERS = "一二三四五六七八九十"
_SPACE = re.compile(r"\s+")
_NUMBERED = re.compile(r"^\d+\.")


def cn_number(index: int) -> str:
    """0 → 一 … 9 → 十, 10 → 十一 … (enough for any list of aspects)."""
    n = index + 1
    if n <= 10:
        return CN_NUMBERS[n - 1]
    if n < 20:
        return "十" + CN_NUMBERS[n - 11]
    return str(n)


def count_chars(text: str) -> int:
    """字数 as an office counts it: every character but white space."""
    return len(_SPACE.sub("", text or ""))


def paragraphs(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def routed_opinions(material: Material):
    """The released opinions this material answers: those routed to its author, or for
    the team material those routed to the team (seed 002 #4 5(1)(2)). Only the words are
    ever read from them — never who sent them."""
    member = {"member__isnull": True} if material.is_team else {"member_id": material.author_id}
    return (
        OpinionRouting.objects.filter(
            opinion__solicitation__meeting_id=material.meeting_id,
            opinion__state=OpinionState.RELEASED,
            **member,
        )
        .select_related("opinion__aspect")
        .prefetch_related(
            Prefetch(
                "opinion__duplicates",
                queryset=Opinion.objects.order_by("received_on", "id").only("id", "content", "duplicate_of_id"),
            )
        )
        .order_by(F("opinion__aspect__order").asc(nulls_last=True), "opinion__received_on", "id")
    )


def opinion_texts(routing: OpinionRouting) -> list[str]:
    """The opinion verbatim, then each merged duplicate verbatim (原汁原味)."""
    opinion = routing.opinion
    return [opinion.content] + [d.content for d in opinion.duplicates.all()]


def _iso(day) -> str | None:
    return day.isoformat() if day else None


def material_content(material: Material) -> dict:
    """The material as it stands now, as plain data (what a submission freezes)."""
    meeting = material.meeting
    sections = {s.key: s.text for s in material.sections.all()}
    problems = list(material.problems.all())
    titles = {p.pk: p.title or "（未命名问题）" for p in problems}
    aspects = []
    for aspect in meeting.aspects.all():
        aspects.append(
            {
                "key": f"aspect-{aspect.pk}",
                "title": aspect.title,
                "problems": [_problem(p) for p in problems if p.aspect_id == aspect.pk],
            }
        )
    orphans = [_problem(p) for p in problems if p.aspect_id is None]
    if orphans:
        # The plan's aspects were changed after these were written: keep them in view.
        aspects.append({"key": "aspect-none", "title": "其他问题（原所属方面已调整）", "problems": orphans})
    answers = {a.routing_id: a for a in material.answers.all()}
    person = None if material.is_team else material.author
    return {
        "schema": SCHEMA,
        "kind": material.kind,
        "title": material.title,
        "owner": material.owner_label,
        "organization": meeting.organization.name,
        "preface": sections.get(SectionKey.PREFACE, ""),
        "last_year": {
            "items": [vars(item) for item in carryover_items(person, meeting)],
            "text": sections.get(SectionKey.LAST_YEAR, ""),
        },
        "aspects": aspects,
        "causes": [
            {"key": key.value, "title": key.label, "prompt": CAUSE_PROMPTS[key], "text": sections.get(key.value, "")}
            for key in SectionKey.causes()
        ],
        "measures": [
            {
                "content": m.content,
                "term": m.get_term_display(),
                "deadline": _iso(m.deadline),
                "problem": titles.get(m.problem_id, ""),
            }
            for m in material.measures.all()
        ],
        "answers": [
            {
                "opinion": opinion_texts(routing),
                "aspect": routing.opinion.aspect.title if routing.opinion.aspect else "其他方面",
                "answer": answers[routing.pk].text if routing.pk in answers else "",
                "problem": titles.get(answers[routing.pk].problem_id, "") if routing.pk in answers else "",
            }
            for routing in routed_opinions(material)
        ],
    }


def _problem(problem) -> dict:
    return {"title": problem.title, "details": problem.details}


# --- reading the structure --------------------------------------------------------------


@dataclass(frozen=True)
class ContentSection:
    """One part of a material as read, commented on and compared: a title and its lines."""

    key: str
    title: str
    lines: list[str]

    @property
    def chars(self) -> int:
        return sum(count_chars(line) for line in self.lines)

    @property
    def rows(self) -> list[tuple[bool, str]]:
        """(is a head, text): a numbered problem or opinion heads the lines that follow it."""
        heads = self.key.startswith("aspect-") or self.key == "answers"
        return [(heads and bool(_NUMBERED.match(line)), line) for line in self.lines]


def date_label(iso: str | None) -> str:
    if not iso:
        return ""
    year, month, day = (int(x) for x in iso.split("-"))
    return f"{year}年{month}月{day}日"


def measure_line(index: int, measure: dict) -> str:
    when = date_label(measure["deadline"])
    facts = "；".join(x for x in (measure["term"], f"完成时限：{when}" if when else "") if x)
    target = f"（针对：{measure['problem']}）" if measure.get("problem") else ""
    return f"{index}.{measure['content'].strip()}{target}" + (f"【{facts}】" if facts else "")


def answer_lines(index: int, answer: dict) -> list[str]:
    lines = [f"{index}.意见：“{text}”" for text in answer["opinion"][:1]]
    lines += [f"（同类意见）“{text}”" for text in answer["opinion"][1:]]
    if answer["problem"]:
        lines.append(f"已在“{answer['problem']}”问题中查摆。")
    lines += [f"回应：{p}" for p in paragraphs(answer["answer"])]
    if not answer["problem"] and not answer["answer"].strip():
        lines.append("（尚未回应）")
    return lines


def content_sections(content: dict) -> list[ContentSection]:
    """The material's parts in reading order; empty optional parts are left out."""
    sections = [ContentSection(SectionKey.PREFACE.value, "前言", paragraphs(content["preface"]))]
    last_year = content["last_year"]
    if last_year["items"] or last_year["text"].strip():
        items = [
            f"{i}.{item['title']}" + (f"（{item['status']}）" if item.get("status") else "")
            for i, item in enumerate(last_year["items"], start=1)
        ]
        sections.append(ContentSection(SectionKey.LAST_YEAR.value, SectionKey.LAST_YEAR.label, items + paragraphs(last_year["text"])))
    for index, aspect in enumerate(content["aspects"]):
        lines = []
        for number, problem in enumerate(aspect["problems"], start=1):
            lines.append(f"{number}.{problem['title'] or '（未命名问题）'}")
            lines += paragraphs(problem["details"])
        sections.append(ContentSection(aspect["key"], f"问题{cn_number(index)}：{aspect['title']}", lines))
    for cause in content["causes"]:
        sections.append(ContentSection(cause["key"], f"原因剖析·{cause['title']}", paragraphs(cause["text"])))
    sections.append(
        ContentSection(
            "measures",
            "整改措施",
            [measure_line(i, m) for i, m in enumerate(content["measures"], start=1)],
        )
    )
    if content["answers"]:
        lines = [line for i, a in enumerate(content["answers"], start=1) for line in answer_lines(i, a)]
        sections.append(ContentSection("answers", "对征求意见的回应", lines))
    return sections


def section_titles(content: dict) -> dict[str, str]:
    return {s.key: s.title for s in content_sections(content)}


def content_chars(content: dict) -> int:
    """Characters the author wrote (the opinions quoted in the answers are not theirs)."""
    total = count_chars(content["preface"]) + count_chars(content["last_year"]["text"])
    for aspect in content["aspects"]:
        total += sum(count_chars(p["title"]) + count_chars(p["details"]) for p in aspect["problems"])
    total += sum(count_chars(c["text"]) for c in content["causes"])
    total += sum(count_chars(m["content"]) for m in content["measures"])
    total += sum(count_chars(a["answer"]) for a in content["answers"])
    return total


def diff_lines(content: dict) -> list[tuple[str, list[str]]]:
    return [(s.title, s.lines) for s in content_sections(content)]


def is_empty(content: dict) -> bool:
    return content_chars(content) == 0


def kind_label(content: dict) -> str:
    return MaterialKind(content["kind"]).label
