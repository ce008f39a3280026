"""Progress on a measure: the owner reports a date, what was done and a status or percent;
the measure follows it, the item's percent is the mean of its measures'."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from meetings.models import Meeting, Stage
from rectification.models import ItemStatus, ListState, MeasureStatus, RectificationList
from rectification.progress import ProgressError, item_percent, progress_implied, progress_report

from .progress_fixtures import access_for

TODAY = timezone.localdate


def _report(item, user, **kw):
    measure = item.measures.first()
    values = {"on": TODAY(), "text": "到两个乡镇调研", "status": MeasureStatus.IN_PROGRESS, "percent": 40}
    values.update(kw)
    return progress_report(measure=measure, actor=user, access=access_for(user, item), **values)


def test_a_status_implies_its_percent_and_a_percent_its_status():
    assert progress_implied(status=MeasureStatus.NOT_STARTED, percent=55) == ("not_started", 0)
    assert progress_implied(status=MeasureStatus.DONE) == ("done", 100)
    assert progress_implied(percent=0) == ("not_started", 0)
    assert progress_implied(percent=100) == ("done", 100)
    assert progress_implied(percent=30) == ("in_progress", 30)
    with pytest.raises(ProgressError, match="1 到 99"):
        progress_implied(status=MeasureStatus.IN_PROGRESS, percent=100)
    with pytest.raises(ProgressError, match="1 到 99"):
        progress_implied(status=MeasureStatus.IN_PROGRESS)


def test_the_owner_reports_and_the_measure_and_item_follow(cast, personal_item):
    report = _report(personal_item, cast.member)
    measure = personal_item.measures.first()
    measure.refresh_from_db()
    assert (measure.status, measure.percent, measure.version) == ("in_progress", 40, 2)
    assert report.by == cast.member
    assert item_percent(personal_item) == 20  # (40 + 0) / 2
    event = personal_item.events.get(action="report")
    assert event.label == "报告进展" and "推进中，40%" in event.note and event.actor == cast.member


def test_the_owner_of_a_team_item_reports_on_it(cast, team_item):
    _report(team_item, cast.member, status=MeasureStatus.DONE, percent=None)
    assert item_percent(team_item) == 100


def test_nobody_but_the_owner_reports(cast, personal_item):
    for user in (cast.secretary, cast.office):
        with pytest.raises(PermissionDenied):
            _report(personal_item, user)
    assert not personal_item.measures.first().reports.exists()


def test_no_report_before_the_list_is_approved(cast, personal_item):
    RectificationList.objects.filter(pk=personal_item.rectification_list_id).update(
        state=ListState.RETURNED, approved_at=None)
    with pytest.raises(PermissionDenied, match="批准后"):
        _report(personal_item, cast.member)


def test_no_report_on_a_closed_item_or_an_archived_meeting(cast, personal_item):
    personal_item.status = ItemStatus.CLOSED
    personal_item.save(update_fields=["status"])
    with pytest.raises(ProgressError, match="已销号"):
        _report(personal_item, cast.member)
    personal_item.status = ItemStatus.OPEN
    personal_item.save(update_fields=["status"])
    Meeting.objects.filter(pk=personal_item.rectification_list.meeting_id).update(stage=Stage.ARCHIVED)
    with pytest.raises(PermissionDenied, match="已归档"):
        _report(personal_item, cast.member)


def test_a_report_needs_text_and_a_date_not_in_the_future(cast, personal_item):
    with pytest.raises(ProgressError, match="进展情况"):
        _report(personal_item, cast.member, text="  ")
    with pytest.raises(ProgressError, match="晚于今天"):
        _report(personal_item, cast.member, on=TODAY() + timedelta(days=1))
    yesterday = TODAY() - timedelta(days=1)
    assert _report(personal_item, cast.member, on=yesterday).on == yesterday


# --- the report page ---------------------------------------------------------------------------

def _page(item):
    return reverse("rectification:progress_new", args=[item.measures.first().pk])


def _post(client, item, **extra):
    data = {"on": TODAY().isoformat(), "text": "到两个乡镇调研", "status": "in_progress", "percent": "40", **extra}
    return client.post(_page(item), data)


def test_the_report_page_anonymous_outsider_wrong_role_and_owner(cast, personal_item, client, login):
    response = client.get(_page(personal_item))
    assert response.status_code == 302 and "login" in response["Location"]
    assert login(cast.outsider).get(_page(personal_item)).status_code == 404
    assert login(cast.secretary).get(_page(personal_item)).status_code == 403
    assert login(cast.secretary).post(_page(personal_item), {}).status_code == 403
    page = login(cast.member).get(_page(personal_item))
    assert page.status_code == 200 and "每个不超过 20 MB" in page.content.decode()


def test_the_owner_reports_through_the_page_with_a_pdf(cast, personal_item, login, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    pdf = SimpleUploadedFile("调研报告.pdf", b"%PDF-1.4\n%%EOF\n")
    response = _post(login(cast.member), personal_item, files=[pdf])
    assert response.status_code == 302
    report = personal_item.measures.first().reports.get()
    assert report.evidence.get().name == "调研报告.pdf"
    page = login(cast.member).get(personal_item.get_absolute_url()).content.decode()
    assert reverse("rectification:evidence", args=[report.evidence.get().pk]) in page


def test_an_executable_renamed_to_pdf_is_refused_on_the_page_and_the_text_kept(cast, personal_item, login):
    exe = SimpleUploadedFile("整改报告.pdf", b"MZ\x90\x00" + b"\0" * 64)
    response = _post(login(cast.member), personal_item, files=[exe], text="这段文字不能丢")
    body = response.content.decode()
    assert response.status_code == 400 and "内容与扩展名 .pdf 不符" in body and "这段文字不能丢" in body
    assert not personal_item.measures.first().reports.exists()


def test_a_50_mb_upload_reaches_the_check_and_gets_its_message(cast, personal_item, login):
    big = SimpleUploadedFile("扫描件.pdf", b"%PDF-1.4\n" + b"\0" * (50 * 1024 * 1024))
    response = _post(login(cast.member), personal_item, files=[big])
    assert response.status_code == 400
    assert "超过 20 MB，不能上传" in response.content.decode()
    assert not personal_item.measures.first().reports.exists()


def test_a_bad_percent_is_a_message_on_the_page(cast, personal_item, login):
    response = _post(login(cast.member), personal_item, percent="")
    assert response.status_code == 400 and "1 到 99" in response.content.decode()


def test_the_owner_is_offered_the_report_link_and_others_are_not(cast, personal_item, login):
    assert _page(personal_item) in login(cast.member).get(personal_item.get_absolute_url()).content.decode()
    assert _page(personal_item) not in login(cast.secretary).get(personal_item.get_absolute_url()).content.decode()


def test_the_item_page_costs_the_same_queries_for_5_and_50_reports(cast, personal_item, login,
                                                                   same_queries_at_5_and_50):
    from rectification.models import Evidence, ProgressReport

    measure = personal_item.measures.first()
    client = login(cast.secretary)

    def grow(n):
        for i in range(measure.reports.count(), n):
            report = ProgressReport.objects.create(measure=measure, on=TODAY(), text=f"第{i}次", status="in_progress",
                                                   percent=10, by=cast.member)
            Evidence.objects.create(report=report, file=f"rectification/evidence/x{i}", name=f"材料{i}.pdf",
                                    content_type="application/pdf", size=10, sha256="0" * 64, uploaded_by=cast.member)

    count, page = same_queries_at_5_and_50(grow, lambda: client.get(personal_item.get_absolute_url()))
    assert page.status_code == 200 and "材料49.pdf" in page.content.decode()


def test_back_and_submit_again_records_the_report_once(cast, personal_item, login):
    from organizations.once import MESSAGE

    from ..formdata import form_data

    client = login(cast.member)
    measure = personal_item.measures.first()
    url = reverse("rectification:progress_new", args=[measure.pk])
    data = form_data(client.get(url).content.decode(), on=timezone.localdate().isoformat(), text="已走访三个乡镇",
                     status=MeasureStatus.IN_PROGRESS, percent="40")
    assert data.get("form_token")
    assert client.post(url, data).status_code == 302
    again = client.post(url, data, follow=True)
    assert measure.reports.count() == 1 and MESSAGE in again.content.decode()
