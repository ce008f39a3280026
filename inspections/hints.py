"""Quality hints on a material — hints, never blocks — for its writer while writing and
its reviewers while reviewing.

Each hint names the seed rule it serves:
- 见人见事见思想 (001 §三(四)): an aspect with no problem; a problem with no concrete case;
- 五个防止 (001 §二, 002): a personal outline that speaks of "我们"/"班子" instead of "我"
  (以班子问题代替个人问题); root causes with nothing on thought and politics (以工作业务问题
  代替思想政治问题); text repeating one's own earlier outline (以曾经查找但尚未解决的问题代替
  新发现的问题);
- 不讲空话套话 (002): stock phrases that say nothing, above a density;
- 对意见要明确作出回应 (002 #4 5(2)): routed opinions left unanswered;
- 杜绝他人代笔、照抄照搬 (002 #4 5(3)): passages shared with another member's outline.

A hint depends only on texts its viewer may read (selectors.similarity_sources): the
reviewers compare the outlines side by side; a writer is never told how much of their
text matches a colleague's, which would let them read it back guess by guess.
"""

import re
from dataclasses import dataclass, field

from .content import count_chars, paragraphs
from .models import Material, MaterialKind
from .similarity import Match, Passage, similar_passages

STOCK_PHRASES = [
    "有待加强", "有待提高", "有待进一步", "不够深入", "不够到位", "不够扎实", "不够全面", "不够系统",
    "不够严格", "不够及时", "不够有力", "还有差距", "存在差距", "有一定差距", "有所放松", "有所欠缺",
    "有所松懈", "有所弱化", "重视不够", "力度不够", "仍需加强", "还需加强", "还需进一步", "进一步加强",
    "进一步提高", "不同程度", "一定程度上", "还不够", "不到位",
]
STOCK_MIN_COUNT = 3
STOCK_PER_THOUSAND = 4.0  # occurrences per 1,000 characters that make the text "say nothing"

# A concrete case: a number, a date, a named document or event, or an example.
_CASE = re.compile(
    r"\d|[零一二两三四五六七八九十百千万几数]+\s*(?:次|个|项|件|天|人|名|家|户|篇|份|场|期|条|元|批|轮|起|处|所|村|镇|周|季度|小时)"
    r"|(?:今年|去年|前年|上半年|下半年|年初|年底|年末|年中|春节|国庆|汛期|一季度|二季度|三季度|四季度)"
    r"|[《“][^》”]{2,}[》”]|例如|比如|譬如|有一次|典型的是|典型事例|典型案例"
)
_ME = re.compile(r"我(?!们)")
_WE = re.compile(r"我们|班子(?!成员)|党组(?!成员|书记)")


@dataclass
class Hint:
    code: str
    section: str  # the section key it points at ("" for the whole material)
    message: str
    rule: str = ""
    matches: list[Match] = field(default_factory=list)


def has_concrete_case(text: str) -> bool:
    return bool(_CASE.search(text or ""))


_STOCK = re.compile("|".join(sorted(STOCK_PHRASES, key=len, reverse=True)))


def stock_phrase_counts(text: str) -> dict[str, int]:
    """Occurrences of each stock phrase; overlapping ones ("还需进一步加强") count once."""
    counts: dict[str, int] = {}
    for found in _STOCK.finditer(text or ""):
        counts[found.group()] = counts.get(found.group(), 0) + 1
    return counts


def authored_passages(content: dict) -> list[Passage]:
    """The paragraphs the writer wrote (not the opinions they quote), by section."""
    out = [Passage("preface", "前言", p) for p in paragraphs(content["preface"])]
    out += [Passage("last_year", "上年度整改措施落实情况", p) for p in paragraphs(content["last_year"]["text"])]
    for aspect in content["aspects"]:
        for problem in aspect["problems"]:
            out += [Passage(aspect["key"], aspect["title"], p) for p in [problem["title"], *paragraphs(problem["details"])] if p]
    for cause in content["causes"]:
        out += [Passage(cause["key"], f"原因剖析·{cause['title']}", p) for p in paragraphs(cause["text"])]
    out += [Passage("measures", "整改措施", p) for m in content["measures"] for p in paragraphs(m["content"])]
    out += [Passage("answers", "对征求意见的回应", p) for a in content["answers"] for p in paragraphs(a["answer"])]
    return out


def structure_hints(content: dict) -> list[Hint]:
    """Hints from the text alone, without comparing it with others."""
    hints = []
    personal = content["kind"] == MaterialKind.PERSONAL
    for aspect in content["aspects"]:
        problems = [p for p in aspect["problems"] if (p["title"] + p["details"]).strip()]
        if not problems and aspect["key"] != "aspect-none":
            hints.append(Hint("empty_aspect", aspect["key"], f"“{aspect['title']}”方面还没有查摆问题。", "对照每个方面逐条查找"))
        for number, problem in enumerate(problems, start=1):
            if not has_concrete_case(problem["details"]):
                name = problem["title"] or f"第{number}个问题"
                hints.append(Hint(
                    "no_case", aspect["key"],
                    f"问题“{name}”没有具体事例：未见时间、数字或具体的事件、文件。",
                    "见人见事见思想，列举具体表现和典型事例",
                ))
    if personal:
        hints += _voice_hints(content)
    hints += _stock_hints(content)
    causes = {c["key"]: c for c in content["causes"]}
    if not any(c["text"].strip() for c in content["causes"]):
        hints.append(Hint("no_causes", "cause_thought", "还没有进行原因剖析（党性分析）。", "写清问题产生的原因"))
    elif not (causes["cause_thought"]["text"].strip() or causes["cause_political"]["text"].strip()):
        hints.append(Hint(
            "causes_not_political", "cause_thought", "原因剖析中思想、政治方面都还空着。",
            "防止以工作业务问题代替思想政治问题",
        ))
    measures = [m for m in content["measures"] if m["content"].strip()]
    if not measures:
        hints.append(Hint("no_measures", "measures", "还没有提出整改措施。", "写清整改措施，明确努力方向"))
    undated = [m for m in measures if not m["deadline"] and m["term"] != "长期坚持"]
    if undated:
        hints.append(Hint("measure_no_deadline", "measures", f"{len(undated)}条整改措施没有完成时限。", "整改措施要明确时限"))
    unanswered = [a for a in content["answers"] if not (a["answer"].strip() or a["problem"])]
    if unanswered:
        whose = "反映班子" if not personal else "反映您本人"
        hints.append(Hint(
            "unanswered", "answers", f"{whose}的意见建议还有{len(unanswered)}条未回应（共{len(content['answers'])}条）。",
            "对群众和服务对象提出的意见要明确作出回应",
        ))
    return hints


def _section_texts(content: dict) -> list[tuple[str, str, str]]:
    texts = [("preface", "前言", content["preface"])]
    for aspect in content["aspects"]:
        texts.append((aspect["key"], aspect["title"], "\n".join(p["title"] + "\n" + p["details"] for p in aspect["problems"])))
    texts += [(c["key"], f"原因剖析·{c['title']}", c["text"]) for c in content["causes"]]
    texts.append(("measures", "整改措施", "\n".join(m["content"] for m in content["measures"])))
    return texts


def _voice_hints(content: dict) -> list[Hint]:
    hints = []
    for key, title, text in _section_texts(content):
        we, me = len(_WE.findall(text)), len(_ME.findall(text))
        if we >= 2 and we > me:
            hints.append(Hint(
                "collective_voice", key,
                f"“{title}”中“我们”“班子”出现{we}次，“我”只出现{me}次：个人发言提纲要以“我”来写，把自己摆进去。",
                "防止以班子问题代替个人问题",
            ))
    return hints


def _stock_hints(content: dict) -> list[Hint]:
    text = "\n".join(t for _, _, t in _section_texts(content)) + "\n" + content["last_year"]["text"]
    counts = stock_phrase_counts(text)
    total, chars = sum(counts.values()), count_chars(text)
    if total < STOCK_MIN_COUNT or not chars or total * 1000 / chars < STOCK_PER_THOUSAND:
        return []
    listed = "、".join(f"“{p}”{n}次" for p, n in sorted(counts.items(), key=lambda kv: -kv[1]))
    return [Hint(
        "stock_phrases", "",
        f"套话偏多：{listed}，约每千字{total * 1000 / chars:.0f}处。请用具体的事和数字说明差距在哪里。",
        "不讲空话套话",
    )]


SIMILARITY_RULES = {
    "earlier": ("similar_earlier", "防止以曾经查找但尚未解决的问题代替新发现的问题"),
    "peer": ("similar_peer", "严禁他人代笔、照抄照搬"),
    "team": ("similar_team", "防止以班子问题代替个人问题"),
}


def similarity_hints(content: dict, sources, quotes: list[str]) -> list[Hint]:
    matches = similar_passages(authored_passages(content), sources, quotes=quotes)
    hints = []
    for kind in ("earlier", "peer", "team"):
        found = _one_per_passage([m for m in matches if m.source.kind == kind])
        if not found:
            continue
        code, rule = SIMILARITY_RULES[kind]
        labels = list(dict.fromkeys(m.source.label for m in found))
        shared = sum(m.shared for m in found)
        hints.append(Hint(
            code, found[0].mine.section,
            f"有{len(found)}段文字与{'、'.join(labels)}相似（共{shared}字相同）。",
            rule, matches=found,
        ))
    return hints


def _one_per_passage(matches: list[Match]) -> list[Match]:
    """A paragraph found in several texts is shown once, with the strongest match, and
    counts the others (a boilerplate opening shared by a whole team is one hint, not six)."""
    best: dict[tuple[str, str], Match] = {}
    for match in matches:
        key = (match.mine.section, match.mine.text)
        if key not in best:
            best[key] = match
        else:
            best[key].also += 1
    return list(best.values())


def material_hints(material: Material, content: dict, *, user=None) -> list[Hint]:
    """Every hint for this material as the viewer (`user`) may see it."""
    from .selectors import similarity_sources

    sources, quotes = similarity_sources(material, user=user)
    return structure_hints(content) + similarity_hints(content, sources, quotes)


def hints_summary(material: Material, content: dict, *, user=None) -> list[dict]:
    """What is frozen with a version: the hints' codes and messages as the one who
    submits it (`user`) was shown them — from texts they may read, nothing else."""
    return [
        {"code": h.code, "section": h.section, "message": h.message}
        for h in material_hints(material, content, user=user)
    ]
