"""The list checkpoint: a personal draft is its owner's alone; outsiders get 404."""

import pytest
from django.http import Http404
from django.utils import timezone

from rectification.access import (
    ItemRole,
    ListRole,
    get_item_for_user,
    get_list_for_user,
    reads_live_items,
    visible_versions,
)
from rectification.models import Item, ListKind, ListState, ListVersion, RectificationList, VersionOutcome


@pytest.fixture
def lists(cast, held_meeting):
    team = RectificationList.objects.create(meeting=held_meeting, kind=ListKind.TEAM)
    own = RectificationList.objects.create(meeting=held_meeting, kind=ListKind.PERSONAL, owner=cast.member.person)
    return team, own


def test_a_personal_draft_is_its_owners_alone(cast, lists):
    team, own = lists
    assert get_list_for_user(cast.member, own.pk)[1].roles == {ListRole.OWNER}
    for user in (cast.secretary, cast.office, cast.supervisor, cast.outsider):
        with pytest.raises(Http404):
            get_list_for_user(user, own.pk)


def test_once_submitted_the_secretary_approves_and_the_office_tracks(cast, lists):
    _, own = lists
    RectificationList.objects.filter(pk=own.pk).update(state=ListState.SUBMITTED, first_submitted_at=timezone.now())
    assert ListRole.APPROVER in get_list_for_user(cast.secretary, own.pk)[1].roles
    assert ListRole.OFFICE in get_list_for_user(cast.office, own.pk)[1].roles
    with pytest.raises(Http404):
        get_list_for_user(cast.supervisor, own.pk)


def test_the_team_list_is_read_by_members_only_once_passed_on(cast, lists):
    team, _ = lists
    with pytest.raises(Http404):
        get_list_for_user(cast.member, team.pk)
    RectificationList.objects.filter(pk=team.pk).update(passed_on_at=timezone.now())
    assert get_list_for_user(cast.member, team.pk)[1].roles == {ListRole.READER}
    assert ListRole.SUPERVISOR in get_list_for_user(cast.supervisor, team.pk)[1].roles


def test_the_owner_reports_and_someone_else_verifies(cast, lists):
    team, own = lists
    RectificationList.objects.filter(pk=own.pk).update(state=ListState.APPROVED, first_submitted_at=timezone.now(),
                                                       approved_at=timezone.now())
    item = Item.objects.create(rectification_list=own, problem="调查研究不够深入")
    _, mine = get_item_for_user(cast.member, item.pk)
    assert mine.has(ItemRole.REPORTER) and not mine.has(ItemRole.VERIFIER)
    assert get_item_for_user(cast.secretary, item.pk)[1].has(ItemRole.VERIFIER)
    team_item = Item.objects.create(rectification_list=team, problem="制度执行不严", responsible=cast.member.person)
    RectificationList.objects.filter(pk=team.pk).update(passed_on_at=timezone.now(), state=ListState.UPPER_REVIEW)
    assert get_item_for_user(cast.supervisor, team_item.pk)[1].has(ItemRole.VERIFIER)
    assert not get_item_for_user(cast.office, team_item.pk)[1].has(ItemRole.VERIFIER)
    with pytest.raises(Http404):
        get_item_for_user(cast.outsider, team_item.pk)


def test_a_team_items_responsible_member_does_not_read_it_while_the_office_drafts(cast, lists):
    team, _ = lists
    item = Item.objects.create(rectification_list=team, problem="制度执行不严", responsible=cast.member.person)
    with pytest.raises(Http404):
        get_item_for_user(cast.member, item.pk)
    RectificationList.objects.filter(pk=team.pk).update(passed_on_at=timezone.now(), state=ListState.UPPER_REVIEW)
    _, access = get_item_for_user(cast.member, item.pk)
    assert access.has(ItemRole.REPORTER) and access.has(ListRole.READER)


def test_the_supervisor_reads_a_personal_list_only_once_approved(cast, lists):
    _, own = lists
    RectificationList.objects.filter(pk=own.pk).update(state=ListState.SUBMITTED, first_submitted_at=timezone.now())
    with pytest.raises(Http404):
        get_list_for_user(cast.supervisor, own.pk)
    RectificationList.objects.filter(pk=own.pk).update(state=ListState.APPROVED, approved_at=timezone.now())
    assert get_list_for_user(cast.supervisor, own.pk)[1].roles == {ListRole.SUPERVISOR}


def test_a_colleague_gets_404_on_an_approved_personal_list(cast, team7, lists):
    _, own = lists
    RectificationList.objects.filter(pk=own.pk).update(state=ListState.APPROVED, first_submitted_at=timezone.now(),
                                                       approved_at=timezone.now())
    colleague = team7.users[2]
    with pytest.raises(Http404):
        get_list_for_user(colleague, own.pk)


def test_only_the_team_inside_reads_drafts_and_every_version(cast, lists):
    team, _ = lists
    RectificationList.objects.filter(pk=team.pk).update(passed_on_at=timezone.now(), state=ListState.RETURNED)
    for user in (cast.office, cast.secretary):
        access = get_list_for_user(user, team.pk)[1]
        assert access.reads_draft and access.reads_all_versions
    for user in (cast.supervisor, cast.member):
        access = get_list_for_user(user, team.pk)[1]
        assert not access.reads_draft and not access.reads_all_versions


def test_outside_the_team_only_versions_that_left_it_are_visible(cast, lists):
    team, _ = lists
    now = timezone.now()
    RectificationList.objects.filter(pk=team.pk).update(passed_on_at=now, state=ListState.RETURNED)
    for number, outcome in enumerate([VersionOutcome.WITHDRAWN, VersionOutcome.RETURNED, VersionOutcome.SUPERSEDED,
                                      VersionOutcome.UPPER_RETURNED, VersionOutcome.PENDING], start=1):
        ListVersion.objects.create(rectification_list=team, number=number, content={}, submitted_at=now, outcome=outcome)
    supervisor = get_list_for_user(cast.supervisor, team.pk)[1]
    assert [v.number for v in visible_versions(team, supervisor)] == [3, 4]
    assert [v.number for v in visible_versions(team, get_list_for_user(cast.office, team.pk)[1])] == [1, 2, 3, 4, 5]
    assert not reads_live_items(team, supervisor)
    RectificationList.objects.filter(pk=team.pk).update(state=ListState.UPPER_REVIEW)
    team.refresh_from_db()
    assert reads_live_items(team, supervisor)


def test_a_team_item_is_404_outside_the_team_while_its_list_is_redrafted(cast, lists):
    team, _ = lists
    item = Item.objects.create(rectification_list=team, problem="制度执行不严", responsible=cast.member.person)
    RectificationList.objects.filter(pk=team.pk).update(passed_on_at=timezone.now(), approved_at=timezone.now(),
                                                        state=ListState.DRAFT)
    for user in (cast.supervisor, cast.member):  # the member is even its responsible
        with pytest.raises(Http404):
            get_item_for_user(user, item.pk)
    assert get_item_for_user(cast.office, item.pk)[0] == item
