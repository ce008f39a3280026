"""Every page of the agenda and the minutes: anonymous → login, outsider → 404, wrong role
→ 403 (a member on a colleague's criticism → 404), right role → content."""

from datetime import date

import pytest

from meetings.access import meeting_access
from meetings.models import Stage
from proceedings.minutes import attendance_update, criticism_add
from proceedings.models import AgendaItem, AttendanceStatus, Criticism, SlotKind, SlotStatus


@pytest.fixture
def world(cast, sitting):
    own = sitting.slots.get(kind=SlotKind.CRITICISM, subject__name="李委员", speaker__name="张书记")
    colleague = sitting.slots.get(kind=SlotKind.CRITICISM, subject__name="王委员", speaker__name="张书记")
    mine = criticism_add(slot=own, text="对李委员：下基层调研少。", actor=cast.office)
    theirs = criticism_add(slot=colleague, text="对王委员：担当不够。", actor=cast.office)
    item = sitting.meeting.agenda_items.first()
    return sitting, own, colleague, mine, theirs, item


def _urls(world):
    sitting, own, colleague, mine, theirs, item = world
    m = sitting.meeting.pk
    person = own.subject_id
    return {
        "agenda": (f"/proceedings/{m}/agenda/", "get"),
        "agenda_item": (f"/proceedings/{m}/agenda/{item.pk}/", "get"),
        "agenda_new": (f"/proceedings/{m}/agenda/new/", "get"),
        "agenda_move": (f"/proceedings/{m}/agenda/{item.pk}/move/down/", "post"),
        "rotation_order": (f"/proceedings/{m}/rotation/", "get"),
        "minutes": (f"/proceedings/{m}/minutes/", "get"),
        "prepare": (f"/proceedings/{m}/minutes/prepare/", "post"),
        "sitting": (f"/proceedings/sittings/{sitting.pk}/", "get"),
        "attendance": (f"/proceedings/sittings/{sitting.pk}/attendance/", "get"),
        "attendance_new": (f"/proceedings/sittings/{sitting.pk}/attendance/new/", "get"),
        "explanation": (f"/proceedings/sittings/{sitting.pk}/explanations/{person}/", "get"),
        "comment_new": (f"/proceedings/sittings/{sitting.pk}/comments/new/", "get"),
        "finish": (f"/proceedings/sittings/{sitting.pk}/finish/", "post"),
        "held": (f"/proceedings/sittings/{sitting.pk}/held/", "get"),
        "halt": (f"/proceedings/sittings/{sitting.pk}/halt/", "get"),
        "slot": (f"/proceedings/slots/{own.pk}/", "get"),
        "criticism_new": (f"/proceedings/slots/{own.pk}/criticisms/new/", "get"),
        "criticism": (f"/proceedings/criticisms/{mine.pk}/", "get"),
        "criticism_delete": (f"/proceedings/criticisms/{mine.pk}/delete/", "post"),
    }


def _request(client, method, url, data=None):
    return getattr(client, method)(url, data or {})


def test_anonymous_visitors_are_sent_to_log_in_everywhere(client, world):
    for name, (url, method) in _urls(world).items():
        response = _request(client, method, url)
        assert response.status_code == 302 and "/login" in response["Location"], name


def test_an_outsider_gets_404_everywhere(cast, world, login):
    client = login(cast.outsider)
    for name, (url, method) in _urls(world).items():
        assert _request(client, method, url).status_code == 404, name


OFFICE_ONLY = ["agenda_item", "agenda_new", "agenda_move", "rotation_order", "prepare", "attendance",
               "attendance_new", "explanation", "finish", "held", "criticism_new", "criticism_delete"]


@pytest.mark.parametrize("who", ["member", "secretary", "supervisor"])
def test_who_is_not_the_office_gets_403_on_the_recording_pages(cast, world, login, who):
    client = login(getattr(cast, who))
    urls = _urls(world)
    for name in OFFICE_ONLY:
        url, method = urls[name]
        assert _request(client, method, url).status_code == 403, f"{who} {name}"


def test_only_the_supervisor_opens_the_comment_and_halt_forms(cast, world, login):
    urls = _urls(world)
    for who in ("office", "secretary", "member"):
        client = login(getattr(cast, who))
        assert client.get(urls["comment_new"][0]).status_code == 403, who
        assert client.get(urls["halt"][0]).status_code == 403, who
    client = login(cast.supervisor)
    assert "点评意见" in client.get(urls["comment_new"][0]).content.decode()
    assert "叫停原因" in client.get(urls["halt"][0]).content.decode()


def test_the_office_opens_every_page(cast, world, login):
    client = login(cast.office)
    for name, (url, method) in _urls(world).items():
        if method == "get" and name not in ("comment_new", "halt"):
            assert client.get(url).status_code in (200, 302), name


def test_a_member_gets_404_on_the_criticisms_of_colleagues_and_sees_their_own(cast, world, login):
    sitting, own, colleague, mine, theirs, item = world
    client = login(cast.member)
    assert client.get(f"/proceedings/criticisms/{theirs.pk}/").status_code == 404
    response = client.get(f"/proceedings/criticisms/{mine.pk}/")
    assert response.status_code == 200 and "下基层调研少" in response.content.decode()
    page = client.get(f"/proceedings/sittings/{sitting.pk}/").content.decode()
    assert "下基层调研少" in page and "担当不够" not in page


def test_a_member_gets_404_on_a_colleagues_criticism_slot(cast, world, login):
    sitting, own, colleague, mine, theirs, item = world
    assert login(cast.member).get(f"/proceedings/slots/{colleague.pk}/").status_code == 404


@pytest.mark.parametrize("who", ["office", "secretary", "supervisor"])
def test_office_secretary_and_supervisor_see_every_criticism(cast, world, login, who):
    sitting, own, colleague, mine, theirs, item = world
    page = login(getattr(cast, who)).get(f"/proceedings/sittings/{sitting.pk}/").content.decode()
    assert "下基层调研少" in page and "担当不够" in page
    assert login(getattr(cast, who)).get(f"/proceedings/criticisms/{theirs.pk}/").status_code == 200


def test_the_minutes_document_is_404_for_a_member(cast, world, login):
    sitting = world[0]
    assert login(cast.member).post(f"/documents/new/sitting_minutes/pdf/{sitting.pk}/").status_code == 404


def test_the_office_enters_the_minutes_by_form(cast, world, login):
    sitting, own, colleague, mine, theirs, item = world
    client = login(cast.office)
    slot = sitting.slots.get(kind=SlotKind.SELF, subject__name="张书记")
    page = client.get(f"/proceedings/slots/{slot.pk}/").content.decode()
    assert "张书记同志作对照检查发言，开展自我批评" in page  # the skeleton
    response = client.post(f"/proceedings/slots/{slot.pk}/", {"notes": "张书记对照五个方面查摆问题。",
                                                              "started": "09:00", "ended": "09:14",
                                                              "version": slot.version})
    assert response.status_code == 302
    slot.refresh_from_db()
    assert slot.notes == "张书记对照五个方面查摆问题。" and slot.duration_seconds == 14 * 60
    response = client.post(f"/proceedings/slots/{own.pk}/criticisms/new/", {"text": "理论学习不够系统。"})
    assert response.status_code == 302
    assert Criticism.objects.filter(slot=own).count() == 2


def test_a_stale_slot_form_is_refused_and_the_text_stays_in_the_form(cast, world, login):
    sitting = world[0]
    client = login(cast.office)
    slot = sitting.slots.first()
    client.post(f"/proceedings/slots/{slot.pk}/", {"notes": "第一次", "version": slot.version})
    response = client.post(f"/proceedings/slots/{slot.pk}/", {"notes": "我的版本", "version": slot.version})
    body = response.content.decode()
    assert response.status_code == 200 and "已被他人修改" in body and "我的版本" in body


def test_the_office_marks_a_member_on_leave_with_a_reader(cast, world, login):
    sitting = world[0]
    client = login(cast.office)
    rows = list(sitting.attendance.select_related("person"))
    data = {}
    for row in rows:
        data[f"status_{row.pk}"] = row.status
        data[f"reason_{row.pk}"] = ""
    wang = next(r for r in rows if r.person and r.person.name == "王委员")
    li = next(r for r in rows if r.person and r.person.name == "李委员")
    data[f"status_{wang.pk}"] = AttendanceStatus.LEAVE
    response = client.post(f"/proceedings/sittings/{sitting.pk}/attendance/", data)
    assert "王委员请假，须写明请假事由" in response.content.decode()
    data[f"reason_{wang.pk}"] = "因公出差"
    data[f"read_by_{wang.pk}"] = li.person_id
    assert client.post(f"/proceedings/sittings/{sitting.pk}/attendance/", data).status_code == 302
    assert sitting.slots.filter(speaker__name="王委员", kind=SlotKind.CRITICISM, status=SlotStatus.LEAVE).count() == 6
    page = client.get(f"/proceedings/sittings/{sitting.pk}/").content.decode()
    assert "王委员（因公出差）" in page and "书面材料由李委员代读" in page


def test_the_office_reorders_the_agenda(cast, sitting, login):
    item = sitting.meeting.agenda_items.first()
    client = login(cast.office)
    client.post(f"/proceedings/{sitting.meeting.pk}/agenda/{item.pk}/move/down/")
    assert list(AgendaItem.objects.filter(meeting=sitting.meeting).values_list("pk", flat=True))[1] == item.pk


def test_the_supervisor_adds_a_comment_and_the_office_records_the_meeting_held(cast, world, login):
    sitting = world[0]
    response = login(cast.supervisor).post(f"/proceedings/sittings/{sitting.pk}/comments/new/",
                                           {"text": "会议开得严肃认真。"})
    assert response.status_code == 302
    assert "会议开得严肃认真" in login(cast.member).get(f"/proceedings/sittings/{sitting.pk}/").content.decode()
    response = login(cast.office).post(f"/proceedings/sittings/{sitting.pk}/held/", {"held_on": "2026-12-28"})
    assert response.status_code == 302
    sitting.meeting.refresh_from_db()
    assert sitting.meeting.stage == Stage.HELD and sitting.meeting.held_on == date(2026, 12, 28)


def test_the_meeting_checklist_shows_the_room_section(cast, world, login):
    from meetings.progress import meeting_checklist

    sections = {s.phase: s for s in meeting_checklist(world[0].meeting)}
    assert [i.label for i in sections["会议召开"].items][:2] == ["会议议程和发言顺序", "出席情况"]


def test_updating_attendance_directly_keeps_pages_in_step(cast, world):
    sitting = world[0]
    attendance_update(attendance=sitting.attendance.get(person__name="杨委员"), status=AttendanceStatus.LEAVE,
                      reason="病假")
    assert sitting.slots.filter(kind=SlotKind.SELF, subject__name="杨委员", status=SlotStatus.LEAVE).exists()


def test_my_work_lists_the_minutes_for_the_office_and_the_comment_for_the_supervisor(cast, world):
    from meetings.progress import work_for
    from proceedings.minutes import sitting_hold

    sitting = world[0]
    assert "记录会议（会议记录）" in [w.title for w in work_for(cast.office)]
    assert "填写督导点评" not in [w.title for w in work_for(cast.supervisor)]
    sitting_hold(sitting=sitting, actor=cast.office, access=meeting_access(cast.office, sitting.meeting),
                 on_date=date(2026, 12, 28))
    assert "填写督导点评" in [w.title for w in work_for(cast.supervisor)]
    assert "填写督导点评" not in [w.title for w in work_for(cast.member)]


def test_the_minutes_page_costs_the_same_queries_for_5_and_50_criticisms(cast, world, login, same_queries_at_5_and_50):
    sitting = world[0]
    slots = list(sitting.slots.filter(kind=SlotKind.CRITICISM).order_by("order"))
    client = login(cast.office)

    def grow(n):
        for i in range(Criticism.objects.filter(sitting=sitting).count(), n):
            criticism_add(slot=slots[i % len(slots)], text=f"第{i}条意见", actor=cast.office)

    count, response = same_queries_at_5_and_50(grow, lambda: client.get(f"/proceedings/sittings/{sitting.pk}/"))
    assert response.status_code == 200 and "第49条意见" in response.content.decode()


def test_the_agenda_page_costs_the_same_queries_for_5_and_50_items(cast, ready_meeting, login,
                                                                  same_queries_at_5_and_50):
    from proceedings.agenda import agenda_item_add

    meeting = ready_meeting
    client = login(cast.office)

    def grow(n):
        for i in range(meeting.agenda_items.count(), n):
            agenda_item_add(meeting=meeting, title=f"议程{i}", speaker=cast.secretary.person)

    count, response = same_queries_at_5_and_50(grow, lambda: client.get(f"/proceedings/{meeting.pk}/agenda/"))
    assert "议程49" in response.content.decode()


def test_the_supervisor_halts_by_form_and_both_sittings_stay_listed(cast, world, login):
    from meetings.workflow import meeting_transition

    sitting = world[0]
    supervisor = login(cast.supervisor)
    response = supervisor.post(f"/proceedings/sittings/{sitting.pk}/halt/", {"reason": ""})
    assert response.status_code == 200 and "请写明叫停的原因。" in response.content.decode()
    supervisor.post(f"/proceedings/sittings/{sitting.pk}/halt/", {"reason": "批评避重就轻，走过场"})
    page = supervisor.get(f"/proceedings/sittings/{sitting.pk}/").content.decode()
    assert "本次会议已被叫停" in page and "批评避重就轻，走过场" in page and "担当不够" in page
    meeting = sitting.meeting
    meeting_transition(meeting=meeting, name="restart_preparation", actor=cast.office,
                       access=meeting_access(cast.office, meeting))
    office = login(cast.office)
    listing = office.get(f"/proceedings/{meeting.pk}/minutes/").content.decode()
    assert "第1次会议" in listing and "已叫停" in listing and "准备重新召开的会议记录" in listing
    office.post(f"/proceedings/{meeting.pk}/minutes/prepare/")
    listing = office.get(f"/proceedings/{meeting.pk}/minutes/").content.decode()
    assert "第1次会议" in listing and "第2次会议" in listing


def test_above_nine_members_the_office_assigns_critics_by_form(cast, ready_meeting, login):
    from organizations.models import TeamMembership
    from proceedings.rotation import critics_by_receiver, rotation_members

    from ..factories import PersonFactory, UserFactory

    for rank, name in enumerate(["周委员", "吴委员", "郑委员"], start=20):
        person = PersonFactory(user=UserFactory(username=f"y{rank}"), name=name, organization=cast.gov)
        TeamMembership.objects.create(organization=cast.gov, person=person, position="member", rank=rank)
    members = rotation_members(ready_meeting)
    client = login(cast.office)
    page = client.get(f"/proceedings/{ready_meeting.pk}/agenda/").content.decode()
    assert "超过9人" in page and "张书记的批评人不足2人（现0人）" in page
    url = f"/proceedings/{ready_meeting.pk}/rotation/critics/{members[0].pk}/"
    response = client.post(url, {"givers": [members[1].pk]})
    assert "每位成员至少安排2名批评人" in response.content.decode()
    assert client.post(url, {"givers": [members[1].pk, members[2].pk]}).status_code == 302
    assert sorted(critics_by_receiver(ready_meeting)[members[0].pk]) == sorted([members[1].pk, members[2].pk])
    response = client.post(f"/proceedings/{ready_meeting.pk}/minutes/prepare/", follow=True)
    assert "须先安排每位成员的批评人" in response.content.decode()
    assert login(cast.member).get(url).status_code == 403


def test_the_office_sets_the_rotation_order_by_form(cast, sitting, login):
    from proceedings.rotation import rotation_members

    members = rotation_members(sitting.meeting)
    client = login(cast.office)
    data = {f"order_{p.pk}": i for i, p in enumerate(members, start=1)}
    data[f"order_{members[1].pk}"], data[f"order_{members[2].pk}"] = 3, 3
    assert "每位成员的顺序号应各不相同" in client.post(f"/proceedings/{sitting.meeting.pk}/rotation/", data).content.decode()
    data[f"order_{members[2].pk}"] = 2
    assert client.post(f"/proceedings/{sitting.meeting.pk}/rotation/", data).status_code == 302
    assert [p.name for p in rotation_members(sitting.meeting)][:3] == ["张书记", "王委员", "李委员"]
    second_round = sitting.slots.filter(kind=SlotKind.SELF).order_by("order")[1]
    assert second_round.subject.name == "王委员"


def test_a_halted_sittings_slot_is_read_not_edited(cast, world, login):
    from proceedings.minutes import sitting_halt

    sitting, own, colleague, mine, theirs, item = world
    sitting_halt(sitting=sitting, actor=cast.supervisor, access=meeting_access(cast.supervisor, sitting.meeting),
                 reason="走过场")
    client = login(cast.office)
    page = client.get(f"/proceedings/slots/{own.pk}/").content.decode()
    assert "本次会议已被叫停，记录予以保留" in page and "下基层调研少" in page and "保存记录" not in page
    response = client.post(f"/proceedings/slots/{own.pk}/", {"notes": "改", "version": own.version})
    assert response.status_code == 302
    own.refresh_from_db()
    assert own.notes == ""
