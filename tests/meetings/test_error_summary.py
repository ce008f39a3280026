"""A form with errors says so at its top, linking to each field (the GOV.UK error summary)."""

import re
from pathlib import Path

import pytest
from django.conf import settings

from meetings.models import WorkPlan
from meetings.plans import plan_create_default
from tests.formdata import form_data

from .test_plan_views import _form_data


@pytest.fixture
def plan(meeting):
    return plan_create_default(meeting=meeting)


def _summary(body: str) -> str:
    match = re.search(r'<div class="error-summary" role="alert".*?</div>', body, re.S)
    assert match, "no error summary on the page"
    return match.group(0)


def test_an_error_far_down_the_plan_is_named_and_linked_at_the_top(cast, plan, login):
    client = login(cast.office)
    data = _form_data(client, plan.meeting, **{"duties-0-task": "起草方案", "duties-0-deadline": "2026-02-30"})
    response = client.post(f"/meetings/{plan.meeting_id}/plan/edit/", data)

    assert response.status_code == 200
    body = response.content.decode()
    summary = _summary(body)
    assert "请修改以下问题" in summary
    assert 'href="#id_duties-0-deadline"' in summary and "完成时限" in summary
    assert 'id="id_duties-0-deadline"' in body  # the link lands on the field
    # at the top: before the form's first field, so it is seen without scrolling or JS
    assert body.index(summary) < body.index('name="basis"')


def test_a_missing_title_links_to_the_title(cast, login):
    office = login(cast.office)
    data = form_data(office.get("/meetings/new/").content.decode(), title="")
    body = office.post("/meetings/new/", data).content.decode()
    summary = _summary(body)
    assert '<a href="#id_title">会议名称：请填写此项。</a>' in summary
    assert body.count('class="error-summary"') == 1


def test_the_summary_links_a_choice_list_to_its_first_choice(cast, plan, login):
    client = login(cast.office)
    member = cast.member.person.pk
    data = _form_data(client, plan.meeting, attendees=[str(member)], non_voting=[str(member)])
    body = client.post(f"/meetings/{plan.meeting_id}/plan/edit/", data).content.decode()
    assert 'href="#id_non_voting_0"' in _summary(body)
    assert 'id="id_non_voting_0"' in body


def test_a_second_tab_saving_a_stale_plan_is_told_it_was_changed_even_with_other_errors(cast, plan, login):
    client = login(cast.office)
    first = _form_data(client, plan.meeting, place="甲会议室")
    second = _form_data(client, plan.meeting, place="乙会议室", **{"duties-0-task": "任务", "duties-0-deadline": "不是日期"})
    assert client.post(f"/meetings/{plan.meeting_id}/plan/edit/", first).status_code == 302

    response = client.post(f"/meetings/{plan.meeting_id}/plan/edit/", second)

    body = response.content.decode()
    assert "已被他人修改" in _summary(body)
    assert "对方刚刚保存的版本" in body
    assert "甲会议室" in body  # theirs
    assert 'value="乙会议室"' in body  # and this person's, still typed
    assert WorkPlan.objects.get(pk=plan.pk).place == "甲会议室"


def test_a_second_tab_saving_a_stale_meeting_is_told_it_was_changed_even_with_other_errors(cast, meeting, login):
    client = login(cast.office)
    url = f"/meetings/{meeting.pk}/edit/"
    page = client.get(url).content.decode()
    first = form_data(page, title="第一个人的名称")
    second = form_data(page, title="", theme="第二个人的主题")
    assert client.post(url, first).status_code == 302
    body = client.post(url, second).content.decode()
    assert "已被他人修改" in _summary(body)
    assert "第二个人的主题" in body and "第一个人的名称" in body


def _page_templates():
    root = Path(settings.BASE_DIR) / "templates"
    for path in root.rglob("*.html"):
        if not path.name.startswith("_"):
            yield path.relative_to(root), path.read_text()


# Pages whose form is not the project's to change here: the login page (django's own form,
# a single field pair) and the public forms (their own pages, for the public: the opinion
# form and the comment on a disclosed rectification item, one field).
OWN_LAYOUT = {"registration/login.html", "feedback/public_form.html", "rectification/public_comment.html"}


def test_every_page_that_shows_form_errors_has_the_summary():
    missing = [
        str(name)
        for name, text in _page_templates()
        if re.search(r"\.errors|_formset\.html|_field\.html", text)
        and "error_summary" not in text
        and "_form_fields.html" not in text
        and str(name) not in OWN_LAYOUT
    ]
    assert missing == []
