"""Who must talk to whom: the required pairs, enumerated by hand and compared."""

from django.core.management import call_command

from meetings import builders
from meetings.models import Meeting, MeetingKind
from organizations.models import Department, OrganizationKind, TeamPosition
from organizations.services import team_member_add
from talks.models import PairNote, PairNoteKind, TalkParticipant
from talks.rules import Rule, required_pairs, roster_gaps, roster_load
from tests.factories import MeetingFactory, OrganizationFactory, PersonFactory

S, M, D, R = Rule.SECRETARY_MEMBER, Rule.MEMBERS, Rule.DEPARTMENT_HEAD, Rule.REPRESENTATIVE


def _pairs(meeting) -> dict[frozenset, set]:
    """{frozenset of the two names: the rules} — readable in an assertion."""
    roster = roster_load(meeting)
    return {
        frozenset({roster.people[a].name, roster.people[b].name}): set(p.rules)
        for (a, b), p in required_pairs(roster).items()
    }


def _small_team():
    """书记 甲, members 乙 and 丙 (挂职); 乙 oversees 一科 (head 科长一) and 二科 (no head);
    甲 oversees 三科 (head 科长三). Branches: 一支部 (甲, 乙, 代表一, 代表三), 二支部 (丙, 代表二)."""
    gov = OrganizationFactory(name="测试党组")
    first = OrganizationFactory(
        name="一支部", short_name="一支部", kind=OrganizationKind.BRANCH, parent=gov
    )
    second = OrganizationFactory(
        name="二支部", short_name="二支部", kind=OrganizationKind.BRANCH, parent=gov
    )
    people = {}
    for name, branch in [
        ("甲", first),
        ("乙", first),
        ("丙", second),
        ("代表一", first),
        ("代表二", second),
        ("代表三", first),
        ("科长一", first),
        ("科长三", second),
        ("群众", first),
    ]:
        people[name] = PersonFactory(user=None, name=name, organization=gov, branch=branch)
    one = Department.objects.create(organization=gov, name="一科", head=people["科长一"])
    two = Department.objects.create(organization=gov, name="二科")
    three = Department.objects.create(organization=gov, name="三科", head=people["科长三"])
    team_member_add(
        person=people["甲"],
        organization=gov,
        position=TeamPosition.SECRETARY,
        rank=1,
        oversees=[three],
    )
    team_member_add(
        person=people["乙"],
        organization=gov,
        position=TeamPosition.MEMBER,
        rank=2,
        oversees=[one, two],
    )
    team_member_add(person=people["丙"], organization=gov, position=TeamPosition.SECONDED, rank=3)
    meeting = MeetingFactory(organization=gov, kind=MeetingKind.DEMOCRATIC_LIFE)
    for name in ("代表一", "代表二", "代表三"):
        TalkParticipant.objects.create(meeting=meeting, person=people[name], is_representative=True)
    return meeting, people


def test_the_four_musts_of_a_democratic_life_meeting_give_exactly_these_pairs(db):
    meeting, _ = _small_team()
    assert _pairs(meeting) == {
        # 书记与其他班子成员之间必谈
        frozenset({"甲", "乙"}): {S},
        frozenset({"甲", "丙"}): {S},
        # 班子成员之间必谈
        frozenset({"乙", "丙"}): {M},
        # 班子成员与分管部门主要负责同志必谈 (二科 has no head: a gap, not a pair)
        frozenset({"乙", "科长一"}): {D},
        frozenset({"甲", "科长三"}): {D},
        # 班子成员与本人组织关系所在党支部党员代表必谈 — the secretary too (seed 004)
        frozenset({"甲", "代表一"}): {R},
        frozenset({"甲", "代表三"}): {R},
        frozenset({"乙", "代表一"}): {R},
        frozenset({"乙", "代表三"}): {R},
        frozenset({"丙", "代表二"}): {R},
    }


def test_what_keeps_the_rule_from_being_complete_is_listed(db):
    meeting, people = _small_team()
    assert roster_gaps(roster_load(meeting)) == ["乙分管的二科未登记主要负责人"]

    TalkParticipant.objects.filter(person=people["代表二"]).delete()
    people["甲"].branch = None
    people["甲"].save()
    assert roster_gaps(roster_load(meeting)) == [
        "甲未登记组织关系所在支部，无法确定应谈的党员代表",
        "乙分管的二科未登记主要负责人",
        "丙所在支部（二支部）尚未指定党员代表",
    ]


def test_a_member_who_heads_a_department_another_oversees_is_one_pair_with_both_rules(db):
    meeting, people = _small_team()
    Department.objects.filter(name="一科").update(head=people["丙"])
    pairs = _pairs(meeting)
    assert pairs[frozenset({"乙", "丙"})] == {M, D}
    assert frozenset({"乙", "科长一"}) not in pairs


def test_the_office_adds_a_pair_and_it_becomes_required(db):
    meeting, people = _small_team()
    PairNote.objects.create(
        meeting=meeting,
        kind=PairNoteKind.ADDED,
        person_a=min(people["丙"], people["群众"], key=lambda p: p.pk),
        person_b=max(people["丙"], people["群众"], key=lambda p: p.pk),
        reason="群众反映问题较多",
    )
    assert _pairs(meeting)[frozenset({"丙", "群众"})] == {Rule.ADDED}


def test_an_organization_life_meeting_pairs_everyone_and_flags_the_secretarys_priority_members(db):
    general = OrganizationFactory(name="局党总支", kind=OrganizationKind.GENERAL_BRANCH)
    branch = OrganizationFactory(name="机关支部", kind=OrganizationKind.BRANCH, parent=general)
    other_branch = OrganizationFactory(
        name="另一支部", kind=OrganizationKind.BRANCH, parent=general
    )
    names = {}
    for name, in_branch, party in [
        ("书记", branch, True),
        ("委员", branch, True),
        ("党员一", branch, True),
        ("党员二", branch, True),
        ("群众", branch, False),
        ("别支部", other_branch, True),
    ]:
        names[name] = PersonFactory(
            user=None, name=name, organization=general, branch=in_branch, is_party_member=party
        )
    team_member_add(
        person=names["书记"], organization=branch, position=TeamPosition.SECRETARY, rank=1
    )
    team_member_add(person=names["委员"], organization=branch, position=TeamPosition.MEMBER, rank=2)
    meeting = MeetingFactory(organization=branch, kind=MeetingKind.ORGANIZATION_LIFE)
    TalkParticipant.objects.create(meeting=meeting, person=names["党员一"], is_new=True)

    assert _pairs(meeting) == {
        frozenset({"书记", "委员"}): {Rule.COMMITTEE},
        frozenset({"书记", "党员一"}): {Rule.COMMITTEE_MEMBER},
        frozenset({"书记", "党员二"}): {Rule.COMMITTEE_MEMBER},
        frozenset({"委员", "党员一"}): {Rule.COMMITTEE_MEMBER},
        frozenset({"委员", "党员二"}): {Rule.COMMITTEE_MEMBER},
        frozenset({"党员一", "党员二"}): {Rule.PARTY_MEMBERS},
    }
    roster = roster_load(meeting)
    priority = {
        frozenset(roster.people[pid].name for pid in key)
        for key, p in required_pairs(roster).items()
        if p.priority
    }
    assert priority == {frozenset({"书记", "党员一"})}


def only_the_talks_demo(monkeypatch):
    """seed_demo with this phase's demo data only: the other phases' builders are theirs to test."""
    own = [(order, b) for order, b in builders._demo_builders if b.__module__.startswith("talks.")]
    monkeypatch.setattr(builders, "_demo_builders", own)


def test_the_demo_government_office_has_the_pairs_of_seed_004(db, monkeypatch):
    only_the_talks_demo(monkeypatch)
    call_command("seed_demo")
    meeting = Meeting.objects.get(
        title__contains="专题民主生活会", organization__short_name="县政府办党组"
    )
    pairs = _pairs(meeting)
    by_rule = {rule: sum(1 for rules in pairs.values() if rule in rules) for rule in (S, M, D, R)}
    # 7 on the team: the secretary with 6, the 6 members among themselves 15; 8 departments,
    # each overseen by one; representatives: 4 members in 第一支部 × 2, 3 in 第二支部 × 2.
    assert by_rule == {S: 6, M: 15, D: 8, R: 14}
    assert len(pairs) == 43
    assert pairs[frozenset({"李明", "何俊"})] == {D}  # 秘书一科
    assert pairs[frozenset({"李明", "罗刚"})] == {D}  # 督查室
    assert pairs[frozenset({"张建国", "郭宏"})] == {D}  # the secretary oversees 综合科
    assert pairs[frozenset({"张建国", "彭丽"})] == {R}
    assert frozenset({"张建国", "曾强"}) not in pairs  # 曾强 represents the other branch
    assert frozenset({"吴静", "何俊"}) not in pairs  # 吴静 (挂职) oversees nothing
    assert roster_gaps(roster_load(meeting)) == []
