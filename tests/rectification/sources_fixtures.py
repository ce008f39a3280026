"""Sources for the held meeting: an approved outline and team material, opinions fed back
to the team and to members, an upper finding. Built directly: their own phases test how
they come to be."""

from datetime import date

import pytest
from django.utils import timezone

from feedback.models import Opinion, OpinionRouting, OpinionState, Solicitation
from inspections.models import Material, MaterialKind, MaterialState, Measure, MeasureTerm, Problem
from rectification.models import UpperFinding


def team_list_for(meeting):
    from rectification.models import ListKind
    from rectification.services import list_ensure

    return list_ensure(meeting=meeting, kind=ListKind.TEAM)


def personal_list_for(meeting, person):
    from rectification.models import ListKind
    from rectification.services import list_ensure

    return list_ensure(meeting=meeting, kind=ListKind.PERSONAL, owner=person)


def approved_material(meeting, author=None, problems=(("调查研究不深入", "到基层一线少。"),)):
    """An approved material (the team's if author is None) with each problem's two measures
    and one measure answering no problem."""
    material = Material.objects.create(
        meeting=meeting, kind=MaterialKind.TEAM if author is None else MaterialKind.PERSONAL, author=author,
        state=MaterialState.APPROVED, approved_at=timezone.now(),
    )
    for n, (title, details) in enumerate(problems, start=1):
        problem = Problem.objects.create(material=material, order=n, title=title, details=details)
        Measure.objects.create(material=material, problem=problem, order=2 * n - 1, content=f"{title}：每季度下基层调研一次",
                               term=MeasureTerm.DEADLINE, deadline=date(2027, 3, 31))
        Measure.objects.create(material=material, problem=problem, order=2 * n, content=f"{title}：建立联系点制度",
                               term=MeasureTerm.LONG_TERM)
    Measure.objects.create(material=material, order=99, content="立即清理积压文件", term=MeasureTerm.IMMEDIATE,
                           deadline=date(2026, 12, 31))
    return material


def routed(meeting, person, text, *, state=OpinionState.RELEASED):
    """An opinion fed back to `person` (None: the team), as the feedback phase leaves it."""
    solicitation, _ = Solicitation.objects.get_or_create(meeting=meeting, defaults={"token": f"t{meeting.pk}-sources"})
    opinion = Opinion.objects.create(solicitation=solicitation, content=text, channel="forum", source="masses",
                                     received_on=date(2026, 10, 1), state=state, sender_name="不应出现的提出人")
    return OpinionRouting.objects.create(opinion=opinion, member=person)


def finding(meeting, text="县委巡察反馈：落实意识形态工作责任制不到位。", member=None, office=None):
    return UpperFinding.objects.create(meeting=meeting, source="县委第二巡察组", text=text, member=member,
                                       received_on=date(2026, 9, 1), entered_by=office)


@pytest.fixture
def sources(cast, held_meeting, team7):
    """The held meeting with one opinion each to the team, 李委员 and 王委员, a team finding,
    李委员's approved outline and the approved team material."""
    from types import SimpleNamespace

    member = cast.member.person
    colleague = team7.people[2]
    return SimpleNamespace(
        meeting=held_meeting,
        team_opinion=routed(held_meeting, None, "班子调研不够深入，对基层情况掌握不全面。"),
        member_opinion=routed(held_meeting, member, "李委员到分管单位调研次数偏少。"),
        colleague_opinion=routed(held_meeting, colleague, "周委员开会时间偏长。"),
        team_finding=finding(held_meeting),
        outline=approved_material(held_meeting, member),
        team_material=approved_material(held_meeting, None, problems=(("班子学习不系统", "中心组学习流于形式。"),)),
        colleague=colleague,
    )

