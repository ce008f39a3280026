"""Moving a material: the map of moves, who may make each, what each records and tells."""

import pytest

from feedback.models import ResponseStatus
from inspections.editing import answer_save
from inspections.models import MaterialEvent, MaterialState, VersionOutcome
from inspections.workflow import TRANSITIONS, TransitionError
from meetings.models import MilestoneKind, Stage
from notifications.models import Notification

from .conftest import DETAILS, act, outline, routed, team_material, write


@pytest.fixture
def written(cast, meeting):
    return write(outline(meeting, cast.member), cast.member, preface="前言", problem=("调研不深", DETAILS))


def test_the_map_names_every_state_it_moves_between():
    assert set(TRANSITIONS) == {"submit", "submit_upper", "withdraw", "return", "pass_on", "approve", "upper_return", "reopen"}
    assert {t.target for t in TRANSITIONS.values()} == set(MaterialState.values)


def test_submitting_freezes_a_version_and_records_who_and_when(cast, written):
    act(written, cast.member, "submit", "请书记审阅")
    written.refresh_from_db()
    version = written.versions.get()
    assert written.state == MaterialState.SUBMITTED and written.first_submitted_at
    assert version.number == 1 and version.note == "请书记审阅" and version.submitted_by == cast.member
    assert version.content["aspects"][0]["problems"][0]["details"] == DETAILS
    event = MaterialEvent.objects.get()
    assert (event.from_state, event.to_state, event.actor, event.version) == ("draft", "submitted", cast.member, version)


def test_an_empty_outline_cannot_be_submitted(cast, meeting):
    with pytest.raises(TransitionError, match="还没有内容"):
        act(outline(meeting, cast.member), cast.member, "submit")


def test_only_the_secretary_returns_and_a_return_needs_a_comment(cast, written):
    act(written, cast.member, "submit")
    for user in (cast.member, cast.office, cast.supervisor):
        with pytest.raises(TransitionError):
            act(written, user, "return", "意见")
    with pytest.raises(TransitionError, match="须填写意见"):
        act(written, cast.secretary, "return")
    act(written, cast.secretary, "return", "请补充事例")
    written.refresh_from_db()
    assert written.state == MaterialState.RETURNED
    assert written.versions.get().outcome == VersionOutcome.RETURNED


def test_the_road_to_approval_and_back_through_the_secretary(cast, written):
    act(written, cast.member, "submit")
    act(written, cast.secretary, "pass_on")
    assert written.versions.get().passed_on_at is not None
    act(written, cast.supervisor, "upper_return", "原因剖析不深")
    write(written, cast.member, preface="修改后的前言")
    act(written, cast.member, "submit")
    written.refresh_from_db()
    assert written.state == MaterialState.SUBMITTED  # the revision goes to the secretary again
    act(written, cast.secretary, "pass_on")
    act(written, cast.supervisor, "approve")
    written.refresh_from_db()
    assert written.state == MaterialState.APPROVED and written.approved_at
    assert list(written.versions.values_list("outcome", flat=True)) == [VersionOutcome.UPPER_RETURNED, VersionOutcome.APPROVED]


def test_the_author_may_withdraw_before_the_secretary_decides(cast, written):
    act(written, cast.member, "submit")
    act(written, cast.member, "withdraw")
    written.refresh_from_db()
    assert written.state == MaterialState.DRAFT
    assert written.versions.get().outcome == VersionOutcome.WITHDRAWN


def test_the_secretary_cannot_send_their_own_outline_to_themself(cast, meeting):
    own = write(outline(meeting, cast.secretary), cast.secretary, preface="书记的提纲")
    with pytest.raises(TransitionError):
        act(own, cast.secretary, "submit")
    act(own, cast.secretary, "submit_upper")
    own.refresh_from_db()
    assert own.state == MaterialState.UPPER_REVIEW and own.passed_on_at


def test_nothing_moves_once_the_meeting_has_been_asked_to_convene(cast, written, meeting):
    meeting.__class__.objects.filter(pk=meeting.pk).update(stage=Stage.CONVENE_REQUESTED)
    written.meeting.refresh_from_db()
    with pytest.raises(TransitionError, match="报请召开"):
        act(written, cast.member, "submit")


def test_submitting_records_the_answers_on_the_routed_opinions(cast, meeting, written, member2):
    answered = routed(meeting, written.author, "李委员下基层调研少。")
    by_problem = routed(meeting, written.author, "督查工作走过场。")
    open_one = routed(meeting, written.author, "开会多。")
    answer_save(material=written, routing_id=answered.pk, version=0, text="我已制定调研计划。", problem_id=None,
                actor=cast.member)
    answer_save(material=written, routing_id=by_problem.pk, version=0, text="", problem_id=written.problems.get().pk,
                actor=cast.member)
    act(written, cast.member, "submit")
    for routing in (answered, by_problem, open_one):
        routing.refresh_from_db()
    assert answered.response_status == ResponseStatus.ANSWERED and answered.response == "我已制定调研计划。"
    assert answered.responded_by == cast.member and answered.responded_at
    assert by_problem.response == "已在个人发言提纲“调研不深”问题中查摆。"
    assert open_one.response_status == ResponseStatus.PENDING


def test_the_sender_of_an_opinion_is_never_frozen_or_shown(cast, meeting, written, login):
    routed(meeting, written.author, "李委员下基层调研少。")
    page = login(cast.member).get(f"/inspections/{written.pk}/edit/").content.decode()
    assert "李委员下基层调研少。" in page and "不应出现的提出人" not in page
    act(written, cast.member, "submit")
    assert "不应出现的提出人" not in str(written.versions.get().content)


def test_the_secretary_hears_of_a_submission_and_the_author_of_a_return(cast, written, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        act(written, cast.member, "submit")
    assert Notification.objects.filter(recipient=cast.secretary, title__startswith="提交书记审阅").exists()
    with django_capture_on_commit_callbacks(execute=True):
        act(written, cast.secretary, "return", "请补充事例")
    note = Notification.objects.get(recipient=cast.member)
    assert "请补充事例" in note.body and note.url == f"/inspections/{written.pk}/edit/"  # where the note stands
    with django_capture_on_commit_callbacks(execute=True):
        act(written, cast.member, "submit")
        act(written, cast.secretary, "pass_on")
    assert Notification.objects.filter(recipient=cast.supervisor).exists()


def test_the_milestone_is_done_when_every_material_passed_the_upper_review(cast, meeting, member2):
    people = [cast.member, member2, cast.secretary]
    materials = [write(outline(meeting, u), u, preface="前言") for u in people]
    team = write(team_material(meeting), cast.office, preface="班子前言")
    act(team, cast.office, "submit")
    act(team, cast.secretary, "pass_on")
    for material, user in zip(materials, people):
        if user == cast.secretary:
            act(material, user, "submit_upper")
        else:
            act(material, user, "submit")
            act(material, cast.secretary, "pass_on")
    milestone = meeting.milestones.get(kind=MilestoneKind.MATERIALS)
    for material in [team, *materials[:-1]]:
        act(material, cast.supervisor, "approve")
        milestone.refresh_from_db()
        assert milestone.done_at is None
    act(materials[-1], cast.supervisor, "approve")
    milestone.refresh_from_db()
    assert milestone.done_at is not None and milestone.done_by == cast.supervisor
    act(team, cast.supervisor, "reopen", "会议被叫停，重新修改")
    milestone.refresh_from_db()
    assert milestone.done_at is None


def test_the_team_material_answers_the_opinions_about_the_team(cast, meeting, login, django_capture_on_commit_callbacks):
    about_team = routed(meeting, None, "班子开会多、调研少。")
    routed(meeting, cast.member.person, "只属于李委员的意见。")
    team = write(team_material(meeting), cast.office, preface="班子前言")
    page = login(cast.office).get(f"/inspections/{team.pk}/edit/").content.decode()
    assert "班子开会多、调研少。" in page and "只属于李委员的意见。" not in page
    answer_save(material=team, routing_id=about_team.pk, version=0, text="党组已制定调研计划。", problem_id=None,
                actor=cast.office)
    act(team, cast.office, "submit")
    about_team.refresh_from_db()
    assert about_team.response == "党组已制定调研计划。"
