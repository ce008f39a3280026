"""Who sees the situation report: the office, the secretary and the upper level (its text
once sent); the other members and outsiders get 404; anonymous is asked to log in."""

import pytest

from proceedings.models import SituationReport

from .report_helpers import draft, held_meeting, prepared, sitting, sent  # noqa: F401


def _pages(meeting):
    return [
        f"/proceedings/{meeting.pk}/report/",
        f"/proceedings/{meeting.pk}/report/act/send/",
    ]


def test_anonymous_is_asked_to_log_in(client, draft):
    for url in _pages(draft.meeting) + ["/proceedings/reports/"]:
        response = client.get(url)
        assert response.status_code == 302 and "/login/" in response.url, url


@pytest.mark.parametrize("role", ["member", "outsider"])
def test_a_team_member_or_an_outsider_gets_404_on_the_report(cast, login, sent, role):
    client = login(getattr(cast, role))
    meeting = sent.meeting
    for url in _pages(meeting) + [
        f"/proceedings/{meeting.pk}/report/scan/download/",
        f"/proceedings/{meeting.pk}/notice/",
    ]:
        assert client.get(url).status_code == 404, url
    assert client.post(f"/proceedings/{meeting.pk}/report/compile/").status_code == 404


@pytest.mark.parametrize("role", ["member", "outsider"])
def test_a_team_member_or_an_outsider_cannot_print_the_report(cast, login, sent, role):
    client = login(getattr(cast, role))
    assert client.post(f"/documents/new/situation_report/pdf/{sent.pk}/").status_code == 404


@pytest.mark.parametrize("role", ["office", "secretary"])
def test_the_office_and_the_secretary_read_the_draft(cast, login, draft, role):
    page = login(getattr(cast, role)).get(f"/proceedings/{draft.meeting.pk}/report/").content.decode()
    assert "一、会前准备情况" in page and "二、会议召开情况" in page


def test_the_upper_level_sees_that_a_draft_is_not_sent_but_not_its_text(cast, login, draft):
    page = login(cast.supervisor).get(f"/proceedings/{draft.meeting.pk}/report/").content.decode()
    assert "报告尚未报送" in page
    assert "一、会前准备情况" not in page
    assert login(cast.supervisor).post(f"/documents/new/situation_report/pdf/{draft.pk}/").status_code == 404


def test_the_upper_level_reads_the_report_once_sent(cast, login, sent):
    page = login(cast.supervisor).get(f"/proceedings/{sent.meeting.pk}/report/").content.decode()
    assert "一、会前准备情况" in page
    assert "阅知" in page


@pytest.mark.parametrize("role", ["secretary", "supervisor"])
def test_only_the_office_compiles_edits_and_sends(cast, login, draft, role):
    client = login(getattr(cast, role))
    meeting = draft.meeting
    section = draft.sections.get(key="opening")
    assert client.post(f"/proceedings/{meeting.pk}/report/compile/").status_code == 403
    assert client.post(f"/proceedings/{meeting.pk}/report/sections/opening/",
                       {"section-opening-version": section.version, "section-opening-text": "改"}).status_code == 403
    assert client.post(f"/proceedings/{meeting.pk}/report/act/send/").status_code in (403, 404)
    draft.refresh_from_db()
    assert draft.state == "draft"


def test_the_office_compiles_the_draft_once_however_often_it_posts(cast, login, held_meeting):
    client = login(cast.office)
    for _ in range(2):
        response = client.post(f"/proceedings/{held_meeting.pk}/report/compile/")
        assert response.status_code == 302
    assert SituationReport.objects.filter(meeting=held_meeting).count() == 1


def test_the_notice_is_read_by_the_members_once_issued(cast, login, sent):
    from proceedings import report as service

    url = f"/proceedings/{sent.meeting.pk}/notice/"
    assert login(cast.member).get(url).status_code == 404
    service.notice_issue(report=sent, scope="各党支部、全体党员", actor=cast.office)
    page = login(cast.member).get(url).content.decode()
    assert "情况的通报" in page
    assert login(cast.member).get(f"/proceedings/{sent.meeting.pk}/report/").status_code == 404
    assert login(cast.outsider).get(url).status_code == 404


def test_a_report_whose_sender_and_history_lost_their_accounts_still_opens(cast, login, sent):
    # The measuring county writes reports in bulk with no sender; a deleted account does the same.
    type(sent).objects.filter(pk=sent.pk).update(sent_by=None)
    sent.events.update(actor=None)
    page = login(cast.office).get(f"/proceedings/{sent.meeting.pk}/report/")
    assert page.status_code == 200 and "报送" in page.content.decode()
