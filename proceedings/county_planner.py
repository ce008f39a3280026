"""The planner's part of the measuring county (meetings.builders.register_county).

In every meeting with its phases under way, each member of the team plans criticisms of
colleagues: all of them where the talks are done, about half elsewhere; one text in six is
of the kinds the hints are for (a hope, a suggestion, praise), so the matrix pages are
measured with hints to compute, as in life.
"""

from meetings.builders import register_county
from meetings.county import participants, phase_finished, work_meetings
from meetings.models import Stage

from .models import CriticismPlan

GOOD = [
    "你在调研中往往听汇报多、进村入户少，今年上半年到联系点只去了2次，群众观点有所淡化。",
    "对分管工作重部署、轻落实，3月份专项检查发现的问题至今没有跟踪整改，责任意识不强。",
    "主持会议有时先定调子再讨论，大家不便充分发表意见，民主集中制执行得不够到位。",
    "去年牵头的2项整改任务至今没有销号，抓整改的韧劲不足。",
    "对年轻干部的思想动态关心不够，去年有2名干部提出调岗才找其谈话。",
]
WEAK = [
    "希望在今后的工作中更加注重调查研究，取得更大成绩。",
    "建议今后多深入基层调研，多听取群众意见。",
    "工作认真负责，以身作则，处处发挥表率作用，值得我们学习。",
]
# Planned before the meeting; a held meeting keeps what was planned for it.
STAGES = {Stage.PRE_MEETING, Stage.CONVENE_REQUESTED, Stage.CONVENE_APPROVED, Stage.HELD, Stage.HALTED}


@register_county(order=65)
def planner_county(county) -> None:
    rng = county.rng
    rows = []
    for meeting in work_meetings(county):
        if meeting.stage not in STAGES:
            continue
        people = participants(county, meeting)[:12]  # a branch plans among its committee and first members
        share = 1.0 if phase_finished(meeting, "talks") else 0.5
        for giver in people:
            for receiver in people:
                if giver.pk == receiver.pk or rng.random() > share:
                    continue
                text = rng.choice(WEAK) if rng.random() < 1 / 6 else rng.choice(GOOD)
                rows.append(CriticismPlan(meeting=meeting, giver=giver, receiver=receiver, text=text,
                                          created_by_id=giver.user_id))
    county.bulk(CriticismPlan, rows)
