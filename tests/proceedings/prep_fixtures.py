"""A meeting of the team of seven whose preparation is done in part, for the preparation
report's tests: study (two group sessions and self-study), opinions sorted and fed back,
some talks confirmed, the materials at different stages."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from feedback.models import Channel, Opinion, OpinionRouting, OpinionState, Solicitation
from inspections.editing import outline_for_author, team_material_for
from inspections.models import Material, MaterialState
from meetings.plans import plan_create_default
from talks.models import TalkState

from ..study.conftest import make_material, make_self_study, make_session
from ..talks.conftest import make_talk


def add_opinion(meeting, text, *, channel=Channel.FORUM, aspect=None, members=(), team=False):
    solicitation, _ = Solicitation.objects.get_or_create(meeting=meeting, defaults={"token": f"prep-{meeting.pk}-token-abcdefgh"})
    opinion = Opinion.objects.create(
        solicitation=solicitation, content=text, channel=channel, source="masses",
        received_on=date(2026, 10, 1), state=OpinionState.RELEASED, aspect=aspect,
    )
    if team:
        OpinionRouting.objects.create(opinion=opinion, member=None)
    for member in members:
        OpinionRouting.objects.create(opinion=opinion, member=member)
    return opinion


PLANNED_AT = datetime(2026, 12, 30, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture
def prepared(cast, team7, ready_meeting):
    meeting = ready_meeting
    people = team7.people
    secretary, member = people[0], people[1]
    charter = make_material(cast.gov)
    make_session(meeting, people, absent={people[6]: "出差"}, made_up=(people[6],), form="central_group",
                 materials=[charter], speeches={secretary: "坚定历史自信", member: "践行为民宗旨"})
    make_session(meeting, people, form="collective", topic="专题研讨")
    make_self_study(meeting, secretary)
    make_self_study(meeting, member)

    first, second = meeting.aspects.all()[:2]
    add_opinion(meeting, "建议多下基层调研。", aspect=first, team=True)
    add_opinion(meeting, "希望改进会风文风。", channel=Channel.FORM, aspect=second, members=[secretary])
    add_opinion(meeting, "督查工作要较真碰硬。", channel=Channel.FORM, aspect=second, members=[member, secretary])
    Solicitation.objects.filter(meeting=meeting).update(released_at="2026-10-10T10:00:00+08:00")

    for other in people[1:4]:
        make_talk(meeting, secretary, other)
    make_talk(meeting, member, people[2], state=TalkState.RECORDED)

    team = team_material_for(meeting=meeting)
    Material.objects.filter(pk=team.pk).update(state=MaterialState.APPROVED)
    for index, person in enumerate(people):
        outline = outline_for_author(meeting=meeting, person=person)
        state = MaterialState.APPROVED if index < 5 else MaterialState.UPPER_REVIEW
        Material.objects.filter(pk=outline.pk).update(state=state)

    plan = plan_create_default(meeting=meeting)
    plan.place = "县政府办四楼会议室"
    plan.starts_at = PLANNED_AT
    plan.save(update_fields=["place", "starts_at"])
    return meeting
