"""Every study page of a meeting: anonymous → login, outsider → 404, wrong role → 403,
right role → content; the lists' query counts do not grow with the rows."""

import pytest
from django.utils import timezone

from meetings.models import Meeting, Stage
from study.models import StudyAttendance, StudySession

from .conftest import make_material, make_self_study, make_session

LOGIN = "/accounts/login/"
STUDY_PAGE_QUERIES = 18


def _study(meeting):
    return f"/study/meetings/{meeting.pk}/"


def _assert_login_redirect(response):
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)


def _session_post(people, *, absent=None, speeches=None, **fields):
    absent, speeches = absent or {}, speeches or {}
    data = {
        "form": "collective",
        "held_on": "2026-03-02",
        "start_time": "14:30",
        "hours": "2.5",
        "location": "三楼会议室",
        "topic": "学习《关于新形势下党内政治生活的若干准则》",
        "summary": "逐条学习，交流研讨。",
        "att-TOTAL_FORMS": len(people),
        "att-INITIAL_FORMS": len(people),
        "att-MIN_NUM_FORMS": 0,
        "att-MAX_NUM_FORMS": 1000,
        **fields,
    }
    for i, person in enumerate(people):
        data[f"att-{i}-person_id"] = person.pk
        if person not in absent:
            data[f"att-{i}-present"] = "on"
        data[f"att-{i}-absence_reason"] = absent.get(person, "")
        data[f"att-{i}-speech_topic"] = speeches.get(person, "")
    return data


# --- the study page of a meeting ------------------------------------------------------


def test_the_study_page_requires_login(client, meeting):
    _assert_login_redirect(client.get(_study(meeting)))


def test_the_study_page_is_hidden_from_an_outsider(cast, meeting, login):
    assert login(cast.outsider).get(_study(meeting)).status_code == 404


@pytest.mark.parametrize("who", ["office", "secretary", "member", "supervisor"])
def test_everyone_of_the_meeting_sees_its_study(cast, meeting, session, login, who):
    response = login(getattr(cast, who)).get(_study(meeting))
    assert response.status_code == 200
    assert "学习《中国共产党章程》" in response.content.decode()


def test_the_office_is_offered_to_record_a_session_and_the_member_to_log_self_study(
    cast, meeting, login
):
    record, log = _new_session(meeting), _new_self_study(meeting)
    office_page = login(cast.office).get(_study(meeting)).content.decode()
    assert record in office_page and log in office_page
    member_page = login(cast.member).get(_study(meeting)).content.decode()
    assert record not in member_page and log in member_page
    supervisor_page = login(cast.supervisor).get(_study(meeting)).content.decode()
    assert record not in supervisor_page and log not in supervisor_page


def _measure(client, url, django_assert_max_num_queries, budget):
    with django_assert_max_num_queries(budget) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def test_the_study_page_makes_as_many_queries_for_ten_sessions_as_for_one(
    cast, meeting, team, login, django_assert_max_num_queries
):
    material = make_material(cast.gov)
    make_session(meeting, team, materials=[material], absent={team[1]: "病假"})
    make_self_study(meeting, team[0], materials=[material])
    client = login(cast.office)
    client.get(_study(meeting))  # caches filled once per process do not count
    one = _measure(client, _study(meeting), django_assert_max_num_queries, STUDY_PAGE_QUERIES)
    for n in range(9):
        other = make_material(cast.gov, title=f"材料{n}")
        make_session(meeting, team, materials=[material, other], speeches={team[0]: f"发言{n}"})
        make_self_study(meeting, team[1], materials=[other])
    ten = _measure(client, _study(meeting), django_assert_max_num_queries, STUDY_PAGE_QUERIES)
    assert one == ten


# --- recording a group session ---------------------------------------------------------


def _new_session(meeting):
    return f"/study/meetings/{meeting.pk}/sessions/new/"


def test_recording_a_session_requires_login(client, meeting):
    _assert_login_redirect(client.get(_new_session(meeting)))


def test_an_outsider_cannot_find_the_session_form(cast, meeting, login):
    assert login(cast.outsider).get(_new_session(meeting)).status_code == 404


@pytest.mark.parametrize("who", ["member", "secretary", "supervisor"])
def test_only_the_office_records_a_group_session(cast, meeting, team, login, who):
    client = login(getattr(cast, who))
    assert client.get(_new_session(meeting)).status_code == 403
    assert client.post(_new_session(meeting), _session_post(team)).status_code == 403
    assert not StudySession.objects.exists()


def test_the_session_form_lists_the_team_and_the_library(cast, meeting, login):
    page = login(cast.office).get(_new_session(meeting)).content.decode()
    assert "张书记" in page and "李委员" in page
    # first use stocks the organisation's library with the materials the seeds list
    assert "《关于新形势下党内政治生活的若干准则》" in page
    assert "《中共中央关于党的百年奋斗重大成就和历史经验的决议》" in page


def test_the_office_records_a_session_with_an_absentee_and_a_speaker(cast, meeting, team, login):
    material = make_material(cast.gov)
    data = _session_post(
        team, absent={team[1]: "出差"}, speeches={team[0]: "严肃党内政治生活"},
        materials=[material.pk],
    )
    response = login(cast.office).post(_new_session(meeting), data)
    session = StudySession.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/study/sessions/{session.pk}/"
    assert session.recorded_by == cast.office
    assert list(session.materials.all()) == [material]
    rows = {r.person_id: r for r in session.attendances.all()}
    assert rows[team[0].pk].present and rows[team[0].pk].speech_topic == "严肃党内政治生活"
    assert not rows[team[1].pk].present and rows[team[1].pk].absence_reason == "出差"


def test_an_absentee_without_a_reason_is_refused_in_chinese(cast, meeting, team, login):
    data = _session_post(team, absent={team[1]: ""})
    response = login(cast.office).post(_new_session(meeting), data)
    assert response.status_code == 200
    assert "缺席的，请填写缺席原因。" in response.content.decode()
    assert not StudySession.objects.exists()


def test_an_absentee_cannot_have_spoken(cast, meeting, team, login):
    data = _session_post(team, absent={team[1]: "病假"}, speeches={team[1]: "发言"})
    response = login(cast.office).post(_new_session(meeting), data)
    assert "缺席人员不能作交流发言。" in response.content.decode()


def test_a_session_cannot_be_dated_in_the_future_or_last_zero_hours(cast, meeting, team, login):
    tomorrow = timezone.localdate() + timezone.timedelta(days=1)
    data = _session_post(team, held_on=tomorrow.isoformat(), hours="0")
    page = login(cast.office).post(_new_session(meeting), data).content.decode()
    assert "日期不能晚于今天" in page
    assert "时长至少0.5小时。" in page


def test_a_changed_team_is_noticed_instead_of_shifting_the_rows(cast, meeting, team, login):
    data = _session_post(list(reversed(team)))
    page = login(cast.office).post(_new_session(meeting), data).content.decode()
    assert "参加人员名单已变化" in page
    assert not StudySession.objects.exists()


def test_nothing_is_recorded_for_an_archived_meeting(cast, meeting, team, login):
    Meeting.objects.filter(pk=meeting.pk).update(stage=Stage.ARCHIVED)
    assert login(cast.office).post(_new_session(meeting), _session_post(team)).status_code == 403


# --- self-study -------------------------------------------------------------------------


def _new_self_study(meeting):
    return f"/study/meetings/{meeting.pk}/self-study/new/"


SELF_STUDY = {"held_on": "2026-03-03", "hours": "1.5", "topic": "通读《论中国共产党历史》", "summary": "心得"}


def test_logging_self_study_requires_login(client, meeting):
    _assert_login_redirect(client.get(_new_self_study(meeting)))


def test_an_outsider_cannot_log_self_study_for_the_meeting(cast, meeting, login):
    assert login(cast.outsider).get(_new_self_study(meeting)).status_code == 404


def test_a_supervisor_logs_no_self_study_here(cast, meeting, login):
    assert login(cast.supervisor).get(_new_self_study(meeting)).status_code == 403


def test_a_member_logs_their_own_self_study(cast, meeting, login):
    client = login(cast.member)
    assert "学习人：李委员" in client.get(_new_self_study(meeting)).content.decode()
    response = client.post(_new_self_study(meeting), {**SELF_STUDY, "person": cast.secretary.person.pk})
    assert response.status_code == 302
    log = StudySession.objects.get()
    # whatever was posted, a member logs only for themselves
    assert log.owner == cast.member.person and log.form == "self"
    assert [(r.person, r.present) for r in log.attendances.all()] == [(cast.member.person, True)]


def test_the_office_logs_self_study_for_a_member_it_chooses(cast, meeting, login):
    response = login(cast.office).post(
        _new_self_study(meeting), {**SELF_STUDY, "person": cast.secretary.person.pk}
    )
    assert response.status_code == 302
    assert StudySession.objects.get().owner == cast.secretary.person


def test_the_office_must_choose_someone_of_the_meeting(cast, meeting, login):
    response = login(cast.office).post(
        _new_self_study(meeting), {**SELF_STUDY, "person": cast.outsider.person.pk}
    )
    assert "请从名单中选择学习人。" in response.content.decode()


# --- one session: detail, edit, delete --------------------------------------------------


def test_a_session_requires_login(client, session):
    _assert_login_redirect(client.get(f"/study/sessions/{session.pk}/"))


def test_a_session_is_hidden_from_an_outsider(cast, session, login):
    client = login(cast.outsider)
    for path in ("", "edit/", "delete/"):
        assert client.get(f"/study/sessions/{session.pk}/{path}").status_code == 404


def test_a_session_shows_its_attendance_to_a_member(cast, session, login):
    page = login(cast.member).get(f"/study/sessions/{session.pk}/").content.decode()
    assert "出差" in page and "坚定历史自信" in page
    assert "/edit/" not in page  # neither the session nor its attendance


@pytest.mark.parametrize("who", ["member", "secretary", "supervisor"])
def test_only_the_office_changes_a_group_session(cast, session, login, who):
    client = login(getattr(cast, who))
    assert client.get(f"/study/sessions/{session.pk}/edit/").status_code == 403
    assert client.post(f"/study/sessions/{session.pk}/delete/").status_code == 403
    assert StudySession.objects.filter(pk=session.pk).exists()


def test_the_office_edits_a_session_and_its_attendance(cast, session, team, login):
    data = _session_post(team, absent={team[0]: "参加上级会议"}, topic="改后的主题")
    response = login(cast.office).post(f"/study/sessions/{session.pk}/edit/", data)
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.topic == "改后的主题"
    rows = {r.person_id: r for r in session.attendances.all()}
    assert not rows[team[0].pk].present and rows[team[0].pk].absence_reason == "参加上级会议"
    assert rows[team[1].pk].present and rows[team[1].pk].absence_reason == ""


def test_a_member_cannot_edit_another_members_self_study(cast, secretary_self_study, login):
    client = login(cast.member)
    url = f"/study/sessions/{secretary_self_study.pk}/edit/"
    assert client.get(url).status_code == 403
    assert client.post(url, SELF_STUDY).status_code == 403
    secretary_self_study.refresh_from_db()
    assert secretary_self_study.topic == "通读《论中国共产党历史》"


@pytest.mark.parametrize("who", ["secretary", "office"])
def test_the_author_and_the_office_edit_a_self_study_log(cast, secretary_self_study, login, who):
    url = f"/study/sessions/{secretary_self_study.pk}/edit/"
    client = login(getattr(cast, who))
    assert client.get(url).status_code == 200
    assert client.post(url, {**SELF_STUDY, "topic": "改过的自学内容"}).status_code == 302
    secretary_self_study.refresh_from_db()
    assert secretary_self_study.topic == "改过的自学内容"


def test_the_author_deletes_their_self_study_after_confirming(cast, secretary_self_study, login):
    client = login(cast.secretary)
    url = f"/study/sessions/{secretary_self_study.pk}/delete/"
    assert "确定删除" in client.get(url).content.decode()
    assert client.post(url).status_code == 302
    assert not StudySession.objects.exists()


# --- attendance rows (htmx) -------------------------------------------------------------


def _member_row(session, team):
    return StudyAttendance.objects.get(session=session, person=team[1])


@pytest.mark.parametrize("who", ["member", "secretary", "supervisor"])
def test_only_the_office_changes_attendance(cast, session, team, login, who):
    row = _member_row(session, team)
    client = login(getattr(cast, who))
    assert client.get(f"/study/attendance/{row.pk}/edit/").status_code == 403
    assert client.post(f"/study/attendance/{row.pk}/made-up/").status_code == 403


def test_attendance_is_hidden_from_an_outsider(cast, session, team, login):
    row = _member_row(session, team)
    assert login(cast.outsider).get(f"/study/attendance/{row.pk}/edit/").status_code == 404


def test_attendance_requires_login(client, session, team):
    row = _member_row(session, team)
    _assert_login_redirect(client.get(f"/study/attendance/{row.pk}/edit/"))


def test_the_office_marks_an_absentee_made_up_with_htmx(cast, session, team, login):
    row = _member_row(session, team)
    response = login(cast.office).post(f"/study/attendance/{row.pk}/made-up/", HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert f'id="att-{row.pk}"' in response.content.decode() and "✓ 已补学" in response.content.decode()
    row.refresh_from_db()
    assert row.made_up


def test_the_office_edits_a_row_in_place_and_is_told_a_reason_is_missing(cast, session, team, login):
    row = _member_row(session, team)
    client = login(cast.office)
    url = f"/study/attendance/{row.pk}/edit/"
    fragment = client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert fragment.lstrip().startswith("<tr") and "缺席原因" in fragment
    refused = client.post(url, {"person_id": team[1].pk, "absence_reason": ""}, HTTP_HX_REQUEST="true")
    assert "缺席的，请填写缺席原因。" in refused.content.decode()
    saved = client.post(url, {"person_id": team[1].pk, "present": "on", "speech_topic": "补充发言"},
                        HTTP_HX_REQUEST="true")
    assert "补充发言" in saved.content.decode()
    row.refresh_from_db()
    assert row.present and row.absence_reason == "" and row.speech_topic == "补充发言"


def test_without_javascript_the_row_is_edited_on_its_own_page(cast, session, team, login):
    row = _member_row(session, team)
    client = login(cast.office)
    url = f"/study/attendance/{row.pk}/edit/"
    assert "修改出勤" in client.get(url).content.decode()
    response = client.post(url, {"person_id": team[1].pk, "absence_reason": "病假", "made_up": "on"})
    assert response.status_code == 302 and response["Location"] == f"/study/sessions/{session.pk}/"
    row.refresh_from_db()
    assert row.absence_reason == "病假" and row.made_up
