"""The office's preparation page and the upper level's decision page: who may open them,
and what each form does (anonymous → login, wrong role and outsiders → 404)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from meetings import progress
from meetings.models import Meeting, Stage
from proceedings.models import ConveningApplication, ConveningRequest, PreparationReport, RequestStatus
from proceedings.preparation import report_compile

from ..study.conftest import make_session
from .prep_fixtures import prepared  # noqa: F401


@pytest.fixture(autouse=True)
def _only_plan_talks_and_preparation(monkeypatch):
    kept = [e for e in progress._checklist if e.key in ("basics", "plan", "talks", "preparation")]
    monkeypatch.setattr(progress, "_checklist", kept)


OFFICE_PAGES = ["preparation/", "preparation/report/", "preparation/application/"]


def _url(meeting, tail):
    return f"/proceedings/{meeting.pk}/{tail}"


@pytest.mark.parametrize("tail", OFFICE_PAGES + ["convening/"])
def test_anonymous_people_are_asked_to_log_in(client, prepared, tail):
    response = client.get(_url(prepared, tail))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("tail", OFFICE_PAGES)
@pytest.mark.parametrize("role", ["member", "supervisor", "outsider"])
def test_the_office_pages_are_404_to_members_the_upper_level_and_outsiders(cast, login, prepared, tail, role):
    report_compile(meeting=prepared, actor=cast.office)
    assert login(getattr(cast, role)).get(_url(prepared, tail)).status_code == 404


@pytest.mark.parametrize("role", ["office", "member", "outsider"])
def test_the_decision_page_is_404_to_all_but_the_upper_level(cast, login, prepared, role):
    assert login(getattr(cast, role)).get(_url(prepared, "convening/")).status_code == 404


def test_the_secretary_reads_the_preparation_page_without_its_buttons(cast, login, prepared):
    report_compile(meeting=prepared, actor=cast.office)
    body = login(cast.secretary).get(_url(prepared, "preparation/")).content.decode()
    assert "共开展学习研讨4次" in body
    assert "修改文字" not in body and "确认报请召开" not in body
    assert login(cast.secretary).get(_url(prepared, "preparation/report/")).status_code == 404


def test_the_office_compiles_edits_a_sentence_and_sees_a_changed_figure_flagged(cast, team7, login, prepared):
    client = login(cast.office)
    page = client.get(_url(prepared, "preparation/")).content.decode()
    assert "生成准备工作情况报告" in page
    assert "尚未完成：召开准备——准备工作情况报告已生成" in page  # the gate, before the button
    client.post(_url(prepared, "preparation/compile/"))
    report = PreparationReport.objects.get(meeting=prepared)
    form = {f"s_{s['key']}": s["text"] for s in report.sections}
    form["s_closing"] = "截止目前，各项准备工作已就绪，恳请批准召开。"
    form["version"] = report.version
    assert client.post(_url(prepared, "preparation/report/"), form).status_code == 302
    page = client.get(_url(prepared, "preparation/")).content.decode()
    assert "恳请批准召开" in page and "数据已更新" not in page

    make_session(prepared, team7.people, form="collective", topic="再次研讨")
    page = client.get(_url(prepared, "preparation/")).content.decode()
    assert "数据已更新" in page and "报告中为“共开展学习研讨4次”，现为“共开展学习研讨5次”" in page
    report.refresh_from_db()
    client.post(_url(prepared, "preparation/refresh/"), {"version": report.version, "key": "study.sessions"})
    page = client.get(_url(prepared, "preparation/")).content.decode()
    assert "共开展学习研讨5次" in page and "学习研讨次数：报告中为" not in page
    assert "集中学习研讨：报告中为“其中集中学习研讨2次" in page  # a new session changed more than one figure


def test_a_stale_edit_is_refused_with_the_typed_text_kept(cast, login, prepared):
    client = login(cast.office)
    report = report_compile(meeting=prepared, actor=cast.office)
    form = {f"s_{s['key']}": s["text"] for s in report.sections}
    form.update({"version": report.version - 1, "s_preface": "我刚写的开头。"})
    response = client.post(_url(prepared, "preparation/report/"), form)
    assert response.status_code == 400
    body = response.content.decode()
    assert "准备工作情况报告已被他人修改" in body and "我刚写的开头。" in body


def test_the_application_form_starts_from_the_plan_and_saves(cast, login, prepared):
    client = login(cast.office)
    page = client.get(_url(prepared, "preparation/application/")).content.decode()
    assert "县政府办四楼会议室" in page and "2026-12-30T09:00" in page
    day = timezone.localdate() + timedelta(days=5)
    response = client.post(_url(prepared, "preparation/application/"), {
        "proposed_at": f"{day.isoformat()}T09:00", "place": "四楼会议室", "attendees": "出席：张书记",
        "agenda": "通报情况\n对照检查", "lead_days": 10,
    })
    assert response.status_code == 302
    application = ConveningApplication.objects.get(meeting=prepared)
    assert application.agenda_lines() == ["通报情况", "对照检查"]
    page = client.get(_url(prepared, "preparation/")).content.decode()
    assert "拟召开日期距今仅5天，少于会前10天报上级审核的要求" in page


def test_the_application_refuses_a_past_date(cast, login, prepared):
    day = timezone.localdate() - timedelta(days=1)
    response = login(cast.office).post(_url(prepared, "preparation/application/"), {
        "proposed_at": f"{day.isoformat()}T09:00", "place": "四楼", "agenda": "通报", "lead_days": 10,
    })
    assert response.status_code == 400
    assert "拟召开时间不能早于今天。" in response.content.decode()


def _ready(cast, meeting):
    from proceedings.convening import application_initial, application_save

    report_compile(meeting=meeting, actor=cast.office)
    initial = application_initial(meeting)
    application_save(meeting=meeting, version=None, actor=cast.office, proposed_at=initial["proposed_at"],
                     place=initial["place"], attendees=initial["attendees"], agenda=initial["agenda"], lead_days=10)


def test_sending_is_refused_while_a_step_is_missing_and_the_page_names_it_with_its_link(cast, login, prepared):
    _ready(cast, prepared)
    response = login(cast.office).post(_url(prepared, "preparation/send/"))
    assert response.status_code == 400
    body = response.content.decode()
    assert "尚未完成：谈心谈话——应谈对象全部谈完（四必谈）" in body
    assert f'href="/talks/{prepared.pk}/matrix/"' in body or "/talks/" in body
    prepared.refresh_from_db()
    assert prepared.stage == Stage.PRE_MEETING


def test_the_office_sends_and_the_upper_level_decides_on_its_page(cast, login, prepared, monkeypatch):
    kept = [e for e in progress._checklist if e.key != "talks"]
    monkeypatch.setattr(progress, "_checklist", kept)
    _ready(cast, prepared)
    office = login(cast.office)
    assert office.post(_url(prepared, "preparation/send/")).status_code == 302
    prepared.refresh_from_db()
    assert prepared.stage == Stage.CONVENE_REQUESTED

    from django.test import Client

    supervisor = Client()
    supervisor.force_login(cast.supervisor, backend="django.contrib.auth.backends.ModelBackend")
    page = supervisor.get(_url(prepared, "convening/")).content.decode()
    assert "县政府办党组2026年度民主生活会准备工作情况报告" in page
    assert "确认同意召开" in page and "确认暂缓召开" in page
    assert "工作进度" in page and "召开准备" in page

    refused = supervisor.post(_url(prepared, "convening/postpone/"), {"reason": ""})
    assert refused.status_code == 400 and "请写明暂缓召开的原因。" in refused.content.decode()
    supervisor.post(_url(prepared, "convening/postpone/"), {"reason": "请补充上年度整改落实情况。"})
    prepared.refresh_from_db()
    assert prepared.stage == Stage.PRE_MEETING
    page = office.get(_url(prepared, "preparation/")).content.decode()
    assert "上级暂缓召开（第1次报请）：" in page and "请补充上年度整改落实情况。" in page

    office.post(_url(prepared, "preparation/send/"))
    day = timezone.localdate() + timedelta(days=12)
    assert supervisor.post(_url(prepared, "convening/approve/"), {"agreed_on": day.isoformat()}).status_code == 302
    prepared.refresh_from_db()
    assert (prepared.stage, prepared.agreed_on) == (Stage.CONVENE_APPROVED, day)
    assert ConveningRequest.objects.get(meeting=prepared, number=2).status == RequestStatus.APPROVED


def test_the_agreed_date_cannot_be_in_the_past(cast, login, prepared):
    Meeting.objects.filter(pk=prepared.pk).update(stage=Stage.CONVENE_REQUESTED)
    day = timezone.localdate() - timedelta(days=1)
    response = login(cast.supervisor).post(_url(prepared, "convening/approve/"), {"agreed_on": day.isoformat()})
    assert response.status_code == 400
    assert "同意召开的日期不能早于今天" in response.content.decode()


def test_the_meetings_buttons_lead_to_these_pages(cast, login, prepared):
    body = login(cast.office).get(f"/meetings/{prepared.pk}/").content.decode()
    assert f'href="/proceedings/{prepared.pk}/preparation/">报请召开' in body
    Meeting.objects.filter(pk=prepared.pk).update(stage=Stage.CONVENE_REQUESTED)
    body = login(cast.supervisor).get(f"/meetings/{prepared.pk}/").content.decode()
    assert f'href="/proceedings/{prepared.pk}/convening/">同意召开' in body


def test_the_discipline_commission_may_postpone_but_not_agree(cast, jiwei, login, prepared):
    Meeting.objects.filter(pk=prepared.pk).update(stage=Stage.CONVENE_REQUESTED)
    client = login(jiwei)
    body = client.get(_url(prepared, "convening/")).content.decode()
    assert "确认暂缓召开" in body and "确认同意召开" not in body
    day = timezone.localdate() + timedelta(days=12)
    response = client.post(_url(prepared, "convening/approve/"), {"agreed_on": day.isoformat()})
    assert response.status_code == 400
    assert "只有上级组织部可以“同意召开”" in response.content.decode()
    prepared.refresh_from_db()
    assert (prepared.stage, prepared.agreed_on) == (Stage.CONVENE_REQUESTED, None)
