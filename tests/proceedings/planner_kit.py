"""Small builders for the criticism planner's tests (kept out of the shared conftest)."""

from datetime import date

from proceedings.models import CriticismPlan
from talks.models import PlannedCriticism, Talk, TalkState, pair_key

GOOD = "你在调研中往往听汇报多、进村入户少，今年上半年到联系点只去了2次，反映出群众观点有所淡化。"
HOPE = "希望王委员在今后的工作中更加注重调查研究，取得更大成绩。"


def talk_criticism(meeting, critic, target, text=GOOD, *, state=TalkState.CONFIRMED):
    """A talk between critic and target in which the critic planned this criticism."""
    key = pair_key(critic.pk, target.pk)
    talk = Talk.objects.create(
        meeting=meeting, person_a_id=key[0], person_b_id=key[1], initiator=critic, state=state,
        talked_on=date(2026, 11, 20), place="党组会议室", recorded_by=critic,
    )
    return PlannedCriticism.objects.create(talk=talk, critic=critic, target=target, content=text)


def plan(meeting, giver, receiver, text=GOOD):
    return CriticismPlan.objects.create(meeting=meeting, giver=giver, receiver=receiver, text=text)
