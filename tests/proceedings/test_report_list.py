"""The list of situation reports: the upper level sees every held meeting below it, the
late ones first and marked in words as well as in red; a member sees none."""

from datetime import date, timedelta

from django.utils import timezone

from meetings.models import Meeting, MilestoneKind, Stage
from proceedings.report_list import report_rows

from ..factories import MeetingFactory, OrganizationFactory
from .report_helpers import draft, held_meeting, prepared, sitting, send, sent  # noqa: F401


def _held(cast, *, days_ago, org=None):
    meeting = MeetingFactory(organization=org or OrganizationFactory(parent=cast.county))
    held = timezone.localdate() - timedelta(days=days_ago)
    Meeting.objects.filter(pk=meeting.pk).update(stage=Stage.HELD, held_on=held)
    meeting.milestones.filter(kind=MilestoneKind.REPORT).update(due_date=held + timedelta(days=15))
    return meeting


def test_a_report_not_sent_after_fifteen_days_is_late_in_red_and_in_words(cast, login):
    late = _held(cast, days_ago=20)
    _held(cast, days_ago=2)
    page = login(cast.supervisor).get("/proceedings/reports/").content.decode()
    row = page.split(late.title, 1)[1].split("</tr>", 1)[0]
    assert "已逾期5天，尚未报送" in row
    assert 'class="pill overdue"' in row
    assert page.index(late.title) < page.index("还剩13天")


def test_the_late_filter_shows_only_late_reports(cast, login):
    late = _held(cast, days_ago=20)
    fresh = _held(cast, days_ago=2)
    page = login(cast.supervisor).get("/proceedings/reports/?late=1").content.decode()
    assert late.title in page and fresh.title not in page


def test_a_report_sent_late_stays_marked_late(cast, sent):
    sent.meeting.milestones.filter(kind=MilestoneKind.REPORT).update(due_date=timezone.localdate() - timedelta(days=2))
    [row] = report_rows(cast.supervisor, today=timezone.localdate())
    assert (row.state_label, row.punctuality.label, row.punctuality.late) == ("已报送", "逾期2天报送", True)


def test_a_member_and_an_outsider_see_no_report(cast, held_meeting):
    assert report_rows(cast.member, today=date(2027, 1, 1)) == []
    assert report_rows(cast.outsider, today=date(2027, 1, 1)) == []
    assert [r.meeting for r in report_rows(cast.office, today=date(2027, 1, 1))] == [held_meeting]
    assert [r.meeting for r in report_rows(cast.secretary, today=date(2027, 1, 1))] == [held_meeting]


def test_the_list_costs_the_same_queries_at_5_and_50(cast, login, same_queries_at_5_and_50):
    client = login(cast.supervisor)
    made = []

    def grow(n):
        while len(made) < n:
            made.append(_held(cast, days_ago=len(made) % 30))

    count, response = same_queries_at_5_and_50(grow, lambda: client.get("/proceedings/reports/"))
    assert response.status_code == 200
    assert response.content.decode().count("<tr") == 51  # 50 rows and the head: one page
