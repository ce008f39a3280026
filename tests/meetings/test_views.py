"""Every meetings page: anonymous → login, outsider → 404, wrong role → 403, right role → content."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from meetings.access import Role
from meetings.models import AspectTemplate, Meeting, MeetingKind, Milestone, MilestoneKind, Stage
from meetings.workflow import TRANSITIONS
from organizations.models import StaffKind
from organizations.services import staff_assign

from ..factories import MeetingFactory, OrganizationFactory, PersonFactory, UserFactory

LOGIN = "/accounts/login/"
# The list pages' counts at 5 and 50 rows: tests/meetings/test_queries.py.
TEMPLATE_LIST_QUERIES = 12


def _assert_login_redirect(response):
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)


def _supervisor_of(org, username):
    person = PersonFactory(user=UserFactory(username=username), organization=org)
    staff_assign(person=person, organization=org, kind=StaffKind.SUPERVISOR, unit="组织部")
    return person.user


def _edit_data(meeting, *, title, version, aspects=("方面一", "方面二")):
    data = {
        "title": title,
        "year": meeting.year,
        "theme": meeting.theme,
        "version": version,
        "aspects-TOTAL_FORMS": len(aspects),
        "aspects-INITIAL_FORMS": len(aspects),
        "aspects-MIN_NUM_FORMS": 1,
        "aspects-MAX_NUM_FORMS": 20,
    }
    for i, aspect in enumerate(aspects):
        data[f"aspects-{i}-title"] = aspect
        data[f"aspects-{i}-description"] = ""
    return data


def _warmed(client, url):
    """One request first, so caches filled once per process (content types) do not count."""
    client.get(url)
    return client


def _set_stage(meeting, stage):
    Meeting.objects.filter(pk=meeting.pk).update(stage=stage)
    meeting.refresh_from_db()


def _shipped_template():
    return AspectTemplate.objects.filter(
        organization__isnull=True, kind=MeetingKind.DEMOCRATIC_LIFE
    ).first()


# --- list and my work -----------------------------------------------------------------


def test_the_list_requires_login(client):
    _assert_login_redirect(client.get("/meetings/"))


def test_the_list_shows_the_office_its_meeting(cast, meeting, login):
    response = login(cast.office).get("/meetings/")
    assert response.status_code == 200
    assert meeting.title in response.content.decode()
    assert "新建会议" in response.content.decode()


def test_the_list_hides_the_meeting_from_an_outsider(cast, meeting, login):
    response = login(cast.outsider).get("/meetings/")
    assert response.status_code == 200
    assert meeting.title not in response.content.decode()
    assert "新建会议" not in response.content.decode()


def test_the_list_shows_a_member_the_meeting_without_the_create_button(cast, meeting, login):
    body = login(cast.member).get("/meetings/").content.decode()
    assert meeting.title in body
    assert "新建会议" not in body


def test_the_list_filters_by_stage(cast, meeting, login):
    other = MeetingFactory(organization=cast.gov, title="已归档的会议", stage=Stage.ARCHIVED)
    body = login(cast.office).get("/meetings/?stage=archived").content.decode()
    assert other.title in body
    assert meeting.title not in body


def test_the_supervisor_sees_a_meeting_of_an_organization_below(cast, meeting, login):
    assert meeting.title in login(cast.supervisor).get("/meetings/").content.decode()
    assert login(cast.supervisor).get(f"/meetings/{meeting.pk}/").status_code == 200


def test_a_supervisor_of_the_neighbour_does_not_see_the_meeting(cast, meeting, login):
    edu_branch = OrganizationFactory(name="县教育局机关党支部", parent=cast.edu)
    own = MeetingFactory(organization=edu_branch, title="教育局支部组织生活会")
    neighbour_supervisor = _supervisor_of(cast.edu, "edu-supervisor")
    client = login(neighbour_supervisor)
    body = client.get("/meetings/").content.decode()
    assert own.title in body
    assert meeting.title not in body
    assert client.get(f"/meetings/{meeting.pk}/").status_code == 404


def test_a_supervisor_of_another_county_does_not_see_the_meeting(cast, meeting, login):
    other_county = OrganizationFactory(name="中共邻县委员会")
    client = login(_supervisor_of(other_county, "other-county-supervisor"))
    assert meeting.title not in client.get("/meetings/").content.decode()
    assert client.get(f"/meetings/{meeting.pk}/").status_code == 404


def test_my_work_requires_login(client):
    _assert_login_redirect(client.get("/"))


def test_my_work_tells_the_office_to_finish_the_plan(cast, meeting, login):
    body = login(cast.office).get("/").content.decode()
    assert "完善方案并提交报审" in body
    assert meeting.title in body


def test_my_work_tells_the_supervisor_to_approve_a_submitted_plan(cast, meeting, login):
    _set_stage(meeting, Stage.PLAN_REVIEW)
    body = login(cast.supervisor).get("/").content.decode()
    assert "审批工作方案" in body


def test_my_work_shows_an_outsider_nothing_of_the_meeting(cast, meeting, login):
    body = login(cast.outsider).get("/").content.decode()
    assert meeting.title not in body


def test_my_work_reminds_a_member_of_study_but_not_of_the_plan(cast, meeting, login):
    meeting.milestones.filter(kind__in=[MilestoneKind.STUDY, MilestoneKind.PLAN]).update(due_date=timezone.localdate())
    body = login(cast.member).get("/").content.decode()
    assert "学习研讨" in body
    assert "方案报审" not in body
    assert "完善方案并提交报审" not in body


# --- create ---------------------------------------------------------------------------


def test_create_requires_login(client):
    _assert_login_redirect(client.get("/meetings/new/"))


def test_create_is_forbidden_to_a_member(cast, login):
    assert login(cast.member).get("/meetings/new/").status_code == 403


def test_create_is_forbidden_to_an_outsider(cast, login):
    assert login(cast.outsider).get("/meetings/new/").status_code == 403


def test_create_shows_the_office_its_organization(cast, login):
    response = login(cast.office).get("/meetings/new/")
    assert response.status_code == 200
    body = response.content.decode()
    assert cast.gov.name in body
    assert cast.edu.name not in body


def test_create_makes_a_meeting_with_the_aspects_of_the_template(cast, login):
    template = _shipped_template()
    response = login(cast.office).post(
        "/meetings/new/",
        {
            "organization": cast.gov.pk,
            "kind": MeetingKind.DEMOCRATIC_LIFE,
            "year": 2026,
            "title": "2026年度专题民主生活会",
            "theme": "深入学习贯彻党的创新理论",
            "template": template.pk,
            "dated_template_ok": "on",  # a 2021 template for a 2026 meeting: see test_templates
        },
    )
    meeting = Meeting.objects.get(title="2026年度专题民主生活会")
    assert response.status_code == 302
    assert response["Location"] == f"/meetings/{meeting.pk}/"
    assert meeting.organization == cast.gov
    assert meeting.created_by == cast.office
    assert meeting.stage == Stage.PREPARING
    assert meeting.aspects.count() == template.items.count()
    assert meeting.milestones.count() == len(MilestoneKind.values)
    assert meeting.stage_changes.get().action == "创建会议"


def test_create_refuses_an_organization_the_office_does_not_manage(cast, login):
    response = login(cast.office).post(
        "/meetings/new/",
        {"organization": cast.edu.pk, "kind": MeetingKind.DEMOCRATIC_LIFE, "year": 2026, "title": "越权会议"},
    )
    assert response.status_code == 200
    assert not Meeting.objects.filter(title="越权会议").exists()


def test_create_refuses_a_template_for_the_other_kind_of_meeting(cast, login):
    template = _shipped_template()
    response = login(cast.office).post(
        "/meetings/new/",
        {
            "organization": cast.gov.pk,
            "kind": MeetingKind.ORGANIZATION_LIFE,
            "year": 2026,
            "title": "类型不符的会议",
            "template": template.pk,
        },
    )
    assert response.status_code == 200
    assert "与所选会议类型不一致" in response.content.decode()
    assert not Meeting.objects.filter(title="类型不符的会议").exists()


# --- detail ---------------------------------------------------------------------------


def test_detail_requires_login(client, meeting):
    _assert_login_redirect(client.get(f"/meetings/{meeting.pk}/"))


def test_detail_is_not_found_for_an_outsider(cast, meeting, login):
    assert login(cast.outsider).get(f"/meetings/{meeting.pk}/").status_code == 404


def test_detail_is_not_found_for_a_meeting_that_does_not_exist(cast, login):
    assert login(cast.office).get("/meetings/999999/").status_code == 404


def test_detail_shows_the_office_its_actions(cast, meeting, login):
    body = login(cast.office).get(f"/meetings/{meeting.pk}/").content.decode()
    assert meeting.title in body
    assert "方面一" in body
    assert "修改基本信息" in body
    assert "提交方案报审" in body
    assert "您的角色：办公室" in body


def test_detail_shows_a_member_no_office_actions(cast, meeting, login):
    response = login(cast.member).get(f"/meetings/{meeting.pk}/")
    body = response.content.decode()
    assert response.status_code == 200
    assert "您的角色：成员" in body
    assert "修改基本信息" not in body
    assert "提交方案报审" not in body
    assert "标记完成" not in body


def test_detail_names_the_secretary_as_such(cast, meeting, login):
    body = login(cast.secretary).get(f"/meetings/{meeting.pk}/").content.decode()
    assert "您的角色：书记、成员" in body


def test_detail_offers_the_supervisor_approval_of_a_submitted_plan(cast, meeting, login):
    _set_stage(meeting, Stage.PLAN_REVIEW)
    body = login(cast.supervisor).get(f"/meetings/{meeting.pk}/").content.decode()
    assert "批准方案" in body
    assert "退回修改" in body


# --- edit -----------------------------------------------------------------------------


def test_edit_requires_login(client, meeting):
    _assert_login_redirect(client.get(f"/meetings/{meeting.pk}/edit/"))


def test_edit_is_not_found_for_an_outsider(cast, meeting, login):
    assert login(cast.outsider).get(f"/meetings/{meeting.pk}/edit/").status_code == 404


def test_edit_is_forbidden_to_a_member(cast, meeting, login):
    assert login(cast.member).get(f"/meetings/{meeting.pk}/edit/").status_code == 403


def test_edit_is_forbidden_to_the_supervisor(cast, meeting, login):
    assert login(cast.supervisor).get(f"/meetings/{meeting.pk}/edit/").status_code == 403


def test_edit_shows_the_office_the_form(cast, meeting, login):
    response = login(cast.office).get(f"/meetings/{meeting.pk}/edit/")
    assert response.status_code == 200
    body = response.content.decode()
    assert meeting.title in body
    assert "方面二" in body
    assert 'name="version" value="1"' in body


def test_edit_saves_the_changes_and_bumps_the_version(cast, meeting, login):
    response = login(cast.office).post(
        f"/meetings/{meeting.pk}/edit/",
        _edit_data(meeting, title="改后的名称", version=1, aspects=["新方面"]),
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.title == "改后的名称"
    assert meeting.version == 2
    assert list(meeting.aspects.values_list("title", flat=True)) == ["新方面"]


def test_edit_refuses_a_member_posting_the_form(cast, meeting, login):
    response = login(cast.member).post(
        f"/meetings/{meeting.pk}/edit/", _edit_data(meeting, title="成员改的", version=1)
    )
    assert response.status_code == 403
    meeting.refresh_from_db()
    assert meeting.title != "成员改的"


def test_edit_refuses_the_second_of_two_people_editing_at_once(cast, meeting, login):
    client = login(cast.office)
    # Both forms are loaded at version 1.
    assert 'name="version" value="1"' in client.get(f"/meetings/{meeting.pk}/edit/").content.decode()
    first = client.post(
        f"/meetings/{meeting.pk}/edit/",
        _edit_data(meeting, title="第一个人的名称", version=1, aspects=["第一个人的方面"]),
    )
    assert first.status_code == 302

    second = client.post(
        f"/meetings/{meeting.pk}/edit/",
        _edit_data(meeting, title="第二个人的名称", version=1, aspects=["第二个人的方面"]),
    )

    assert second.status_code == 200
    body = second.content.decode()
    assert "在您编辑期间，其他人已修改并保存了这次会议" in body
    assert "第二个人的名称" in body  # what they typed stays on the page
    meeting.refresh_from_db()
    assert meeting.title == "第一个人的名称"
    assert meeting.version == 2
    assert list(meeting.aspects.values_list("title", flat=True)) == ["第一个人的方面"]
    # Both versions are in view: the other's saved one and this person's typed one.
    assert "对方刚刚保存的版本" in body and "第一个人的名称" in body


def test_after_a_conflict_saving_again_is_a_deliberate_choice_that_wins(cast, meeting, login):
    client = login(cast.office)
    client.post(f"/meetings/{meeting.pk}/edit/", _edit_data(meeting, title="甲", version=1, aspects=["甲方面"]))
    second = client.post(f"/meetings/{meeting.pk}/edit/", _edit_data(meeting, title="乙", version=1, aspects=["乙方面"]))
    again = second.context["form"].data.copy()
    assert again["version"] == "2"
    assert client.post(f"/meetings/{meeting.pk}/edit/", again).status_code == 302
    meeting.refresh_from_db()
    assert meeting.title == "乙"


def test_edit_refuses_to_remove_every_aspect(cast, meeting, login):
    data = _edit_data(meeting, title=meeting.title, version=1, aspects=["方面一"])
    data["aspects-0-DELETE"] = "on"
    response = login(cast.office).post(f"/meetings/{meeting.pk}/edit/", data)
    assert response.status_code == 200
    assert "至少需要一个对照检查方面" in response.content.decode()
    assert meeting.aspects.count() == 2


def test_edit_sends_the_office_back_once_the_plan_is_submitted(cast, meeting, login):
    _set_stage(meeting, Stage.PLAN_REVIEW)
    client = login(cast.office)
    response = client.get(f"/meetings/{meeting.pk}/edit/")
    assert response.status_code == 302
    assert response["Location"] == f"/meetings/{meeting.pk}/"
    assert "不能修改基本信息" in client.get(response["Location"]).content.decode()


# --- milestones -----------------------------------------------------------------------


def test_milestones_require_login(client, meeting):
    _assert_login_redirect(client.get(f"/meetings/{meeting.pk}/milestones/"))


def test_milestones_are_not_found_for_an_outsider(cast, meeting, login):
    assert login(cast.outsider).get(f"/meetings/{meeting.pk}/milestones/").status_code == 404


def test_milestones_are_forbidden_to_a_member(cast, meeting, login):
    assert login(cast.member).get(f"/meetings/{meeting.pk}/milestones/").status_code == 403


def test_milestones_show_the_office_a_date_per_milestone(cast, meeting, login):
    response = login(cast.office).get(f"/meetings/{meeting.pk}/milestones/")
    assert response.status_code == 200
    body = response.content.decode()
    for label in MilestoneKind.labels:
        assert label in body


def test_milestones_save_the_dates(cast, meeting, login):
    # dates to come: a date already past is refused for a milestone not yet done
    plan_due, study_due = timezone.localdate() + timedelta(days=10), timezone.localdate() + timedelta(days=24)
    response = login(cast.office).post(
        f"/meetings/{meeting.pk}/milestones/", {"plan": plan_due.isoformat(), "study": study_due.isoformat()}
    )
    assert response.status_code == 302
    dates = dict(meeting.milestones.values_list("kind", "due_date"))
    assert dates["plan"] == plan_due
    assert dates["study"] == study_due
    assert dates["talks"] is None


def test_milestones_of_an_archived_meeting_cannot_be_changed(cast, meeting, login):
    _set_stage(meeting, Stage.ARCHIVED)
    client = login(cast.office)
    assert client.get(f"/meetings/{meeting.pk}/milestones/").status_code == 403
    response = client.post(f"/meetings/{meeting.pk}/milestones/", {"plan": "2026-03-01"})
    assert response.status_code == 403
    assert "会议已归档" in response.content.decode()
    assert meeting.milestones.get(kind=MilestoneKind.PLAN).due_date is None


# --- milestone toggle -----------------------------------------------------------------


def _plan(meeting):
    return meeting.milestones.get(kind=MilestoneKind.PLAN)


def test_toggle_requires_login(client, meeting):
    _assert_login_redirect(client.post(f"/meetings/{meeting.pk}/milestones/{_plan(meeting).pk}/toggle/"))


def test_toggle_is_not_found_for_an_outsider(cast, meeting, login):
    url = f"/meetings/{meeting.pk}/milestones/{_plan(meeting).pk}/toggle/"
    assert login(cast.outsider).post(url).status_code == 404
    assert not _plan(meeting).is_done


def test_toggle_is_forbidden_to_a_member(cast, meeting, login):
    url = f"/meetings/{meeting.pk}/milestones/{_plan(meeting).pk}/toggle/"
    assert login(cast.member).post(url).status_code == 403
    assert not _plan(meeting).is_done


def test_toggle_only_accepts_post(cast, meeting, login):
    url = f"/meetings/{meeting.pk}/milestones/{_plan(meeting).pk}/toggle/"
    assert login(cast.office).get(url).status_code == 405


def test_toggle_marks_the_milestone_done_and_again_reopens_it(cast, meeting, login):
    client = login(cast.office)
    url = f"/meetings/{meeting.pk}/milestones/{_plan(meeting).pk}/toggle/"
    response = client.post(url)
    assert response.status_code == 302
    plan = _plan(meeting)
    assert plan.is_done and plan.done_by == cast.office

    client.post(url)
    assert not _plan(meeting).is_done


def test_toggle_answers_htmx_with_the_row_alone(cast, meeting, login):
    plan = _plan(meeting)
    response = login(cast.office).post(
        f"/meetings/{meeting.pk}/milestones/{plan.pk}/toggle/", HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert body.strip().startswith(f'<li id="milestone-{plan.pk}">')
    assert "<html" not in body
    assert "撤销完成" in body
    assert _plan(meeting).is_done


def test_toggle_is_refused_once_the_meeting_is_archived(cast, meeting, login):
    _set_stage(meeting, Stage.ARCHIVED)
    url = f"/meetings/{meeting.pk}/milestones/{_plan(meeting).pk}/toggle/"
    response = login(cast.office).post(url, HTTP_HX_REQUEST="true")
    # The reason alone, for the page's alert region (htmx swaps no 4xx: a 200 with a retarget).
    assert response.status_code == 200 and response["HX-Retarget"] == "#page-alert"
    assert "会议已归档" in response.content.decode()
    assert not _plan(meeting).is_done


def test_toggle_is_not_found_for_a_milestone_of_another_meeting(cast, meeting, login):
    other = MeetingFactory(organization=cast.gov)
    url = f"/meetings/{meeting.pk}/milestones/{_plan(other).pk}/toggle/"
    assert login(cast.office).post(url).status_code == 404
    assert not _plan(other).is_done


# --- transitions ----------------------------------------------------------------------


def test_transition_requires_login(client, meeting):
    _assert_login_redirect(client.get(f"/meetings/{meeting.pk}/stage/submit_plan/"))


def test_transition_is_not_found_for_an_outsider(cast, meeting, login):
    client = login(cast.outsider)
    assert client.get(f"/meetings/{meeting.pk}/stage/submit_plan/").status_code == 404
    assert client.post(f"/meetings/{meeting.pk}/stage/submit_plan/").status_code == 404
    meeting.refresh_from_db()
    assert meeting.stage == Stage.PREPARING


@pytest.mark.parametrize("name", sorted(TRANSITIONS))
def test_every_move_asks_an_anonymous_person_to_log_in_and_hides_the_meeting_from_an_outsider(
    client, cast, meeting, login, name
):
    """Every move, whichever stage it starts from: a login first, and nothing for an outsider."""
    _set_stage(meeting, TRANSITIONS[name].sources[0])
    url = f"/meetings/{meeting.pk}/stage/{name}/"
    _assert_login_redirect(client.get(url))
    _assert_login_redirect(client.post(url, {"note": "x", "on_date": "2026-01-01"}))
    outsider = login(cast.outsider)
    assert outsider.get(url).status_code == 404
    assert outsider.post(url, {"note": "x", "on_date": "2026-01-01"}).status_code == 404
    meeting.refresh_from_db()
    assert meeting.stage == TRANSITIONS[name].sources[0]


@pytest.mark.parametrize("name", sorted(n for n, t in TRANSITIONS.items() if Role.OFFICE not in t.roles))
def test_the_upper_levels_moves_are_refused_to_the_office(cast, meeting, login, name):
    _set_stage(meeting, TRANSITIONS[name].sources[0])
    client = login(cast.office)
    assert client.post(f"/meetings/{meeting.pk}/stage/{name}/", {"note": "x"}).status_code == 403
    meeting.refresh_from_db()
    assert meeting.stage == TRANSITIONS[name].sources[0]


def test_transition_is_not_found_when_the_name_is_unknown(cast, meeting, login):
    assert login(cast.office).get(f"/meetings/{meeting.pk}/stage/teleport/").status_code == 404


def test_transition_is_forbidden_to_a_member(cast, meeting, login):
    client = login(cast.member)
    assert client.get(f"/meetings/{meeting.pk}/stage/submit_plan/").status_code == 403
    assert client.post(f"/meetings/{meeting.pk}/stage/submit_plan/").status_code == 403
    meeting.refresh_from_db()
    assert meeting.stage == Stage.PREPARING


def test_transition_approve_plan_is_refused_to_the_office(cast, meeting, login):
    _set_stage(meeting, Stage.PLAN_REVIEW)
    client = login(cast.office)
    assert client.get(f"/meetings/{meeting.pk}/stage/approve_plan/").status_code == 403
    assert client.post(f"/meetings/{meeting.pk}/stage/approve_plan/").status_code == 403
    meeting.refresh_from_db()
    assert meeting.stage == Stage.PLAN_REVIEW


def test_transition_shows_the_office_the_confirmation(cast, meeting, login):
    response = login(cast.office).get(f"/meetings/{meeting.pk}/stage/submit_plan/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "确认提交方案报审" in body
    assert "将工作方案报上级纪委、组织部审批" in body


def test_transition_moves_the_meeting_when_the_office_confirms(cast, meeting, login):
    client = login(cast.office)
    response = client.post(f"/meetings/{meeting.pk}/stage/submit_plan/", {"note": ""})
    assert response.status_code == 302
    assert response["Location"] == f"/meetings/{meeting.pk}/"
    meeting.refresh_from_db()
    assert meeting.stage == Stage.PLAN_REVIEW
    assert "已提交方案报审，会议进入“方案报审”阶段。" in client.get(response["Location"]).content.decode()


def test_transition_explains_a_move_from_the_wrong_stage(cast, meeting, login):
    response = login(cast.office).post(f"/meetings/{meeting.pk}/stage/start_rectification/", {"note": ""})
    assert response.status_code == 400
    assert "会议当前处于“筹备”阶段，不能“进入整改落实”。" in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.stage == Stage.PREPARING


def test_the_archive_move_is_made_on_the_archive_page_not_the_plain_form(cast, meeting, login):
    response = login(cast.office).post(f"/meetings/{meeting.pk}/stage/archive/", {"note": ""})
    assert response.status_code == 302 and response["Location"] == f"/archive/{meeting.pk}/"
    meeting.refresh_from_db()
    assert meeting.stage == Stage.PREPARING


def test_transition_asks_the_supervisor_for_a_note_when_returning_the_plan(cast, meeting, login):
    _set_stage(meeting, Stage.PLAN_REVIEW)
    response = login(cast.supervisor).post(f"/meetings/{meeting.pk}/stage/return_plan/", {"note": " "})
    assert response.status_code == 400
    assert "“退回修改”须填写说明。" in response.content.decode()


def test_transition_record_held_asks_for_the_date(cast, meeting, login):
    _set_stage(meeting, Stage.CONVENE_APPROVED)
    client = login(cast.office)
    assert "召开日期" in client.get(f"/meetings/{meeting.pk}/stage/record_held/").content.decode()
    response = client.post(f"/meetings/{meeting.pk}/stage/record_held/", {"on_date": "2026-05-20"})
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.held_on == date(2026, 5, 20)


# --- aspect templates -----------------------------------------------------------------


def _own_template(org, name="本组织模板"):
    template = AspectTemplate.objects.create(name=name, kind=MeetingKind.DEMOCRATIC_LIFE, organization=org)
    template.items.create(order=1, title="本组织方面")
    return template


def test_template_list_requires_login(client):
    _assert_login_redirect(client.get("/meetings/templates/"))


def test_template_list_is_forbidden_to_a_member(cast, login):
    assert login(cast.member).get("/meetings/templates/").status_code == 403


def test_template_list_shows_the_office_shipped_and_own_templates_only(cast, login):
    own = _own_template(cast.gov)
    neighbours = _own_template(cast.edu, name="教育局的模板")
    response = login(cast.office).get("/meetings/templates/")
    body = response.content.decode()
    assert response.status_code == 200
    assert _shipped_template().name in body
    assert own.name in body
    assert neighbours.name not in body


def test_template_list_costs_the_same_for_5_and_50_templates(cast, login, same_queries_at_5_and_50):
    def grow(n):
        for i in range(AspectTemplate.objects.filter(organization=cast.gov).count(), n):
            _own_template(cast.gov, name=f"模板{i:02d}")

    client = login(cast.office)
    count, response = same_queries_at_5_and_50(grow, lambda: client.get("/meetings/templates/"))
    assert count <= TEMPLATE_LIST_QUERIES
    assert "模板49" in response.content.decode()


def test_template_copy_requires_login(client, cast):
    _assert_login_redirect(client.post(f"/meetings/templates/{_shipped_template().pk}/copy/"))


def test_template_copy_is_not_found_for_a_member(cast, login):
    response = login(cast.member).post(
        f"/meetings/templates/{_shipped_template().pk}/copy/", {"organization": cast.gov.pk}
    )
    assert response.status_code == 404
    assert not AspectTemplate.objects.filter(organization=cast.gov).exists()


def test_template_copy_is_not_found_for_another_organizations_template(cast, login):
    neighbours = _own_template(cast.edu, name="教育局的模板")
    response = login(cast.office).post(
        f"/meetings/templates/{neighbours.pk}/copy/", {"organization": cast.gov.pk}
    )
    assert response.status_code == 404


def test_template_copy_refuses_to_copy_into_an_organization_not_managed(cast, login):
    response = login(cast.office).post(
        f"/meetings/templates/{_shipped_template().pk}/copy/", {"organization": cast.edu.pk}
    )
    assert response.status_code == 404
    assert not AspectTemplate.objects.filter(organization=cast.edu).exists()


def test_template_copy_gives_the_office_an_editable_copy(cast, login):
    shipped = _shipped_template()
    response = login(cast.office).post(
        f"/meetings/templates/{shipped.pk}/copy/", {"organization": cast.gov.pk}
    )
    copy = AspectTemplate.objects.get(organization=cast.gov)
    assert response.status_code == 302
    assert response["Location"] == f"/meetings/templates/{copy.pk}/edit/"
    assert copy.name == f"{shipped.name}（副本）"
    assert list(copy.items.values_list("title", flat=True)) == list(
        shipped.items.values_list("title", flat=True)
    )


def test_template_edit_requires_login(client, cast):
    _assert_login_redirect(client.get(f"/meetings/templates/{_own_template(cast.gov).pk}/edit/"))


def test_template_edit_is_not_found_for_a_member(cast, login):
    assert login(cast.member).get(f"/meetings/templates/{_own_template(cast.gov).pk}/edit/").status_code == 404


def test_template_edit_is_not_found_for_the_neighbours_office(cast, login):
    neighbours = _own_template(cast.edu, name="教育局的模板")
    assert login(cast.office).get(f"/meetings/templates/{neighbours.pk}/edit/").status_code == 404


def test_template_edit_is_forbidden_for_a_shipped_template(cast, login):
    assert login(cast.office).get(f"/meetings/templates/{_shipped_template().pk}/edit/").status_code == 403


def test_template_edit_saves_the_name_and_items(cast, login):
    template = _own_template(cast.gov)
    client = login(cast.office)
    assert "本组织方面" in client.get(f"/meetings/templates/{template.pk}/edit/").content.decode()
    response = client.post(
        f"/meetings/templates/{template.pk}/edit/",
        {
            "name": "改后的模板",
            "aspects-TOTAL_FORMS": 2,
            "aspects-INITIAL_FORMS": 1,
            "aspects-MIN_NUM_FORMS": 1,
            "aspects-MAX_NUM_FORMS": 20,
            "aspects-0-title": "第一方面",
            "aspects-1-title": "第二方面",
        },
    )
    assert response.status_code == 302
    template.refresh_from_db()
    assert template.name == "改后的模板"
    assert list(template.items.values_list("title", flat=True)) == ["第一方面", "第二方面"]


def test_the_convening_page_lists_what_is_still_missing_before_anyone_presses(cast, meeting, login):
    meeting.stage = Stage.PRE_MEETING
    meeting.save()
    body = login(cast.office).get(f"/meetings/{meeting.pk}/stage/request_convening/").content.decode()
    assert "以下事项完成后才能报请召开" in body
    assert "学习研讨——至少开展一次集中学习研讨" in body
