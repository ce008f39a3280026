"""Demo planned criticisms for `manage.py seed_demo`: the 县政府办党组 preparing its 相互批评.

Most members have planned theirs, a few with the texts the hints are there for (a hope, a
suggestion, praise); 李明 (the demo member) still has colleagues to plan, so "my work" and
the matrix's gaps have something to show.
"""

from meetings.builders import register_demo
from organizations.models import Person

from .planner_services import criticism_plan_add

# (giver, receiver, text)
PLANNED = [
    ("张建国", "王海涛", "对秘书二科年轻干部放手不够，今年的3份重要文稿都是亲自改到深夜，事必躬亲，带队伍的责任意识不强。"),
    ("张建国", "刘芳", "分管的政务信息工作今年上半年有2期专报被退回，审核把关“层层转手”，履职尽责不够到位。"),
    ("张建国", "陈志强", "政务服务中心“一窗通办”改革推进中，听汇报多、到窗口少，今年只去了1次，群众观点有所淡化。"),
    ("张建国", "周文华", "机关事务中心公务用车管理3月份出现1起私车公养苗头，发现后只口头提醒，没有立规矩，纪律意识偏松。"),
    ("张建国", "吴静", "挂职以来对县情调研不够深入，参加的6次专题会发言多停留在原则表态，担当精神需要增强。"),
    ("王海涛", "张建国", "主持党组会有时先定调子再讨论，大家不便充分发表意见，民主集中制执行得不够到位。"),
    ("王海涛", "刘芳", "希望刘芳同志在今后的工作中更加注重统筹，取得更大成绩。"),
    ("刘芳", "张建国", "对班子成员分管工作过问多、放手少，今年有2项督办事项直接批到科室，影响了成员的主动性和担当意识。"),
    ("刘芳", "王海涛", "建议王海涛同志今后多到基层调研，多听取群众意见。"),
    ("陈志强", "张建国", "张建国同志工作认真负责，以身作则，处处发挥表率作用，值得我们学习。"),
    ("陈志强", "李明", "督查工作存在“老好人”思想，今年有5件逾期事项没有及时通报，碍于情面不敢较真碰硬。"),
    ("周文华", "李明", "布置工作急于求成，9月份的专项督查3天内要求全部报结，科室疲于应付，作风不够务实。"),
    ("李明", "王海涛", "对秘书二科的办文流程改革推进偏慢，承诺的压缩时限至今没有落实，抓落实的韧劲不足。"),
]


@register_demo(order=65)
def planner_demo(context: dict) -> None:
    meeting = context["gov_meeting"]
    people = {p.name: p for p in Person.objects.filter(organization=context["gov"]).select_related("user")}
    for giver, receiver, text in PLANNED:
        actor = people[giver].user
        if actor is None:
            continue
        criticism_plan_add(meeting=meeting, receiver=people[receiver], text=text, actor=actor)
