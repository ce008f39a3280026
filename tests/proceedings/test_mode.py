"""Meeting mode: the event protocol (each press stored once, replayed in order, pauses kept
apart), closing it (the meeting held on its day in Asia/Shanghai), and its pages."""

import json
import uuid
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from meetings.access import meeting_access
from meetings.models import Meeting, MilestoneKind, Stage
from meetings.workflow import meeting_transition
from proceedings.mode import EventData, ModeClosed, mode_close, mode_events_record, mode_state
from proceedings.models import Criticism, ModeEvent, SittingStatus, SlotKind, SlotStatus

from .mode_setup import absent_with_leave, meeting_day

SHANGHAI = ZoneInfo("Asia/Shanghai")
NINE = datetime(2026, 12, 20, 9, 0, tzinfo=SHANGHAI)


def at(minutes, seconds=0):
    return NINE + timedelta(minutes=minutes, seconds=seconds)


def press(move, slot, when, seq=0, client_id=None):
    return EventData(client_id=client_id or uuid.uuid4(), move=move, slot=slot.pk, at=when, seq=seq)


@pytest.fixture
def sitting(cast, ready_meeting):
    return meeting_day(ready_meeting, cast.office)


@pytest.fixture
def rotation(sitting):
    return list(sitting.slots.filter(kind__in=[SlotKind.SELF, SlotKind.CRITICISM]).order_by("order"))


def record(sitting, user, *events):
    return mode_events_record(sitting=sitting, events=list(events), actor=user)


@pytest.fixture(autouse=True)
def _near_the_meeting(monkeypatch):
    """The server's clock on the meeting day, so that the presses' times are plausible."""
    monkeypatch.setattr(timezone, "now", lambda: at(30))


# --- the protocol ----------------------------------------------------------------------


def test_a_press_sent_twice_is_stored_once_and_changes_nothing_the_second_time(cast, sitting, rotation):
    start = press("start", rotation[0], at(0))
    first = record(sitting, cast.office, start, press("pause", rotation[0], at(5)))
    again = record(sitting, cast.office, start)
    assert len(first.stored) == 2 and again.stored == [] and again.duplicates == [str(start.client_id)]
    assert ModeEvent.objects.filter(sitting=sitting).count() == 2
    slot = sitting.slots.get(pk=rotation[0].pk)
    assert slot.started_at == at(0) and slot.paused_at == at(5) and slot.status == SlotStatus.PAUSED


def test_the_same_press_twice_in_one_batch_is_stored_once(cast, sitting, rotation):
    start = press("start", rotation[0], at(0))
    outcome = record(sitting, cast.office, start, start)
    assert outcome.stored == [str(start.client_id)] and outcome.duplicates == [str(start.client_id)]


def test_presses_arriving_out_of_order_give_the_times_they_were_made_at(cast, sitting, rotation):
    secretary_self, first_critic = rotation[0], rotation[1]
    record(sitting, cast.office, press("next", first_critic, at(19), seq=3))
    record(sitting, cast.office, press("next", secretary_self, at(14), seq=2))
    record(sitting, cast.office, press("start", secretary_self, at(0), seq=1))
    own = sitting.slots.get(pk=secretary_self.pk)
    critic = sitting.slots.get(pk=first_critic.pk)
    assert (own.started_at, own.ended_at, own.status) == (at(0), at(14), SlotStatus.DONE)
    assert (critic.started_at, critic.ended_at, critic.duration_seconds) == (at(14), at(19), 300)
    assert sitting.slots.get(pk=rotation[2].pk).status == SlotStatus.RUNNING


def test_pauses_are_kept_apart_from_the_time_spoken(cast, sitting, rotation):
    slot = rotation[0]
    record(sitting, cast.office, press("start", slot, at(0)), press("pause", slot, at(3)),
           press("resume", slot, at(5)), press("pause", slot, at(10)))
    paused = sitting.slots.get(pk=slot.pk)
    assert paused.paused_seconds == 120 and paused.paused_at == at(10) and paused.status == SlotStatus.PAUSED
    record(sitting, cast.office, press("next", slot, at(11, 30)))
    done = sitting.slots.get(pk=slot.pk)
    assert done.paused_seconds == 210 and done.paused_at is None
    assert done.duration_seconds == 11 * 60 + 30 - 210


def test_the_first_press_starts_the_sitting_at_its_time(cast, sitting, rotation):
    assert sitting.status == SittingStatus.PREPARED
    record(sitting, cast.office, press("start", rotation[0], at(2)))
    sitting.refresh_from_db()
    assert sitting.status == SittingStatus.IN_PROGRESS and sitting.started_at == at(2)


def test_next_passes_over_the_slots_of_a_member_absent_with_leave(cast, sitting, team7):
    absent, reader = team7.people[2], team7.people[3]  # 王委员 away; 刘委员 reads their material
    rotation = absent_with_leave(sitting, absent, reader=reader)
    by_absent = [s for s in rotation if s.kind == SlotKind.CRITICISM and s.speaker == absent]
    assert len(by_absent) == 6 and all(s.status == SlotStatus.LEAVE for s in by_absent)
    # 张书记's round: 李委员 criticises, then 王委员 would (请假), then 刘委员.
    li, wang, liu = rotation[1], rotation[2], rotation[3]
    assert wang.speaker == absent
    record(sitting, cast.office, press("start", li, at(15)), press("next", li, at(20)))
    assert sitting.slots.get(pk=wang.pk).started_at is None
    assert sitting.slots.get(pk=wang.pk).status == SlotStatus.LEAVE
    assert sitting.slots.get(pk=liu.pk).status == SlotStatus.RUNNING
    own = next(s for s in rotation if s.kind == SlotKind.SELF and s.subject == absent)
    state = mode_state(sitting)
    assert state["next_slot"]["label"] == rotation[4].speaker.name + "对张书记提出批评"
    record(sitting, cast.office, press("start", own, at(40)))
    assert mode_state(sitting)["current_slot"]["who"] == reader.name
    assert "王委员请假，由刘委员代读" in mode_state(sitting)["current_slot"]["note"]


def test_a_press_for_a_slot_of_another_sitting_is_refused_and_not_stored(cast, sitting, rotation, meeting):
    other = meeting_day(meeting, cast.office)
    foreign = other.slots.first()
    outcome = record(sitting, cast.office, EventData(uuid.uuid4(), "start", foreign.pk, at(0)))
    assert outcome.stored == [] and "已不存在" in outcome.refused[0]["message"]
    assert not ModeEvent.objects.exists()


@pytest.mark.parametrize("stage, words", [(Stage.HALTED, "叫停"), (Stage.ARCHIVED, "归档"), (Stage.PRE_MEETING, "同意召开后")])
def test_no_press_is_taken_unless_the_meeting_sits(cast, sitting, rotation, stage, words):
    Meeting.objects.filter(pk=sitting.meeting_id).update(stage=stage)
    with pytest.raises(ModeClosed, match=words):
        record(sitting, cast.office, press("start", rotation[0], at(0)))
    assert not ModeEvent.objects.exists()


def test_once_the_office_records_the_meeting_held_by_form_meeting_mode_takes_no_more_presses(cast, sitting, rotation):
    meeting = sitting.meeting
    meeting_transition(meeting=meeting, name="record_held", actor=cast.office,
                       access=meeting_access(cast.office, meeting), on_date=date(2026, 12, 20))
    with pytest.raises(ModeClosed, match="会议模式已结束"):
        record(sitting, cast.office, press("start", rotation[0], at(0)))


# --- closing ---------------------------------------------------------------------------


def test_closing_ends_the_running_slot_and_records_the_meeting_held_on_its_day_in_shanghai(
    cast, sitting, rotation, monkeypatch
):
    # 00:30 in Shanghai is still the evening before in UTC: the day held is Shanghai's.
    late = datetime(2026, 12, 21, 0, 30, tzinfo=SHANGHAI)
    monkeypatch.setattr(timezone, "now", lambda: late + timedelta(minutes=40))
    record(sitting, cast.office, press("start", rotation[0], late))
    assert late.astimezone(ZoneInfo("UTC")).date() == date(2026, 12, 20)
    meeting = sitting.meeting
    closed = mode_close(sitting=sitting, actor=cast.office, access=meeting_access(cast.office, meeting))
    assert closed.held_on == date(2026, 12, 21) and "2026年12月21日召开" in closed.message
    meeting.refresh_from_db()
    assert meeting.stage == Stage.HELD and meeting.held_on == date(2026, 12, 21)
    assert meeting.stage_changes.filter(action="会议已召开").exists()
    report = meeting.milestones.get(kind=MilestoneKind.REPORT)
    assert report.due_date == date(2027, 1, 5)
    slot = sitting.slots.get(pk=rotation[0].pk)
    assert slot.status == SlotStatus.DONE and slot.ended_at == late + timedelta(minutes=40)
    sitting.refresh_from_db()
    assert sitting.status == SittingStatus.HELD and sitting.ended_at == slot.ended_at


def test_after_closing_meeting_mode_takes_no_more_presses(cast, sitting, rotation):
    mode_close(sitting=sitting, actor=cast.office, access=meeting_access(cast.office, sitting.meeting))
    with pytest.raises(ModeClosed, match="会议模式已结束"):
        record(sitting, cast.office, press("start", rotation[0], at(0)))


def test_closing_after_the_office_recorded_the_day_by_form_keeps_that_day(cast, sitting, rotation):
    record(sitting, cast.office, press("start", rotation[0], at(0)))
    meeting = sitting.meeting
    meeting_transition(meeting=meeting, name="record_held", actor=cast.office,
                       access=meeting_access(cast.office, meeting), on_date=date(2026, 12, 19))
    with pytest.raises(ModeClosed, match="会议已记为召开"):
        mode_close(sitting=sitting, actor=cast.office, access=meeting_access(cast.office, meeting))
    meeting.refresh_from_db()
    assert meeting.held_on == date(2026, 12, 19)


# --- the pages -------------------------------------------------------------------------

URLS = ["mode", "mode/projector", "mode/state", "mode/close"]


def url(meeting, tail):
    return f"/proceedings/{meeting.pk}/{tail}/"


@pytest.mark.parametrize("tail", URLS)
def test_an_anonymous_visitor_is_sent_to_log_in(client, sitting, tail):
    response = client.get(url(sitting.meeting, tail))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("tail", URLS)
def test_an_outsider_gets_404_everywhere(client, cast, sitting, tail):
    client.force_login(cast.outsider)
    assert client.get(url(sitting.meeting, tail)).status_code == 404


@pytest.mark.parametrize("tail", ["mode", "mode/close"])
def test_only_the_office_records_a_member_gets_404(client, cast, sitting, tail):
    client.force_login(cast.member)
    assert client.get(url(sitting.meeting, tail)).status_code == 404


@pytest.mark.parametrize("tail", ["mode/events", "mode/press", "mode/prepare", "mode/close"])
def test_a_member_cannot_press_anything(client, cast, sitting, rotation, tail):
    client.force_login(cast.member)
    response = client.post(url(sitting.meeting, tail), {"id": str(uuid.uuid4()), "move": "start",
                                                         "slot": rotation[0].pk})
    assert response.status_code == 404
    assert not ModeEvent.objects.exists()


def test_the_recorder_sees_the_agenda_the_rotation_and_the_countdown(client, cast, sitting):
    client.force_login(cast.office)
    response = client.get(url(sitting.meeting, "mode"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "会议模式" in html and "议程和发言顺序" in html
    assert "张书记的自我批评和同志们的批评（7项）" in html
    assert "李委员对张书记提出批评" in html
    assert 'id="mode-data"' in html and "meeting_mode.js" in html


def test_the_projector_shows_who_speaks_and_who_is_next_but_no_criticism_text(client, cast, sitting, rotation):
    record(sitting, cast.office, press("start", rotation[1], at(0)))
    Criticism.objects.create(sitting=sitting, slot=rotation[1], giver=rotation[1].speaker,
                             receiver=rotation[1].subject, text="抓落实的韧劲不足，调研走过场。")
    client.force_login(cast.member)
    response = client.get(url(sitting.meeting, "mode/projector"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "李委员" in html and "对张书记提出批评意见" in html and "下一位" in html
    assert "调研走过场" not in html
    state = client.get(url(sitting.meeting, "mode/state")).json()
    assert state["current_slot"]["who"] == "李委员" and "clocks" not in state
    assert "调研走过场" not in json.dumps(state, ensure_ascii=False)


def test_the_page_sends_its_queue_and_learns_what_was_stored(client, cast, sitting, rotation):
    client.force_login(cast.office)
    start = {"id": str(uuid.uuid4()), "move": "start", "slot": rotation[0].pk, "at": int(at(0).timestamp() * 1000), "seq": 1}
    pause = {"id": str(uuid.uuid4()), "move": "pause", "slot": rotation[0].pk, "at": int(at(2).timestamp() * 1000), "seq": 2}
    wrong = {"id": str(uuid.uuid4()), "move": "dance", "slot": rotation[0].pk, "at": 0}
    response = client.post(url(sitting.meeting, "mode/events"), json.dumps({"events": [start, pause, wrong]}),
                           content_type="application/json")
    data = response.json()
    assert response.status_code == 200
    assert data["stored"] == [start["id"], pause["id"]]
    assert [r["id"] for r in data["refused"]] == [wrong["id"]]
    assert data["state"]["current"] == rotation[0].pk and data["state"]["running"] is False
    again = client.post(url(sitting.meeting, "mode/events"), json.dumps({"events": [start]}),
                        content_type="application/json").json()
    assert again["duplicates"] == [start["id"]] and again["stored"] == []


def test_a_time_far_from_the_servers_is_refused(client, cast, sitting, rotation):
    client.force_login(cast.office)
    old = {"id": str(uuid.uuid4()), "move": "start", "slot": rotation[0].pk,
           "at": int((at(0) - timedelta(days=3)).timestamp() * 1000)}
    data = client.post(url(sitting.meeting, "mode/events"), json.dumps({"events": [old]}),
                       content_type="application/json").json()
    assert "本机时间与服务器相差过大" in data["refused"][0]["message"]


def test_a_body_that_is_not_a_list_of_events_is_a_400(client, cast, sitting):
    client.force_login(cast.office)
    response = client.post(url(sitting.meeting, "mode/events"), "nonsense", content_type="application/json")
    assert response.status_code == 400


def test_a_closed_meeting_mode_answers_the_page_with_why(client, cast, sitting, rotation):
    mode_close(sitting=sitting, actor=cast.office, access=meeting_access(cast.office, sitting.meeting))
    client.force_login(cast.office)
    event = {"id": str(uuid.uuid4()), "move": "start", "slot": rotation[0].pk, "at": int(at(0).timestamp() * 1000)}
    response = client.post(url(sitting.meeting, "mode/events"), json.dumps({"events": [event]}),
                           content_type="application/json")
    assert response.status_code == 409 and "会议模式已结束" in response.json()["message"]


def test_without_javascript_a_press_is_timed_by_the_server_and_a_resubmit_is_not_doubled(client, cast, sitting, rotation):
    client.force_login(cast.office)
    form = {"id": str(uuid.uuid4()), "move": "start", "slot": rotation[0].pk}
    response = client.post(url(sitting.meeting, "mode/press"), form)
    assert response.status_code == 302
    client.post(url(sitting.meeting, "mode/press"), form)
    assert ModeEvent.objects.count() == 1
    assert sitting.slots.get(pk=rotation[0].pk).started_at == at(30)
    page = client.get(url(sitting.meeting, "mode")).content.decode()
    assert "已记录：开始" in page and "正在发言" in page


def test_the_office_closes_meeting_mode_by_its_page(client, cast, sitting, rotation):
    record(sitting, cast.office, press("start", rotation[0], at(0)))
    client.force_login(cast.office)
    page = client.get(url(sitting.meeting, "mode/close")).content.decode()
    assert "会议记为 <strong>2026年12月20日</strong> 召开" in page
    response = client.post(url(sitting.meeting, "mode/close"))
    assert response.status_code == 302 and response["Location"] == f"/proceedings/{sitting.meeting.pk}/minutes/"
    sitting.meeting.refresh_from_db()
    assert sitting.meeting.stage == Stage.HELD and sitting.meeting.held_on == date(2026, 12, 20)


def test_before_the_sitting_is_prepared_the_office_can_prepare_it_from_meeting_mode(client, cast, ready_meeting):
    Meeting.objects.filter(pk=ready_meeting.pk).update(stage=Stage.CONVENE_APPROVED)
    client.force_login(cast.office)
    page = client.get(url(ready_meeting, "mode")).content.decode()
    assert "尚未生成本次会议的议程和发言顺序" in page and "生成议程和发言顺序" in page
    client.post(url(ready_meeting, "mode/prepare"))
    assert ready_meeting.sittings.count() == 1
    assert "议程和发言顺序" in client.get(url(ready_meeting, "mode")).content.decode()


def test_on_the_meeting_day_the_office_finds_meeting_mode_in_my_work(cast, sitting):
    from meetings.progress import work_for

    titles = [(w.title, w.url) for w in work_for(cast.office)]
    assert ("召开会议：会议模式（计时、投屏）", f"/proceedings/{sitting.meeting_id}/mode/") in titles
    assert not [w for w in work_for(cast.member) if w.kind == "会议模式"]
    mode_close(sitting=sitting, actor=cast.office, access=meeting_access(cast.office, sitting.meeting))
    assert not [w for w in work_for(cast.office) if w.kind == "会议模式"]


def test_the_phase_pages_link_meeting_mode_for_the_office_and_the_projector_for_all(client, cast, sitting):
    client.force_login(cast.office)
    page = client.get(f"/proceedings/{sitting.meeting_id}/agenda/").content.decode()
    assert f'href="/proceedings/{sitting.meeting_id}/mode/"' in page
    client.force_login(cast.member)
    page = client.get(f"/proceedings/{sitting.meeting_id}/agenda/").content.decode()
    assert f'href="/proceedings/{sitting.meeting_id}/mode/"' not in page
    assert f'href="/proceedings/{sitting.meeting_id}/mode/projector/"' in page


def test_after_closing_the_projector_says_the_meeting_is_over_and_names_nobody(client, cast, sitting, rotation):
    record(sitting, cast.office, press("start", rotation[0], at(0)))
    mode_close(sitting=sitting, actor=cast.office, access=meeting_access(cast.office, sitting.meeting))
    client.force_login(cast.secretary)
    html = client.get(url(sitting.meeting, "mode/projector")).content.decode()
    assert "会议已结束" in html and "李委员对张书记提出批评" not in html


def test_the_state_names_the_slots_on_leave_so_an_open_page_passes_them_over(cast, sitting, team7):
    absent = team7.people[2]
    before = mode_state(sitting)["skipped"]
    rotation = absent_with_leave(sitting, absent, reader=team7.people[3])
    after = mode_state(sitting)["skipped"]
    assert before == [] and after == sorted(s.pk for s in rotation if s.status == SlotStatus.LEAVE) and len(after) == 6


def test_the_slot_under_way_offers_no_start_from_here(client, cast, sitting, rotation):
    record(sitting, cast.office, press("start", rotation[0], at(0)))
    client.force_login(cast.office)
    html = client.get(url(sitting.meeting, "mode")).content.decode()
    row = html[html.index(f'id="slot-{rotation[0].pk}"'):html.index(f'id="slot-{rotation[1].pk}"')]
    assert 'data-move="start" hidden' in row
    following = html[html.index(f'id="slot-{rotation[1].pk}"'):html.index(f'id="slot-{rotation[2].pk}"')]
    assert 'data-move="start">' in following
