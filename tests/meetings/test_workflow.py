"""Moving a meeting from stage to stage: who may, from where, and what each move records."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from meetings import progress
from meetings.access import meeting_access
from meetings.models import Meeting, MilestoneKind, Stage, StageChange
from meetings.progress import ChecklistItem
from meetings.services import meeting_convene_blockers
from meetings.plan_review import plan_decide
from meetings.workflow import TRANSITIONS, TransitionError, available_transitions, meeting_transition
from notifications.models import Notification

from ..factories import MeetingFactory

HELD_ON = date(2026, 5, 20)

# name, from stage, who, to stage, extra arguments (approve_plan: see the plan's decisions)
ALLOWED = [
    ("submit_plan", Stage.PREPARING, "office", Stage.PLAN_REVIEW, {}),
    ("return_plan", Stage.PLAN_REVIEW, "supervisor", Stage.PREPARING, {"note": "请补充职责分工"}),
    ("request_convening", Stage.PRE_MEETING, "office", Stage.CONVENE_REQUESTED, {}),
    ("approve_convening", Stage.CONVENE_REQUESTED, "supervisor", Stage.CONVENE_APPROVED, {}),
    ("postpone", Stage.CONVENE_REQUESTED, "supervisor", Stage.PRE_MEETING, {"note": "谈心谈话未完成"}),
    ("postpone", Stage.CONVENE_APPROVED, "supervisor", Stage.PRE_MEETING, {"note": "材料需再修改"}),
    ("record_held", Stage.CONVENE_APPROVED, "office", Stage.HELD, {"on_date": HELD_ON}),
    ("halt", Stage.CONVENE_REQUESTED, "supervisor", Stage.HALTED, {"note": "材料质量不高"}),
    ("halt", Stage.CONVENE_APPROVED, "supervisor", Stage.HALTED, {"note": "准备不充分"}),
    ("halt", Stage.HELD, "supervisor", Stage.HALTED, {"note": "批评不够辣"}),
    ("restart_preparation", Stage.HALTED, "office", Stage.PRE_MEETING, {}),
    ("start_rectification", Stage.HELD, "office", Stage.RECTIFYING, {}),
    ("archive", Stage.RECTIFYING, "office", Stage.ARCHIVED, {}),
]

WHO_MAY = {name: ("supervisor" if "supervisor" in t.roles else "office") for name, t in TRANSITIONS.items()}
ARGUMENTS = {"return_plan": {"note": "意见"}, "postpone": {"note": "意见"}, "halt": {"note": "意见"},
             "record_held": {"on_date": HELD_ON}}


@pytest.fixture(autouse=True)
def _only_the_meetings_own_checklist(monkeypatch):
    """These tests are about the workflow's rules; each phase tests its own readiness items."""
    own = [entry for entry in progress._checklist if entry.provider.__module__.startswith("meetings.")]
    monkeypatch.setattr(progress, "_checklist", own)


def _at(meeting, stage):
    Meeting.objects.filter(pk=meeting.pk).update(stage=stage)
    meeting.refresh_from_db()
    return meeting


def _move(meeting, name, user, **kwargs):
    return meeting_transition(
        meeting=meeting, name=name, actor=user, access=meeting_access(user, meeting), **kwargs
    )


def _changes(meeting):
    return StageChange.objects.filter(meeting=meeting).count()


def _decide(meeting, user, approve=True, note=""):
    meeting.refresh_from_db()
    return plan_decide(meeting=meeting, access=meeting_access(user, meeting), actor=user, approve=approve, comment=note)


def _milestones_done(meeting, *kinds):
    meeting.milestones.filter(kind__in=kinds).update(done_at=timezone.now())


@pytest.mark.parametrize(
    "name, source, who, target, kwargs", ALLOWED, ids=[f"{a[0]}-from-{a[1]}" for a in ALLOWED]
)
def test_each_move_is_made_from_its_stage_by_its_role(cast, meeting, name, source, who, target, kwargs):
    _at(meeting, source)
    if name == "archive":
        _milestones_done(meeting, MilestoneKind.REPORT, MilestoneKind.RECTIFICATION)
    change = _move(meeting, name, getattr(cast, who), **kwargs)
    meeting.refresh_from_db()
    assert meeting.stage == target
    assert (change.from_stage, change.to_stage) == (source, target)
    assert change.action == TRANSITIONS[name].label


WRONG_STAGE = [
    (name, stage)
    for name, t in TRANSITIONS.items()
    for stage in Stage.values
    if stage not in t.sources
]


@pytest.mark.parametrize("name, stage", WRONG_STAGE, ids=[f"{n}-from-{s}" for n, s in WRONG_STAGE])
def test_a_move_from_the_wrong_stage_is_refused_and_not_recorded(cast, meeting, name, stage):
    _at(meeting, stage)
    before = _changes(meeting)
    with pytest.raises(TransitionError) as refused:
        _move(meeting, name, getattr(cast, WHO_MAY[name]), **ARGUMENTS.get(name, {}))
    assert f"会议当前处于“{Stage(stage).label}”阶段，不能“{TRANSITIONS[name].label}”。" == str(refused.value)
    assert _changes(meeting) == before
    meeting.refresh_from_db()
    assert meeting.stage == stage


WRONG_ROLE = [
    (name, who)
    for name, t in TRANSITIONS.items()
    for who in ("office", "secretary", "member", "supervisor")
    if who not in t.roles
]


@pytest.mark.parametrize("name, who", WRONG_ROLE, ids=[f"{n}-by-{w}" for n, w in WRONG_ROLE])
def test_a_move_by_the_wrong_role_is_refused_and_not_recorded(cast, meeting, name, who):
    source = TRANSITIONS[name].sources[0]
    _at(meeting, source)
    before = _changes(meeting)
    with pytest.raises(TransitionError, match=f"^只有.+可以“{TRANSITIONS[name].label}”。$"):
        _move(meeting, name, getattr(cast, who), **ARGUMENTS.get(name, {}))
    assert _changes(meeting) == before
    meeting.refresh_from_db()
    assert meeting.stage == source


def test_an_unknown_move_is_refused(cast, meeting):
    with pytest.raises(TransitionError, match="未知的操作"):
        _move(meeting, "teleport", cast.office)


@pytest.mark.parametrize("name", ["return_plan", "halt", "postpone"])
def test_a_move_that_overrules_the_office_needs_a_note(cast, meeting, name):
    _at(meeting, TRANSITIONS[name].sources[0])
    before = _changes(meeting)
    with pytest.raises(TransitionError, match=f"“{TRANSITIONS[name].label}”须填写说明。"):
        _move(meeting, name, cast.supervisor, note="   ")
    assert _changes(meeting) == before


def test_record_held_needs_the_date(cast, meeting):
    _at(meeting, Stage.CONVENE_APPROVED)
    with pytest.raises(TransitionError, match="请填写会议召开日期"):
        _move(meeting, "record_held", cast.office)


def test_record_held_sets_the_date_and_the_report_is_due_fifteen_days_later(cast, meeting):
    _at(meeting, Stage.CONVENE_APPROVED)
    _move(meeting, "record_held", cast.office, on_date=HELD_ON)
    meeting.refresh_from_db()
    assert meeting.held_on == HELD_ON
    assert meeting.milestones.get(kind=MilestoneKind.REPORT).due_date == HELD_ON + timedelta(days=15)
    held = meeting.milestones.get(kind=MilestoneKind.MEETING)
    assert held.is_done and held.done_by == cast.office


def test_submit_plan_completes_the_plan_milestone(cast, meeting):
    _move(meeting, "submit_plan", cast.office)
    plan = meeting.milestones.get(kind=MilestoneKind.PLAN)
    assert plan.is_done and plan.done_by == cast.office


def test_return_plan_reopens_the_plan_milestone(cast, meeting):
    _move(meeting, "submit_plan", cast.office)
    _move(meeting, "return_plan", cast.supervisor, note="请补充职责分工")
    assert not meeting.milestones.get(kind=MilestoneKind.PLAN).is_done


@pytest.mark.parametrize("open_kind", [MilestoneKind.RECTIFICATION, MilestoneKind.REPORT])
def test_archive_is_refused_while_the_rectification_or_the_report_is_not_done(cast, meeting, open_kind):
    _at(meeting, Stage.RECTIFYING)
    done = {MilestoneKind.RECTIFICATION, MilestoneKind.REPORT} - {open_kind}
    _milestones_done(meeting, *done)
    with pytest.raises(TransitionError, match=f"“{MilestoneKind(open_kind).label}”尚未完成，不能归档"):
        _move(meeting, "archive", cast.office)
    meeting.refresh_from_db()
    assert meeting.stage == Stage.RECTIFYING
    assert not meeting.milestones.get(kind=open_kind).is_done  # not ticked by the refused move


def test_archive_does_not_tick_the_rectification_milestone_itself(cast, meeting):
    _at(meeting, Stage.RECTIFYING)
    _milestones_done(meeting, MilestoneKind.REPORT, MilestoneKind.RECTIFICATION)
    before = meeting.milestones.get(kind=MilestoneKind.RECTIFICATION).done_at
    _move(meeting, "archive", cast.office)
    assert meeting.milestones.get(kind=MilestoneKind.RECTIFICATION).done_at == before


def test_a_phase_blocks_a_move_through_the_registry(cast, meeting, monkeypatch):
    """A later phase (rectification) holds back the archive without touching meetings."""
    monkeypatch.setattr(progress, "_blockers", {k: list(v) for k, v in progress._blockers.items()})

    def open_items(meeting):
        yield "整改清单尚有2项未完成"

    progress.register_blocker("archive", open_items)
    _at(meeting, Stage.RECTIFYING)
    _milestones_done(meeting, MilestoneKind.REPORT, MilestoneKind.RECTIFICATION)
    with pytest.raises(TransitionError, match="^整改清单尚有2项未完成$"):
        _move(meeting, "archive", cast.office)
    assert progress.move_blockers(meeting, "archive") == ["整改清单尚有2项未完成"]


def test_record_held_is_refused_until_the_upper_level_agreed_to_convene(cast, meeting):
    _at(meeting, Stage.CONVENE_REQUESTED)
    with pytest.raises(TransitionError, match="会议当前处于“报请召开”阶段，不能“会议已召开”"):
        _move(meeting, "record_held", cast.office, on_date=HELD_ON)
    _move(meeting, "approve_convening", cast.supervisor)
    _move(meeting, "record_held", cast.office, on_date=HELD_ON)
    meeting.refresh_from_db()
    assert meeting.stage == Stage.HELD
    assert list(meeting.stage_changes.values_list("action", flat=True))[-2:] == ["同意召开", "会议已召开"]


def test_the_consent_to_convene_is_given_by_the_organisation_department(cast, meeting, jiwei):
    _at(meeting, Stage.CONVENE_REQUESTED)
    with pytest.raises(TransitionError, match="^只有上级组织部可以“同意召开”。$"):
        _move(meeting, "approve_convening", jiwei)
    assert "approve_convening" not in [t.name for t in available_transitions(meeting, meeting_access(jiwei, meeting))]
    _move(meeting, "approve_convening", cast.supervisor)
    meeting.refresh_from_db()
    assert meeting.stage == Stage.CONVENE_APPROVED


def test_the_consent_to_convene_is_refused_while_a_phase_is_not_ready(cast, meeting, monkeypatch):
    def talks(meeting):
        yield ChecklistItem("四必谈全部完成", False, required_to_convene=True)

    entry = progress._ChecklistEntry(50, "谈心谈话", talks, None, "talks", True)
    monkeypatch.setattr(progress, "_checklist", [*progress._checklist, entry])
    _at(meeting, Stage.CONVENE_REQUESTED)
    with pytest.raises(TransitionError, match="尚未完成：谈心谈话——四必谈全部完成"):
        _move(meeting, "approve_convening", cast.supervisor)


def test_history_entered_afterwards_skips_the_checks_and_is_recorded_as_such(cast, meeting, login):
    _at(meeting, Stage.RECTIFYING)  # the report and the rectification were done on paper
    with pytest.raises(TransitionError, match="不能归档"):
        _move(meeting, "archive", cast.office)
    change = _move(meeting, "archive", cast.office, check_readiness=False)
    assert change.on_paper
    assert list(StageChange.objects.filter(meeting=meeting, on_paper=True)) == [change]
    body = login(cast.office).get(f"/meetings/{meeting.pk}/").content.decode()
    assert '<strong>归档</strong> <span class="pill">补录</span>' in body


def test_history_entered_afterwards_still_keeps_the_stage_and_role_rules(cast, meeting):
    _at(meeting, Stage.CONVENE_REQUESTED)
    with pytest.raises(TransitionError, match="不能“会议已召开”"):
        _move(meeting, "record_held", cast.office, on_date=HELD_ON, check_readiness=False)
    with pytest.raises(TransitionError, match="只有上级督导可以“同意召开”"):
        _move(meeting, "approve_convening", cast.office, check_readiness=False)


def test_a_move_checked_by_the_system_is_not_marked_as_entered_afterwards(cast, meeting):
    change = _move(meeting, "submit_plan", cast.office)
    assert change.on_paper is False


def test_submit_without_aspects_is_refused(cast):
    meeting = MeetingFactory(organization=cast.gov, aspects=[])
    with pytest.raises(TransitionError, match="请先确定对照检查的方面"):
        _move(meeting, "submit_plan", cast.office)
    meeting.refresh_from_db()
    assert meeting.stage == Stage.PREPARING
    assert _changes(meeting) == 1  # only 创建会议


def test_a_halted_meeting_is_prepared_again(cast, meeting):
    _at(meeting, Stage.CONVENE_APPROVED)
    _move(meeting, "halt", cast.supervisor, note="准备不充分")
    meeting.refresh_from_db()
    assert meeting.stage == Stage.HALTED
    _move(meeting, "restart_preparation", cast.office)
    meeting.refresh_from_db()
    assert meeting.stage == Stage.PRE_MEETING


def test_a_meeting_halted_after_it_was_held_must_be_held_again(cast, meeting):
    _at(meeting, Stage.CONVENE_APPROVED)
    _move(meeting, "record_held", cast.office, on_date=HELD_ON)
    _move(meeting, "halt", cast.supervisor, note="批评不够辣")
    _move(meeting, "restart_preparation", cast.office)
    assert not meeting.milestones.get(kind=MilestoneKind.MEETING).is_done
    # The report of the halted meeting is not due: the next meeting sets its date.
    assert meeting.milestones.get(kind=MilestoneKind.REPORT).due_date is None


def test_the_history_records_who_moved_the_meeting_when_and_why(cast, meeting):
    _move(meeting, "submit_plan", cast.office, note="请审批")
    before = timezone.now()
    _move(meeting, "return_plan", cast.supervisor, note="请补充职责分工")
    history = list(meeting.stage_changes.values_list("action", "actor__username", "note", "from_stage", "to_stage"))
    assert history == [
        ("创建会议", None, "", "", Stage.PREPARING),
        ("提交方案报审", "office", "请审批", Stage.PREPARING, Stage.PLAN_REVIEW),
        ("退回修改", "supervisor", "请补充职责分工", Stage.PLAN_REVIEW, Stage.PREPARING),
    ]
    assert meeting.stage_changes.last().at >= before


def test_the_history_shows_on_the_meeting_page(cast, meeting, login):
    _at(meeting, Stage.PLAN_REVIEW)
    _move(meeting, "return_plan", cast.supervisor, note="请补充职责分工")
    body = login(cast.office).get(f"/meetings/{meeting.pk}/").content.decode()
    assert "退回修改" in body
    assert "赵督导" in body
    assert "请补充职责分工" in body


def test_request_convening_is_refused_before_the_plan_is_approved(cast, meeting):
    _at(meeting, Stage.PLAN_REVIEW)
    with pytest.raises(TransitionError):
        _move(meeting, "request_convening", cast.office)
    assert "尚未完成：工作方案——工作方案经上级批准" in meeting_convene_blockers(meeting)


def test_the_plan_approval_stops_blocking_the_convening_once_given(cast, meeting):
    _move(meeting, "submit_plan", cast.office)
    _decide(meeting, cast.supervisor)
    assert meeting_convene_blockers(meeting) == []
    _move(meeting, "request_convening", cast.office)
    assert meeting.stage == Stage.CONVENE_REQUESTED


def test_request_convening_is_refused_while_a_phase_has_a_required_item_undone(cast, meeting, monkeypatch):
    def talks(meeting):
        yield ChecklistItem("四必谈全部完成", False, required_to_convene=True)
        yield ChecklistItem("谈话记录已上传", False)  # not required: does not block

    entry = progress._ChecklistEntry(50, "谈心谈话", talks, None, "talks", True)
    monkeypatch.setattr(progress, "_checklist", [*progress._checklist, entry])
    _at(meeting, Stage.PRE_MEETING)
    with pytest.raises(TransitionError) as refused:
        _move(meeting, "request_convening", cast.office)
    assert str(refused.value) == "尚未完成：谈心谈话——四必谈全部完成"
    assert _changes(meeting) == 1


# --- notifications of stage changes ----------------------------------------------------


def _recipients(title_part):
    return set(
        Notification.objects.filter(title__contains=title_part).values_list("recipient__username", flat=True)
    )


def test_submitting_the_plan_notifies_the_supervisors(cast, meeting, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _move(meeting, "submit_plan", cast.office)
    assert _recipients("提交方案报审") == {"supervisor"}
    notification = Notification.objects.get(recipient=cast.supervisor)
    assert notification.url == f"/meetings/{meeting.pk}/"
    assert "进入“方案报审”阶段" in notification.body


def test_approving_the_plan_notifies_the_office_and_the_team(cast, meeting, django_capture_on_commit_callbacks):
    _move(meeting, "submit_plan", cast.office)
    with django_capture_on_commit_callbacks(execute=True):
        _decide(meeting, cast.supervisor)
    assert _recipients("批准方案") == {"office", "secretary", "member"}


def test_returning_the_plan_tells_the_office_why(cast, meeting, django_capture_on_commit_callbacks):
    _at(meeting, Stage.PLAN_REVIEW)
    with django_capture_on_commit_callbacks(execute=True):
        _move(meeting, "return_plan", cast.supervisor, note="请补充职责分工")
    assert _recipients("退回修改") == {"office"}
    assert "说明：请补充职责分工" in Notification.objects.get(recipient=cast.office).body


def test_the_person_who_moved_the_meeting_is_not_notified(cast, meeting, django_capture_on_commit_callbacks):
    _at(meeting, Stage.RECTIFYING)
    _milestones_done(meeting, MilestoneKind.REPORT, MilestoneKind.RECTIFICATION)
    with django_capture_on_commit_callbacks(execute=True):
        _move(meeting, "archive", cast.office)
    assert not Notification.objects.filter(recipient=cast.office).exists()


def test_a_neighbour_is_never_notified(cast, meeting, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _move(meeting, "submit_plan", cast.office)
        _decide(meeting, cast.supervisor)
    assert not Notification.objects.filter(recipient=cast.outsider).exists()


def test_a_refused_move_notifies_no_one(cast, meeting, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(TransitionError):
            _move(meeting, "approve_plan", cast.supervisor)
    assert callbacks == []
    assert not Notification.objects.exists()


def test_the_consent_to_convene_fixes_the_agreed_day_and_a_postponement_clears_it(cast, meeting):
    _at(meeting, Stage.CONVENE_REQUESTED)
    _move(meeting, "approve_convening", cast.supervisor, on_date=date(2026, 12, 30))
    meeting.refresh_from_db()
    assert (meeting.stage, meeting.agreed_on) == (Stage.CONVENE_APPROVED, date(2026, 12, 30))
    _move(meeting, "postpone", cast.supervisor, note="材料需再修改")
    meeting.refresh_from_db()
    assert (meeting.stage, meeting.agreed_on) == (Stage.PRE_MEETING, None)
