"""The work plan: defaults, editing rules, frozen submissions, diffs, milestones, duties."""

from datetime import date, datetime, time, timedelta

import pytest
from django.utils import timezone

from meetings import plan_defaults
from meetings.access import meeting_access
from meetings.models import (
    MeetingKind,
    PlanSubmission,
    Stage,
    SubmissionStatus,
    WorkPlan,
)
from meetings.phase import remind_duties
from meetings.plans import (
    PlanConflict,
    PlanEdit,
    PlanLocked,
    plan_content,
    plan_create_default,
    plan_diff,
    plan_update,
)
from meetings.plan_review import plan_decide
from meetings.services import meeting_create
from meetings.workflow import TransitionError, meeting_transition
from notifications.models import Notification
from organizations.models import Department, Person

from ..factories import OrganizationFactory


@pytest.fixture
def plan(meeting):
    return plan_create_default(meeting=meeting)


def _move(meeting, user, name, note=""):
    meeting.refresh_from_db()
    return meeting_transition(
        meeting=meeting, name=name, actor=user, access=meeting_access(user, meeting), note=note
    )


def _decide(meeting, user, approve=True, note=""):
    """The upper body of `user` decides on the plan under review."""
    meeting.refresh_from_db()
    return plan_decide(meeting=meeting, access=meeting_access(user, meeting), actor=user, approve=approve, comment=note)


def _edit(plan, **changes):
    """A PlanEdit that keeps everything as it is, except `changes`."""
    meeting = plan.meeting
    edit = PlanEdit(
        fields={
            "basis": plan.basis,
            "starts_at": plan.starts_at,
            "duration": plan.duration,
            "place": plan.place,
            "guiding_leaders": plan.guiding_leaders,
            "non_voting_note": plan.non_voting_note,
            "chair": plan.chair,
            "recorder": plan.recorder,
            "speech_minutes": plan.speech_minutes,
            "criticism_minutes": plan.criticism_minutes,
        },
        theme=meeting.theme,
        attendees=list(plan.attendees.all()),
        non_voting=list(plan.non_voting.all()),
        aspects=[(a.title, a.description) for a in meeting.aspects.all()],
        steps=[
            {"phase": s.phase, "title": s.title, "text": s.text, "milestone": s.milestone, "due_date": s.due_date}
            for s in plan.steps.all()
        ],
        agenda=[a.text for a in plan.agenda.all()],
        duties=[
            {"task": d.task, "department": d.department, "person": d.person, "deadline": d.deadline}
            for d in plan.duties.all()
        ],
    )
    for key, value in changes.items():
        if key in edit.fields:
            edit.fields[key] = value
        else:
            setattr(edit, key, value)
    return edit


# --- defaults ----------------------------------------------------------------------------


def test_a_new_meeting_gets_a_plan_with_the_seed_defaults_for_a_democratic_life_meeting(cast):
    meeting = meeting_create(
        organization=cast.gov, kind=MeetingKind.DEMOCRATIC_LIFE, year=2026, title="测试民主生活会"
    )
    plan = WorkPlan.objects.get(meeting=meeting)
    assert [a.text for a in plan.agenda.all()] == plan_defaults.DLM_AGENDA
    assert len(plan_defaults.DLM_AGENDA) == 5  # seed 000 §四(二)2
    assert [s.title for s in plan.steps.all()][:5] == [
        "结合实际制定方案", "深入开展学习研讨", "广泛征求意见建议", "深入开展谈心谈话", "认真撰写发言材料"
    ]
    assert plan.chair.user == cast.secretary
    assert plan.recorder.user == cast.office
    assert {p.user for p in plan.attendees.all()} == {cast.secretary, cast.member}


def test_a_branch_meeting_gets_the_four_agenda_items_and_all_party_members(cast):
    branch = OrganizationFactory(name="测试支部", kind="branch", parent=cast.gov)
    member = Person.objects.create(name="普通党员", organization=cast.gov, branch=branch)
    meeting = meeting_create(
        organization=branch, kind=MeetingKind.ORGANIZATION_LIFE, year=2026, title="测试组织生活会"
    )
    plan = meeting.plan
    assert [a.text for a in plan.agenda.all()] == plan_defaults.OLM_AGENDA
    assert len(plan_defaults.OLM_AGENDA) == 4  # seed 002 方案8
    assert member in plan.attendees.all()


def test_creating_the_default_plan_twice_returns_the_same_plan(meeting):
    assert plan_create_default(meeting=meeting).pk == plan_create_default(meeting=meeting).pk


def test_duties_go_to_the_named_department_or_else_to_the_office(cast, meeting):
    Department.objects.create(organization=cast.gov, name="综合科")
    WorkPlan.objects.filter(meeting=meeting).delete()
    plan = plan_create_default(meeting=meeting)
    first = plan.duties.select_related("department", "person").first()
    assert first.department.name == "综合科" and first.person is None
    unmatched = [d for d in plan.duties.select_related("person") if d.department_id is None]
    assert unmatched and all(d.person.user == cast.office for d in unmatched)


# --- content, as in seed 000 ------------------------------------------------------------


def test_the_plan_content_follows_the_seed_structure(plan):
    content = plan_content(plan)
    assert [title for title, _ in content["sections"]] == [
        "一、会议时间", "二、参会人员", "三、会议主题", "四、方法步骤", "五、职责分工"
    ]
    method = dict(content["sections"])["四、方法步骤"]
    assert method[0] == "（一）会前准备"
    assert "（二）召开会议" in method and "（三）会后有关工作" in method
    assert any(line.startswith("会议议程：会议由张书记主持，共5项议程") for line in method)
    assert "个人发言一般在15分钟左右，对发言人开展批评一般在5分钟左右。" in method


def test_the_aspects_appear_in_the_theme_section(plan):
    theme = dict(plan_content(plan)["sections"])["三、会议主题"]
    assert "重点从以下2个方面进行对照检查：" in theme
    assert theme[-2].startswith("一是方面一")


# --- editing rules ------------------------------------------------------------------------


def test_the_office_saves_changes_and_the_version_moves_on(cast, plan):
    plan_update(plan=plan, version=plan.version, edit=_edit(plan, place="三楼会议室"), actor=cast.office)
    plan.refresh_from_db()
    assert plan.place == "三楼会议室" and plan.version == 2


def test_a_stale_version_is_refused_and_the_other_save_is_kept(cast, plan):
    version = plan.version
    plan_update(plan=plan, version=version, edit=_edit(plan, place="甲会议室"), actor=cast.office)
    with pytest.raises(PlanConflict, match="其他人已修改"):
        plan_update(plan=plan, version=version, edit=_edit(plan, place="乙会议室"), actor=cast.office)
    plan.refresh_from_db()
    assert plan.place == "甲会议室"


@pytest.mark.parametrize("stage", [Stage.PLAN_REVIEW, Stage.PRE_MEETING, Stage.HELD])
def test_the_plan_cannot_be_edited_under_review_or_after_approval(cast, plan, stage):
    plan.meeting.stage = stage
    plan.meeting.save()
    with pytest.raises(PlanLocked):
        plan_update(plan=plan, version=plan.version, edit=_edit(plan, place="x"), actor=cast.office)


def test_the_plan_dates_become_the_meeting_milestones(cast, plan):
    steps = _edit(plan).steps
    for step in steps:
        if step["milestone"] == "talks":
            step["due_date"] = date(2026, 12, 10)
    starts = timezone.make_aware(datetime.combine(date(2026, 12, 20), time(9)))
    plan_update(plan=plan, version=plan.version, edit=_edit(plan, steps=steps, starts_at=starts), actor=cast.office)
    milestones = {m.kind: m.due_date for m in plan.meeting.milestones.all()}
    assert milestones["talks"] == date(2026, 12, 10)
    assert milestones["meeting"] == date(2026, 12, 20)
    assert milestones["report"] == date(2026, 12, 20) + timedelta(days=15)


# --- review: frozen versions ------------------------------------------------------------


def test_submitting_freezes_a_version_and_returning_records_the_comment(cast, plan):
    _move(plan.meeting, cast.office, "submit_plan")
    _move(plan.meeting, cast.supervisor, "return_plan", note="请明确到会指导领导")
    first = PlanSubmission.objects.get(plan=plan, number=1)
    assert first.status == SubmissionStatus.RETURNED
    assert first.comment == "请明确到会指导领导" and first.reviewed_by == cast.supervisor
    assert first.content["title"].endswith("工作方案")


def test_a_frozen_version_does_not_change_when_the_plan_is_revised(cast, plan):
    _move(plan.meeting, cast.office, "submit_plan")
    _move(plan.meeting, cast.supervisor, "return_plan", note="修改")
    frozen = PlanSubmission.objects.get(plan=plan, number=1).content
    plan.refresh_from_db()
    plan_update(plan=plan, version=plan.version, edit=_edit(plan, guiding_leaders="县委第二督导组"), actor=cast.office)
    assert PlanSubmission.objects.get(plan=plan, number=1).content == frozen


def test_approval_marks_the_pending_submission_approved(cast, plan):
    _move(plan.meeting, cast.office, "submit_plan")
    _decide(plan.meeting, cast.supervisor)
    assert PlanSubmission.objects.get(plan=plan).status == SubmissionStatus.APPROVED
    assert plan.meeting.stage == Stage.PRE_MEETING


def test_a_change_after_approval_needs_revise_then_a_new_submission(cast, plan):
    _move(plan.meeting, cast.office, "submit_plan")
    _decide(plan.meeting, cast.supervisor)
    with pytest.raises(TransitionError, match="须填写说明"):
        _move(plan.meeting, cast.office, "revise_plan")
    _move(plan.meeting, cast.office, "revise_plan", note="会议时间调整")
    plan.refresh_from_db()
    plan_update(plan=plan, version=plan.version, edit=_edit(plan, place="新会议室"), actor=cast.office)
    _move(plan.meeting, cast.office, "submit_plan")
    assert list(plan.submissions.values_list("number", "status")) == [
        (1, SubmissionStatus.APPROVED), (2, SubmissionStatus.PENDING)
    ]


def test_the_diff_marks_exactly_the_changed_characters():
    old = {"title": "方案", "basis": "", "sections": [["二、参会人员", ["1.出席：张三、李四", "2.主持：张三"]]]}
    new = {"title": "方案", "basis": "", "sections": [["二、参会人员", ["1.出席：张三、李四、王五", "2.主持：张三"]]]}
    section = next(s for s in plan_diff(old, new) if s.title == "二、参会人员")
    assert section.changed
    assert str(section.lines[0].html) == "1.出席：张三、李四<ins>、王五</ins>"
    assert section.lines[1].kind == "same"


def test_the_diff_escapes_what_people_typed():
    old = {"title": "t", "basis": "", "sections": [["一、会议时间", ["a"]]]}
    new = {"title": "t", "basis": "", "sections": [["一、会议时间", ["<script>x</script>"]]]}
    html = "".join(str(l.html) for s in plan_diff(old, new) for l in s.lines)
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_an_unchanged_plan_shows_no_changed_section(plan):
    content = plan_content(plan)
    assert not any(section.changed for section in plan_diff(content, content))


# --- duties: tracked tasks with reminders -------------------------------------------------


def test_a_duty_due_tomorrow_reminds_its_person_and_the_office_once(cast, plan):
    duty = plan.duties.filter(person__isnull=False).first()
    today = timezone.localdate()
    duty.deadline = today + timedelta(days=1)
    duty.save()
    first = remind_duties(today)
    assert first == 1  # the office person is both the owner and the office: one message
    assert remind_duties(today) == 0
    assert Notification.objects.filter(recipient=cast.office, title__contains="职责分工").count() == 1


def test_a_done_duty_is_not_reminded(cast, plan):
    duty = plan.duties.first()
    duty.deadline = timezone.localdate()
    duty.done_at = timezone.now()
    duty.save()
    assert remind_duties(timezone.localdate()) == 0


def test_the_diff_does_not_flag_lines_that_were_only_renumbered():
    old = {"title": "t", "basis": "", "sections": [["二、参会人员", ["1.出席：甲", "2.主持：乙"]]]}
    new = {"title": "t", "basis": "", "sections": [["二、参会人员", ["1.到会指导：丙", "2.出席：甲", "3.主持：乙"]]]}
    lines = next(s for s in plan_diff(old, new) if s.title == "二、参会人员").lines
    assert [line.kind for line in lines] == ["added", "same", "same"]


@pytest.mark.skipif(not __import__("shutil").which("pdftotext"), reason="poppler-utils missing")
def test_the_plan_pdf_has_the_seed_sections_in_order_in_a_cjk_font(plan, tmp_path):
    import subprocess

    from documents.render import document_pdf
    from meetings.documents import work_plan

    path = tmp_path / "plan.pdf"
    path.write_bytes(document_pdf(work_plan(plan.meeting)))
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout.replace(" ", "")
    headings = ["一、会议时间", "二、参会人员", "三、会议主题", "四、方法步骤", "（一）会前准备", "（二）召开会议", "（三）会后有关工作", "五、职责分工"]
    positions = [text.index(h) for h in headings]
    assert positions == sorted(positions)
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True).stdout
    assert "CJK" in fonts
