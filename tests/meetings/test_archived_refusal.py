"""How a refusal on an archived meeting reads: the 403 page with its reason, for htmx the
reason alone aimed at the page's alert region (config.error_pages.permission_denied)."""

import pytest

from meetings.models import Meeting, Stage


@pytest.fixture
def archived(meeting):
    Meeting.objects.filter(pk=meeting.pk).update(stage=Stage.ARCHIVED)
    meeting.refresh_from_db()
    return meeting


def test_a_refused_edit_gets_the_403_page_with_the_reason(cast, archived, login):
    milestone = archived.milestones.first()
    response = login(cast.office).post(f"/meetings/{archived.pk}/milestones/{milestone.pk}/toggle/")
    html = response.content.decode()
    assert response.status_code == 403
    assert "会议已归档，时间节点不能再修改" in html and "<html" in html and "返回我的工作" in html
    milestone.refresh_from_db()
    assert not milestone.is_done


def test_an_htmx_edit_refused_gets_the_reason_alone_in_the_pages_alert_region(cast, archived, login):
    milestone = archived.milestones.first()
    response = login(cast.office).post(
        f"/meetings/{archived.pk}/milestones/{milestone.pk}/toggle/", HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert response.status_code == 200  # htmx swaps no 4xx: the project's htmx errors are 200s
    assert response["HX-Retarget"] == "#page-alert" and response["HX-Reswap"] == "innerHTML"
    assert "会议已归档，时间节点不能再修改" in html and "<html" not in html
    page = login(cast.office).get(f"/meetings/{archived.pk}/")
    assert 'id="page-alert"' in page.content.decode()  # where the fragment lands


def test_an_edit_page_of_an_archived_meeting_refuses_even_to_show_its_form(cast, archived, login):
    response = login(cast.office).get(f"/meetings/{archived.pk}/plan/edit/")
    assert response.status_code == 403
    assert "会议已归档，工作方案不能再修改" in response.content.decode()
    assert "<form method=\"post\" novalidate" not in response.content.decode()


def test_an_outsider_still_gets_404_not_the_archive_message(cast, archived, login):
    milestone = archived.milestones.first()
    response = login(cast.outsider).post(f"/meetings/{archived.pk}/milestones/{milestone.pk}/toggle/")
    assert response.status_code == 404
