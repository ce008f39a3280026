"""督导组: a group's members supervise exactly the organisations assigned to it, and the
sending organisation's office or supervisors manage its groups.

The cast's 县委 sends 县委第一督导组 (its member 钱督导, a person of the 县委) to 县政府办党组;
县教育局党组 (a sibling) and a branch below 县政府办党组 are not assigned.
"""

import pytest
from django.urls import reverse

from meetings.access import Role, meeting_access
from meetings.models import Stage
from meetings.workflow import TRANSITIONS, available_transitions, meeting_transition, transition_refusal
from meetings.plan_review import plan_decide
from meetings.workflow import TransitionError
from organizations.groups import GroupError, supervision_group_create, supervision_group_end, supervision_group_update
from organizations.models import OrganizationKind, SupervisionGroup, SupervisorBody, TeamPosition
from organizations.services import team_member_add

from ..factories import MeetingFactory, OrganizationFactory, PersonFactory, UserFactory


@pytest.fixture
def watcher(cast):
    return PersonFactory(user=UserFactory(username="watcher"), name="钱督导", organization=cast.county)


@pytest.fixture
def group(cast, watcher):
    return supervision_group_create(sent_by=cast.county, name="县委第一督导组", members=[watcher], organizations=[cast.gov])


@pytest.fixture
def below(cast):
    """A branch below the assigned organisation, with a meeting: not assigned itself."""
    branch = OrganizationFactory(name="县政府办第一党支部", kind=OrganizationKind.BRANCH, parent=cast.gov)
    return MeetingFactory(organization=branch, kind="organization_life")


def _fresh(user):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(pk=user.pk)


# -- access --------------------------------------------------------------------------------


def test_a_group_member_sees_and_opens_the_assigned_organisations_meeting(cast, meeting, group, watcher, login):
    client = login(watcher.user)
    assert meeting.title in client.get("/meetings/").content.decode()
    response = client.get(reverse("meetings:detail", args=[meeting.pk]))
    assert response.status_code == 200
    access = meeting_access(_fresh(watcher.user), meeting)
    assert access.roles == {Role.SUPERVISOR} and access.bodies == {SupervisorBody.SUPERVISION_GROUP}


def test_a_group_member_gets_404_on_a_siblings_and_on_a_lower_organisations_meeting(cast, group, watcher, below, login):
    sibling = MeetingFactory(organization=cast.edu)
    client = login(watcher.user)
    listed = client.get("/meetings/").content.decode()
    for other in (sibling, below):
        assert other.title not in listed
        assert client.get(reverse("meetings:detail", args=[other.pk])).status_code == 404


def test_the_group_member_opens_the_assigned_organisation_and_no_other(cast, group, watcher, below, login):
    client = login(watcher.user)
    assert client.get(reverse("organizations:detail", args=[cast.gov.pk])).status_code == 200
    for other in (cast.edu, below.organization):
        assert client.get(reverse("organizations:detail", args=[other.pk])).status_code == 404
    listed = client.get("/organizations/").content.decode()
    assert cast.gov.name in listed and "督导组督导对象" in listed and cast.edu.name not in listed


def test_a_member_loses_access_when_the_group_ends(cast, meeting, group, watcher, login):
    supervision_group_end(group=group)
    client = login(watcher.user)
    assert client.get(reverse("meetings:detail", args=[meeting.pk])).status_code == 404
    assert meeting.title not in client.get("/meetings/").content.decode()


def test_a_member_loses_access_when_taken_off_the_group(cast, meeting, group, watcher, login):
    other = PersonFactory(name="孙组员", organization=cast.county)
    supervision_group_update(group=group, name=group.name, members=[other], organizations=[cast.gov])
    assert login(watcher.user).get(reverse("meetings:detail", args=[meeting.pk])).status_code == 404


def test_an_organisation_no_longer_assigned_is_no_longer_seen(cast, meeting, group, watcher, login):
    supervision_group_update(group=group, name=group.name, members=[watcher], organizations=[cast.edu])
    assert login(watcher.user).get(reverse("meetings:detail", args=[meeting.pk])).status_code == 404


def test_a_group_member_may_postpone_and_halt_but_never_approves_for_the_bodies(cast, meeting, group, watcher):
    user = _fresh(watcher.user)
    for stage, moves in [(Stage.CONVENE_REQUESTED, {"postpone", "halt"}), (Stage.PLAN_REVIEW, set())]:
        meeting.stage = stage
        meeting.save(update_fields=["stage"])
        names = {t.name for t in available_transitions(meeting, meeting_access(user, meeting))}
        assert names == moves
    access = meeting_access(user, meeting)
    assert transition_refusal(meeting, TRANSITIONS["approve_plan"], access) == "只有上级组织部可以“批准方案”。"
    with pytest.raises(TransitionError):
        plan_decide(meeting=meeting, access=access, actor=user, approve=True)


def test_a_group_member_does_not_agree_to_convene_even_where_no_organisation_department_is_above(
    cast, meeting, group, watcher
):
    cast.county.staff.all().delete()  # no 组织部 official above: "any supervisor" would do
    meeting.stage = Stage.CONVENE_REQUESTED
    meeting.save(update_fields=["stage"])
    user = _fresh(watcher.user)
    with pytest.raises(TransitionError, match="组织部"):
        meeting_transition(meeting=meeting, name="approve_convening", actor=user, access=meeting_access(user, meeting))
    change = meeting_transition(meeting=meeting, name="postpone", actor=user, access=meeting_access(user, meeting),
                                note="谈心谈话尚未完成，推迟召开")
    assert change.to_stage == Stage.PRE_MEETING


def test_the_group_member_is_asked_to_review_the_application_to_convene(cast, meeting, group, watcher, login):
    meeting.stage = Stage.CONVENE_REQUESTED
    meeting.save(update_fields=["stage"])
    body = login(watcher.user).get("/").content.decode()
    assert "督导：审核召开准备情况" in body and meeting.title in body


def test_the_meeting_list_of_a_group_member_costs_the_same_for_5_and_50_organisations(
    cast, group, watcher, login, same_queries_at_5_and_50
):
    made = []

    def grow(n):
        while len(made) < n:
            org = OrganizationFactory(name=f"县直第{len(made):02d}党组", parent=cast.county)
            made.append(MeetingFactory(organization=org))
            group.organizations.add(org)

    client = login(watcher.user)
    _, response = same_queries_at_5_and_50(grow, lambda: client.get("/meetings/"))
    assert response.content.decode().count('<td><a href="/meetings/') == 50


# -- the rule in the service ---------------------------------------------------------------


def test_the_service_refuses_an_organisation_not_below_the_sender_and_a_stranger(cast, watcher):
    neighbour = OrganizationFactory(name="中共邻县委员会", kind=OrganizationKind.COMMITTEE)
    with pytest.raises(GroupError, match="中共邻县委员会不是本组织的下级组织"):
        supervision_group_create(sent_by=cast.county, name="甲组", members=[watcher], organizations=[neighbour])
    stranger = PersonFactory(name="周外人", organization=cast.edu)
    with pytest.raises(GroupError, match="周外人不是本组织的人员"):
        supervision_group_create(sent_by=cast.county, name="乙组", members=[stranger], organizations=[cast.gov])
    assert not SupervisionGroup.objects.exists()


# -- the management pages ------------------------------------------------------------------


def test_the_group_pages_send_the_anonymous_to_log_in(cast, group, client):
    for url in [reverse("organizations:groups", args=[cast.county.pk]),
                reverse("organizations:group_create", args=[cast.county.pk]),
                reverse("organizations:group_edit", args=[group.pk])]:
        response = client.get(url)
        assert response.status_code == 302 and "/login" in response["Location"]


def test_the_group_pages_refuse_the_wrong_role_and_hide_from_outsiders(cast, group, login):
    county_member = PersonFactory(user=UserFactory(username="cm"), name="吴常委", organization=cast.county)
    team_member_add(person=county_member, organization=cast.county, position=TeamPosition.MEMBER, rank=3)
    urls = [reverse("organizations:groups", args=[cast.county.pk]),
            reverse("organizations:group_create", args=[cast.county.pk]),
            reverse("organizations:group_edit", args=[group.pk])]
    for user, status in [(county_member.user, 403), (cast.office, 404), (cast.outsider, 404)]:
        client = login(user)
        for url in urls:
            assert client.get(url).status_code == status, (user, url)
        assert client.post(reverse("organizations:group_end", args=[group.pk])).status_code == status
    group.refresh_from_db()
    assert group.is_active


def test_the_county_supervisor_lists_its_groups_and_finds_them_from_the_organisation_list(cast, group, login):
    client = login(cast.supervisor)
    body = client.get(reverse("organizations:groups", args=[cast.county.pk])).content.decode()
    assert "县委第一督导组" in body and "钱督导" in body and "在督导中" in body and cast.gov.display_name in body
    assert reverse("organizations:groups", args=[cast.county.pk]) in client.get("/organizations/").content.decode()


def test_the_office_of_the_sender_creates_a_group(cast, watcher, login):
    office = PersonFactory(user=UserFactory(username="county_office"), name="冯办公", organization=cast.county)
    from organizations.models import StaffKind
    from organizations.services import staff_assign

    staff_assign(person=office, organization=cast.county, kind=StaffKind.OFFICE)
    client = login(office.user)
    form = client.get(reverse("organizations:group_create", args=[cast.county.pk])).content.decode()
    assert "钱督导" in form and cast.edu.name in form and cast.county.name + "（" not in form
    response = client.post(reverse("organizations:group_create", args=[cast.county.pk]),
                           {"name": "县委第二督导组", "members": [watcher.pk], "organizations": [cast.edu.pk]})
    assert response.status_code == 302
    group = SupervisionGroup.objects.get(name="县委第二督导组")
    assert group.sent_by == cast.county and list(group.members.all()) == [watcher]
    assert list(group.organizations.all()) == [cast.edu]
    assert reverse("organizations:groups", args=[cast.county.pk]) in client.get(
        reverse("organizations:detail", args=[cast.county.pk])).content.decode()


def test_bad_input_gets_a_chinese_message_and_loses_nothing(cast, watcher, login):
    neighbour = OrganizationFactory(name="中共邻县委员会", kind=OrganizationKind.COMMITTEE)
    client = login(cast.supervisor)
    url = reverse("organizations:group_create", args=[cast.county.pk])
    response = client.post(url, {"name": "县委第三督导组", "members": [watcher.pk], "organizations": [neighbour.pk]})
    body = response.content.decode()
    assert response.status_code == 400
    assert "中共邻县委员会不是本组织的下级组织，不能作为督导对象。" in body and 'value="县委第三督导组"' in body
    response = client.post(url, {"name": "", "members": [], "organizations": [cast.gov.pk]})
    body = response.content.decode()
    assert "请填写督导组名称。" in body and "请至少选择一名成员。" in body
    assert not SupervisionGroup.objects.exists()


def test_a_second_group_of_the_same_name_is_refused(cast, group, watcher, login):
    response = login(cast.supervisor).post(
        reverse("organizations:group_create", args=[cast.county.pk]),
        {"name": "县委第一督导组", "members": [watcher.pk], "organizations": [cast.edu.pk]},
    )
    assert response.status_code == 400 and "本组织已有名为“县委第一督导组”的督导组。" in response.content.decode()


def test_editing_and_ending_a_group(cast, group, watcher, meeting, login):
    client = login(cast.supervisor)
    edit = reverse("organizations:group_edit", args=[group.pk])
    assert 'value="县委第一督导组"' in client.get(edit).content.decode()
    assert client.post(edit, {"name": "县委第一督导组（调整）", "members": [watcher.pk],
                              "organizations": [cast.gov.pk, cast.edu.pk]}).status_code == 302
    group.refresh_from_db()
    assert group.name == "县委第一督导组（调整）" and group.organizations.count() == 2
    assert client.get(reverse("organizations:group_end", args=[group.pk])).status_code == 405
    assert client.post(reverse("organizations:group_end", args=[group.pk])).status_code == 302
    group.refresh_from_db()
    assert not group.is_active
    assert "已结束" in client.get(reverse("organizations:groups", args=[cast.county.pk])).content.decode()
    assert login(watcher.user).get(reverse("meetings:detail", args=[meeting.pk])).status_code == 404


def test_the_group_list_costs_the_same_for_5_and_50_groups(cast, watcher, login, same_queries_at_5_and_50):
    made = []

    def grow(n):
        while len(made) < n:
            made.append(supervision_group_create(sent_by=cast.county, name=f"县委第{len(made) + 1}督导组",
                                                 members=[watcher], organizations=[cast.gov, cast.edu]))

    client = login(cast.supervisor)
    _, response = same_queries_at_5_and_50(grow, lambda: client.get(reverse("organizations:groups", args=[cast.county.pk])))
    assert response.content.decode().count("结束督导</button>") == 50


# -- the seeds -----------------------------------------------------------------------------


def test_the_demo_group_member_sees_the_two_assigned_organisations_only(db, capsys):
    from django.core.management import call_command

    from meetings.models import Meeting

    call_command("seed_demo")
    assert "dudao" in capsys.readouterr().out
    group = SupervisionGroup.objects.get(name="县委第一督导组")
    assigned = set(group.organizations.values_list("short_name", flat=True))
    assert assigned == {"县政府办党组", "县交通运输局党总支"}
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.get(username="dudao")
    seen = set(Meeting.objects.visible_to(user).values_list("organization__short_name", flat=True))
    assert seen == assigned


def test_the_county_sends_groups_of_two_or_three_to_about_ten_organisations_each(db, capsys):
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from meetings.models import Meeting
    from organizations.selectors import group_org_ids

    call_command("seed_county", "--orgs", "30", "--seed", "1")
    assert "county_group_1" in capsys.readouterr().out
    group = SupervisionGroup.objects.get(name="县委第一督导组")
    assert 2 <= group.members.count() <= 3 and group.organizations.count() == 10
    user = get_user_model().objects.get(username="county_group_1")
    assigned = group_org_ids(user)
    assert assigned == set(group.organizations.values_list("pk", flat=True))
    assert set(Meeting.objects.visible_to(user).values_list("organization_id", flat=True)) <= assigned
    assert Meeting.objects.visible_to(user).exists()


def test_the_group_members_hear_what_the_upper_level_is_sent_while_the_group_works(cast, group, watcher):
    from organizations.selectors import supervisor_users

    assert set(supervisor_users(cast.gov)) == {cast.supervisor, watcher.user}
    assert set(supervisor_users(cast.edu)) == {cast.supervisor}
    supervision_group_end(group=group)
    assert set(supervisor_users(cast.gov)) == {cast.supervisor}


def test_an_office_clerk_cannot_put_themself_in_a_group_they_make(cast, watcher, login):
    from organizations.models import StaffKind
    from organizations.services import staff_assign

    office = PersonFactory(user=UserFactory(username="county_office"), name="冯办公", organization=cast.county)
    staff_assign(person=office, organization=cast.county, kind=StaffKind.OFFICE)
    response = login(office.user).post(reverse("organizations:group_create", args=[cast.county.pk]),
                                       {"name": "县委第二督导组", "members": [office.pk, watcher.pk],
                                        "organizations": [cast.edu.pk]})
    assert "不能把自己编入" in response.content.decode()
    assert not SupervisionGroup.objects.filter(name="县委第二督导组").exists()
    assert meeting_access(_fresh(office.user), MeetingFactory(organization=cast.edu)).roles == frozenset()


def test_a_supervisor_of_the_sender_may_lead_a_group_themself(cast, watcher):
    from organizations.models import Person

    me = Person.objects.get(user=cast.supervisor)
    group = supervision_group_create(sent_by=cast.county, name="县委第二督导组", members=[me, watcher],
                                     organizations=[cast.edu], actor=cast.supervisor)
    assert set(group.members.all()) == {me, watcher}


def test_a_group_member_decides_nothing_for_the_upper_level(cast, meeting, group, watcher):
    access = meeting_access(_fresh(watcher.user), meeting)
    assert access.is_supervisor and not access.decides_for_upper_level
    assert meeting_access(cast.supervisor, meeting).decides_for_upper_level
