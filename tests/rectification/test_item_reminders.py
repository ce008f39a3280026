"""Item deadlines: the owner is reminded 7, 3 and 1 days before, on the day and every N days
overdue, once each however often the job runs; an overdue item escalates to the secretary,
and from ESCALATE_TO_UPPER_AFTER days to the supervisor too. A 长期坚持 item is reminded of
its review date; a closed or closing item is not reminded."""

from datetime import timedelta

import pytest
from django.utils import timezone

from notifications.models import Notification
from organizations.models import Organization
from rectification.models import Item, ItemStatus
from rectification.phase_progress import item_work
from rectification.reminders import ESCALATE_TO_UPPER_AFTER, escalation, item_reminders_send

from .progress_fixtures import DUE

FIRST, LAST = -8, 10


def walk(*, twice=True):
    """Run the job for each day around DUE (twice a day); the days each user heard on."""
    heard: dict[str, list[int]] = {}
    for offset in range(FIRST, LAST + 1):
        today = DUE + timedelta(days=offset)
        before = set(Notification.objects.values_list("pk", flat=True))
        first = item_reminders_send(today=today)
        if twice:
            assert item_reminders_send(today=today) == 0, f"sent again on day {offset}"
        new = Notification.objects.exclude(pk__in=before)
        assert new.count() == first
        for username in new.values_list("recipient__username", flat=True):
            heard.setdefault(username, []).append(offset)
    return heard


def test_the_escalation_rule():
    assert escalation(0) == ()
    assert escalation(1) == ("secretary",)
    assert escalation(ESCALATE_TO_UPPER_AFTER - 1) == ("secretary",)
    assert escalation(ESCALATE_TO_UPPER_AFTER) == ("secretary", "supervisor")


def test_the_owner_is_reminded_and_an_overdue_item_escalates_once_a_day(cast, personal_item):
    heard = walk()
    assert heard["member"] == [-7, -3, -1, 0, 3, 6, 9]
    assert heard["secretary"] == [3, 6, 9]
    assert heard["supervisor"] == [9]
    assert "office" not in heard
    owner = Notification.objects.filter(recipient=cast.member).order_by("pk").first()
    assert owner.title.startswith("【整改事项·7天后到期】") and owner.url == personal_item.get_absolute_url()
    escalated = Notification.objects.get(recipient=cast.secretary, title__startswith="【整改督办·已逾期3天】")
    assert "责任人：李委员。" in escalated.body


def test_the_organisations_overdue_interval_is_kept(cast, personal_item):
    Organization.objects.filter(pk=cast.gov.pk).update(overdue_reminder_days=2)
    heard = walk()
    assert heard["member"] == [-7, -3, -1, 0, 2, 4, 6, 8, 10]
    assert heard["supervisor"] == [8, 10]


def test_a_long_term_item_is_reminded_of_its_review_date(cast, personal_item):
    Item.objects.filter(pk=personal_item.pk).update(term="long_term", deadline=None, next_review=DUE)
    heard = walk()
    assert heard["member"] == [-7, -3, -1, 0, 3, 6, 9]
    assert Notification.objects.filter(recipient=cast.member, title__contains="今天复查").exists()


@pytest.mark.parametrize("status", [ItemStatus.CLOSING, ItemStatus.CLOSED])
def test_a_closing_or_closed_item_is_not_reminded(cast, personal_item, status):
    Item.objects.filter(pk=personal_item.pk).update(status=status)
    assert walk() == {}


def test_a_team_item_reminds_its_responsible_member(cast, team_item):
    heard = walk(twice=False)
    assert heard["member"] == [-7, -3, -1, 0, 3, 6, 9]


def test_my_work_shows_my_items_due_within_7_days_and_closings_to_verify(cast, personal_item):
    today = timezone.localdate()
    Item.objects.filter(pk=personal_item.pk).update(deadline=today + timedelta(days=7))
    assert [w.kind for w in item_work(cast.member)] == ["整改事项"]
    Item.objects.filter(pk=personal_item.pk).update(deadline=today + timedelta(days=8))
    assert item_work(cast.member) == []
    Item.objects.filter(pk=personal_item.pk).update(deadline=today - timedelta(days=1))
    [work] = item_work(cast.member)
    assert work.overdue
    assert item_work(cast.secretary) == []
    Item.objects.filter(pk=personal_item.pk).update(status=ItemStatus.CLOSING)
    assert item_work(cast.member) == []
    assert [w.title[:4] for w in item_work(cast.secretary)] == ["核验销号"]
    assert [w.title[:4] for w in item_work(cast.office)] == ["核验销号"]
    assert item_work(cast.supervisor) == [] and item_work(cast.outsider) == []


def test_a_list_under_revision_keeps_its_overdue_items_reminded_and_escalated(cast, personal_item):
    from rectification.models import ListState, RectificationList

    RectificationList.objects.filter(pk=personal_item.rectification_list_id).update(state=ListState.DRAFT)
    heard = walk(twice=False)
    assert heard["member"] == [-7, -3, -1, 0, 3, 6, 9]
    assert heard["secretary"] == [3, 6, 9]
