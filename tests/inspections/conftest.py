"""The materials' cast: the gov team of tests/conftest.py plus a second member.

- `member` (李委员) writes the outline under test; `member2` (王委员) is the colleague who
  must never see it; `secretary` reviews; `office` tracks; `supervisor` is the upper level;
  `outsider` sits in the neighbouring organisation.
"""

import pytest

from inspections.access import material_access
from inspections.editing import outline_for_author, problem_add, problem_save, section_save, team_material_for
from inspections.workflow import material_transition
from meetings.models import Meeting, Stage
from organizations.models import TeamPosition
from organizations.services import team_member_add

from ..factories import PersonFactory, UserFactory


@pytest.fixture
def member2(cast):
    person = PersonFactory(user=UserFactory(username="member2"), name="王委员", organization=cast.gov)
    team_member_add(person=person, organization=cast.gov, position=TeamPosition.MEMBER, rank=3)
    return person.user


@pytest.fixture
def meeting(cast, member2):
    from ..factories import MeetingFactory

    meeting = MeetingFactory(organization=cast.gov, title="2026年度县政府办党组民主生活会",
                             aspects=["带头加强政治建设", "带头坚守人民情怀"])
    Meeting.objects.filter(pk=meeting.pk).update(stage=Stage.PRE_MEETING)
    meeting.refresh_from_db()
    return meeting


def outline(meeting, user):
    return outline_for_author(meeting=meeting, person=user.person)


def write(material, user, *, preface="", problem=None, aspect=None):
    """Write a preface and one problem (title, details) as `user`."""
    if preface:
        section = material.sections.get(key="preface")
        section_save(material=material, key="preface", text=preface, version=section.version, actor=user)
    if problem:
        aspect = aspect or material.meeting.aspects.first()
        row = problem_add(material=material, aspect_id=aspect.pk, actor=user)
        problem_save(material=material, problem_id=row.pk, version=row.version, title=problem[0],
                     details=problem[1], aspect_id=aspect.pk, actor=user)
    material.refresh_from_db()
    return material


def act(material, user, name, note=""):
    material.refresh_from_db()
    return material_transition(material=material, name=name, actor=user, access=material_access(user, material), note=note)


def team_material(meeting):
    return team_material_for(meeting=meeting)


DETAILS = "2026年3月，我在督查县政务服务中心“一网通办”工作时，只听取了汇报，没有到窗口实地查看，对群众反映的3件办事难问题没有及时跟进。"


def routed(meeting, person, text, *, state="released"):
    """An opinion fed back to `person` (None: the team), as the feedback phase leaves it."""
    from datetime import date

    from feedback.models import Opinion, OpinionRouting, Solicitation

    solicitation, _ = Solicitation.objects.get_or_create(meeting=meeting, defaults={"token": f"t{meeting.pk}"})
    opinion = Opinion.objects.create(solicitation=solicitation, content=text, channel="forum", source="masses",
                                     received_on=date(2026, 10, 1), state=state, sender_name="不应出现的提出人")
    return OpinionRouting.objects.create(opinion=opinion, member=person)
