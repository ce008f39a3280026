from django.contrib.auth import get_user_model
from django.core.management import call_command

from meetings.access import meeting_access
from meetings.management.commands.seed_demo import ACCOUNTS, DEMO_PASSWORD
from meetings.models import Meeting, Stage, StageChange
from organizations.models import Organization, TeamMembership


def test_seed_demo_builds_the_county_and_running_it_again_changes_nothing(db, capsys):
    call_command("seed_demo")
    counts = (Organization.objects.count(), Meeting.objects.count(), StageChange.objects.count())
    call_command("seed_demo")
    assert (Organization.objects.count(), Meeting.objects.count(), StageChange.objects.count()) == counts
    out = capsys.readouterr().out
    assert "演示数据已存在" in out
    for username, _, _ in ACCOUNTS:
        assert username in out


def test_every_printed_demo_account_logs_in_with_the_printed_password(db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("seed_demo")
    for username, _, _ in ACCOUNTS:
        assert get_user_model().objects.get(username=username).check_password(DEMO_PASSWORD)


def test_the_demo_government_office_team_has_seven_members_led_by_its_secretary(db):
    call_command("seed_demo")
    team = TeamMembership.objects.filter(organization__short_name="县政府办党组").order_by("rank")
    assert team.count() == 7
    assert team.first().person.name == "张建国" and team.first().is_principal


def test_the_demo_has_meetings_in_several_stages_and_roles_see_what_they_should(db):
    call_command("seed_demo")
    assert {m.stage for m in Meeting.objects.all()} >= {
        Stage.PREPARING, Stage.PLAN_REVIEW, Stage.PRE_MEETING, Stage.RECTIFYING
    }
    users = {u.username: u for u in get_user_model().objects.all()}
    gov_meeting = Meeting.objects.filter(organization__short_name="县政府办党组").first()
    assert meeting_access(users["office"], gov_meeting).is_office
    assert meeting_access(users["secretary"], gov_meeting).is_secretary
    assert meeting_access(users["supervisor"], gov_meeting).is_supervisor
    assert not meeting_access(users["outsider"], gov_meeting).roles
    assert Meeting.objects.visible_to(users["outsider"]).filter(pk=gov_meeting.pk).count() == 0


def test_the_demo_plans_are_decided_by_both_upper_bodies_and_paper_history_says_so(db):
    from meetings.models import PlanDecision

    call_command("seed_demo")
    current = Meeting.objects.get(organization__short_name="县政府办党组", stage=Stage.PRE_MEETING)
    first, second = current.plan.submissions.order_by("number")
    assert set(first.decisions.values_list("body", "status")) == {
        ("discipline", "approved"), ("organization_department", "returned")
    }
    assert set(second.decisions.values_list("body", "status")) == {
        ("discipline", "approved"), ("organization_department", "approved")
    }
    waiting = Meeting.objects.get(organization__short_name="县教育局党组")
    assert list(PlanDecision.objects.filter(submission__plan__meeting=waiting).values_list("body", flat=True)) == [
        "discipline"
    ]
    last_year = Meeting.objects.get(stage=Stage.RECTIFYING)
    paper = list(last_year.stage_changes.filter(on_paper=True).values_list("action", flat=True))
    assert paper == ["报请召开", "同意召开", "会议已召开"]
