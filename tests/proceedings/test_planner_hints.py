"""The planner's quality hints, on sentences like those members really write.

Each flagged case is one the seeds name (以工作建议代替批评意见, 以提希望代替点问题, 一团和气,
泛泛而谈, 以工作问题代替思想作风问题, 以下级单位问题代替个人问题); each unflagged one is a
criticism the seeds ask for: a named problem, a concrete case, its harm.
"""

import pytest

from proceedings.hints import criticism_hints, sentence_kind


def codes(text, **kwargs):
    return [h.code for h in criticism_hints(text, **kwargs)]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("建议李委员今后多深入基层调研，多听取群众意见。", ["only_suggestion"]),
        ("建议在抓落实上多下功夫，把各项工作做细做实。", ["only_suggestion"]),
        ("希望王委员在今后的工作中更加注重调查研究，取得更大成绩。", ["only_hope"]),
        ("张书记工作认真负责，以身作则，处处发挥表率作用，值得我们学习。", ["only_praise"]),
        ("刘委员工作太拼，经常加班加点，不注意休息，要注意身体。", ["disguised_praise"]),
        ("陈委员工作认真，成绩突出。希望继续保持。", ["only_praise", "only_hope"]),
        ("工作作风有待改进。", ["too_short"]),
        ("政治理论学习不够深入，工作作风不够扎实，群众观念有待进一步加强。", ["generic"]),
        ("你分管的重点项目推进缓慢，今年有3个项目没有按期开工，协调调度不及时。", ["work_only"]),
        ("分管部门存在推诿扯皮现象，办事效率不高，群众意见较大。", ["about_subordinates"]),
    ],
)
def test_a_criticism_that_names_no_real_problem_gets_its_hint(text, expected):
    assert codes(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "你在调研中往往听汇报多、进村入户少，今年上半年到联系点只去了2次，反映出群众观点有所淡化。",
        "李委员对分管领域意识形态工作重部署、轻落实，3月份专项检查发现问题后没有跟踪整改，"
        "说明管党治党责任意识不强。建议今后建立问题台账，逐项销号。",
        "张书记有时主持会议不给大家充分发言的机会，民主集中制执行得不够好，容易形成一言堂。",
        "你对年轻干部的思想动态关心不够，去年有2名干部提出调岗才找其谈话。希望今后多与年轻同志谈心。",
        # Real ones, as members wrote them in their talk records:
        "对班子成员分管工作过问多、放手少，影响了成员的主动性。",
        "对秘书二科年轻干部培养用力不足，事必躬亲。",
        "布置督查任务时限过紧，督查通报有时以督代办。",
        "主持党组会有时先定调子再讨论，大家不便充分发表意见，民主集中制执行得不够到位。",
        "分管的政务信息工作今年上半年有2期专报被退回，审核把关“层层转手”，履职尽责不够到位。",
    ],
)
def test_a_criticism_that_names_a_problem_with_its_case_gets_no_hint(text):
    assert codes(text, receiver_name="李委员") == []


def test_a_suggestion_after_the_problem_is_named_is_what_a_criticism_ends_with():
    text = "你去年牵头的2项整改任务至今没有销号，对整改的韧劲不足。建议你逐项列出时间表。"
    assert codes(text) == []
    assert [sentence_kind(s) for s in text.rstrip("。").split("。")] == ["problem", "suggestion"]


def test_a_hope_that_names_a_fault_counts_as_naming_it():
    assert sentence_kind("希望你改掉开会经常迟到的毛病") == "problem"


def test_praise_dressed_as_a_fault_is_not_a_problem():
    assert sentence_kind("对自己要求太严，不顾身体") == "praise"


def test_the_receivers_name_makes_a_departments_problem_personal():
    text = "王委员分管部门存在推诿扯皮现象，今年有5件群众来信超期办理。"
    assert "about_subordinates" in codes(text)
    assert "about_subordinates" not in codes(text, receiver_name="王委员")


def test_an_empty_text_has_no_hints():
    assert criticism_hints("   ") == []


def test_every_hint_names_the_rule_it_serves():
    for text in ["建议多调研。", "希望更好。", "工作认真负责，值得学习。", "分管部门推诿扯皮，效率不高，今年3次被通报。"]:
        for hint in criticism_hints(text):
            assert hint.rule and hint.message
