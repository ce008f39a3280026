"""What the public form keeps per process is only what follows from its code (plain error
messages, the CSRF check): the solicitation, its state and dates are read at every request,
so a form closed, ended or past its meeting refuses the very next submission (issue 11)."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from anonymity.models import PendingRow
from anonymity.nonce import nonce_issue
from feedback.forms import OpinionEntryForm, PublicOpinionForm
from feedback.models import Opinion
from meetings.models import Meeting, MeetingAspect, Stage

pytestmark = pytest.mark.django_db


def _url(solicitation):
    return f"/feedback/f/{solicitation.token}/"


def _post(client, solicitation, content="建议少开会。"):
    return client.post(_url(solicitation), {"nonce": nonce_issue(), "target": "team", "content": content})


def _nothing_kept():
    return not Opinion.objects.exists() and not PendingRow.objects.exists()


def _close(solicitation):
    solicitation.form_open = False
    solicitation.save(update_fields=["form_open"])


def _end_yesterday(solicitation):
    solicitation.ends_on = timezone.localdate() - timedelta(days=1)
    solicitation.save(update_fields=["ends_on"])


def _start_later(solicitation):
    solicitation.starts_on = timezone.localdate() + timedelta(days=2)
    solicitation.save(update_fields=["starts_on"])


def _hold_the_meeting(solicitation):
    Meeting.objects.filter(pk=solicitation.meeting_id).update(stage=Stage.HELD)


@pytest.mark.parametrize("change, notice", [
    (_close, "征求意见已结束"),
    (_end_yesterday, "已于"),
    (_start_later, "尚未开始"),
    (_hold_the_meeting, "征求意见已结束"),
])
def test_a_change_of_state_refuses_the_very_next_submission(client, solicitation, settings, change, notice):
    settings.ANONYMOUS_BATCH_SIZE = 10  # nothing written in batches: the pending rows tell all
    assert _post(client, solicitation).status_code == 302  # open, and warmed up
    PendingRow.objects.all().delete()
    change(solicitation)
    response = _post(client, solicitation, "改变之后的意见")
    assert response.status_code == 200
    assert notice in response.content.decode()
    assert _nothing_kept()


def test_a_form_opened_again_takes_the_very_next_submission(client, solicitation):
    _close(solicitation)
    assert _post(client, solicitation).status_code == 200
    solicitation.form_open = True
    solicitation.save(update_fields=["form_open"])
    assert _post(client, solicitation).status_code == 302
    assert Opinion.objects.count() == 1


def test_a_refused_submission_reads_only_the_solicitation(client, solicitation):
    _post(client, solicitation)
    _close(solicitation)
    with CaptureQueriesContext(connection) as queries:
        assert _post(client, solicitation).status_code == 200
    assert len(queries.captured_queries) == 1
    assert "feedback_solicitation" in queries.captured_queries[0]["sql"]


def test_an_aspect_added_shows_on_the_very_next_page(client, solicitation):
    client.get(_url(solicitation))
    MeetingAspect.objects.create(meeting=solicitation.meeting, order=99, title="新增的对照方面")
    assert "新增的对照方面" in client.get(_url(solicitation)).content.decode()


def test_the_plain_messages_are_worked_out_once_and_leave_the_class_fields_alone(solicitation):
    first = PublicOpinionForm({}, candidates=[], aspects=[])
    second = PublicOpinionForm({"content": "x" * 3000}, candidates=[], aspects=[])
    assert first.errors["content"] == ["请填写意见内容。"]
    assert second.errors["content"] == ["意见内容不能超过2000字（现为3000字）。"]
    assert PublicOpinionForm.__dict__["_plain_messages_cache"] is not None
    # The messages go into each instance's copies, never into fields another form shares.
    assert "请填写意见内容。" not in PublicOpinionForm.base_fields["content"].error_messages.values()
    assert "form_token" not in PublicOpinionForm.__dict__["_plain_messages_cache"]
    entry = OpinionEntryForm({}, candidates=[], aspects=[])
    assert entry.errors["channel"] == ["请选择征求方式。"]


def test_the_csrf_check_kept_per_process_follows_a_change_of_trusted_origins(solicitation, settings):
    client = Client(enforce_csrf_checks=True)
    client.get(_url(solicitation))
    token = client.cookies["csrftoken"].value

    def post_from(origin):
        data = {"nonce": nonce_issue(), "target": "team", "content": "跨站提交？", "csrfmiddlewaretoken": token}
        return client.post(_url(solicitation), data, headers={"Origin": origin}, secure=True)

    settings.CSRF_TRUSTED_ORIGINS = []
    assert post_from("https://other.example").status_code == 403
    settings.CSRF_TRUSTED_ORIGINS = ["https://other.example"]
    assert post_from("https://other.example").status_code == 302
