"""Seed 001 §五(二): a problem that could have been solved must not come back as the next
meeting's problem. When a submitted outline's problem matches a closed or carried item of
the same person, the author and the secretary are told, once per problem and item."""

import pytest

from inspections.access import material_access
from inspections.editing import outline_for_author, problem_add, problem_save
from inspections.workflow import material_transition
from meetings.models import Meeting, MeetingAspect, MeetingKind, Stage
from notifications.models import Notification
from organizations.models import OrganizationKind, TeamPosition
from organizations.services import team_member_add
from rectification.carryover import item_carry
from rectification.models import ListState, RectificationList
from rectification.recurrence import RECURRENCE_SHARE, recurrence_share

from ..factories import MeetingFactory, OrganizationFactory, PersonFactory, UserFactory

from .carryover_fixtures import force_archived, lists, next_year  # noqa: F401

REPEATED = (
    "督促检查不够，跟踪问效不及时",
    "对分管领域的督促检查不够，跟踪问效不及时，部署多、检查少，一些工作停留在会议上。",
)
NEW = ("调查研究不深入", "2027年到基层调研仅3次，对群众反映的办事难问题没有及时跟进，只听汇报、不看现场。")


@pytest.fixture
def next_meeting_open(cast, lists, held_meeting):
    """Next year's meeting in preparation, with an aspect to write under."""
    item_carry(item=lists.mine_open, reason="跨年度推进", actor=cast.office)
    force_archived(held_meeting)
    following = next_year(cast)
    MeetingAspect.objects.create(meeting=following, order=1, title="带头加强政治建设")
    Meeting.objects.filter(pk=following.pk).update(stage=Stage.PRE_MEETING)
    following.refresh_from_db()
    return following


def _submit(meeting, user, *problems, capture):
    material = outline_for_author(meeting=meeting, person=user.person)
    aspect = meeting.aspects.first()
    for title, details in problems:
        row = problem_add(material=material, aspect_id=aspect.pk, actor=user)
        problem_save(material=material, problem_id=row.pk, version=row.version, title=title, details=details,
                     aspect_id=aspect.pk, actor=user)
    material.refresh_from_db()
    with capture(execute=True):
        material_transition(material=material, name="submit", actor=user, access=material_access(user, material))
    return material


def _notices():
    return Notification.objects.filter(title__startswith="查摆的问题与以往整改事项相似")


def test_a_repeated_problem_tells_the_author_and_the_secretary(cast, next_meeting_open,
                                                              django_capture_on_commit_callbacks):
    _submit(next_meeting_open, cast.member, REPEATED, NEW, capture=django_capture_on_commit_callbacks)
    notices = list(_notices())
    assert {n.recipient for n in notices} == {cast.member, cast.secretary}
    body = notices[0].body
    assert "督促检查不够，跟踪问效不及时" in body and "转入下一次会议、尚未完成" in body
    assert "调查研究不深入" not in body


def test_a_closed_item_counts_as_well(cast, lists, next_meeting_open, django_capture_on_commit_callbacks):
    problem = ("理论学习不够系统", "理论学习不够系统，学用结合不紧，满足于读原文、记笔记。")
    _submit(next_meeting_open, cast.member, problem, capture=django_capture_on_commit_callbacks)
    assert "已销号" in _notices().get(recipient=cast.member).body


def test_a_resubmission_says_nothing_new(cast, next_meeting_open, django_capture_on_commit_callbacks):
    material = _submit(next_meeting_open, cast.member, REPEATED, capture=django_capture_on_commit_callbacks)
    material_transition(material=material, name="withdraw", actor=cast.member,
                        access=material_access(cast.member, material))
    with django_capture_on_commit_callbacks(execute=True):
        material_transition(material=material, name="submit", actor=cast.member,
                            access=material_access(cast.member, material))
    assert _notices().count() == 2  # the author and the secretary, once each


def test_a_colleagues_item_is_not_the_authors_recurrence(cast, next_meeting_open, django_capture_on_commit_callbacks):
    # 张书记's own item is "听取不同意见不够耐心"; 李委员 writing it is no recurrence of theirs.
    problem = ("听取不同意见不够耐心", "听取不同意见不够耐心，有时打断别人发言。")
    _submit(next_meeting_open, cast.member, problem, capture=django_capture_on_commit_callbacks)
    assert not _notices().exists()


def _branch_meeting(cast):
    """李委员 also sits in a 党支部 (its own secretary): the branch's 组织生活会, open for outlines."""
    branch = OrganizationFactory(name="中共测试县人民政府办公室第一支部委员会", short_name="县政府办一支部",
                                 kind=OrganizationKind.BRANCH, parent=cast.gov)
    branch_secretary = PersonFactory(user=UserFactory(username="branchsec"), name="周支书", organization=branch)
    team_member_add(person=branch_secretary, organization=branch, position=TeamPosition.SECRETARY, rank=1)
    team_member_add(person=cast.member.person, organization=branch, position=TeamPosition.MEMBER, rank=2)
    return MeetingFactory(organization=branch, kind=MeetingKind.ORGANIZATION_LIFE, year=2027,
                          title="2027年度县政府办一支部组织生活会", stage=Stage.PRE_MEETING, aspects=["对照党章党规"])


def _own_kind_meeting(cast):
    """The same 党组's 组织生活会: another kind of meeting, another audience."""
    return MeetingFactory(organization=cast.gov, kind=MeetingKind.ORGANIZATION_LIFE, year=2027,
                          title="2027年度县政府办党组组织生活会", stage=Stage.PRE_MEETING, aspects=["对照党章党规"])


@pytest.mark.parametrize("where", [_branch_meeting, _own_kind_meeting], ids=["another organisation", "another kind"])
def test_an_item_of_another_organisations_or_kinds_meeting_is_not_compared(cast, lists, held_meeting, where,
                                                                        django_capture_on_commit_callbacks):
    # 李委员's 党组 item must not reach the branch secretary (nor the 党组's own other meeting).
    item_carry(item=lists.mine_open, reason="跨年度推进", actor=cast.office)
    force_archived(held_meeting)
    _submit(where(cast), cast.member, REPEATED, capture=django_capture_on_commit_callbacks)
    assert not _notices().exists()


def test_an_item_of_a_list_never_approved_is_not_compared(cast, lists, next_meeting_open,
                                                         django_capture_on_commit_callbacks):
    RectificationList.objects.filter(pk=lists.mine.pk).update(state=ListState.DRAFT, approved_at=None)
    problem = ("理论学习不够系统", "理论学习不够系统，学用结合不紧，满足于读原文、记笔记。")
    _submit(next_meeting_open, cast.member, REPEATED, problem, capture=django_capture_on_commit_callbacks)
    assert not _notices().exists()


def test_the_share_is_of_the_items_words_found_in_the_problem():
    assert recurrence_share("对分管领域的督促检查不够", "对分管领域的督促检查不够，还有别的很多话要说") == 1.0
    assert recurrence_share("对分管领域的督促检查不够", "调查研究不深入，基层去得少") < RECURRENCE_SHARE
    assert recurrence_share("太短", "太短") == 0.0
