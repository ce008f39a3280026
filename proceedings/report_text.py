"""The wording of the situation report (召开情况报告) and the notice (通报).

The sentences follow the seeds: the preparation reports of seed 004 (numbered sections
一、二、… with the figures inside the sentences, "一是…二是…"), the meeting's rules of
seed 000 §四(二)(三) and seed 003 §五 §六, and seed 002 (absent members' criticisms are
passed on to them). Everything here is plain text built from `ReportFacts`, so the
wording is tested without a database and the facts come from one place (report_facts).
"""

from dataclasses import dataclass, field
from datetime import date

from meetings.dates import day_text

from .models import SectionKey

CN_NUMBERS = "一二三四五六七八九十"
ORDINALS = ["一是", "二是", "三是", "四是", "五是", "六是", "七是", "八是", "九是", "十是"]


def cn_number(n: int) -> str:
    """1 → 一, 12 → 十二 (sections and agenda items never reach a hundred)."""
    if n <= 10:
        return CN_NUMBERS[n - 1]
    tens, ones = divmod(n, 10)
    return f"{CN_NUMBERS[tens - 1] if tens > 1 else ''}十{CN_NUMBERS[ones - 1] if ones else ''}"


def count_word(n: int) -> str:
    """How many, in words: 两个方面, 四项议程 (二 numbers, 两 counts)."""
    return "两" if n == 2 else cn_number(n)


@dataclass(frozen=True)
class Leave:
    name: str
    reason: str = ""
    read_by: str = ""  # who read their written material at the meeting


@dataclass(frozen=True)
class Attendance:
    expected: int  # 应到
    present: int  # 实到
    leave: list[Leave] = field(default_factory=list)  # 请假
    observers: list[str] = field(default_factory=list)  # 列席
    guides: list[str] = field(default_factory=list)  # 到会指导


@dataclass(frozen=True)
class PersonCriticism:
    name: str
    given: int
    received: int
    self_criticised: bool = True
    absent: bool = False


@dataclass(frozen=True)
class Comment:
    name: str
    text: str


@dataclass(frozen=True)
class AspectProblems:
    aspect: str
    team: list[str]  # the team's problems under this aspect (their titles)
    personal: int  # how many the members found under it in their own outlines


@dataclass(frozen=True)
class ReportFacts:
    organization: str  # 中共XX县人民政府办公室党组
    short_name: str  # 县政府办党组
    team: str  # 县政府办党组班子
    member_word: str  # 党组成员 / 支部委员 / 党员
    meeting_title: str
    occasion: str  # 2026年度民主生活会
    theme: str
    held_on: date
    place: str
    chair: str
    secretary: str
    attendance: Attendance
    agenda: list[str]
    criticisms: list[PersonCriticism]
    comments: list[Comment]
    problems: list[AspectProblems]
    preparation: list[str]  # one sentence per step: study, opinions, talks, materials, last year
    carried_over: int = 0  # last year's rectification items still open
    duration_minutes: int | None = None
    addressee: str = ""


def _names(names: list[str]) -> str:
    return "、".join(f"{n}同志" for n in names)


def opening(f: ReportFacts) -> str:
    theme = f"，紧扣“{f.theme.strip().rstrip('。')}”这一主题" if f.theme.strip() else ""
    return (
        f"按照上级关于开好{f.occasion}的有关要求，{f.team}于{day_text(f.held_on)}召开了{f.meeting_title}"
        f"{theme}，严肃认真开展批评和自我批评。现将会议召开情况报告如下："
    )


def preparation(f: ReportFacts) -> str:
    lead = f"会前，{f.team}坚持时间服从质量，做实做细各项准备工作。"
    if not f.preparation:
        return lead + "学习研讨、征求意见、谈心谈话、撰写材料等环节均已按要求完成。"
    steps = "".join(f"{ORDINALS[i]}{s.rstrip('。；;')}；" for i, s in enumerate(f.preparation[: len(ORDINALS)]))
    return lead + steps[:-1] + "。"


def proceedings(f: ReportFacts) -> str:
    a = f.attendance
    parts = [f"{day_text(f.held_on)}，{f.team}在{f.place or '会议室'}召开{f.meeting_title}，会议由{f.chair}同志主持。"]
    if a.expected:
        count = f"会议应到{a.expected}人，实到{a.present}人"
        if a.leave:
            reasons = "；".join(f"{x.name}同志{('因' + x.reason.rstrip('。')) if x.reason else ''}请假" for x in a.leave)
            count += f"，请假{len(a.leave)}人（{reasons}）"
        parts.append(count + "。")
    if a.observers:
        parts.append(f"{_names(a.observers)}列席会议。")
    if a.guides:
        parts.append(f"{_names(a.guides)}到会指导。")
    if f.agenda:
        items = "；".join(f"{cn_number(i)}是{text.rstrip('。；;')}" for i, text in enumerate(f.agenda, start=1))
        parts.append(f"会议共{count_word(len(f.agenda))}项议程：{items}。")
    if f.duration_minutes:
        hours, minutes = divmod(f.duration_minutes, 60)
        span = (f"{hours}小时" if hours else "") + (f"{minutes}分钟" if minutes else "")
        parts.append(f"会议历时{span}。")
    return "".join(parts)


def criticism(f: ReportFacts) -> str:
    if not f.criticisms:
        return "会议记录尚未录入批评和自我批评情况。"
    total = sum(p.received for p in f.criticisms)
    selves = sum(1 for p in f.criticisms if p.self_criticised)
    parts = [
        f"{f.secretary}同志代表{f.team}作对照检查，并带头开展自我批评，随后{f.member_word}逐一对其开展批评；"
        f"依次类推，{f.member_word}逐一开展自我批评和相互批评。"
        f"会上共作自我批评{selves}人次，相互提出批评意见{total}条。"
    ]
    everyone = all(p.given > 0 and p.received > 0 for p in f.criticisms if not p.absent)
    if everyone:
        parts.append("每位同志既提出批评、又接受批评，做到了红脸出汗、直击问题。")
    lines = "；".join(
        f"{p.name}同志请假、收到批评意见{p.received}条" if p.absent
        else f"{p.name}同志提出批评意见{p.given}条、收到批评意见{p.received}条"
        for p in f.criticisms
    )
    parts.append(f"其中，{lines}。")
    for leave in f.attendance.leave:
        read = f"其书面发言材料由{leave.read_by}同志代为宣读，" if leave.read_by else ""
        parts.append(f"{leave.name}同志请假未参会，{read}会上对其提出的批评意见已于会后转告本人。")
    return "".join(parts)


def supervision(f: ReportFacts) -> str:
    guides = _names(f.attendance.guides)
    if not f.comments:
        if guides:
            return f"{guides}到会指导。会议记录中尚未录入上级的点评意见。"
        return "会议记录中尚未录入上级的点评意见。"
    said = "".join(f"{c.name}同志指出：{c.text.strip().rstrip('。')}。" for c in f.comments)
    speakers = guides or _names(list(dict.fromkeys(c.name for c in f.comments)))
    return f"会议结束前，{speakers}对会议召开情况进行了点评。{said}{f.team}表示将认真抓好落实。"


def problems(f: ReportFacts) -> str:
    team_total = sum(len(p.team) for p in f.problems)
    personal_total = sum(p.personal for p in f.problems)
    criticisms = sum(p.received for p in f.criticisms)
    head = (
        f"对照{count_word(len(f.problems)) if f.problems else ''}{'个方面' if f.problems else '会议确定的方面'}，"
        f"班子共查摆问题{team_total}个，{f.member_word}个人共查摆问题{personal_total}个，"
        f"会上相互提出批评意见{criticisms}条。"
    )
    lines = []
    for i, p in enumerate(f.problems, start=1):
        found = "；".join(t.rstrip("。；;") for t in p.team) if p.team else "班子未单列问题"
        lines.append(f"（{cn_number(i)}）在{p.aspect}方面：{found}；{f.member_word}个人查摆问题{p.personal}个。")
    return head + "\n".join([""] + lines if lines else [])


def next_steps(f: ReportFacts) -> str:
    carried = (
        f"同时，一揽子推进上一年度{f.occasion.split('年度', 1)[-1]}尚未完成的{f.carried_over}项整改问题，清理“旧账”、解决“新账”。"
        if f.carried_over
        else ""
    )
    return (
        f"会后，{f.team}将针对会前征求的意见建议、会上查摆的问题和相互批评意见，制定班子和个人整改清单，"
        "明确整改目标、措施、时限和责任人，并在一定范围内公开；"
        "坚持立行立改和持续用力相结合，能够当下改的抓紧整改到位，一时解决不了的明确阶段目标、持续用力整改；"
        f"将会议召开情况在适当范围内通报，自觉接受党员群众监督。{carried}"
    )


WRITERS = {
    SectionKey.OPENING: opening,
    SectionKey.PREPARATION: preparation,
    SectionKey.PROCEEDINGS: proceedings,
    SectionKey.CRITICISM: criticism,
    SectionKey.SUPERVISION: supervision,
    SectionKey.PROBLEMS: problems,
    SectionKey.NEXT_STEPS: next_steps,
}


def compile_sections(facts: ReportFacts) -> dict[str, str]:
    """Every section's text, by key, in print order."""
    return {key: WRITERS[key](facts) for key in SectionKey.values}


def numbered_heading(key: str) -> str:
    """"一、会前准备情况"; the opening has none."""
    if key == SectionKey.OPENING:
        return ""
    index = SectionKey.values.index(key)  # the opening is 0
    return f"{cn_number(index)}、{SectionKey(key).label}"
