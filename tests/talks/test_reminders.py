"""Reminders before the talks deadline: to everyone with pairs missing, each only once."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.utils import timezone

from meetings.models import MilestoneKind, Stage
from meetings.progress import send_phase_reminders
from notifications.models import Notification
from talks.models import TalkState
from talks.reminders import talk_reminders_send

from .conftest import make_talk, person, set_stage

TODAY = date(2026, 3, 10)


def _due_in(meeting, days):
    meeting.milestones.filter(kind=MilestoneKind.TALKS).update(
        due_date=TODAY + timedelta(days=days)
    )


def _titles(user):
    return list(Notification.objects.filter(recipient=user).values_list("title", flat=True))


def test_everyone_with_missing_pairs_hears_whom_they_still_have_to_talk_to(
    cast, third, talks_meeting
):
    make_talk(talks_meeting, person(cast.secretary), person(cast.member))
    make_talk(talks_meeting, person(cast.secretary), person(third), state=TalkState.RECORDED)
    _due_in(talks_meeting, 3)
    talk_reminders_send(today=TODAY)
    title = f"【谈心谈话·3天后截止】{talks_meeting.title}"
    assert _titles(cast.member) == [f"{title}：还有1位应谈对象"]
    body = Notification.objects.get(recipient=cast.member).body
    assert "王委员（未谈）" in body and "截止日期：2026年3月13日" in body
    assert _titles(third) == [f"{title}：还有2位应谈对象"]
    assert "张书记（待确认）" in Notification.objects.get(recipient=third).body
    assert _titles(cast.secretary) == [f"{title}：还有1位应谈对象"]
    assert _titles(cast.office) == [f"{title}：尚缺2对"]
    assert (
        Notification.objects.get(recipient=cast.member).url
        == f"/talks/meeting/{talks_meeting.pk}/mine/"
    )


def test_the_office_hears_who_has_no_login_to_be_told_offline(cast, talks_meeting):
    from organizations.models import Department
    from organizations.services import team_member_add
    from tests.factories import PersonFactory

    head = PersonFactory(user=None, name="何科长", organization=cast.gov)
    department = Department.objects.create(organization=cast.gov, name="一科", head=head)
    team_member_add(
        person=person(cast.member),
        organization=cast.gov,
        position="member",
        rank=2,
        oversees=[department],
    )
    _due_in(talks_meeting, 1)
    talk_reminders_send(today=TODAY)
    assert (
        "以下人员没有登录账号，请线下通知：何科长。"
        in Notification.objects.get(recipient=cast.office).body
    )


def test_running_twice_sends_nothing_new(
    cast, third, talks_meeting, django_capture_on_commit_callbacks
):
    _due_in(talks_meeting, 1)
    with django_capture_on_commit_callbacks(execute=True):
        first = talk_reminders_send(today=TODAY)
    count, mails = Notification.objects.count(), len(mail.outbox)
    with django_capture_on_commit_callbacks(execute=True):
        second = talk_reminders_send(today=TODAY)
    assert first == count == 4  # the three of the team and the office
    assert second == 0
    assert (Notification.objects.count(), len(mail.outbox)) == (count, mails)


def test_each_window_reminds_once_more_as_the_deadline_nears(cast, third, talks_meeting):
    _due_in(talks_meeting, 7)
    for day in range(11):  # the beat job, every day from a week before to three days after
        talk_reminders_send(today=TODAY + timedelta(days=day))
    phrases = [t.split("】")[0][1:] for t in _titles(cast.member)]
    assert sorted(phrases) == sorted(
        [
            "谈心谈话·7天后截止",
            "谈心谈话·3天后截止",
            "谈心谈话·明天截止",
            "谈心谈话·今天截止",
            "谈心谈话·已逾期3天",
        ]
    )


@pytest.mark.parametrize("days", [8, 30])
def test_nothing_is_sent_more_than_a_week_ahead(cast, talks_meeting, days):
    _due_in(talks_meeting, days)
    assert talk_reminders_send(today=TODAY) == 0


def test_nothing_is_sent_once_the_milestone_is_done_or_outside_the_preparation(cast, talks_meeting):
    _due_in(talks_meeting, 1)
    talks_meeting.milestones.filter(kind=MilestoneKind.TALKS).update(done_at=timezone.now())
    assert talk_reminders_send(today=TODAY) == 0
    talks_meeting.milestones.filter(kind=MilestoneKind.TALKS).update(done_at=None)
    set_stage(talks_meeting, Stage.PLAN_REVIEW)
    assert talk_reminders_send(today=TODAY) == 0


def test_the_daily_job_sends_the_talks_reminders(cast, talks_meeting):
    _due_in(talks_meeting, 1)
    assert send_phase_reminders(TODAY) >= 4
    assert any("谈心谈话·明天截止" in t for t in _titles(cast.member))
