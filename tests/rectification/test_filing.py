"""备案 (seed 002 方案7): within 15 days of the meeting the office files the approved lists
with the upper 组织部; reminders on the shared schedule, once a day however often the job
runs; the checklist and "my work" show it."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from meetings.access import meeting_access
from meetings.progress import meeting_checklist, work_for
from notifications.models import Notification
from rectification.filing import FilingError, filing_due, lists_file
from rectification.models import ListState, RectificationList
from rectification.phase_lists import filing_reminders_send

from .conftest import HELD_ON
from .lists_fixtures import fill


def approve(rlist):
    RectificationList.objects.filter(pk=rlist.pk).update(state=ListState.APPROVED)
    rlist.refresh_from_db()


def test_filing_is_due_15_days_after_the_meeting(held_meeting):
    assert filing_due(held_meeting) == HELD_ON + timedelta(days=15)


def test_the_office_files_the_approved_lists_and_the_upper_level_hears(cast, held_meeting, own_list, team_list,
                                                                     django_capture_on_commit_callbacks):
    approve(own_list)
    with django_capture_on_commit_callbacks(execute=True):
        filed = lists_file(meeting=held_meeting, actor=cast.office, access=meeting_access(cast.office, held_meeting))
    assert filed == [own_list]
    own_list.refresh_from_db()
    team_list.refresh_from_db()
    assert own_list.filed_at and own_list.filed_by == cast.office and team_list.filed_at is None
    note = Notification.objects.get(recipient=cast.supervisor)
    assert "整改方案备案" in note.title and "李委员同志" in note.body


def test_nothing_approved_means_nothing_to_file(cast, held_meeting, own_list):
    with pytest.raises(FilingError, match="没有已批准"):
        lists_file(meeting=held_meeting, actor=cast.office, access=meeting_access(cast.office, held_meeting))


def test_only_the_office_files(cast, held_meeting, own_list):
    approve(own_list)
    with pytest.raises(PermissionDenied):
        lists_file(meeting=held_meeting, actor=cast.secretary, access=meeting_access(cast.secretary, held_meeting))


def test_the_filing_view_by_role(client, login, cast, held_meeting, own_list):
    approve(own_list)
    url = reverse("rectification:file", args=[held_meeting.pk])
    assert client.post(url).url.startswith(reverse("login"))
    assert login(cast.outsider).post(url).status_code == 404
    assert login(cast.member).post(url).status_code == 403
    assert login(cast.office).post(url).status_code == 302
    own_list.refresh_from_db()
    assert own_list.filed_at is not None


def test_reminders_go_on_the_shared_days_once_each(cast, held_meeting, own_list):
    due = filing_due(held_meeting)
    assert filing_reminders_send(today=due - timedelta(days=2)) == 0  # a quiet day
    assert filing_reminders_send(today=due - timedelta(days=3)) == 1  # the office
    assert filing_reminders_send(today=due - timedelta(days=3)) == 0  # the job ran twice
    assert filing_reminders_send(today=due + timedelta(days=3)) == 2  # overdue: the office and the 组织部
    assert Notification.objects.filter(recipient=cast.supervisor, title__contains="尚未备案").exists()


def test_no_reminder_once_everything_is_approved_and_filed(cast, held_meeting, team7, team_list):
    from rectification.models import ListKind
    from rectification.services import list_ensure
    from organizations.models import TeamMembership

    for seat in TeamMembership.objects.filter(organization=cast.gov):
        approve(list_ensure(meeting=held_meeting, kind=ListKind.PERSONAL, owner=seat.person))
    approve(team_list)
    lists_file(meeting=held_meeting, actor=cast.office, access=meeting_access(cast.office, held_meeting))
    assert filing_reminders_send(today=filing_due(held_meeting)) == 0


def test_the_checklist_shows_the_lists_filing_and_items(cast, held_meeting, own_list, team_list):
    fill(team_list, 2, cast.office)
    approve(own_list)
    section = next(s for s in meeting_checklist(held_meeting) if s.phase == "整改落实")
    labels = {i.label: i for i in section.items}
    assert labels["班子整改清单已批准"].detail == "草稿"
    assert labels["个人整改清单已批准"].detail.startswith("1/")
    assert not labels["整改方案已报送备案"].done
    assert labels["整改事项"].detail.startswith("共2项")
    assert section.url == reverse("rectification:meeting", args=[held_meeting.pk])


def test_my_work_names_what_waits_for_each(cast, held_meeting, own_list, team_list):
    titles = lambda user: [w.title for w in work_for(user)]  # noqa: E731
    assert "制定个人整改清单" in titles(cast.member)
    fill(own_list, 1, cast.member)
    RectificationList.objects.filter(pk=own_list.pk).update(state=ListState.SUBMITTED)
    assert "制定个人整改清单" not in titles(cast.member)
    assert "审批整改清单：李委员" in titles(cast.secretary)
    RectificationList.objects.filter(pk=team_list.pk).update(state=ListState.UPPER_REVIEW)
    assert "审批整改清单（上级）：领导班子" in titles(cast.supervisor)
    RectificationList.objects.filter(pk=own_list.pk).update(state=ListState.RETURNED)
    assert "修改退回的个人整改清单" in titles(cast.member)
    approve(own_list)
    assert "整改方案报送备案" in titles(cast.office)


def test_a_revised_list_is_filed_again_and_both_filings_stay_in_its_history(cast, held_meeting, own_list):
    from rectification.workflow import list_transition

    from .lists_fixtures import access_of, cover

    fill(own_list, 1, cast.member)
    cover(own_list, cast.member)
    for name, user in (("submit", cast.member), ("approve", cast.secretary)):
        list_transition(rlist=own_list, name=name, actor=user, access=access_of(user, own_list))
    office = meeting_access(cast.office, held_meeting)
    lists_file(meeting=held_meeting, actor=cast.office, access=office)
    list_transition(rlist=own_list, name="revise", actor=cast.member, access=access_of(cast.member, own_list),
                    reason="巡察反馈了新问题")
    own_list.refresh_from_db()
    assert own_list.filed_at is None
    for name, user in (("submit", cast.member), ("approve", cast.secretary)):
        list_transition(rlist=own_list, name=name, actor=user, access=access_of(user, own_list))
    lists_file(meeting=held_meeting, actor=cast.office, access=office)
    filings = own_list.events.filter(transition="file")
    assert [e.version.number for e in filings] == [1, 2]
