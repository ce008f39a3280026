"""催办 and 督导意见: a supervisor chases the organisations below in one action, the daily
reminder holds back what was chased by hand in the last 24 hours, and comments on a
meeting reach its office and its secretary."""

from datetime import date, datetime, timedelta

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from meetings.models import MilestoneKind, Stage
from meetings.progress import reminders_held
from meetings.services import milestone_reminders_send
from notifications.models import Notification
from organizations.models import OrganizationKind, StaffKind
from organizations.services import staff_assign
from oversight.models import Chase, Comment
from oversight.services import ChaseError, chase_send
from tests.factories import MeetingFactory, OrganizationFactory, PersonFactory, UserFactory

CHASE = reverse("oversight:chase")
CHASES = reverse("oversight:chase_list")


def _office_of(org, username):
    person = PersonFactory(user=UserFactory(username=username), name=f"{username}办", organization=org)
    staff_assign(person=person, organization=org, kind=StaffKind.OFFICE)
    return person.user


@pytest.fixture
def three(cast, meeting):
    """Three organisations below the county, each with an office and a meeting."""
    cast.edu_office = _office_of(cast.edu, "edu_office")
    cast.farm = OrganizationFactory(name="中共测试县农业农村局党组", short_name="县农业农村局党组", parent=cast.county)
    cast.farm_office = _office_of(cast.farm, "farm_office")
    cast.meetings = [
        meeting,
        MeetingFactory(organization=cast.edu, title="2026年度县教育局党组民主生活会"),
        MeetingFactory(organization=cast.farm, title="2026年度县农业农村局党组民主生活会"),
    ]
    return cast


@pytest.fixture
def neighbour(db):
    """A neighbouring county with its own supervisor and a meeting of its own."""
    county = OrganizationFactory(name="中共邻县委员会", short_name="邻县县委", kind=OrganizationKind.COMMITTEE)
    org = OrganizationFactory(name="中共邻县财政局党组", short_name="邻县财政局党组", parent=county)
    person = PersonFactory(user=UserFactory(username="neighbour"), name="钱邻县", organization=county)
    staff_assign(person=person, organization=county, kind=StaffKind.SUPERVISOR, unit="组织部")
    return type("Neighbour", (), {"supervisor": person.user, "meeting": MeetingFactory(organization=org)})


def _targets(*pairs):
    return [f"{m.pk}:{key}" for m, key in pairs]


# --- the confirmation page and sending ---------------------------------------------------


def test_the_chase_page_requires_login(client, meeting):
    response = client.get(CHASE, {"target": f"{meeting.pk}:plan"})
    assert response.status_code == 302 and "/login" in response["Location"]


@pytest.mark.parametrize("who", ["office", "secretary", "member", "outsider"])
def test_the_chase_page_is_not_there_for_anyone_but_a_supervisor(login, cast, meeting, who):
    client = login(getattr(cast, who))
    assert client.get(CHASE, {"target": f"{meeting.pk}:plan"}).status_code == 404
    assert client.post(CHASE, {"target": f"{meeting.pk}:plan", "message": "快"}).status_code == 404
    assert not Chase.objects.exists()


def test_the_chase_page_lists_what_is_chased_the_last_chase_and_a_message_to_send(login, three):
    earlier = Chase.objects.create(meeting=three.meetings[1], milestone="talks", by=three.supervisor, body="organization_department")
    earlier.at = timezone.now() - timedelta(days=2)
    earlier.save()
    response = login(three.supervisor).get(
        CHASE, {"target": _targets((three.meetings[0], "plan"), (three.meetings[0], "talks"), (three.meetings[1], ""))}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "县政府办党组" in page and "县教育局党组" in page and "县农业农村局党组" not in page
    assert "方案报审" in page and "谈心谈话" in page and "整体工作进度" in page
    assert "赵督导（组织部）" in page and earlier.at.astimezone().strftime("%Y-%m-%d %H:%M") in page
    assert "未催办过" in page
    assert "请抓紧推进" in page  # the message box comes filled in
    assert page.count('name="target"') == 3


def test_the_chase_page_without_targets_asks_to_select_some(login, cast):
    response = login(cast.supervisor).get(CHASE)
    assert response.status_code == 200
    assert "尚未选择催办对象" in response.content.decode()


def test_a_target_outside_the_supervisors_scope_is_not_there(login, cast, neighbour):
    response = login(cast.supervisor).get(CHASE, {"target": f"{neighbour.meeting.pk}:plan"})
    assert response.status_code == 404


def test_a_malformed_target_is_not_there(login, cast, meeting):
    client = login(cast.supervisor)
    assert client.get(CHASE, {"target": f"{meeting.pk}"}).status_code == 404
    assert client.get(CHASE, {"target": f"{meeting.pk}:nonsense"}).status_code == 404


def test_chasing_three_organisations_sends_one_message_to_each_office_and_records_it(
    login, three, django_capture_on_commit_callbacks
):
    back = "/oversight/?overdue=1&year=2026"
    targets = _targets(*((m, "opinions") for m in three.meetings))
    with django_capture_on_commit_callbacks(execute=True):
        response = login(three.supervisor).post(CHASE, {"target": targets, "message": "请于本周内完成征求意见。", "next": back})

    assert response.status_code == 302 and response["Location"] == back
    chases = list(Chase.objects.order_by("meeting_id"))
    assert [c.meeting for c in chases] == sorted(three.meetings, key=lambda m: m.pk)
    for chase, office in zip(chases, [three.office, three.edu_office, three.farm_office]):
        assert chase.by == three.supervisor and chase.body == "organization_department"
        assert chase.milestone == "opinions" and chase.message == "请于本周内完成征求意见。"
        assert list(chase.recipients.all()) == [office]
        assert timezone.now() - chase.at < timedelta(minutes=1)
    for office, meeting in zip([three.office, three.edu_office, three.farm_office], three.meetings):
        [note] = Notification.objects.filter(recipient=office)
        assert note.title == f"【催办】{meeting.title}：征求意见"
        assert "赵督导（组织部）催办：请于本周内完成征求意见。" in note.body
        assert note.url == reverse("meetings:detail", args=[meeting.pk])
    assert sorted(m.to[0] for m in mail.outbox) == sorted(u.email for u in [three.office, three.edu_office, three.farm_office])
    assert not Notification.objects.filter(recipient__in=[three.secretary, three.member]).exists()


def test_the_overview_hears_how_many_organisations_were_chased(login, three):
    client = login(three.supervisor)
    targets = _targets(*((m, "opinions") for m in three.meetings), (three.meetings[0], "talks"))
    response = client.post(CHASE, {"target": targets, "message": "请抓紧。", "next": "/meetings/"}, follow=True)
    assert "已向3个组织发出催办。" in [str(m) for m in response.context["messages"]]


def test_an_office_hears_once_of_everything_chased_of_it_in_one_action(three):
    chase_send(by=three.supervisor, targets=[(three.meetings[0], "plan"), (three.meetings[0], "talks"), (three.meetings[0], "")], message="请抓紧。")
    [note] = Notification.objects.filter(recipient=three.office)
    assert note.title == f"【催办】{three.meetings[0].title}：方案报审、谈心谈话、整体工作进度"
    assert Chase.objects.count() == 3


def test_next_leading_off_the_site_is_ignored(login, three):
    response = login(three.supervisor).post(
        CHASE, {"target": _targets((three.meetings[0], "plan")), "message": "请抓紧。", "next": "https://evil.example/"}
    )
    assert response.status_code == 302 and response["Location"] == reverse("oversight:overview")


def test_an_empty_message_is_refused_and_the_targets_are_kept(login, three):
    targets = _targets((three.meetings[0], "plan"), (three.meetings[1], "talks"))
    response = login(three.supervisor).post(CHASE, {"target": targets, "message": "   "})
    page = response.content.decode()
    assert response.status_code == 200 and "请填写催办内容" in page
    assert all(f'value="{t}"' in page for t in targets)
    assert not Chase.objects.exists() and not Notification.objects.exists()


def test_a_chase_with_one_target_outside_the_scope_sends_nothing_at_all(three, neighbour):
    targets = [(m, "plan") for m in three.meetings] + [(neighbour.meeting, "plan")]
    with pytest.raises(ChaseError, match="不在您的督导范围内"):
        chase_send(by=three.supervisor, targets=targets, message="请抓紧。")
    assert not Chase.objects.exists() and not Notification.objects.exists() and not mail.outbox


def test_an_archived_meeting_is_not_chased(three):
    three.meetings[2].stage = Stage.ARCHIVED
    three.meetings[2].save()
    with pytest.raises(ChaseError, match="已归档"):
        chase_send(by=three.supervisor, targets=[(m, "plan") for m in three.meetings], message="请抓紧。")
    assert not Chase.objects.exists()


def test_a_supervision_group_member_chases_the_organisations_assigned_and_no_others(three):
    from organizations.models import SupervisionGroup

    person = PersonFactory(user=UserFactory(username="group_member"), name="孙督导组", organization=three.county)
    group = SupervisionGroup.objects.create(name="县委第一督导组", sent_by=three.county)
    group.members.add(person)
    group.organizations.add(three.gov, three.edu)

    [chase] = chase_send(by=person.user, targets=[(three.meetings[0], "plan")], message="请抓紧。")
    assert chase.body == "supervision_group"
    assert "孙督导组（督导组）催办" in Notification.objects.get(recipient=three.office).body
    with pytest.raises(ChaseError):
        chase_send(by=person.user, targets=[(three.meetings[1], "plan"), (three.meetings[2], "plan")], message="请抓紧。")
    assert Chase.objects.count() == 1


def _queries_apart_from_messages(captured) -> int:
    # Each office user's inbox message is its own insert (in a savepoint): the inserts may
    # grow with the recipients, nothing else may.
    return sum(
        1 for q in captured.captured_queries
        if "notifications_notification" not in q["sql"] and "SAVEPOINT" not in q["sql"]
    )


def test_chasing_costs_the_same_queries_for_5_and_for_20_organisations(cast):
    meetings = []
    for i in range(20):
        org = OrganizationFactory(parent=cast.county)
        _office_of(org, f"office{i}")
        meetings.append(MeetingFactory(organization=org))
    counts = []
    for batch in (meetings[:5], meetings[5:]):
        fresh = type(cast.supervisor).objects.get(pk=cast.supervisor.pk)  # no remembered permissions
        with CaptureQueriesContext(connection) as captured:
            chase_send(by=fresh, targets=[(m, "plan") for m in batch], message="请抓紧。")
        counts.append(_queries_apart_from_messages(captured))
    assert counts[0] == counts[1]
    assert Notification.objects.count() == 20


def test_the_chase_page_costs_the_same_queries_for_5_and_50_organisations(login, cast, same_queries_at_5_and_50):
    client = login(cast.supervisor)
    meetings = []

    def grow(n):
        while len(meetings) < n:
            org = OrganizationFactory(parent=cast.county)
            _office_of(org, f"office{len(meetings)}")
            meetings.append(MeetingFactory(organization=org))
            Chase.objects.create(meeting=meetings[-1], milestone="plan", by=cast.supervisor)

    count, response = same_queries_at_5_and_50(
        grow, lambda: client.get(CHASE, {"target": _targets(*((m, "plan") for m in meetings))})
    )
    assert len(response.context["rows"]) == 50


# --- the daily reminder holds back what was chased by hand ----------------------------------

TODAY = date(2026, 3, 10)
NOW = timezone.make_aware(datetime(2026, 3, 10, 8, 0))


def _due_in_three_days(meeting, kind):
    milestone = meeting.milestones.get(kind=kind)
    milestone.due_date = TODAY + timedelta(days=3)
    milestone.save(update_fields=["due_date"])


def _chased(meeting, kind, hours_ago, by):
    return Chase.objects.create(meeting=meeting, milestone=kind, by=by, at=NOW - timedelta(hours=hours_ago))


def test_the_daily_reminder_skips_a_milestone_chased_two_hours_ago_not_one_chased_25_hours_ago(three):
    recent, old, other = three.meetings
    for m in three.meetings:
        _due_in_three_days(m, MilestoneKind.PLAN)
    _chased(recent, MilestoneKind.PLAN, 2, three.supervisor)
    _chased(old, MilestoneKind.PLAN, 25, three.supervisor)
    _chased(other, MilestoneKind.STUDY, 2, three.supervisor)  # another milestone holds nothing

    milestone_reminders_send(today=TODAY, now=NOW)

    assert not Notification.objects.filter(recipient=three.office).exists()
    assert Notification.objects.filter(recipient=three.edu_office, title__contains="方案报审").count() == 1
    assert Notification.objects.filter(recipient=three.farm_office, title__contains="方案报审").count() == 1


def test_a_chase_of_the_whole_meeting_holds_each_of_its_milestones(three):
    meeting = three.meetings[0]
    _due_in_three_days(meeting, MilestoneKind.PLAN)
    _due_in_three_days(meeting, MilestoneKind.STUDY)
    _chased(meeting, "", 5, three.supervisor)
    assert milestone_reminders_send(today=TODAY, now=NOW) == 0


def test_the_hold_asks_once_for_all_the_days_milestones(three, django_assert_num_queries):
    keys = {(m.pk, kind) for m in three.meetings for kind in MilestoneKind.values}
    _chased(three.meetings[1], MilestoneKind.TALKS, 1, three.supervisor)
    with django_assert_num_queries(1):
        held = reminders_held(keys, NOW)
    assert held == {(three.meetings[1].pk, MilestoneKind.TALKS)}


# --- the chase history ---------------------------------------------------------------------


def test_the_chase_list_requires_login(client, db):
    response = client.get(CHASES)
    assert response.status_code == 302 and "/login" in response["Location"]


@pytest.mark.parametrize("who", ["member", "outsider"])
def test_the_chase_list_is_not_there_for_members(login, cast, who):
    assert login(getattr(cast, who)).get(CHASES).status_code == 404


def test_the_chase_list_shows_the_supervisors_scope_newest_first(login, three, neighbour):
    chase_send(by=three.supervisor, targets=[(three.meetings[0], "plan")], message="第一次")
    chase_send(by=three.supervisor, targets=[(three.meetings[1], "talks")], message="第二次")
    chase_send(by=neighbour.supervisor, targets=[(neighbour.meeting, "plan")], message="邻县的催办")
    page = login(three.supervisor).get(CHASES).content.decode()
    assert page.index("第二次") < page.index("第一次")
    assert "邻县的催办" not in page
    assert "edu_office办" in page  # whom


def test_the_chase_list_filters_by_organisation(login, three):
    chase_send(by=three.supervisor, targets=[(three.meetings[0], "plan")], message="给政府办")
    chase_send(by=three.supervisor, targets=[(three.meetings[1], "plan")], message="给教育局")
    page = login(three.supervisor).get(CHASES, {"org": three.edu.pk}).content.decode()
    assert "给教育局" in page and "给政府办" not in page


def test_an_office_reads_the_chases_of_its_own_organisation_only(login, three):
    chase_send(by=three.supervisor, targets=[(three.meetings[0], "plan")], message="给政府办")
    chase_send(by=three.supervisor, targets=[(three.meetings[1], "plan")], message="给教育局")
    page = login(three.office).get(CHASES).content.decode()
    assert "给政府办" in page and "给教育局" not in page


def test_the_chase_list_costs_the_same_queries_for_5_and_50_chases(login, three, same_queries_at_5_and_50):
    client = login(three.supervisor)

    def grow(n):
        while Chase.objects.count() < n:
            chase_send(by=three.supervisor, targets=[(three.meetings[Chase.objects.count() % 3], "plan")], message="请抓紧。")

    count, response = same_queries_at_5_and_50(grow, lambda: client.get(CHASES))
    assert response.status_code == 200 and response.context["page"].paginator.count == 50


# --- 督导意见 -----------------------------------------------------------------------------------


def _comment_url(meeting):
    return reverse("oversight:comment_add", args=[meeting.pk])


def test_commenting_requires_login(client, meeting):
    response = client.post(_comment_url(meeting), {"text": "请加强"})
    assert response.status_code == 302 and "/login" in response["Location"]


def test_only_a_supervisor_comments(login, cast, meeting):
    assert login(cast.outsider).post(_comment_url(meeting), {"text": "请加强"}).status_code == 404
    for who in (cast.office, cast.secretary, cast.member):
        assert login(who).post(_comment_url(meeting), {"text": "请加强"}).status_code == 403
    assert not Comment.objects.exists()


def test_the_comment_page_shows_a_supervisor_the_form_and_what_was_said(login, cast, meeting):
    Comment.objects.create(meeting=meeting, author=cast.supervisor, text="请扩大征求意见范围")
    response = login(cast.supervisor).get(_comment_url(meeting))
    page = response.content.decode()
    assert response.status_code == 200 and 'name="text"' in page and "请扩大征求意见范围" in page


def test_a_supervisors_comment_reaches_the_office_and_the_secretary(login, cast, meeting):
    response = login(cast.supervisor).post(_comment_url(meeting), {"text": "征求意见范围偏窄，请扩大到服务对象。"})
    assert response.status_code == 302 and response["Location"].startswith(reverse("meetings:detail", args=[meeting.pk]))
    comment = Comment.objects.get()
    assert comment.author == cast.supervisor and comment.body == "organization_department"
    for user in (cast.office, cast.secretary):
        [note] = Notification.objects.filter(recipient=user)
        assert note.title == f"【督导意见】{meeting.title}" and "征求意见范围偏窄" in note.body
    assert not Notification.objects.filter(recipient__in=[cast.member, cast.outsider]).exists()


def test_an_empty_comment_gets_a_chinese_error_and_a_long_one_is_kept(login, cast, meeting):
    client = login(cast.supervisor)
    response = client.post(_comment_url(meeting), {"text": "  "})
    assert response.status_code == 200 and "请填写督导意见" in response.content.decode()
    long_text = "很长的意见" * 500
    response = client.post(_comment_url(meeting), {"text": long_text})
    assert "不能超过2000字" in response.content.decode() and long_text in response.content.decode()
    assert not Comment.objects.exists()


def test_an_archived_meeting_takes_no_comment(login, cast, meeting):
    meeting.stage = Stage.ARCHIVED
    meeting.save()
    assert login(cast.supervisor).post(_comment_url(meeting), {"text": "请加强"}).status_code == 403


def test_the_office_and_the_secretary_see_comments_and_chases_on_the_meeting_page(login, cast, meeting):
    Comment.objects.create(meeting=meeting, author=cast.supervisor, body="organization_department", text="请扩大征求意见范围")
    chase_send(by=cast.supervisor, targets=[(meeting, "opinions")], message="请抓紧征求意见")
    url = reverse("meetings:detail", args=[meeting.pk])
    for who in (cast.office, cast.secretary, cast.supervisor):
        page = login(who).get(url).content.decode()
        assert "请扩大征求意见范围" in page and "请抓紧征求意见" in page
    supervisor_page = login(cast.supervisor).get(url).content.decode()
    assert f'action="{_comment_url(meeting)}"' in supervisor_page
    office_page = login(cast.office).get(url).content.decode()
    assert f'action="{_comment_url(meeting)}"' not in office_page
    history = f"{CHASES}?org={cast.gov.pk}"
    assert history in office_page and history not in login(cast.secretary).get(url).content.decode()


def test_a_member_and_an_outsider_do_not_see_them(login, cast, meeting):
    Comment.objects.create(meeting=meeting, author=cast.supervisor, text="请扩大征求意见范围")
    url = reverse("meetings:detail", args=[meeting.pk])
    page = login(cast.member).get(url).content.decode()
    assert page and "请扩大征求意见范围" not in page and "督导意见" not in page
    assert login(cast.outsider).get(url).status_code == 404


def test_the_talks_office_totals_wait_after_a_hand_chase_while_the_members_still_hear(cast, meeting):
    from talks.reminders import talk_reminders_send

    meeting.stage = Stage.PRE_MEETING
    meeting.save()
    meeting.milestones.filter(kind=MilestoneKind.TALKS).update(due_date=TODAY + timedelta(days=3))
    # The phases' own reminders take only `today`; the hold asks at the real now.
    Chase.objects.create(meeting=meeting, milestone=MilestoneKind.TALKS, by=cast.supervisor, at=timezone.now() - timedelta(hours=2))

    talk_reminders_send(today=TODAY)

    assert not Notification.objects.filter(recipient=cast.office).exists()
    assert Notification.objects.filter(recipient=cast.member, title__contains="谈心谈话").exists()


def test_the_opinions_deadline_reminder_waits_after_a_hand_chase(cast, meeting):
    from feedback.phase import feedback_reminders
    from tests.feedback.factories import OpinionFactory, SolicitationFactory

    today = timezone.localdate()
    solicitation = SolicitationFactory(meeting=meeting, created_by=cast.office)
    meeting.milestones.filter(kind=MilestoneKind.OPINIONS).update(due_date=today + timedelta(days=1))
    OpinionFactory(solicitation=solicitation, received_on=today - timedelta(days=5))
    chase = Chase.objects.create(meeting=meeting, milestone=MilestoneKind.OPINIONS, by=cast.supervisor)

    assert feedback_reminders(today) == 0
    chase.at = timezone.now() - timedelta(hours=25)
    chase.save()
    assert feedback_reminders(today) == 1
