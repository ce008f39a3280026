"""Plan pages: anonymous, outsiders, wrong roles and the right role."""

import pytest

from meetings.access import meeting_access
from meetings.models import PlanSubmission
from meetings.plans import plan_create_default
from meetings.workflow import meeting_transition
from organizations.models import OrganizationKind, StaffKind
from organizations.services import staff_assign

from ..factories import MeetingFactory, OrganizationFactory, PersonFactory, UserFactory


@pytest.fixture
def plan(meeting):
    return plan_create_default(meeting=meeting)


def _move(meeting, user, name, note=""):
    meeting.refresh_from_db()
    meeting_transition(meeting=meeting, name=name, actor=user, access=meeting_access(user, meeting), note=note)


def _form_data(client, meeting, **overrides):
    """The edit form as the browser would post it, with fields changed."""
    response = client.get(f"/meetings/{meeting.pk}/plan/edit/")
    data = {}
    for name, field in response.context["form"].fields.items():
        value = response.context["form"][name].value()
        if isinstance(value, list):
            data[name] = [str(v) for v in value]
        elif value is not None:
            data[name] = value
    for prefix in ("aspects", "steps", "agenda", "duties"):
        formset = response.context[prefix]
        data.update({f"{prefix}-{k}": v for k, v in formset.management_form.initial.items()})
        for i, form in enumerate(formset.forms):
            for name in form.fields:
                if name == "DELETE":
                    continue
                value = form[name].value()
                data[f"{prefix}-{i}-{name}"] = "" if value is None else value
    data.update(overrides)
    return data


@pytest.fixture
def foreign_supervisor(db):
    """A supervisor of another county: must never see this county's plans."""
    other_county = OrganizationFactory(name="中共邻县委员会", kind=OrganizationKind.COMMITTEE)
    person = PersonFactory(user=UserFactory(username="other_supervisor"), organization=other_county)
    staff_assign(person=person, organization=other_county, kind=StaffKind.SUPERVISOR)
    return person.user


def test_the_plan_page_requires_login(client, plan):
    response = client.get(f"/meetings/{plan.meeting_id}/plan/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_an_outsider_and_a_supervisor_of_another_county_get_404(cast, plan, login, foreign_supervisor):
    assert login(cast.outsider).get(f"/meetings/{plan.meeting_id}/plan/").status_code == 404
    assert login(foreign_supervisor).get(f"/meetings/{plan.meeting_id}/plan/").status_code == 404
    assert login(foreign_supervisor).get(f"/meetings/{plan.meeting_id}/plan/edit/").status_code == 404


def test_members_and_the_supervisor_read_the_plan(cast, plan, login):
    for user in (cast.member, cast.secretary, cast.supervisor, cast.office):
        response = login(user).get(f"/meetings/{plan.meeting_id}/plan/")
        assert response.status_code == 200
        assert "一、会议时间" in response.content.decode()


def test_a_member_cannot_edit_the_plan(cast, plan, login):
    client = login(cast.member)
    assert client.get(f"/meetings/{plan.meeting_id}/plan/edit/").status_code == 403
    assert client.post(f"/meetings/{plan.meeting_id}/plan/edit/", {}).status_code == 403


def test_the_office_edits_the_plan_in_the_browser_form(cast, plan, login):
    client = login(cast.office)
    data = _form_data(client, plan.meeting, place="县政府办三楼会议室", starts_at="2026-12-20T09:00")
    response = client.post(f"/meetings/{plan.meeting_id}/plan/edit/", data)
    assert response.status_code == 302, response.context["form"].errors
    plan.refresh_from_db()
    assert plan.place == "县政府办三楼会议室"
    assert plan.meeting.milestones.get(kind="meeting").due_date.isoformat() == "2026-12-20"


def test_a_bad_form_shows_chinese_errors_and_keeps_what_was_typed(cast, plan, login):
    client = login(cast.office)
    data = _form_data(client, plan.meeting, theme="", place="保留这段文字", speech_minutes="abc")
    response = client.post(f"/meetings/{plan.meeting_id}/plan/edit/", data)
    body = response.content.decode()
    assert response.status_code == 200
    assert "请填写此项" in body and "保留这段文字" in body


def test_a_plan_under_review_cannot_be_edited_and_nothing_typed_is_lost(cast, plan, login):
    client = login(cast.office)
    data = _form_data(client, plan.meeting, place="审批期间写的地点")
    _move(plan.meeting, cast.office, "submit_plan")
    response = client.post(f"/meetings/{plan.meeting_id}/plan/edit/", data)
    body = response.content.decode()
    assert response.status_code == 200
    assert "方案正在上级审批中，不能修改" in body and "审批期间写的地点" in body
    plan.refresh_from_db()
    assert plan.place != "审批期间写的地点"
    # opening the editor while under review explains why instead
    response = client.get(f"/meetings/{plan.meeting_id}/plan/edit/", follow=True)
    assert "方案正在上级审批中" in response.content.decode()


def test_two_offices_saving_the_same_plan_do_not_overwrite_each_other(cast, plan, login):
    client = login(cast.office)
    first = _form_data(client, plan.meeting, place="甲")
    second = _form_data(client, plan.meeting, place="乙")
    assert client.post(f"/meetings/{plan.meeting_id}/plan/edit/", first).status_code == 302
    response = client.post(f"/meetings/{plan.meeting_id}/plan/edit/", second)
    body = response.content.decode()
    assert "其他人已修改并保存了这份方案" in body
    assert "对方刚刚保存的版本" in body and "乙" in body
    plan.refresh_from_db()
    assert plan.place == "甲"
    # the second person has now seen both; saving again is their deliberate choice
    again = response.context["form"].data.copy()
    assert client.post(f"/meetings/{plan.meeting_id}/plan/edit/", again).status_code == 302
    plan.refresh_from_db()
    assert plan.place == "乙"


def test_the_supervisor_sees_what_changed_since_the_returned_version(cast, plan, login):
    _move(plan.meeting, cast.office, "submit_plan")
    _move(plan.meeting, cast.supervisor, "return_plan", note="请明确到会指导领导")
    client = login(cast.office)
    data = _form_data(client, plan.meeting, guiding_leaders="县委第二督导组")
    assert client.post(f"/meetings/{plan.meeting_id}/plan/edit/", data).status_code == 302
    _move(plan.meeting, cast.office, "submit_plan")
    body = login(cast.supervisor).get(f"/meetings/{plan.meeting_id}/plan/").content.decode()
    assert "与第1次报审（已退回）相比的修改" in body
    assert "<ins>1.到会指导：县委第二督导组</ins>" in body
    assert "请明确到会指导领导" in body


def test_each_frozen_version_has_its_own_page(cast, plan, login):
    _move(plan.meeting, cast.office, "submit_plan")
    response = login(cast.supervisor).get(f"/meetings/{plan.meeting_id}/plan/v/1/")
    assert response.status_code == 200 and "第1次报审的方案" in response.content.decode()
    assert login(cast.supervisor).get(f"/meetings/{plan.meeting_id}/plan/v/9/").status_code == 404
    assert login(cast.outsider).get(f"/meetings/{plan.meeting_id}/plan/v/1/").status_code == 404


def test_only_the_office_toggles_a_duty(cast, plan, login):
    duty = plan.duties.first()
    url = f"/meetings/{plan.meeting_id}/plan/duties/{duty.pk}/toggle/"
    assert login(cast.member).post(url).status_code == 403
    assert login(cast.outsider).post(url).status_code == 404
    response = login(cast.office).post(url, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and "已完成" in response.content.decode()
    duty.refresh_from_db()
    assert duty.done_at is not None


def test_the_plan_prints_as_pdf_and_word(cast, plan, login, django_capture_on_commit_callbacks):
    client = login(cast.office)
    for fmt in ("pdf", "docx"):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(f"/documents/new/work_plan/{fmt}/{plan.meeting_id}/")
        assert response.status_code == 302
        page = client.get(response["Location"])
        assert "已完成" in page.content.decode()
    assert login(cast.outsider).post(f"/documents/new/work_plan/pdf/{plan.meeting_id}/").status_code == 404


@pytest.mark.parametrize("count", [1, 10])
def test_the_plan_page_query_count_does_not_grow_with_duties_or_submissions(
    cast, login, django_assert_max_num_queries, count
):
    meeting = MeetingFactory(organization=cast.gov)
    plan = plan_create_default(meeting=meeting)
    for i in range(count):
        plan.duties.create(order=100 + i, task=f"任务{i}")
        PlanSubmission.objects.create(
            plan=plan, number=i + 1, content={"title": "t", "basis": "", "sections": []},
            submitted_at=meeting.created_at, status="returned",
        )
    client = login(cast.office)
    client.get(f"/meetings/{meeting.pk}/plan/")  # warm the content-type cache
    with django_assert_max_num_queries(40):
        assert client.get(f"/meetings/{meeting.pk}/plan/").status_code == 200
