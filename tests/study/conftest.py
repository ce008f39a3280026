"""Study records for the fixed cast: the gov team is the secretary and the member."""

from datetime import date
from decimal import Decimal

import pytest

from study.models import MaterialKind, StudyMaterial
from study.services import AttendanceEntry, self_study_create, session_create

HELD_ON = date(2026, 3, 2)


def make_material(org, title="《中国共产党章程》", kind=MaterialKind.REGULATION, **extra):
    return StudyMaterial.objects.create(organization=org, title=title, kind=kind, **extra)


def make_session(meeting, people, *, absent=None, speeches=None, form="collective",
                 hours="2", topic="集中学习研讨", materials=(), held_on=HELD_ON, made_up=()):
    """A group session; `absent` maps a person to the reason, `speeches` to the topic."""
    absent, speeches = absent or {}, speeches or {}
    return session_create(
        meeting=meeting, form=form, held_on=held_on, hours=Decimal(hours), topic=topic,
        materials=materials,
        attendance=[
            AttendanceEntry(p, p not in absent, absent.get(p, ""), speeches.get(p, ""), p in made_up)
            for p in people
        ],
    )


def make_self_study(meeting, person, *, hours="1", topic="自学党章", materials=(), held_on=HELD_ON):
    return self_study_create(
        meeting=meeting, person=person, held_on=held_on, hours=Decimal(hours), topic=topic,
        materials=materials, recorded_by=person.user,
    )


@pytest.fixture
def team(cast):
    """The gov meeting's participants, in rank order: the secretary, then the member."""
    return [cast.secretary.person, cast.member.person]


@pytest.fixture
def session(meeting, team):
    """A collective session the member missed (出差), at which the secretary spoke."""
    return make_session(
        meeting, team, absent={team[1]: "出差"}, speeches={team[0]: "坚定历史自信"},
        topic="学习《中国共产党章程》",
    )


@pytest.fixture
def secretary_self_study(meeting, cast):
    return make_self_study(meeting, cast.secretary.person, topic="通读《论中国共产党历史》")
