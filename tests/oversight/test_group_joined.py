"""A person added to a 督导组 is told: which body sent it, which organisations they now oversee."""

import pytest
from django.db import transaction

from notifications.models import Notification
from organizations.groups import supervision_group_create, supervision_group_end, supervision_group_update

from ..factories import PersonFactory, UserFactory


def _person(cast, username, name):
    return PersonFactory(user=UserFactory(username=username), name=name, organization=cast.county)


def _told(person):
    return list(Notification.objects.filter(recipient=person.user).values_list("title", "body", "url"))


def test_the_members_of_a_new_group_are_told_what_they_oversee(cast, django_capture_on_commit_callbacks, login):
    qian, sun = _person(cast, "qian", "钱督导"), _person(cast, "sun", "孙督导")
    with django_capture_on_commit_callbacks(execute=True):
        supervision_group_create(sent_by=cast.county, name="县委第一督导组", members=[qian, sun],
                                 organizations=[cast.gov, cast.edu])
    for person in (qian, sun):
        [(title, body, url)] = _told(person)
        assert title == "您已加入县委第一督导组"
        assert cast.county.display_name in body
        assert cast.gov.display_name in body and cast.edu.display_name in body
        assert url == "/oversight/"
    assert login(qian.user).get("/oversight/").status_code == 200  # the link leads somewhere they may go


def test_only_people_added_are_told_and_a_rename_tells_no_one(cast, django_capture_on_commit_callbacks):
    qian, sun = _person(cast, "qian", "钱督导"), _person(cast, "sun", "孙督导")
    with django_capture_on_commit_callbacks(execute=True):
        group = supervision_group_create(sent_by=cast.county, name="县委第一督导组", members=[qian],
                                         organizations=[cast.gov])
    with django_capture_on_commit_callbacks(execute=True):
        supervision_group_update(group=group, name="县委第一督导组", members=[qian, sun], organizations=[cast.gov])
    with django_capture_on_commit_callbacks(execute=True):
        supervision_group_update(group=group, name="县委督导一组", members=[qian, sun], organizations=[cast.gov])
    assert len(_told(qian)) == 1
    assert [title for title, _, _ in _told(sun)] == ["您已加入县委第一督导组"]


def test_nothing_is_sent_for_an_ended_group_or_a_write_rolled_back(cast, django_capture_on_commit_callbacks):
    qian, sun = _person(cast, "qian", "钱督导"), _person(cast, "sun", "孙督导")
    with django_capture_on_commit_callbacks(execute=True):
        group = supervision_group_create(sent_by=cast.county, name="县委第一督导组", members=[qian],
                                         organizations=[cast.gov])
        supervision_group_end(group=group)
    with django_capture_on_commit_callbacks(execute=True):
        supervision_group_update(group=group, name=group.name, members=[qian, sun], organizations=[cast.gov])
    assert _told(sun) == []  # an ended group gives no access: nothing to oversee
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            supervision_group_create(sent_by=cast.county, name="县委第二督导组", members=[sun],
                                     organizations=[cast.gov])
            raise RuntimeError("the request failed after the group was made")
    assert callbacks == [] and _told(sun) == []
