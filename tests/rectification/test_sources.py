"""Where items come from: the candidates of a list and the one-click moves."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from inspections.models import Measure, MeasureTerm
from meetings.models import Meeting, Stage
from proceedings.models import Criticism, SupervisorComment
from rectification.models import Item, ItemEvent, ItemSource, ListState, SetAside, SourceKind
from rectification.sources import (
    SourceError,
    item_from_source,
    outline_import,
    source_candidates,
    source_merge,
    source_set_aside,
    source_set_aside_undo,
)
from rectification.workflow import incomplete_items

from .sources_fixtures import personal_list_for, routed, sources, team_list_for  # noqa: F401


def keys(candidates, kind=None):
    return [c.key for c in candidates if kind is None or c.kind == kind]


def test_the_team_list_offers_the_team_material_team_opinions_comments_findings_and_every_criticism(sources, cast):
    candidates = source_candidates(team_list_for(sources.meeting))
    kinds = {c.kind for c in candidates}
    assert kinds == {SourceKind.PROBLEM, SourceKind.MEASURE, SourceKind.OPINION, SourceKind.COMMENT,
                     SourceKind.FINDING, SourceKind.CRITICISM}
    assert keys(candidates, SourceKind.OPINION) == [f"opinion:{sources.team_opinion.pk}"]
    assert len(keys(candidates, SourceKind.CRITICISM)) == 3
    problem = next(c for c in candidates if c.kind == SourceKind.PROBLEM)
    assert problem.text == "班子学习不系统" and problem.concerns == "班子" and len(problem.measures) == 2


def test_a_personal_list_offers_only_what_concerns_its_owner(sources, cast):
    candidates = source_candidates(personal_list_for(sources.meeting, cast.member.person))
    assert keys(candidates, SourceKind.OPINION) == [f"opinion:{sources.member_opinion.pk}"]
    assert {c.text for c in candidates if c.kind == SourceKind.CRITICISM} == {
        "调查研究不够深入，到基层一线少。", "对分管领域的督促检查不够。"}
    assert not keys(candidates, SourceKind.COMMENT) and not keys(candidates, SourceKind.FINDING)
    assert {c.concerns for c in candidates} == {"李委员"}
    assert "周委员开会时间偏长。" not in {c.text for c in candidates}


def test_an_opinion_shows_its_words_and_never_its_sender(sources, cast):
    candidates = source_candidates(team_list_for(sources.meeting))
    opinion = next(c for c in candidates if c.kind == SourceKind.OPINION)
    assert opinion.text == "班子调研不够深入，对基层情况掌握不全面。"
    assert "不应出现的提出人" not in f"{opinion.text}{opinion.origin}{opinion.concerns}"


def test_opinions_not_yet_fed_back_and_outlines_not_yet_approved_are_not_offered(sources, cast):
    from feedback.models import OpinionState
    from inspections.models import Material, MaterialState

    routed(sources.meeting, None, "尚未反馈的意见", state=OpinionState.SORTED)
    Material.objects.filter(pk=sources.outline.pk).update(state=MaterialState.RETURNED)
    candidates = source_candidates(personal_list_for(sources.meeting, cast.member.person))
    assert not keys(candidates, SourceKind.PROBLEM)
    assert "尚未反馈的意见" not in {c.text for c in source_candidates(team_list_for(sources.meeting))}


def test_a_halted_sittings_criticisms_are_not_offered(sources, cast):
    from proceedings.models import Sitting, SittingStatus

    Sitting.objects.filter(meeting=sources.meeting).update(status=SittingStatus.HALTED)
    assert not keys(source_candidates(team_list_for(sources.meeting)), SourceKind.CRITICISM)


def test_one_click_turns_a_criticism_into_an_item_with_the_link_and_quote(sources, cast):
    rlist = team_list_for(sources.meeting)
    criticism = Criticism.objects.get(text="有时听取不同意见不够耐心。")
    item = item_from_source(rlist=rlist, kind=SourceKind.CRITICISM, pk=criticism.pk, actor=cast.office)
    assert item.problem == "有时听取不同意见不够耐心。" and item.rectification_list == rlist
    source = item.sources.get()
    assert source.criticism == criticism and source.quote == criticism.text and source.added_by == cast.office
    event = ItemEvent.objects.get(item=item)
    assert event.label == "由来源列入" and event.actor == cast.office
    taken = next(c for c in source_candidates(rlist) if c.key == f"criticism:{criticism.pk}")
    assert taken.taken_into(rlist).item == item


def test_a_material_problem_brings_its_measures_with_deadlines_and_term(sources, cast):
    rlist = personal_list_for(sources.meeting, cast.member.person)
    problem = sources.outline.problems.get()
    item = item_from_source(rlist=rlist, kind=SourceKind.PROBLEM, pk=problem.pk, actor=cast.member)
    assert item.problem == "调查研究不深入。到基层一线少。"
    assert [(m.content, m.deadline) for m in item.measures.all()] == [
        ("调查研究不深入：每季度下基层调研一次", date(2027, 3, 31)), ("调查研究不深入：建立联系点制度", None)]
    assert item.term == "long_term" and item.responsible == cast.member.person
    measures = [c for c in source_candidates(rlist) if c.kind == SourceKind.MEASURE]
    assert all(c.taken for c in measures if c.obj.problem_id == problem.pk)


def test_a_long_term_item_is_first_reviewed_when_its_last_dated_measure_is_due(sources, cast):
    # The outline gave its measures dates: the item's 复查 keeps the last of them, so the
    # list can be submitted without the member re-typing a date the outline already holds.
    rlist = personal_list_for(sources.meeting, cast.member.person)
    problem = sources.outline.problems.get()
    problem.measures.filter(term=MeasureTerm.DEADLINE).update(deadline=date(2027, 5, 31))
    Measure.objects.create(material=sources.outline, problem=problem, order=3, content="每月报告调研情况",
                           term=MeasureTerm.DEADLINE, deadline=date(2027, 2, 28))
    item = item_from_source(rlist=rlist, kind=SourceKind.PROBLEM, pk=problem.pk, actor=cast.member)
    assert (item.term, item.deadline, item.next_review) == ("long_term", None, date(2027, 5, 31))
    assert not [line for line in incomplete_items(rlist) if line.startswith("第1项")]


def test_a_long_term_item_whose_measures_carry_no_date_asks_its_writer_for_the_review(sources, cast):
    rlist = personal_list_for(sources.meeting, cast.member.person)
    problem = sources.outline.problems.get()
    problem.measures.update(deadline=None)
    item = item_from_source(rlist=rlist, kind=SourceKind.PROBLEM, pk=problem.pk, actor=cast.member)
    assert (item.term, item.next_review) == ("long_term", None)
    assert incomplete_items(rlist) == ["第1项：长期坚持的事项须填写下次复查日期。"]


def test_the_same_source_is_not_taken_twice_into_one_list(sources, cast):
    rlist = team_list_for(sources.meeting)
    item_from_source(rlist=rlist, kind=SourceKind.OPINION, pk=sources.team_opinion.pk, actor=cast.office)
    with pytest.raises(SourceError, match="已列入本清单第1项"):
        item_from_source(rlist=rlist, kind=SourceKind.OPINION, pk=sources.team_opinion.pk, actor=cast.office)
    assert Item.objects.count() == 1


def test_a_personal_list_cannot_take_a_colleagues_opinion(sources, cast):
    rlist = personal_list_for(sources.meeting, cast.member.person)
    with pytest.raises(SourceError, match="不属于这份清单"):
        item_from_source(rlist=rlist, kind=SourceKind.OPINION, pk=sources.colleague_opinion.pk, actor=cast.member)
    assert not Item.objects.exists()


def test_merging_adds_a_source_to_an_existing_item(sources, cast):
    rlist = team_list_for(sources.meeting)
    item = item_from_source(rlist=rlist, kind=SourceKind.OPINION, pk=sources.team_opinion.pk, actor=cast.office)
    comment = SupervisorComment.objects.get()
    source_merge(item=item, kind=SourceKind.COMMENT, pk=comment.pk, actor=cast.office)
    assert [s.kind for s in item.sources.all()] == [SourceKind.OPINION, SourceKind.COMMENT]
    assert ItemEvent.objects.filter(item=item).values_list("label", flat=True)[1] == "合并来源"
    with pytest.raises(SourceError, match="已在该整改事项中"):
        source_merge(item=item, kind=SourceKind.COMMENT, pk=comment.pk, actor=cast.office)


def test_nothing_is_taken_while_the_list_is_not_editable(sources, cast):
    rlist = team_list_for(sources.meeting)
    rlist.state = ListState.SUBMITTED
    rlist.save(update_fields=["state"])
    with pytest.raises(SourceError, match="待书记审批"):
        item_from_source(rlist=rlist, kind=SourceKind.OPINION, pk=sources.team_opinion.pk, actor=cast.office)
    Meeting.objects.filter(pk=sources.meeting.pk).update(stage=Stage.ARCHIVED)
    rlist.state = ListState.DRAFT
    rlist.save(update_fields=["state"])
    with pytest.raises(PermissionDenied):
        item_from_source(rlist=rlist, kind=SourceKind.OPINION, pk=sources.team_opinion.pk, actor=cast.office)
    assert not Item.objects.exists()


def test_setting_aside_needs_a_reason_and_can_be_undone(sources, cast):
    meeting = sources.meeting
    with pytest.raises(SourceError, match="请写明"):
        source_set_aside(meeting=meeting, kind=SourceKind.FINDING, pk=sources.team_finding.pk, reason="  ",
                         actor=cast.office)
    aside = source_set_aside(meeting=meeting, kind=SourceKind.FINDING, pk=sources.team_finding.pk,
                             reason="已在上年度整改完成", actor=cast.office)
    assert aside.finding == sources.team_finding and aside.by == cast.office
    with pytest.raises(SourceError, match="请先撤销"):
        item_from_source(rlist=team_list_for(meeting), kind=SourceKind.FINDING, pk=sources.team_finding.pk,
                         actor=cast.office)
    source_set_aside_undo(meeting=meeting, kind=SourceKind.FINDING, pk=sources.team_finding.pk, actor=cast.office)
    assert not SetAside.objects.exists()


def test_a_source_taken_into_an_item_cannot_be_set_aside_nor_an_outline_problem_at_all(sources, cast):
    meeting = sources.meeting
    item_from_source(rlist=team_list_for(meeting), kind=SourceKind.OPINION, pk=sources.team_opinion.pk,
                     actor=cast.office)
    with pytest.raises(SourceError, match="已列入整改事项"):
        source_set_aside(meeting=meeting, kind=SourceKind.OPINION, pk=sources.team_opinion.pk, reason="重复",
                         actor=cast.office)
    with pytest.raises(SourceError, match="只有批评意见"):
        source_set_aside(meeting=meeting, kind=SourceKind.PROBLEM, pk=sources.outline.problems.get().pk,
                         reason="重复", actor=cast.office)


def test_importing_the_outline_makes_an_item_per_problem_and_per_lone_measure_once(sources, cast):
    rlist = personal_list_for(sources.meeting, cast.member.person)
    items = outline_import(rlist=rlist, actor=cast.member)
    assert [i.problem for i in items] == ["调查研究不深入。到基层一线少。", "立即清理积压文件"]
    assert items[1].term == "immediate" and items[1].deadline == date(2026, 12, 31)
    assert sum(i.measures.count() for i in items) == 3
    assert outline_import(rlist=rlist, actor=cast.member) == []
    assert Item.objects.count() == 2
    assert ItemSource.objects.filter(kind=SourceKind.MEASURE).count() == 3


def test_importing_without_an_approved_outline_says_so(cast, held_meeting):
    with pytest.raises(SourceError, match="没有已通过审核"):
        outline_import(rlist=personal_list_for(held_meeting, cast.member.person), actor=cast.member)


def test_each_new_item_comes_last_in_its_list(sources, cast):
    meeting = sources.meeting
    rlist = team_list_for(meeting)
    first = item_from_source(rlist=rlist, kind=SourceKind.OPINION, pk=sources.team_opinion.pk, actor=cast.office)
    second = item_from_source(rlist=rlist, kind=SourceKind.FINDING, pk=sources.team_finding.pk, actor=cast.office)
    assert (first.order, second.order) == (1, 2)


def test_a_source_taken_into_an_item_typed_by_hand_reads_as_merged(cast, held_meeting):
    from rectification.models import ListKind, SourceKind
    from rectification.services import item_create, list_ensure
    from rectification.sources import source_candidates, source_merge

    own = list_ensure(meeting=held_meeting, kind=ListKind.PERSONAL, owner=cast.member.person)
    item = item_create(rlist=own, actor=cast.member, problem="调查研究不够深入", measures=["每季度调研"],
                       deadline=date(2027, 6, 30))
    criticism = next(c for c in source_candidates(own) if c.kind == SourceKind.CRITICISM)
    source_merge(item=item, kind=criticism.kind, pk=criticism.pk, actor=cast.member)
    [taken] = [c for c in source_candidates(own) if c.key == criticism.key][0].taken
    assert taken.merged
