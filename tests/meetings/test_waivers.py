"""An empty phase is never done by default; the office marks one that does not apply 不适用."""

import pytest

from meetings.models import PhaseWaiver, Stage
from meetings.progress import meeting_checklist
from meetings.services import meeting_convene_blockers, phase_waiver_set

URL = "/meetings/{}/waivers/"


def _section(meeting, phase):
    return next(s for s in meeting_checklist(meeting) if s.phase == phase)


def test_a_new_meeting_with_no_talks_shows_nothing_of_the_talks_as_done(meeting):
    talks = _section(meeting, "谈心谈话")
    assert [i.label for i in talks.items if i.done] == []
    confirmed = next(i for i in talks.items if i.label == "谈话记录均已确认")
    assert confirmed.detail == "尚无谈话记录"


@pytest.mark.parametrize("phase", ["会议筹备", "工作方案", "学习研讨", "征求意见", "谈心谈话", "对照检查材料"])
def test_no_phase_is_done_by_default_for_a_meeting_with_no_records(cast, phase):
    from ..factories import MeetingFactory

    meeting = MeetingFactory(organization=cast.gov, theme="", aspects=[])
    meeting.milestones.all().delete()  # nothing scheduled either: zero of zero is not done
    assert [i.label for i in _section(meeting, phase).items if i.done] == []


def test_a_waived_phase_counts_as_satisfied_when_asking_to_convene(cast, meeting):
    assert any(b.startswith("尚未完成：谈心谈话——") for b in meeting_convene_blockers(meeting))
    phase_waiver_set(meeting=meeting, phase="talks", reason="班子仅一人，没有应谈对象。", actor=cast.office)
    assert not any(b.startswith("尚未完成：谈心谈话——") for b in meeting_convene_blockers(meeting))
    assert any(b.startswith("尚未完成：学习研讨——") for b in meeting_convene_blockers(meeting))
    section = _section(meeting, "谈心谈话")
    assert section.waived and section.waiver.reason == "班子仅一人，没有应谈对象。"


def test_the_checklist_shows_a_waived_phase_as_not_applicable_with_its_reason(cast, meeting, login):
    phase_waiver_set(meeting=meeting, phase="talks", reason="班子仅一人，没有应谈对象。", actor=cast.office)
    body = login(cast.secretary).get(f"/meetings/{meeting.pk}/").content.decode()
    talks = body[body.index('id="phase-talks"'):]
    talks = talks[: talks.index("</ul>")]
    assert '<span class="pill">不适用</span>' in talks
    assert "不适用：班子仅一人，没有应谈对象。" in talks
    assert "✓" not in talks and "○" not in talks


def test_anonymous_is_sent_to_log_in(client, meeting):
    response = client.get(URL.format(meeting.pk))
    assert response.status_code == 302 and "/login/" in response["Location"]


@pytest.mark.parametrize("who", ["secretary", "member", "supervisor"])
def test_only_the_office_marks_a_phase_not_applicable(cast, meeting, login, who):
    client = login(getattr(cast, who))
    assert client.get(URL.format(meeting.pk)).status_code == 403
    assert client.post(URL.format(meeting.pk), {"phase": "talks", "reason": "x"}).status_code == 403
    assert not PhaseWaiver.objects.exists()


def test_an_outsider_gets_404(cast, meeting, login):
    client = login(cast.outsider)
    assert client.get(URL.format(meeting.pk)).status_code == 404
    assert client.post(URL.format(meeting.pk), {"phase": "talks", "reason": "x"}).status_code == 404


def test_the_office_marks_a_phase_not_applicable_and_withdraws_the_mark(cast, meeting, login):
    client = login(cast.office)
    page = client.get(URL.format(meeting.pk)).content.decode()
    assert '<option value="talks">谈心谈话</option>' in page
    assert 'value="plan"' not in page  # the plan always applies
    response = client.post(URL.format(meeting.pk), {"phase": "talks", "reason": "班子仅一人。"})
    assert response.status_code == 302
    waiver = PhaseWaiver.objects.get(meeting=meeting)
    assert (waiver.phase, waiver.reason, waiver.by) == ("talks", "班子仅一人。", cast.office)
    assert client.post(URL.format(meeting.pk), {"withdraw": "talks"}).status_code == 302
    assert not PhaseWaiver.objects.exists()


def test_a_waiver_needs_a_reason_and_keeps_the_choice(cast, meeting, login):
    response = login(cast.office).post(URL.format(meeting.pk), {"phase": "talks", "reason": " "})
    assert response.status_code == 400
    body = response.content.decode()
    assert "请写明不适用的理由。" in body
    assert '<option value="talks" selected>谈心谈话</option>' in body
    assert not PhaseWaiver.objects.exists()


def test_the_plan_cannot_be_marked_not_applicable(cast, meeting, login):
    response = login(cast.office).post(URL.format(meeting.pk), {"phase": "plan", "reason": "无"})
    assert response.status_code == 400
    assert "请选择环节。" in response.content.decode()
    assert not PhaseWaiver.objects.exists()


def test_an_archived_meetings_phases_are_not_marked(cast, meeting, login):
    meeting.__class__.objects.filter(pk=meeting.pk).update(stage=Stage.ARCHIVED)
    assert login(cast.office).get(URL.format(meeting.pk)).status_code == 403


def test_a_one_person_team_has_no_required_talks_and_is_told_to_mark_them_not_applicable(cast):
    from organizations.models import TeamPosition
    from organizations.services import team_member_add

    from ..conftest import _person
    from ..factories import MeetingFactory, OrganizationFactory

    small = OrganizationFactory(name="中共测试县档案馆党组", parent=cast.county)
    team_member_add(person=_person("alone", "唯书记", small), organization=small, position=TeamPosition.SECRETARY)
    meeting = MeetingFactory(organization=small)
    talks = _section(meeting, "谈心谈话")
    first = talks.items[0]
    assert not first.done and first.required_to_convene
    assert first.detail.startswith("没有应谈对象；如确不适用，由办公室标注“不适用”")
    phase_waiver_set(meeting=meeting, phase="talks", reason="班子仅一人。", actor=cast.office)
    assert not any("谈心谈话" in b for b in meeting_convene_blockers(meeting))


def test_withdrawing_a_mark_that_is_not_there_says_nothing_changed(cast, meeting, login):
    response = login(cast.office).post(URL.format(meeting.pk), {"withdraw": "talks"}, follow=True)
    body = response.content.decode()
    assert "未做改动" in body and "已撤销" not in body


def test_an_archived_meetings_marks_are_neither_set_nor_withdrawn(cast, meeting, login):
    PhaseWaiver.objects.create(meeting=meeting, phase="talks", reason="班子仅一人。", by=cast.office)
    meeting.__class__.objects.filter(pk=meeting.pk).update(stage=Stage.ARCHIVED)
    client = login(cast.office)
    assert client.post(URL.format(meeting.pk), {"phase": "study", "reason": "x"}).status_code == 403
    assert client.post(URL.format(meeting.pk), {"withdraw": "talks"}).status_code == 403
    assert list(PhaseWaiver.objects.values_list("phase", flat=True)) == ["talks"]
