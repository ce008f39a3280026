"""One reminder schedule for every phase: 3 days and 1 day before, on the day, then every
N days overdue (N per organisation), each at most once a day however often the job runs.

Every reminder provider registered with meetings.progress (and the milestones' own) is
walked day by day through a due date, the job run twice a day.
"""

from datetime import date, timedelta

import pytest

from feedback.models import OpinionState
from meetings.models import Meeting, MilestoneKind, Stage
from meetings.plans import plan_create_default
from meetings.progress import reminder_providers
from meetings.services import milestone_reminders_send
from notifications.models import Notification
from notifications.schedule import reminder_due
from organizations.models import Organization, TeamPosition
from organizations.services import team_member_add
from tests.factories import MeetingFactory, PersonFactory, UserFactory
from tests.feedback.factories import OpinionFactory, SolicitationFactory

DUE = date(2026, 3, 20)
FIRST, LAST = -8, 10  # days from the due date walked through


def _day(offset: int) -> date:
    return DUE + timedelta(days=offset)


# --- the schedule itself -------------------------------------------------------------------


def _sending_days(every_overdue=3, before=(3, 1)):
    return [
        offset
        for offset in range(FIRST, LAST + 1)
        if reminder_due(DUE, _day(offset), before=before, every_overdue=every_overdue)
    ]


def test_the_schedule_reminds_before_on_the_day_and_every_n_days_overdue():
    assert _sending_days() == [-3, -1, 0, 3, 6, 9]
    assert _sending_days(every_overdue=1) == [-3, -1, 0, *range(1, LAST + 1)]
    assert _sending_days(every_overdue=4, before=(7, 3, 1)) == [-7, -3, -1, 0, 4, 8]
    assert _sending_days(every_overdue=None) == [-3, -1, 0]


def test_each_day_has_its_own_kind_and_phrase():
    kinds = {o: reminder_due(DUE, _day(o)) for o in (-3, -1, 0, 3)}
    assert [(r.kind, r.phrase()) for r in kinds.values()] == [
        ("before3", "3天后到期"),
        ("before1", "明天到期"),
        ("today", "今天到期"),
        ("overdue", "已逾期3天"),
    ]
    assert kinds[0].phrase("截止") == "今天截止"


# --- every provider, day by day --------------------------------------------------------------


def _meeting(cast, stage=Stage.PRE_MEETING):
    meeting = MeetingFactory(organization=cast.gov, title="2026年度县政府办党组民主生活会")
    Meeting.objects.filter(pk=meeting.pk).update(stage=stage)
    meeting.refresh_from_db()
    return meeting


def _due(meeting, kind):
    meeting.milestones.filter(kind=kind).update(due_date=DUE)


def _milestones(cast):
    _due(_meeting(cast, Stage.PREPARING), MilestoneKind.PLAN)


def _duties(cast):
    plan = plan_create_default(meeting=_meeting(cast, Stage.PREPARING))
    plan.duties.update(deadline=None)
    duty = plan.duties.filter(person__isnull=False).first() or plan.duties.first()
    duty.deadline = DUE
    duty.save()


def _talks(cast):
    third = PersonFactory(user=UserFactory(username="third"), name="王委员", organization=cast.gov)
    team_member_add(person=third, organization=cast.gov, position=TeamPosition.MEMBER, rank=3)
    _due(_meeting(cast), MilestoneKind.TALKS)


def _study(cast):
    _due(_meeting(cast, Stage.PREPARING), MilestoneKind.STUDY)


def _feedback(cast):
    meeting = _meeting(cast)
    solicitation = SolicitationFactory(meeting=meeting, created_by=cast.office)
    OpinionFactory(solicitation=solicitation, received_on=_day(FIRST - 1), state=OpinionState.NEW)
    _due(meeting, MilestoneKind.OPINIONS)


def _materials(cast):
    _due(_meeting(cast), MilestoneKind.MATERIALS)


def _situation_report(cast):
    meeting = _meeting(cast, Stage.HELD)
    Meeting.objects.filter(pk=meeting.pk).update(held_on=DUE - timedelta(days=15))
    _due(meeting, MilestoneKind.REPORT)


def _convening_application(cast):
    """The report and the application are due N days before the proposed day; past that day
    itself there is nothing left to remind of (no overdue reminders)."""
    from datetime import datetime, time

    from django.utils import timezone

    from proceedings.models import ConveningApplication

    meeting = _meeting(cast)
    lead_days = 10
    proposed = timezone.make_aware(datetime.combine(DUE + timedelta(days=lead_days), time(9)))
    ConveningApplication.objects.create(meeting=meeting, proposed_at=proposed, lead_days=lead_days,
                                        updated_at=timezone.now())


def _rectification_filing(cast):
    """A meeting held 15 days before DUE whose 整改方案 are not filed (rectification/filing.py)."""
    meeting = _meeting(cast, Stage.HELD)
    Meeting.objects.filter(pk=meeting.pk).update(held_on=DUE - timedelta(days=15))


def _rectification_item(cast):
    """An approved personal list's item due on DUE (rectification/reminders.py)."""
    from django.utils import timezone

    from rectification.models import ListKind, ListState, RectificationList
    from rectification.services import item_create, list_ensure

    rlist = list_ensure(meeting=_meeting(cast, Stage.RECTIFYING), kind=ListKind.PERSONAL, owner=cast.member.person)
    item_create(rlist=rlist, actor=cast.member, problem="调查研究不够深入", deadline=DUE, measures=["到基层调研"])
    RectificationList.objects.filter(pk=rlist.pk).update(state=ListState.APPROVED, approved_at=timezone.now())


def _name(provider) -> str:
    return f"{provider.__module__}.{provider.__qualname__}"


# provider → (how to make it something due on DUE, the days before it reminds)
SETUPS = {
    "meetings.phase.remind_duties": (_duties, (3, 1)),
    "talks.phase.talk_reminders": (_talks, (7, 3, 1)),
    "study.phase.self_study_reminders": (_study, (3, 1)),
    "feedback.phase.feedback_reminders": (_feedback, (3, 1)),
    "inspections.phase.materials_reminders": (_materials, (3, 1)),
    "proceedings.phase_report.remind_reports": (_situation_report, (3, 1)),
    "proceedings.phase_prep.preparation_reminders": (_convening_application, (3, 1), "no overdue"),
    "rectification.phase_lists.remind_filing": (_rectification_filing, (3, 1)),
    "rectification.phase_progress.item_reminders": (_rectification_item, (7, 3, 1)),
}


def _providers():
    milestones = ("meetings.services.milestone_reminders_send", lambda today: milestone_reminders_send(today=today))
    return [milestones] + [(_name(p), p) for p in reminder_providers()]


def test_every_registered_provider_is_walked_here():
    assert {_name(p) for p in reminder_providers()} == set(SETUPS)


@pytest.mark.parametrize("every_overdue", [3, 2])
@pytest.mark.parametrize("name", [name for name, _ in _providers()])
def test_each_provider_reminds_on_the_schedule_once_a_day(cast, name, every_overdue):
    provider = dict(_providers())[name]
    setup, before, *no_overdue = SETUPS.get(name, (_milestones, (3, 1)))
    Organization.objects.filter(pk=cast.gov.pk).update(overdue_reminder_days=every_overdue)
    setup(cast)
    sent_on = []
    for offset in range(FIRST, LAST + 1):
        today = _day(offset)
        count = Notification.objects.count()
        first = provider(today)
        second = provider(today)  # the job run again the same day
        assert second == 0, f"{name} sent again on day {offset}"
        assert Notification.objects.count() == count + first
        if first:
            sent_on.append(offset)
    assert sent_on == _sending_days(every_overdue=None if no_overdue else every_overdue, before=before)
