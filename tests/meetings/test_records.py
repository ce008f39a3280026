"""What the plan phase hands to the archive: the plan as approved, its approvals, the stages."""

from documents.render import document_pdf
from meetings.access import meeting_access
from meetings.plan_review import plan_decide
from meetings.workflow import meeting_transition

from ..records_kit import every_document_builds, phase_records

PROVIDER = "meetings.plan_records"


def _move(meeting, user, name, **kwargs):
    meeting.refresh_from_db()
    return meeting_transition(meeting=meeting, name=name, actor=user, access=meeting_access(user, meeting), **kwargs)


def _decide(meeting, user, approve=True, note=""):
    meeting.refresh_from_db()
    plan_decide(meeting=meeting, access=meeting_access(user, meeting), actor=user, approve=approve, comment=note)


def _approved_after_one_return(cast, jiwei, meeting):
    _move(meeting, cast.office, "submit_plan")
    _decide(meeting, jiwei, note="同意。")
    _decide(meeting, cast.supervisor, approve=False, note="请补充征求意见的范围。")
    _move(meeting, cast.office, "submit_plan")
    _decide(meeting, cast.supervisor, note="同意。")
    _decide(meeting, jiwei, note="同意，请抓好落实。")
    meeting.refresh_from_db()
    return meeting


def test_the_approved_plan_is_listed_and_prints(cast, jiwei, meeting):
    meeting = _approved_after_one_return(cast, jiwei, meeting)
    records = phase_records(meeting, PROVIDER)
    [plan] = records.documents
    assert (plan.kind, plan.source, plan.author) == ("work_plan", meeting, cast.gov.name)
    assert plan.note == "经上级审批同意的方案（第2次报审）"
    [content] = every_document_builds(records)
    assert document_pdf(content).startswith(b"%PDF")


def test_every_submission_and_each_bodys_decision_is_in_the_history_with_its_comment(cast, jiwei, meeting):
    records = phase_records(_approved_after_one_return(cast, jiwei, meeting), PROVIDER)
    steps = [(d.what, d.who, d.comment, d.subject) for d in records.decisions if d.subject.startswith("工作方案")]
    assert steps == [
        ("报上级审批工作方案", "王办公", "", "工作方案（第1次报审）"),
        ("上级纪委审批同意", "孙纪委", "同意。", "工作方案（第1次报审）"),
        ("上级组织部退回修改", "赵督导", "请补充征求意见的范围。", "工作方案（第1次报审）"),
        ("报上级审批工作方案", "王办公", "", "工作方案（第2次报审）"),
        ("上级组织部审批同意", "赵督导", "同意。", "工作方案（第2次报审）"),
        ("上级纪委审批同意", "孙纪委", "同意，请抓好落实。", "工作方案（第2次报审）"),
    ]


def test_the_stage_changes_are_in_the_history_in_order(cast, jiwei, meeting):
    records = phase_records(_approved_after_one_return(cast, jiwei, meeting), PROVIDER)
    stages = [(d.what, d.subject) for d in records.decisions if d.subject.startswith("会议阶段")]
    assert stages == [
        ("创建会议", "会议阶段：筹备"),
        ("提交方案报审", "会议阶段：筹备→方案报审"),
        ("退回修改", "会议阶段：方案报审→筹备"),
        ("提交方案报审", "会议阶段：筹备→方案报审"),
        ("批准方案", "会议阶段：方案报审→会前准备"),
    ]


def test_a_plan_under_review_is_listed_as_not_the_approved_one(cast, meeting):
    _move(meeting, cast.office, "submit_plan")
    [plan] = phase_records(meeting, PROVIDER).documents
    assert plan.note == "最近一次报审（第1次）待审批，非审批同意的版本"


def test_a_meeting_never_submitted_lists_no_plan_but_its_history(cast, meeting):
    records = phase_records(meeting, PROVIDER)
    assert records.documents == []
    assert [d.what for d in records.decisions] == ["创建会议"]


def test_the_history_costs_the_same_queries_for_a_long_one(cast, jiwei, meeting, django_assert_max_num_queries):
    meeting = _approved_after_one_return(cast, jiwei, meeting)
    for _ in range(3):
        _move(meeting, cast.office, "revise_plan", note="调整会议时间")
        _move(meeting, cast.office, "submit_plan")
        _decide(meeting, cast.supervisor)
        _decide(meeting, jiwei)
    meeting.refresh_from_db()
    with django_assert_max_num_queries(4):
        records = phase_records(meeting, PROVIDER)
    assert len(records.decisions) > 20
