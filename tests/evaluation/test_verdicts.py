"""The committee's grades: proposed with reasons, shown to all members, fixed, 优秀 and 不合格
approved by the upper committee, then recognised or handled; no grade for a probationary member."""

import pytest
from django.test import Client
from django.urls import reverse

from evaluation.models import Grade, GradeComment, Handling, Verdict, VerdictState
from evaluation.services import registration_for
from evaluation.verdicts import (
    VerdictError,
    grades_show,
    verdict_follow_up,
    verdict_propose,
    verdict_transition,
)
from meetings.progress import work_for
from notifications.models import Notification

pytestmark = pytest.mark.django_db

REVIEWER = frozenset({"reviewer"})
SUPERVISOR = frozenset({"supervisor"})


def _propose(evaluation, user, grade, reason="", by=None):
    registration = registration_for(evaluation=evaluation, person=user.person)
    return verdict_propose(registration=registration, grade=grade, reason=reason, actor=by)


def test_basic_and_unqualified_need_a_reason(branch_cast, evaluation):
    for grade in (Grade.BASIC, Grade.UNQUALIFIED):
        with pytest.raises(VerdictError, match="须写明理由"):
            _propose(evaluation, branch_cast.member, grade)
    assert _propose(evaluation, branch_cast.member, Grade.UNQUALIFIED, "长期不参加组织生活").reason


def test_a_probationary_member_gets_no_grade(branch_cast, evaluation):
    with pytest.raises(VerdictError, match="预备党员参加民主评议，但不定等次"):
        _propose(evaluation, branch_cast.member7, Grade.QUALIFIED)
    assert not Verdict.objects.exists()


def test_a_grade_is_fixed_only_after_the_members_were_asked(branch_cast, evaluation):
    verdict = _propose(evaluation, branch_cast.member4, Grade.QUALIFIED)
    with pytest.raises(VerdictError, match="请先征求全体党员意见"):
        verdict_transition(verdict=verdict, name="fix", actor=branch_cast.secretary, roles=REVIEWER)
    grades_show(evaluation=evaluation, actor=branch_cast.secretary)
    verdict = verdict_transition(verdict=verdict, name="fix", actor=branch_cast.secretary, roles=REVIEWER)
    assert verdict.state == VerdictState.FIXED
    with pytest.raises(VerdictError, match="不能再修改"):
        _propose(evaluation, branch_cast.member4, Grade.EXCELLENT)


def test_excellent_and_unqualified_go_to_the_upper_committee(branch_cast, evaluation,
                                                            django_capture_on_commit_callbacks):
    excellent = _propose(evaluation, branch_cast.member, Grade.EXCELLENT)
    unqualified = _propose(evaluation, branch_cast.member5, Grade.UNQUALIFIED, "多次无故不参加组织生活")
    grades_show(evaluation=evaluation, actor=branch_cast.secretary)
    for verdict in (excellent, unqualified):
        with django_capture_on_commit_callbacks(execute=True):
            verdict = verdict_transition(verdict=verdict, name="fix", actor=branch_cast.secretary, roles=REVIEWER)
        assert verdict.state == VerdictState.UPPER_REVIEW
    assert Notification.objects.filter(recipient=branch_cast.supervisor, title__contains="报批").count() == 2
    with pytest.raises(VerdictError, match="不能审批同意"):
        verdict_transition(verdict=excellent, name="approve", actor=branch_cast.secretary, roles=REVIEWER)
    excellent = verdict_transition(verdict=excellent, name="approve", actor=branch_cast.supervisor, roles=SUPERVISOR)
    assert excellent.state == VerdictState.APPROVED
    with pytest.raises(VerdictError, match="请写明意见"):
        verdict_transition(verdict=unqualified, name="return", actor=branch_cast.supervisor, roles=SUPERVISOR)
    unqualified = verdict_transition(verdict=unqualified, name="return", actor=branch_cast.supervisor,
                                     roles=SUPERVISOR, note="请核实情况")
    assert unqualified.state == VerdictState.PROPOSED
    assert unqualified.upper_note == "请核实情况"


def test_recognition_and_handling_are_recorded_once_approved(branch_cast, evaluation):
    unqualified = _propose(evaluation, branch_cast.member5, Grade.UNQUALIFIED, "理由")
    grades_show(evaluation=evaluation, actor=branch_cast.secretary)
    with pytest.raises(VerdictError, match="上级党委审批后"):
        verdict_follow_up(verdict=unqualified, text="批评教育", handling=Handling.CRITICISM, actor=None)
    unqualified = verdict_transition(verdict=unqualified, name="fix", actor=branch_cast.secretary, roles=REVIEWER)
    unqualified = verdict_transition(verdict=unqualified, name="approve", actor=branch_cast.supervisor,
                                     roles=SUPERVISOR)
    with pytest.raises(VerdictError, match="处理方式"):
        verdict_follow_up(verdict=unqualified, text="已谈话", handling="", actor=None)
    verdict_follow_up(verdict=unqualified, text="支部书记谈话，限期三个月改正", handling=Handling.CORRECT_IN_TIME,
                      actor=branch_cast.secretary)
    assert Verdict.objects.get(pk=unqualified.pk).get_handling_display() == "限期改正"
    qualified = _propose(evaluation, branch_cast.member4, Grade.QUALIFIED)
    with pytest.raises(VerdictError, match="只记录优秀党员的表扬和不合格党员的处理"):
        verdict_follow_up(verdict=qualified, text="x", handling="", actor=None)


# --- the pages ----------------------------------------------------------------------------


def test_the_grades_page_for_each_role(login, branch_cast, evaluation):
    url = reverse("evaluation:grades", args=[evaluation.meeting_id])
    assert Client().get(url).status_code == 302
    assert login(branch_cast.outsider).get(url).status_code == 404
    assert login(branch_cast.member).get(url).status_code == 403
    page = login(branch_cast.secretary).get(url).content.decode()
    assert "征求全体党员意见" in page and "不定等次" in page
    assert login(branch_cast.supervisor).get(url).status_code == 200


def test_the_committee_proposes_on_the_page_and_an_unqualified_without_reason_is_refused(login, branch_cast,
                                                                                          evaluation):
    client = login(branch_cast.secretary)
    person = branch_cast.member5.person
    url = reverse("evaluation:propose", args=[evaluation.meeting_id, person.pk])
    client.post(url, {f"p{person.pk}-grade": "unqualified", f"p{person.pk}-reason": ""})
    assert not Verdict.objects.exists()
    client.post(url, {f"p{person.pk}-grade": "unqualified", f"p{person.pk}-reason": "长期不交党费"})
    assert Verdict.objects.get().grade == Grade.UNQUALIFIED
    assert login(branch_cast.member).post(url, {f"p{person.pk}-grade": "excellent"}).status_code == 403


def test_members_see_the_proposals_once_shown_and_give_their_view(login, branch_cast, evaluation):
    url = reverse("evaluation:members_view", args=[evaluation.meeting_id])
    _propose(evaluation, branch_cast.member4, Grade.EXCELLENT)
    member = login(branch_cast.member5)
    assert "尚未公布" in member.get(url).content.decode()
    grades_show(evaluation=evaluation, actor=branch_cast.secretary)
    page = member.get(url).content.decode()
    assert "刘同志" in page and "优秀" in page and "预备党员，不定等次" in page
    member.post(url, {"text": "同意支部的初步意见。"})
    assert GradeComment.objects.get().author == branch_cast.member5.person
    assert "同意支部的初步意见" in login(branch_cast.secretary).get(
        reverse("evaluation:grades", args=[evaluation.meeting_id])).content.decode()
    assert login(branch_cast.outsider).get(url).status_code == 404
    assert Client().get(url).status_code == 302


def test_the_supervisor_approves_on_the_page(login, branch_cast, evaluation):
    verdict = _propose(evaluation, branch_cast.member, Grade.EXCELLENT)
    grades_show(evaluation=evaluation, actor=branch_cast.secretary)
    login(branch_cast.secretary).post(reverse("evaluation:verdict_move", args=[verdict.pk, "fix"]))
    assert login(branch_cast.member).post(reverse("evaluation:verdict_move", args=[verdict.pk, "approve"])
                                          ).status_code == 403
    login(branch_cast.supervisor).post(reverse("evaluation:verdict_move", args=[verdict.pk, "approve"]))
    assert Verdict.objects.get(pk=verdict.pk).state == VerdictState.APPROVED
    assert login(branch_cast.outsider).post(reverse("evaluation:verdict_move", args=[verdict.pk, "approve"])
                                            ).status_code == 404


def test_my_work_asks_the_upper_committee_to_approve(branch_cast, evaluation):
    verdict = _propose(evaluation, branch_cast.member, Grade.EXCELLENT)
    grades_show(evaluation=evaluation, actor=branch_cast.secretary)
    verdict_transition(verdict=verdict, name="fix", actor=branch_cast.secretary, roles=REVIEWER)
    assert "审批民主评议党员等次：1人（优秀、不合格）" in [i.title for i in work_for(branch_cast.supervisor)]
    assert not [i for i in work_for(branch_cast.outsider) if i.kind == "民主评议党员"]


def test_the_checklist_counts_the_grades_without_the_probationary_member(branch_cast, evaluation):
    from meetings.progress import meeting_checklist

    _propose(evaluation, branch_cast.member4, Grade.QUALIFIED)
    section = next(s for s in meeting_checklist(evaluation.meeting) if s.phase == "民主评议党员")
    item = next(i for i in section.items if i.label.startswith("评定等次"))
    assert item.detail == "0/6" and not item.done
