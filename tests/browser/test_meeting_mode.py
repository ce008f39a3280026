"""Meeting mode: the recorder runs the agenda and the rotation of the team of seven with the
countdown, one member absent with leave; the network drops for a minute and no slot time
is lost; the projector shows the room who speaks and who is next.

Time is the page's clock, driven by Playwright (`page.clock`), never a real wait.
"""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from meetings.models import Stage
from proceedings.models import ModeEvent, SlotKind, SlotStatus

from ..proceedings.conftest import ready_meeting, team7  # noqa: F401 (the cast of seven)
from ..proceedings.mode_setup import absent_with_leave, meeting_day
from .helpers import LAPTOP, PHONE, assert_fits_width, log_in, screenshot

pytestmark = pytest.mark.browser

NINE = datetime(2026, 12, 20, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture
def day(cast, ready_meeting, team7):
    """The meeting day: 王委员 is away on business, 刘委员 reads their self-criticism."""
    sitting = meeting_day(ready_meeting, cast.office)
    people = {p.name: p for p in team7.people}
    absent_with_leave(sitting, people["王委员"], reader=people["刘委员"])
    return sitting


def recorder_page(new_page, cast, sitting, viewport=LAPTOP):
    page = new_page(viewport)
    page.clock.install(time=NINE)
    log_in(page, cast.office)
    page.goto(f"/proceedings/{sitting.meeting_id}/mode/")
    hold_time(page, NINE + timedelta(minutes=1))
    return page


def hold_time(page, at):
    """From here the page's time moves only when the test moves it. The page is looked at
    (the accessibility check runs after each load, and needs its timers) before."""
    expect(page.locator("#mode-now")).to_be_visible()
    page.clock.pause_at(at)


def now_panel(page):
    return page.locator("#mode-now")


def clock(page):
    return now_panel(page).locator("[data-field=clock]")


def minutes(page, n, seconds=0):
    page.clock.fast_forward(n * 60_000 + seconds * 1000)


def press(page, name):
    now_panel(page).get_by_role("button", name=name, exact=True).click()


def synced(page):
    expect(page.locator("#mode-conn")).to_have_text("已连接，记录已同步。")


def test_the_recorder_runs_the_agenda_and_a_whole_round_with_the_countdown(cast, day, new_page):
    page = recorder_page(new_page, cast, day)
    panel = now_panel(page)
    expect(panel.locator("[data-field=heading]")).to_have_text("即将开始")
    expect(panel.locator("[data-field=what]")).to_contain_text("通报")
    expect(panel.locator("[data-field=item]")).to_have_text("第一项议程")

    # The two items before the rotation: the report (no limit: the clock counts up), then
    # the secretary's self-inspection of the team (15 minutes).
    press(page, "开始")
    minutes(page, 8)
    expect(clock(page)).to_have_text("08:00")
    press(page, "下一位")
    expect(panel.locator("[data-field=what]")).to_contain_text("对照检查")
    expect(clock(page)).to_have_text("15:00")
    minutes(page, 14)
    press(page, "下一位")

    # 张书记's self-criticism, 15 minutes: a pause stops the clock, an overrun is shown.
    expect(panel.locator("[data-field=who]")).to_have_text("张书记")
    expect(panel.locator("[data-field=what]")).to_have_text("自我批评")
    expect(panel.locator("[data-field=item]")).to_have_text("第三项议程　批评和自我批评（张书记）")
    expect(panel.locator("[data-field=next]")).to_have_text("李委员对张书记提出批评")
    minutes(page, 5)
    expect(clock(page)).to_have_text("10:00")
    press(page, "暂停")
    expect(panel.locator("[data-field=heading]")).to_have_text("暂停中")
    minutes(page, 2)
    expect(clock(page)).to_have_text("10:00")
    press(page, "继续")
    minutes(page, 11)
    expect(clock(page)).to_have_text("+01:00")
    expect(clock(page)).to_have_class("mode-clock mode-over")
    expect(panel.locator("[data-field=clock-note]")).to_contain_text("已超时，不影响继续发言")
    screenshot(page, "mode-recorder-overrun")
    page.screenshot(path="/tmp/mode-recorder-laptop.png")
    press(page, "下一位")

    # The criticisms of 张书记, 5 minutes each; 王委员 is on leave and passed over.
    critics = ["李委员", "刘委员", "陈委员", "杨委员", "黄委员"]
    for i, critic in enumerate(critics):
        expect(panel.locator("[data-field=who]")).to_have_text(critic)
        expect(panel.locator("[data-field=what]")).to_have_text("对张书记提出批评意见")
        expect(clock(page)).to_have_text("05:00")
        if critic == "李委员":
            expect(panel.locator("[data-field=next]")).to_have_text("刘委员对张书记提出批评")
        minutes(page, 4, 30)
        expect(clock(page)).to_have_text("00:30")
        press(page, "下一位")
    expect(page.locator("[data-slot-row]", has_text="王委员对张书记提出批评")).to_have_attribute("data-status", "请假")

    # 李委员's round begins.
    expect(panel.locator("[data-field=who]")).to_have_text("李委员")
    expect(panel.locator("[data-field=what]")).to_have_text("自我批评")
    synced(page)
    screenshot(page, "mode-recorder-next-round")

    rotation = list(day.slots.filter(kind__in=[SlotKind.SELF, SlotKind.CRITICISM]).order_by("order"))
    own, *criticisms = rotation[:7]
    assert own.status == SlotStatus.DONE and own.duration_seconds == 16 * 60 and own.paused_seconds == 120
    assert [s.status for s in criticisms] == [SlotStatus.DONE, SlotStatus.LEAVE] + [SlotStatus.DONE] * 4
    assert [s.duration_seconds for s in criticisms if s.status == SlotStatus.DONE] == [270] * 5
    assert criticisms[1].started_at is None
    assert rotation[7].status == SlotStatus.RUNNING
    # 王委员's own self-criticism, later, is read by 刘委员.
    absent_round = next(s for s in rotation if s.kind == SlotKind.SELF and s.subject.name == "王委员")
    expect(page.locator(f"#slot-{absent_round.pk}")).to_contain_text("刘委员代读")


def test_a_minute_without_network_loses_no_slot_time(cast, day, new_page):
    page = recorder_page(new_page, cast, day)
    first = day.slots.order_by("order").first()
    press(page, "开始")
    synced(page)
    minutes(page, 3)

    page.context.set_offline(True)
    press(page, "下一位")  # made offline: kept on this computer
    expect(page.locator("#mode-conn")).to_contain_text("网络中断：计时照常进行", timeout=5_000)
    expect(page.locator("#mode-conn")).to_contain_text("1条记录已保存在本机")
    minutes(page, 1)  # a minute without network; the clock runs on
    expect(clock(page)).to_have_text("14:00")
    press(page, "暂停")
    minutes(page, 0, 30)
    press(page, "继续")
    expect(page.locator("#mode-conn")).to_contain_text("3条记录已保存在本机")
    screenshot(page, "mode-recorder-offline")
    assert ModeEvent.objects.count() == 1

    page.context.set_offline(False)
    minutes(page, 0, 20)  # the next retry
    synced(page)
    second = day.slots.order_by("order")[1]
    first.refresh_from_db()
    assert first.duration_seconds == 180 and first.status == SlotStatus.DONE
    assert second.started_at == first.ended_at and second.paused_seconds == 30
    assert second.status == SlotStatus.RUNNING
    assert ModeEvent.objects.count() == 4

    # What the server now says is what the page showed.
    page.clock.resume()
    page.reload()
    expect(now_panel(page).locator("[data-field=what]")).to_contain_text("对照检查")


def test_a_press_the_server_has_not_taken_survives_a_reload(cast, day, new_page):
    page = recorder_page(new_page, cast, day)
    press(page, "开始")
    synced(page)
    minutes(page, 2)
    page.route("**/mode/events/", lambda route: route.abort())
    press(page, "下一位")
    expect(page.locator("#mode-conn")).to_contain_text("1条记录已保存在本机", timeout=5_000)
    page.clock.resume()
    page.reload()  # the events still cannot get through
    # The queued press is laid over what the server knows: the second item runs.
    expect(now_panel(page).locator("[data-field=what]")).to_contain_text("对照检查")
    expect(page.locator("#mode-conn")).to_contain_text("1条记录已保存在本机", timeout=5_000)
    assert ModeEvent.objects.count() == 1
    page.unroute("**/mode/events/")
    synced(page)
    assert ModeEvent.objects.count() == 2
    assert day.slots.order_by("order")[1].status == SlotStatus.RUNNING


def test_the_projector_shows_the_room_who_speaks_and_who_is_next(cast, day, new_page):
    recorder = new_page()
    log_in(recorder, cast.office)
    recorder.goto(f"/proceedings/{day.meeting_id}/mode/")
    rotation = list(day.slots.filter(kind=SlotKind.SELF).order_by("order"))
    recorder.get_by_text("张书记的自我批评和同志们的批评（7项）").click()  # the round opens
    recorder.locator(f"#slot-{rotation[0].pk}").get_by_role("button").click()  # 从此开始: 张书记
    expect(recorder.get_by_text("王委员的自我批评和同志们的批评（7项）").locator("..")).not_to_have_attribute("open", "")
    synced(recorder)

    room = new_page()
    log_in(room, cast.member)
    room.goto(f"/proceedings/{day.meeting_id}/mode/projector/")
    expect(room.locator("[data-field=who]")).to_have_text("张书记")
    expect(room.locator("[data-field=what]")).to_have_text("自我批评")
    expect(room.locator("[data-field=next]")).to_have_text("李委员对张书记提出批评")
    expect(room.locator("[data-field=clock]")).to_contain_text("1")
    expect(room.get_by_role("banner")).to_have_count(0)
    room.screenshot(path="/tmp/mode-projector-laptop.png")
    screenshot(room, "mode-projector")

    now_panel(recorder).get_by_role("button", name="下一位").click()
    expect(room.locator("[data-field=who]")).to_have_text("李委员", timeout=10_000)
    expect(room.locator("[data-field=what]")).to_have_text("对张书记提出批评意见")

    phone = new_page(PHONE)
    log_in(phone, cast.secretary)
    phone.goto(f"/proceedings/{day.meeting_id}/mode/projector/")
    expect(phone.locator("[data-field=who]")).to_have_text("李委员")
    assert_fits_width(phone)
    phone.screenshot(path="/tmp/mode-projector-phone.png")

    small = new_page(PHONE)
    log_in(small, cast.office)
    small.goto(f"/proceedings/{day.meeting_id}/mode/")
    expect(now_panel(small).locator("[data-field=who]")).to_have_text("李委员")
    assert_fits_width(small)
    small.screenshot(path="/tmp/mode-recorder-phone.png")
    screenshot(small, "mode-recorder-phone")


def test_closing_meeting_mode_records_the_meeting_held(cast, day, new_page):
    page = recorder_page(new_page, cast, day)
    press(page, "开始")
    minutes(page, 5)
    synced(page)
    page.clock.resume()
    page.get_by_role("link", name="结束会议模式…").click()
    expect(page.get_by_text("已发言 1 项")).to_be_visible()
    screenshot(page, "mode-close")
    page.get_by_role("button", name="结束会议模式，记为已召开").click()
    expect(page.get_by_text("会议模式已结束，会议记为")).to_be_visible()
    meeting = day.meeting
    meeting.refresh_from_db()
    assert meeting.stage == Stage.HELD and meeting.held_on is not None
    first = day.slots.order_by("order").first()
    assert first.status == SlotStatus.DONE and first.ended_at is not None


def test_without_javascript_the_recorder_still_presses_start_pause_resume_and_next(cast, day, browser, live_server):
    context = browser.new_context(base_url=live_server.url, viewport=LAPTOP, locale="zh-CN", java_script_enabled=False)
    try:
        page = context.new_page()
        log_in(page, cast.office)
        page.goto(f"/proceedings/{day.meeting_id}/mode/")
        # (Chromium with scripts switched off by Playwright does not draw <noscript>.)
        panel = now_panel(page)
        for name, heading in [("开始", "正在发言"), ("暂停", "暂停中"), ("继续", "正在发言"), ("下一位", "正在发言")]:
            panel.get_by_role("button", name=name, exact=True).click()
            expect(page.get_by_text(f"已记录：{name}")).to_be_visible()
            expect(panel.locator("[data-field=heading]")).to_have_text(heading)
        expect(panel.locator("[data-field=what]")).to_contain_text("对照检查")
        screenshot(page, "mode-recorder-no-script")
        first, second = day.slots.order_by("order")[:2]
        assert first.status == SlotStatus.DONE and first.ended_at == second.started_at
        assert second.status == SlotStatus.RUNNING and ModeEvent.objects.count() == 4
    finally:
        context.close()
