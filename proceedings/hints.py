"""Quality hints on a planned criticism — hints, never blocks — for the one who plans it,
the office and the secretary, from the seeds' rules on 相互批评:

- 不能以工作建议代替批评意见 (000 §四(二)3, 001 §四, 003 §五): the text only suggests
  ("建议…", "今后要…") and names no problem;
- 以提希望代替点问题 (001 §四, 003 §五): the text only hopes ("希望…");
- 不能搞"一团和气"、当老好人 (000 §四(二)3), 避免评功摆好、只说好话 (001 §三(三)): the
  text only praises, including praise dressed as criticism ("工作太拼，不注意休息");
- 真点问题、点真问题，从具体问题表现入手 (001 §四, 003 §五): too short to name a problem,
  or a string of stock phrases with no concrete case (防止"左右一个样""上下一般粗");
- 不能以工作问题代替思想作风问题 (000), 点出在思想、政治、作风等方面的危害 (003): a
  problem of work items (projects, tasks, progress) with nothing on thought, politics or
  style;
- 不能以下级单位问题代替个人问题 (000): the problems of the departments one oversees,
  not of the person (neither "你" nor the person's name in it).

Hints err on the side of silence: a false hint on a sound criticism teaches members to
ignore them, so each pattern is narrow and the tests hold real criticisms that must pass.

The text is read sentence by sentence: a sentence names a problem, hopes, suggests or
praises. The first three hints fire only when no sentence names a problem — "建议…" after
a problem has been named is what a good criticism ends with. The hint objects are those of
`inspections.hints` (code, message, rule) so the pages share one template.
"""

import re

from inspections.content import count_chars
from inspections.hints import Hint, has_concrete_case, stock_phrase_counts

MIN_CHARS = 15  # fewer characters than this cannot say what the problem is and how it shows
GENERIC_MAX_CHARS = 30  # below this, one stock phrase without a case is all the text says
WORK_ONLY_MIN_CHARS = 20

_SENTENCES = re.compile(r"[^。！？；;!?\n]+")

# Praise dressed as criticism: the problem it names is working too hard.
_DISGUISED = re.compile(
    r"(?:工作)?(?:太|过于|过分)(?:拼|拼命|认真|投入|辛苦|劳累|操劳|较真)|对(?:自己|自身)要求(?:太|过于|过)严"
    r"|不(?:太)?(?:注意|注重|顾|顾及|爱惜)(?:自己的?)?(?:休息|身体|家庭|健康)|(?:注意|保重)身体|劳逸结合"
    r"|经常加班(?:加点)?|废寝忘食|夜以继日|以单位为家|舍小家顾大家"
)
# A sentence that names a problem: a fault, a lack, a wrong emphasis, a named -ism.
_PROBLEM = re.compile(
    r"问题|不足|缺点|毛病|短板|弱项|差距|偏差|失误|错误|教训|倾向|苗头"
    r"|存在|缺乏|缺少|欠缺|忽视|忽略|轻视|放松|松懈|懈怠|淡化|弱化|虚化|满足于|习惯于|热衷于|停留在"
    r"|不够|不深|不细|不实|不严|不力|不高|不强|不多|不到位|不及时|不主动|不敢|不愿|不善于|不注重|不重视|不经常|不充分|不彻底"
    r"|没有|未能|很少|较少|偏少|偏重|偏多|过多|只重|只顾|只讲|重[^，,。]{1,8}轻|多[、，,][^，,。]{1,10}少"
    r"|形式主义|官僚主义|享乐主义|奢靡|好人主义|本位主义|推诿|扯皮|敷衍|应付|拖延|走过场|走马观花|蜻蜓点水|浮在面上"
    r"|一般化|简单化|把关不严|不担当|不作为|慢作为|乱作为|打折扣|搞变通|被动|滞后|迟缓|随意"
)
_HOPE = re.compile(r"希望|期望|期待|盼望|寄望|祝愿|相信您|相信你")
_SUGGESTION = re.compile(
    r"建议|提议|^(?:[^，,]{0,10}[，,])?(?:今后|下一步|以后|下步|还要|要|应当|应该|应|可以|可|最好|务必|继续|进一步|再|多|少)"
)
_PRAISE = re.compile(
    r"认真负责|认真|负责|勤勉|敬业|兢兢业业|任劳任怨|踏实|扎实|务实|严谨|细致|表率|榜样|以身作则|雷厉风行"
    r"|成绩|成效|突出|出色|优秀|很好|较好|良好|值得(?:我|我们|大家)?学习|好评|肯定|担当|能力强|水平高|经验丰富"
    r"|思路清晰|廉洁自律|严于律己|威信|魄力|热情|有力|到位|赞"
)
# Words that carry the thought, politics or style a problem reveals (点出危害).
_THOUGHT = re.compile(
    r"思想|政治|作风|党性|宗旨|群众|担当|纪律|规矩|廉洁|廉政|初心|使命|意识|观念|精神|态度|责任|理论"
    r"|学习|主义|享乐|奢靡|原则|立场|大局|本领|能力|作为|忧患|进取|斗争|自律|官僚|形式|民主|集中|一言堂|家长|韧劲|干劲|劲头|状态"
)
# Work items: a criticism about them with nothing on thought or style is a work problem.
_WORK = re.compile(r"项目|任务|指标|进度|工程|开工|完工|推进|完成率|考核|排名|招商|签约|资金|预算|数据|报表")
# The units one oversees, not how one oversees them ("对分管工作过问多、放手少" is personal).
_SUBORDINATE = re.compile(r"分管(?:的)?(?:部门|单位|科室)|下属单位|下级单位|所属单位|基层单位")
_PERSONAL = re.compile(r"你|您|本人|自己|自身|个人")


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCES.findall(text or "") if s.strip()]


def sentence_kind(sentence: str) -> str:
    """"problem", "hope", "suggestion", "praise" or "other" — what the sentence does.

    Praise dressed as criticism is taken out before looking for a problem: "不注意休息"
    names no fault. A sentence that names a problem counts as one even when it hopes or
    suggests as well ("希望你改掉开会迟到的毛病").
    """
    plain = _DISGUISED.sub("", sentence)
    if _PROBLEM.search(plain):
        return "problem"
    if _HOPE.search(plain):
        return "hope"
    if _SUGGESTION.search(plain):
        return "suggestion"
    if _PRAISE.search(sentence) or plain != sentence:
        return "praise"
    return "other"


def criticism_hints(text: str, *, receiver_name: str = "") -> list[Hint]:
    """Every hint on one planned criticism (see the module's docstring); [] when none."""
    text = (text or "").strip()
    if not text:
        return []
    kinds = [sentence_kind(s) for s in sentences(text)]
    named = "problem" in kinds
    chars = count_chars(text)
    hints = []
    if not named:
        if _DISGUISED.search(text):
            hints.append(Hint(
                "disguised_praise", "",
                "“工作太拼”“不注意休息”一类的话是表扬，不是批评：请指出对方实实在在的问题。",
                "不能搞“一团和气”、当老好人",
            ))
        elif "praise" in kinds:
            hints.append(Hint(
                "only_praise", "", "只有肯定和表扬，没有指出问题。", "避免评功摆好、只说好话，不能搞“一团和气”",
            ))
        if "suggestion" in kinds:
            hints.append(Hint(
                "only_suggestion", "", "只提了工作建议，没有点出问题。", "不能以工作建议代替批评意见",
            ))
        if "hope" in kinds:
            hints.append(Hint("only_hope", "", "只提了希望，没有点出问题。", "不能以提希望代替点问题"))
    if chars < MIN_CHARS:
        hints.append(Hint(
            "too_short", "", f"只有{chars}个字，说不清是什么问题、有哪些具体表现。",
            "真点问题、点真问题，从具体问题表现入手",
        ))
    elif named and not has_concrete_case(text):
        stock = stock_phrase_counts(text)
        total = sum(stock.values())
        if total >= 2 or (total and chars < GENERIC_MAX_CHARS):
            listed = "、".join(f"“{p}”" for p in stock)
            hints.append(Hint(
                "generic", "", f"泛泛而谈：用了{listed}，没有具体事例。请写出在哪件事、什么时候、有什么表现。",
                "联系思想和工作具体事例，防止“左右一个样”“上下一般粗”",
            ))
    if named and chars >= WORK_ONLY_MIN_CHARS and _WORK.search(text) and not _THOUGHT.search(text):
        hints.append(Hint(
            "work_only", "", "只谈了工作上的问题，没有点出在思想、政治、作风等方面的根源和危害。",
            "不能以工作问题代替思想作风问题",
        ))
    if _SUBORDINATE.search(text) and not _PERSONAL.search(text) and not (receiver_name and _names(text, receiver_name)):
        hints.append(Hint(
            "about_subordinates", "", "说的是分管部门、下级单位的问题，没有落到本人身上。",
            "不能以下级单位问题代替个人问题",
        ))
    return hints


def _names(text: str, name: str) -> bool:
    """The text addresses the person: their full name, or surname + a title (李委员, 张书记)."""
    return name in text or bool(re.search(re.escape(name[:1]) + r"(?:书记|副书记|委员|部长|主任|局长|同志|组长)", text))
