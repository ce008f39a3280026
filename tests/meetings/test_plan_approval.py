"""The plan goes to the upper 纪委 and 组织部 (seed 000 §四(二)1): each decides on its own."""

import pytest

from meetings.access import meeting_access
from meetings.models import PlanDecision, PlanSubmission, Stage, SubmissionStatus
from meetings.plan_review import plan_approving_bodies, plan_decide
from meetings.workflow import TransitionError, meeting_transition
from organizations.models import StaffKind, SupervisorBody
from organizations.services import staff_assign

from ..conftest import _person

ORG = SupervisorBody.ORGANIZATION_DEPARTMENT
DISCIPLINE = SupervisorBody.DISCIPLINE


def _move(meeting, user, name, **kwargs):
    meeting.refresh_from_db()
    return meeting_transition(meeting=meeting, name=name, actor=user, access=meeting_access(user, meeting), **kwargs)


def _decide(meeting, user, approve=True, note=""):
    meeting.refresh_from_db()
    return plan_decide(meeting=meeting, access=meeting_access(user, meeting), actor=user, approve=approve, comment=note)


@pytest.fixture
def submitted(cast, meeting):
    _move(meeting, cast.office, "submit_plan")
    return meeting


def _decisions(meeting):
    return set(PlanDecision.objects.filter(submission__plan__meeting=meeting).values_list("body", "status"))


def test_where_both_bodies_supervise_both_approve_the_plan(cast, jiwei, meeting):
    assert plan_approving_bodies(meeting) == [DISCIPLINE, ORG]


def test_where_only_the_organisation_department_supervises_it_approves_alone(cast, meeting):
    assert plan_approving_bodies(meeting) == [ORG]


def test_one_bodys_approval_is_recorded_and_the_plan_waits_for_the_other(cast, jiwei, submitted):
    assert _decide(submitted, cast.supervisor, note="同意") is None
    submitted.refresh_from_db()
    assert submitted.stage == Stage.PLAN_REVIEW
    assert _decisions(submitted) == {(ORG, SubmissionStatus.APPROVED)}
    assert PlanSubmission.objects.get(plan__meeting=submitted).status == SubmissionStatus.PENDING


def test_the_plan_is_approved_when_both_bodies_have_approved(cast, jiwei, submitted):
    _decide(submitted, cast.supervisor, note="同意")
    change = _decide(submitted, jiwei, note="同意，抓好落实")
    submitted.refresh_from_db()
    assert submitted.stage == Stage.PRE_MEETING
    assert change.action == "批准方案"
    assert change.note == "纪委：同意，抓好落实；组织部：同意"
    assert PlanSubmission.objects.get(plan__meeting=submitted).status == SubmissionStatus.APPROVED
    assert _decisions(submitted) == {(ORG, SubmissionStatus.APPROVED), (DISCIPLINE, SubmissionStatus.APPROVED)}


def test_one_body_alone_cannot_approve_the_plan_through_the_transition(cast, jiwei, submitted):
    with pytest.raises(TransitionError, match="尚待上级纪委审批同意"):
        _move(submitted, cast.supervisor, "approve_plan")
    submitted.refresh_from_db()
    assert submitted.stage == Stage.PLAN_REVIEW


@pytest.mark.parametrize("returner", ["supervisor", "jiwei"])
def test_a_return_by_either_body_returns_the_plan(cast, jiwei, submitted, returner):
    other = jiwei if returner == "supervisor" else cast.supervisor
    _decide(submitted, other, note="同意")
    user = cast.supervisor if returner == "supervisor" else jiwei
    change = _decide(submitted, user, approve=False, note="请补充征求意见的范围")
    submitted.refresh_from_db()
    assert submitted.stage == Stage.PREPARING
    assert change.action == "退回修改"
    label = "组织部" if returner == "supervisor" else "纪委"
    assert change.note == f"{label}：请补充征求意见的范围"
    submission = PlanSubmission.objects.get(plan__meeting=submitted)
    assert submission.status == SubmissionStatus.RETURNED


def test_a_resubmitted_plan_needs_both_decisions_again(cast, jiwei, submitted):
    _decide(submitted, jiwei, note="同意")
    _decide(submitted, cast.supervisor, approve=False, note="请修改")
    _move(submitted, cast.office, "submit_plan")
    _decide(submitted, cast.supervisor)
    submitted.refresh_from_db()
    assert submitted.stage == Stage.PLAN_REVIEW  # the 纪委's earlier yes was for the first version


def test_a_return_needs_a_comment(cast, jiwei, submitted):
    with pytest.raises(TransitionError, match="“退回修改”须填写说明。"):
        _decide(submitted, jiwei, approve=False, note="  ")
    assert _decisions(submitted) == set()


def test_a_supervision_group_does_not_decide_on_the_plan(cast, jiwei, submitted):
    group = _person("dudao", "钱督导", cast.county)
    staff_assign(person=group, organization=cast.county, kind=StaffKind.SUPERVISOR, body="supervision_group")
    with pytest.raises(TransitionError, match="只有上级纪委、组织部可以“批准方案”"):
        _decide(submitted, group.user)
    assert _decisions(submitted) == set()


def test_the_plan_page_shows_each_bodys_decision(cast, jiwei, submitted, login):
    _decide(submitted, jiwei, note="同意，请按方案抓好落实。")
    body = login(cast.office).get(f"/meetings/{submitted.pk}/plan/").content.decode()
    decisions = body[body.index('id="decisions"'):]
    assert "工作方案报上级纪委和组织部审批，均同意后方案获批" in decisions
    jw = decisions[decisions.index('id="decision-discipline"'):decisions.index('id="decision-organization_department"')]
    assert ">同意</span>" in jw and "孙纪委" in jw and "同意，请按方案抓好落实。" in jw
    org = decisions[decisions.index('id="decision-organization_department"'):]
    assert "待审批" in org.split("</li>")[0]


def test_the_review_page_records_one_bodys_decision_and_says_who_is_left(cast, jiwei, submitted, login):
    client = login(jiwei)
    response = client.post(f"/meetings/{submitted.pk}/stage/approve_plan/", {"note": "同意"})
    assert response.status_code == 302 and response["Location"] == f"/meetings/{submitted.pk}/plan/"
    page = client.get(response["Location"]).content.decode()
    assert "已记录您的审批意见：同意。尚待上级组织部审批。" in page
    response = login(cast.supervisor).post(f"/meetings/{submitted.pk}/stage/approve_plan/", {"note": ""})
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.stage == Stage.PRE_MEETING


def test_a_body_that_has_decided_no_longer_has_the_plan_in_its_work(cast, jiwei, submitted):
    from meetings.progress import work_for

    def titles(user):
        return [i.title for i in work_for(user) if i.kind == "审批"]

    assert titles(jiwei) == ["审批工作方案"] and titles(cast.supervisor) == ["审批工作方案"]
    _decide(submitted, jiwei)
    assert titles(jiwei) == []
    assert titles(cast.supervisor) == ["审批工作方案"]


def test_the_office_hears_that_one_body_agreed_and_who_is_left(cast, jiwei, submitted):
    from notifications.models import Notification

    _decide(submitted, jiwei)
    notice = Notification.objects.get(recipient=cast.office)
    assert notice.title == f"纪委已同意工作方案：{submitted.title}"
    assert notice.body == "尚待上级组织部审批。"


def test_the_jiwei_gets_403_on_the_consent_to_convene_and_the_organisation_department_200(cast, jiwei, meeting, login):
    meeting.__class__.objects.filter(pk=meeting.pk).update(stage=Stage.CONVENE_REQUESTED)
    url = f"/meetings/{meeting.pk}/stage/approve_convening/"
    assert login(jiwei).get(url).status_code == 403
    assert login(jiwei).post(url).status_code == 403
    assert login(cast.office).get(url).status_code == 403
    assert login(cast.outsider).get(url).status_code == 404
    assert login(cast.supervisor).get(url).status_code == 200
    meeting.refresh_from_db()
    assert meeting.stage == Stage.CONVENE_REQUESTED


def test_the_decision_page_shows_what_the_other_body_decided(cast, jiwei, submitted, login):
    _decide(submitted, jiwei, note="同意。")
    body = login(cast.supervisor).get(f"/meetings/{submitted.pk}/stage/approve_plan/").content.decode()
    assert "<strong>纪委</strong> 同意：同意。" in body
    assert "<strong>组织部</strong> 待审批" in body
    assert "以下事项完成后才能" not in body  # the other's decision is not a blocker to this one


def test_the_migration_keeps_earlier_decisions_under_the_reviewers_body(cast, jiwei, submitted):
    import importlib

    from django.apps import apps
    from django.utils import timezone

    migration = importlib.import_module("meetings.migrations.0006_convene_consent_and_waivers")
    PlanSubmission.objects.filter(plan__meeting=submitted).update(
        status=SubmissionStatus.RETURNED, reviewed_by=jiwei, reviewed_at=timezone.now(), comment="请修改"
    )
    migration.decisions_from_reviews(apps, None)
    decision = PlanDecision.objects.get(submission__plan__meeting=submitted)
    assert (decision.body, decision.status, decision.comment, decision.decided_by) == (
        DISCIPLINE, SubmissionStatus.RETURNED, "请修改", jiwei
    )


def test_the_consent_to_convene_is_never_made_by_the_plain_form_which_asks_no_agreed_day(cast, meeting, login):
    meeting.__class__.objects.filter(pk=meeting.pk).update(stage=Stage.CONVENE_REQUESTED)
    response = login(cast.supervisor).post(f"/meetings/{meeting.pk}/stage/approve_convening/", {"note": "同意"})
    assert response.status_code == 302 and response["Location"] == f"/proceedings/{meeting.pk}/convening/"
    meeting.refresh_from_db()
    assert meeting.stage == Stage.CONVENE_REQUESTED and meeting.agreed_on is None
