"""Coverage: what each list must still cover, and the meeting's figure."""

import pytest

from rectification.coverage import meeting_uncovered_count, uncovered
from rectification.models import SourceKind
from rectification.sources import item_from_source, source_set_aside

from .sources_fixtures import personal_list_for, sources, team_list_for  # noqa: F401


def scope(rlist):
    return sorted((u.kind, u.text) for u in uncovered(rlist))


def test_the_team_list_must_cover_team_opinions_the_comment_and_team_findings(sources):
    assert scope(team_list_for(sources.meeting)) == sorted([
        (SourceKind.OPINION, "班子调研不够深入，对基层情况掌握不全面。"),
        (SourceKind.COMMENT, "整改要一项一项抓落实，建立台账，按期销号。"),
        (SourceKind.FINDING, "县委巡察反馈：落实意识形态工作责任制不到位。"),
    ])


def test_a_personal_list_must_cover_criticisms_received_and_opinions_routed_to_the_owner(sources, cast):
    assert scope(personal_list_for(sources.meeting, cast.member.person)) == sorted([
        (SourceKind.CRITICISM, "调查研究不够深入，到基层一线少。"),
        (SourceKind.CRITICISM, "对分管领域的督促检查不够。"),
        (SourceKind.OPINION, "李委员到分管单位调研次数偏少。"),
    ])


def test_findings_about_a_member_are_in_their_scope(sources, cast):
    from .sources_fixtures import finding

    finding(sources.meeting, text="巡察反馈：李委员分管领域整改不彻底。", member=cast.member.person)
    assert (SourceKind.FINDING, "巡察反馈：李委员分管领域整改不彻底。") in scope(
        personal_list_for(sources.meeting, cast.member.person))
    assert (SourceKind.FINDING, "巡察反馈：李委员分管领域整改不彻底。") not in scope(team_list_for(sources.meeting))


def test_outline_problems_are_never_demanded(sources, cast):
    assert not {u.kind for u in uncovered(personal_list_for(sources.meeting, cast.member.person))} & {
        SourceKind.PROBLEM, SourceKind.MEASURE}


def test_a_criticism_the_office_took_into_the_team_list_covers_the_members_list_too(sources, cast):
    criticism = next(u for u in uncovered(personal_list_for(sources.meeting, cast.member.person))
                     if u.kind == SourceKind.CRITICISM)
    item_from_source(rlist=team_list_for(sources.meeting), kind=criticism.kind, pk=criticism.pk, actor=cast.office)
    assert criticism.pk not in {u.pk for u in uncovered(personal_list_for(sources.meeting, cast.member.person))}


def test_taking_merging_or_setting_aside_each_covers_and_the_count_reaches_zero(sources, cast):
    meeting = sources.meeting
    rlist = team_list_for(meeting)
    before = meeting_uncovered_count(meeting)
    # 3 criticisms, 3 routed opinions (team, 李委员, 王委员), the 点评, the finding.
    assert before == 8
    first, second, third = uncovered(rlist)
    item = item_from_source(rlist=rlist, kind=first.kind, pk=first.pk, actor=cast.office)
    from rectification.sources import source_merge

    source_merge(item=item, kind=second.kind, pk=second.pk, actor=cast.office)
    source_set_aside(meeting=meeting, kind=third.kind, pk=third.pk, reason="属上级部门职责", actor=cast.office)
    assert uncovered(rlist) == []
    assert meeting_uncovered_count(meeting) == before - 3


def test_a_meeting_with_no_sources_leaves_nothing_uncovered(cast, held_meeting):
    from proceedings.models import Criticism, SupervisorComment

    Criticism.objects.all().delete()
    SupervisorComment.objects.all().delete()
    assert uncovered(team_list_for(held_meeting)) == []
    assert meeting_uncovered_count(held_meeting) == 0


def test_a_personal_list_is_not_approved_while_something_it_must_cover_is_uncovered(sources, cast):
    from rectification.access import list_access
    from rectification.models import ListState
    from rectification.sources import outline_import
    from rectification.workflow import TransitionError, list_transition

    rlist = personal_list_for(sources.meeting, cast.member.person)
    outline_import(rlist=rlist, actor=cast.member)
    complete(rlist)
    list_transition(rlist=rlist, name="submit", actor=cast.member, access=list_access(cast.member, rlist))
    rlist.refresh_from_db()
    with pytest.raises(TransitionError, match="还有3条意见未列入清单"):
        list_transition(rlist=rlist, name="approve", actor=cast.secretary, access=list_access(cast.secretary, rlist))
    rlist.refresh_from_db()
    assert rlist.state == ListState.SUBMITTED

    list_transition(rlist=rlist, name="return", actor=cast.secretary, access=list_access(cast.secretary, rlist),
                    note="批评意见和反馈的意见还没有列入")
    for u in uncovered(rlist):
        item_from_source(rlist=rlist, kind=u.kind, pk=u.pk, actor=cast.member)
    complete(rlist)
    list_transition(rlist=rlist, name="submit", actor=cast.member, access=list_access(cast.member, rlist))
    list_transition(rlist=rlist, name="approve", actor=cast.secretary, access=list_access(cast.secretary, rlist))
    rlist.refresh_from_db()
    assert rlist.state == ListState.APPROVED


def complete(rlist):
    """What the writer fills in after one click: the review date or the deadline, a measure."""
    from datetime import date

    from rectification.models import Item, ItemMeasure

    Item.objects.filter(rectification_list=rlist, term="long_term").update(next_review=date(2027, 6, 30))
    Item.objects.filter(rectification_list=rlist, term="deadline", deadline=None).update(deadline=date(2027, 3, 31))
    for item in Item.objects.filter(rectification_list=rlist, measures=None):
        ItemMeasure.objects.create(item=item, content="制定具体整改措施并逐项落实")
