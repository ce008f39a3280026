"""The report on the meeting's checklist ("会后报告") and in "my work"; a meeting halted
after it was held is reported again once held again, and the first report stays."""

from datetime import date

from meetings.access import meeting_access
from meetings.progress import meeting_checklist, work_for
from meetings.workflow import meeting_transition
from proceedings import report as service
from proceedings.models import SituationReport
from proceedings.report_access import report_access

from .report_helpers import draft, held_meeting, send, sent, prepared, sitting  # noqa: F401


def _section(meeting):
    return next(s for s in meeting_checklist(meeting) if s.phase == "会后报告")


def test_the_checklist_shows_the_report_due_and_then_sent(cast, held_meeting):
    items = {i.label: i for i in _section(held_meeting).items}
    assert not items["召开情况报告已生成"].done
    assert "截止2027年1月12日" in items["召开情况报告已生成"].detail
    report = service.report_compile(meeting=held_meeting, actor=cast.office)
    send(cast, report)
    items = {i.label: i for i in _section(held_meeting).items}
    assert items["召开情况报告已生成"].done and items["已报送上级"].done
    assert not items["上级已阅知"].done and not items["盖章扫描件已存档"].done
    assert items["已报送上级"].url_for_office  # members would get 404 there


def test_the_checklist_before_the_meeting_only_says_what_will_be_due(ready_meeting):
    [item] = _section(ready_meeting).items
    assert item.label == "召开情况报告" and not item.done and item.url == ""


def test_the_upper_level_finds_a_sent_report_in_its_work_and_the_office_the_scan_and_notice(cast, sent):
    assert [i.title for i in work_for(cast.supervisor) if i.kind == "阅知"] == ["阅知召开情况报告"]
    office = [i.title for i in work_for(cast.office) if i.kind == "会后报告"]
    assert office == ["上传召开情况报告盖章扫描件", "印发会议情况通报"]
    service.report_transition(report=sent, name="acknowledge", actor=cast.supervisor,
                              access=report_access(cast.supervisor, sent.meeting))
    assert [i for i in work_for(cast.supervisor) if i.kind == "阅知"] == []
    assert [i for i in work_for(cast.member) if i.kind in ("阅知", "会后报告")] == []


def test_the_my_work_page_lists_the_report_for_the_upper_level(cast, login, sent):
    page = login(cast.supervisor).get("/").content.decode()
    assert "阅知召开情况报告" in page


def test_a_meeting_halted_after_it_was_held_is_reported_again_and_the_first_report_stays(cast, sent):
    meeting = sent.meeting
    meeting_transition(meeting=meeting, name="halt", actor=cast.supervisor,
                       access=meeting_access(cast.supervisor, meeting), note="批评不够深入，重新召开")
    # The halted sitting's report stays readable, and moves no further.
    assert service.current_report(meeting) == sent
    assert service.available_moves(sent, meeting, report_access(cast.supervisor, meeting)) == []
    assert _section(meeting).items[0].label == "召开情况报告"
    meeting_transition(meeting=meeting, name="restart_preparation", actor=cast.office,
                       access=meeting_access(cast.office, meeting))
    meeting.refresh_from_db()
    assert service.current_report(meeting) is None
    from meetings.models import Meeting, Stage

    Meeting.objects.filter(pk=meeting.pk).update(stage=Stage.CONVENE_APPROVED)
    meeting.refresh_from_db()
    meeting_transition(meeting=meeting, name="record_held", actor=cast.office,
                       access=meeting_access(cast.office, meeting), on_date=date(2027, 1, 20))
    second = service.report_compile(meeting=meeting, actor=cast.office)
    assert second.pk != sent.pk and second.held_on == date(2027, 1, 20)
    assert service.report_due(meeting) == date(2027, 2, 4)
    assert SituationReport.objects.filter(meeting=meeting).count() == 2


def test_the_upper_level_sees_an_overdue_report_in_its_work_marked_late(cast, login, held_meeting):
    from datetime import timedelta

    from django.utils import timezone

    from meetings.models import MilestoneKind

    held_meeting.milestones.filter(kind=MilestoneKind.REPORT).update(due_date=timezone.localdate() - timedelta(days=4))
    [item] = [i for i in work_for(cast.supervisor) if i.kind == "逾期报告"]
    assert (item.title, item.overdue) == ("召开情况报告已逾期4天，尚未报送", True)
    assert [i for i in work_for(cast.outsider) if i.kind == "逾期报告"] == []
    assert "召开情况报告已逾期4天，尚未报送" in login(cast.supervisor).get("/").content.decode()
