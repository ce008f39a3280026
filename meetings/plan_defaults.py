"""Default content of a work plan, by meeting kind, taken from the seeds.

民主生活会: seed 000 (method and steps, five agenda items, division of duties).
组织生活会: seed 002 (方案8: four agenda items; 方案5/6: steps and deadlines).
"""

from .models import MeetingKind, MilestoneKind, StepPhase

# (phase, title, text, milestone)
DLM_STEPS = [
    (StepPhase.BEFORE, "结合实际制定方案", "按照相关文件精神，结合实际制定民主生活会工作方案，报上级纪委和组织部审批。", MilestoneKind.PLAN),
    (
        StepPhase.BEFORE,
        "深入开展学习研讨",
        "班子成员紧扣主题深入开展学习研讨，通过自学、中心组学习、集中学习等方式，"
        "原原本本学习规定的学习材料，打牢开好民主生活会的思想基础。",
        MilestoneKind.STUDY,
    ),
    (
        StepPhase.BEFORE,
        "广泛征求意见建议",
        "紧扣民主生活会主题，采取召开座谈会、发放征求意见表、个别访谈等方式，广泛听取党员、干部和群众的"
        "意见建议，并原汁原味向领导班子和党员领导干部本人反馈。",
        MilestoneKind.OPINIONS,
    ),
    (
        StepPhase.BEFORE,
        "深入开展谈心谈话",
        "主要负责同志同每个班子成员必谈，班子成员相互之间必谈，班子成员与分管部门主要负责同志之间必谈，"
        "班子成员与所在党支部党员代表必谈。谈心谈话要一对一、面对面，把自己摆进去、把职责摆进去、"
        "把工作摆进去。",
        MilestoneKind.TALKS,
    ),
    (
        StepPhase.BEFORE,
        "认真撰写发言材料",
        "在学习研讨、征求意见、谈心谈话的基础上，对照检查的各个方面，找准存在的突出问题，深入开展党性分析。"
        "主要负责同志亲自主持起草班子对照检查材料，班子成员自己动手撰写发言提纲，严禁他人代笔。",
        MilestoneKind.MATERIALS,
    ),
    (
        StepPhase.DURING,
        "申请召开会议",
        "民主生活会召开前，将准备工作情况报上级纪委和组织部，经同意后召开。",
        "",
    ),
    (
        StepPhase.DURING,
        "开展批评和自我批评",
        "自我批评内容要具体，剖析要透彻、抓住要害，整改措施要对着问题去，可操作、能落实。"
        "相互批评要坦诚相见、开门见山，不能以工作建议代替批评意见，不能搞“一团和气”。"
        "对批评意见要正确对待、虚心接受，有则改之，无则加勉。",
        MilestoneKind.MEETING,
    ),
    (
        StepPhase.AFTER,
        "建立整改清单",
        "针对查找出来的问题制定整改措施，形成领导班子和领导干部个人整改清单，明确整改目标、措施、时限、"
        "责任人，并在一定范围公开。坚持立行立改和持续用力相结合。",
        MilestoneKind.RECTIFICATION,
    ),
    (
        StepPhase.AFTER,
        "上报专项材料",
        "民主生活会召开后15天内，将会议召开情况在适当范围内通报，按规定向上级党组织报告，"
        "并将有关资料报上级纪委、组织部。",
        MilestoneKind.REPORT,
    ),
]

OLM_STEPS = [
    (StepPhase.BEFORE, "制定工作方案", "支部委员会研究制定组织生活会方案，提前10天报上级党组织审核。", MilestoneKind.PLAN),
    (
        StepPhase.BEFORE,
        "会前深入开展学习",
        "坚持自学为主、自学和集中学习研讨相结合，把学习贯穿始终，打牢开好组织生活会的思想基础。",
        MilestoneKind.STUDY,
    ),
    (
        StepPhase.BEFORE,
        "广泛征求意见",
        "通过个别访谈、召开座谈会、设置意见箱、发放征求意见表等方式，广泛听取党员群众的意见建议，"
        "如实向支部委员会、支委委员和党员反馈。",
        MilestoneKind.OPINIONS,
    ),
    (
        StepPhase.BEFORE,
        "广泛开展谈心谈话",
        "支部委员之间、支部委员和党员之间、党员和党员之间普遍开展谈心谈话，交流思想、交换意见。",
        MilestoneKind.TALKS,
    ),
    (
        StepPhase.BEFORE,
        "认真对表检视问题，撰写发言材料",
        "对照检查的各个方面逐条检查、逐项梳理，从思想、政治、作风、能力、廉政等方面剖析根源；"
        "支部书记主持起草支部委员会对照检查材料，党员自己动手撰写发言提纲，会前报上级党委审核。",
        MilestoneKind.MATERIALS,
    ),
    (
        StepPhase.DURING,
        "开展批评和自我批评",
        "自我批评要实事求是，相互批评要联系具体人具体事，直接点问题，不讲空话套话，不搞一团和气。",
        MilestoneKind.MEETING,
    ),
    (
        StepPhase.AFTER,
        "切实抓好问题整改",
        "会后形成支部委员会和党员个人整改方案，坚持“当下改”与“长久立”相结合，整改情况在一定范围内公开。",
        MilestoneKind.RECTIFICATION,
    ),
    (
        StepPhase.AFTER,
        "做好相关材料整理",
        "会后15天内形成召开情况报告，与支部和个人检视剖析材料一并报上级党组织并归档。",
        MilestoneKind.REPORT,
    ),
]

DLM_AGENDA = [
    "对上年度民主生活会整改落实情况和本次征求意见建议情况进行通报",
    "书记代表领导班子进行对照检查",
    "书记带头开展自我批评，随后班子成员对其开展批评；依次类推，班子成员逐一开展批评和自我批评",
    "到会指导的领导讲话",
    "书记代表领导班子作总结发言",
]

OLM_AGENDA = [
    "支部书记代表党支部进行检视剖析，全体党员对检视剖析进行讨论并发表意见建议",
    "支部党员逐一作检视剖析，开展批评与自我批评",
    "指导组作点评",
    "支部书记总结会议情况",
]

# (department name to match, task) — seed 000 五、职责分工
DLM_DUTIES = [
    ("综合科", "负责民主生活会、情况通报会的会议通知、会场布置、会场服务等会务筹备工作"),
    ("秘书一科", "负责起草书记的主持词暨总结讲话，收集书记个人发言提纲、谈心谈话记录表和拟会上批评意见"),
    ("秘书二科", "负责收集班子成员发言提纲、谈心谈话记录表和拟会上批评意见"),
    ("", "负责征求意见的组织、收集整理、梳理汇总并形成报告"),
    ("", "负责起草召开申请、工作方案、准备工作情况报告，在会议召开前报上级审批"),
    ("", "负责会议记录和整理，会后撰写召开情况报告，制定整改落实方案及整改清单"),
]

OLM_DUTIES = [
    ("", "负责会议通知、会场布置等会务工作"),
    ("", "负责征求意见的收集、梳理和反馈"),
    ("", "负责会议记录，会后形成召开情况报告并归档"),
]


def steps_for(kind: str):
    return DLM_STEPS if kind == MeetingKind.DEMOCRATIC_LIFE else OLM_STEPS


def agenda_for(kind: str):
    return DLM_AGENDA if kind == MeetingKind.DEMOCRATIC_LIFE else OLM_AGENDA


def duties_for(kind: str):
    return DLM_DUTIES if kind == MeetingKind.DEMOCRATIC_LIFE else OLM_DUTIES


def basis_for(meeting) -> str:
    kind = meeting.get_kind_display()
    org = meeting.organization.display_name
    return (
        f"根据上级关于开好{meeting.year}年度{kind}的通知要求，经{org}研究，决定召开{meeting.title}。"
        f"为严格程序、掌握标准、明确要求、把握节奏，确保开好一次高质量的{kind}，特制定本工作方案。"
    )
