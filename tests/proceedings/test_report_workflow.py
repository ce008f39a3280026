"""The report's life: compiled from the records, edited section by section without
overwriting anyone, sent (frozen, the milestone done), acknowledged by the 组织部."""

import pytest
from django.core.exceptions import PermissionDenied

from meetings.models import Meeting, MilestoneKind, Stage
from notifications.models import Notification
from proceedings import report as service
from proceedings.models import ReportState, SectionKey
from proceedings.report_access import report_access

from .report_helpers import HELD, draft, held_meeting, prepared, sitting, send, sent  # noqa: F401


def _save(cast, report, key, text, version=None):
    section = report.sections.get(key=key)
    return service.report_section_save(report=report, key=key, text=text,
                                       version=section.version if version is None else version, actor=cast.office)


def test_the_draft_has_every_section_in_the_seeds_order(draft):
    assert [s.key for s in draft.sections.all()] == SectionKey.values
    assert draft.addressee == "县委组织部"
    assert draft.held_on == HELD
    assert draft.events.get().action == "生成草稿"


def test_a_report_cannot_be_compiled_before_the_meeting_is_held(cast, ready_meeting):
    with pytest.raises(service.ReportError, match="召开后才能撰写"):
        service.report_compile(meeting=ready_meeting, actor=cast.office)


def test_a_halted_meeting_has_no_report_to_compile(cast, held_meeting):
    Meeting.objects.filter(pk=held_meeting.pk).update(stage=Stage.HALTED)
    held_meeting.refresh_from_db()
    with pytest.raises(service.ReportError):
        service.report_compile(meeting=held_meeting, actor=cast.office)


def test_the_office_edits_a_section_and_the_version_moves_on(cast, draft):
    section = _save(cast, draft, "opening", "会议开得很好。")
    assert (section.text, section.version, section.edited) == ("会议开得很好。", 2, True)


def test_a_save_from_a_stale_version_is_refused_and_names_who_saved(cast, draft):
    _save(cast, draft, "opening", "第一稿。")
    with pytest.raises(service.SectionConflict) as caught:
        _save(cast, draft, "opening", "第二稿。", version=1)
    assert "为避免覆盖" in str(caught.value)
    assert draft.sections.get(key="opening").text == "第一稿。"


def test_saving_the_same_words_from_a_stale_version_is_no_conflict(cast, draft):
    _save(cast, draft, "opening", "同样的话。")
    assert _save(cast, draft, "opening", "同样的话。", version=1).version == 2


def test_a_stale_post_keeps_what_the_person_typed_on_the_page(cast, login, draft):
    _save(cast, draft, "opening", "别人保存的。")
    response = login(cast.office).post(
        f"/proceedings/{draft.meeting.pk}/report/sections/opening/",
        {"section-opening-version": 1, "section-opening-text": "我刚写的。"},
    )
    assert response.status_code == 409
    page = response.content.decode()
    assert "我刚写的。" in page and "别人保存的。" in page and "为避免覆盖" in page


def test_sending_freezes_the_text_completes_the_milestone_and_tells_the_upper_level(
        cast, draft, django_capture_on_commit_callbacks):
    _save(cast, draft, "opening", "报送的文字。")
    with django_capture_on_commit_callbacks(execute=True):
        send(cast, draft)
    assert draft.state == ReportState.SENT and draft.sent_by == cast.office
    assert dict(draft.sent_text["sections"])["opening"] == "报送的文字。"
    assert draft.meeting.milestones.get(kind=MilestoneKind.REPORT).done_at is not None
    assert Notification.objects.filter(recipient=cast.supervisor, title__startswith="召开情况报告报送上级").exists()
    with pytest.raises(service.ReportError, match="不能再修改"):
        _save(cast, draft, "opening", "报送后再改。")


def test_the_secretary_cannot_send(cast, draft):
    with pytest.raises(service.ReportError, match="只有办公室"):
        service.report_transition(report=draft, name="send", actor=cast.secretary,
                                  access=report_access(cast.secretary, draft.meeting))


def test_the_organisation_department_acknowledges_with_a_note(cast, sent, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        service.report_transition(report=sent, name="acknowledge", actor=cast.supervisor,
                                  access=report_access(cast.supervisor, sent.meeting), note="报告规范，请抓好整改。")
    sent.refresh_from_db()
    assert (sent.state, sent.acknowledged_by, sent.acknowledgement_note) == (
        ReportState.ACKNOWLEDGED, cast.supervisor, "报告规范，请抓好整改。")
    assert Notification.objects.filter(recipient=cast.office, body__contains="报告规范").exists()


def test_the_discipline_commission_does_not_acknowledge_for_the_organisation_department(cast, jiwei, sent):
    with pytest.raises(service.ReportError, match="只有上级组织部"):
        service.report_transition(report=sent, name="acknowledge", actor=jiwei,
                                  access=report_access(jiwei, sent.meeting))


def test_withdrawing_needs_a_reason_and_reopens_the_milestone(cast, sent):
    access = report_access(cast.office, sent.meeting)
    with pytest.raises(service.ReportError, match="须填写说明"):
        service.report_transition(report=sent, name="withdraw", actor=cast.office, access=access)
    service.report_transition(report=sent, name="withdraw", actor=cast.office, access=access, note="人数写错")
    sent.refresh_from_db()
    assert sent.state == ReportState.DRAFT and sent.sent_text is None
    assert sent.meeting.milestones.get(kind=MilestoneKind.REPORT).done_at is None
    assert [e.action for e in sent.events.all()] == ["生成草稿", "报送上级", "撤回修改"]


def test_an_archived_meeting_refuses_every_edit(cast, sent):
    Meeting.objects.filter(pk=sent.meeting_id).update(stage=Stage.ARCHIVED)
    sent.meeting.refresh_from_db()
    with pytest.raises(PermissionDenied):
        service.report_transition(report=sent, name="acknowledge", actor=cast.supervisor,
                                  access=report_access(cast.supervisor, sent.meeting))
    with pytest.raises(PermissionDenied):
        service.notice_issue(report=sent, scope="全体党员", actor=cast.office)


def test_the_send_page_sends_and_the_acknowledge_page_acknowledges(cast, login, draft):
    meeting = draft.meeting
    response = login(cast.office).post(f"/proceedings/{meeting.pk}/report/act/send/", {"note": ""})
    assert response.status_code == 302
    response = login(cast.supervisor).post(f"/proceedings/{meeting.pk}/report/act/acknowledge/",
                                           {"note": "已阅"})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.state == ReportState.ACKNOWLEDGED


def test_the_data_changed_flag_appears_and_the_office_refreshes_one_section(cast, login, draft):
    meeting = draft.meeting
    url = f"/proceedings/{meeting.pk}/report/"
    assert "数据已更新" not in login(cast.office).get(url).content.decode()
    meeting.aspects.create(order=3, title="带头增强党性")
    page = login(cast.office).get(url).content.decode()
    assert "数据已更新" in page
    section = draft.sections.get(key="problems")
    response = login(cast.office).post(f"{url}sections/problems/refresh/", {"version": section.version})
    assert response.status_code == 302
    assert "带头增强党性" in draft.sections.get(key="problems").text
    assert "数据已更新" not in login(cast.office).get(url).content.decode()


def test_an_archived_meetings_report_page_shows_the_text_without_forms(cast, login, draft):
    Meeting.objects.filter(pk=draft.meeting_id).update(stage=Stage.ARCHIVED)
    page = login(cast.office).get(f"/proceedings/{draft.meeting_id}/report/").content.decode()
    assert "一、会前准备情况" in page and "保存此部分" not in page and "报送上级" not in page


def test_a_move_that_is_not_open_now_is_refused_on_its_page(cast, login, jiwei, sent):
    assert login(cast.office).get(f"/proceedings/{sent.meeting_id}/report/act/send/").status_code == 403
    assert login(jiwei).get(f"/proceedings/{sent.meeting_id}/report/act/acknowledge/").status_code == 403
    assert login(cast.supervisor).get(f"/proceedings/{sent.meeting_id}/report/act/acknowledge/").status_code == 200
