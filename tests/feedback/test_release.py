"""Feeding back verbatim: each member sees the opinions about them and the team's, never
who gave them, never those addressed only to another member; and is told."""

import pytest

from feedback import sorting
from feedback.models import FeedbackReceipt, OpinionState
from feedback.release import feedback_release
from feedback.sorting import SortingError
from meetings.models import MilestoneKind
from notifications.models import Notification

from .factories import OpinionFactory, routed

SENDER = "举报人张某"
CONTACT = "13912345678"


@pytest.fixture
def opinions(solicitation, people):
    """About 李委员; about 王委员; about the team; about both members; a late one unsorted."""
    return {
        "member": routed(
            OpinionFactory(solicitation=solicitation, content="李委员下基层次数少。", sender_name=SENDER,
                           sender_contact=CONTACT, source="masses", channel="interview"),
            people["member"],
        ),
        "colleague": routed(OpinionFactory(solicitation=solicitation, content="王委员开会讲话太长。"), people["colleague"]),
        "team": routed(OpinionFactory(solicitation=solicitation, content="班子调研成果转化不够。"), team=True),
        "both": routed(
            OpinionFactory(solicitation=solicitation, content="两位副主任分工衔接不顺。"), people["member"], people["colleague"]
        ),
        "unsorted": OpinionFactory(solicitation=solicitation, content="尚未梳理的意见。"),
    }


def _mine(client, solicitation):
    return client.get(f"/feedback/{solicitation.pk}/mine/").content.decode()


def test_a_member_sees_nothing_before_the_release(cast, solicitation, opinions, login):
    body = _mine(login(cast.member), solicitation)
    assert "办公室正在梳理" in body
    assert "李委员下基层次数少" not in body


def test_each_member_sees_exactly_their_opinions_and_the_teams(cast, solicitation, opinions, people, login, client):
    feedback_release(solicitation=solicitation, actor=cast.office)

    member_page = _mine(login(cast.member), solicitation)
    for text in ("李委员下基层次数少。", "班子调研成果转化不够。", "两位副主任分工衔接不顺。"):
        assert text in member_page
    assert "王委员开会讲话太长" not in member_page
    assert "尚未梳理的意见" not in member_page

    client.logout()
    colleague_page = _mine(login(people["colleague"].user), solicitation)
    for text in ("王委员开会讲话太长。", "班子调研成果转化不够。", "两位副主任分工衔接不顺。"):
        assert text in colleague_page
    assert "李委员下基层次数少" not in colleague_page


def test_the_member_is_never_told_who_gave_an_opinion_or_how(cast, solicitation, opinions, login):
    feedback_release(solicitation=solicitation, actor=cast.office)
    page = _mine(login(cast.member), solicitation)
    for trace in (SENDER, CONTACT, "群众", "个别访谈", "座谈会", opinions["member"].code, "王办公"):
        assert trace not in page


def test_the_secretary_sees_the_teams_opinions_but_not_those_of_a_member(cast, solicitation, opinions, login):
    feedback_release(solicitation=solicitation, actor=cast.office)
    page = _mine(login(cast.secretary), solicitation)
    assert "班子调研成果转化不够。" in page
    assert "李委员下基层次数少" not in page
    assert "王委员开会讲话太长" not in page


def test_merged_duplicates_are_fed_back_word_for_word_as_one(cast, solicitation, opinions, people, login):
    duplicate = OpinionFactory(solicitation=solicitation, content="李委员很少到基层调研。")
    sorting.opinions_merge(
        solicitation=solicitation, ids=[opinions["member"].pk, duplicate.pk], actor=cast.office
    )
    feedback_release(solicitation=solicitation, actor=cast.office)
    page = _mine(login(cast.member), solicitation)
    assert "李委员下基层次数少。" in page and "李委员很少到基层调研。" in page
    assert "以上 2 条内容相同，合并计为 1 条" in page
    assert "反映您本人的意见建议（2 条）" in page  # the group and the shared one


def test_releasing_moves_the_sorted_tells_the_members_and_completes_the_milestone(
    cast, solicitation, opinions, people, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        done = feedback_release(solicitation=solicitation, actor=cast.office)
    assert done.opinions == 4
    assert opinions["unsorted"].__class__.objects.get(pk=opinions["unsorted"].pk).state == OpinionState.NEW
    solicitation.refresh_from_db()
    assert solicitation.released_at and solicitation.released_by == cast.office
    told = {n.recipient.username: n.body for n in Notification.objects.select_related("recipient")}
    assert set(told) == {"secretary", "member", "colleague"}
    assert "反映您本人的意见建议2条，反映班子的意见建议1条" in told["member"]
    assert "反映您本人的意见建议0条，反映班子的意见建议1条" in told["secretary"]
    milestone = solicitation.meeting.milestones.get(kind=MilestoneKind.OPINIONS)
    assert milestone.done_at and milestone.done_by == cast.office


def test_a_second_release_sends_only_what_is_new_to_whom_it_concerns(
    cast, solicitation, opinions, people, django_capture_on_commit_callbacks
):
    feedback_release(solicitation=solicitation, actor=cast.office)
    Notification.objects.all().delete()
    sorting.opinions_classify(
        solicitation=solicitation, ids=[opinions["unsorted"].pk], actor=cast.office, kind="opinion",
        concerns=sorting.Concerns(members=(people["colleague"],)),
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert feedback_release(solicitation=solicitation, actor=cast.office).opinions == 1
    assert list(Notification.objects.values_list("recipient__username", flat=True)) == ["colleague"]


def test_there_must_be_something_to_release(cast, solicitation):
    OpinionFactory(solicitation=solicitation)
    with pytest.raises(SortingError, match="没有待反馈的意见"):
        feedback_release(solicitation=solicitation, actor=cast.office)


def test_the_release_page_previews_who_gets_what_then_releases(cast, solicitation, opinions, login):
    client = login(cast.office)
    body = client.get(f"/feedback/{solicitation.pk}/release/").content.decode()
    assert "本次将反馈已梳理的 <strong>4</strong> 条" in body
    assert "还有 1 条意见待梳理" in body
    response = client.post(f"/feedback/{solicitation.pk}/release/")
    assert response.status_code == 302
    assert "已向班子及班子成员反馈 4 条" in client.get(response["Location"]).content.decode()


def test_opening_the_page_is_recorded_and_shown_to_the_office(cast, solicitation, opinions, login, client):
    feedback_release(solicitation=solicitation, actor=cast.office)
    _mine(login(cast.member), solicitation)
    assert FeedbackReceipt.objects.filter(person__user=cast.member).exists()
    client.logout()
    overview = login(cast.office).get(f"/feedback/{solicitation.pk}/").content.decode()
    assert "已阅" in overview and "未阅" in overview


def test_each_routed_opinion_waits_for_an_answer(cast, solicitation, opinions, login):
    feedback_release(solicitation=solicitation, actor=cast.office)
    assert "未回应" in _mine(login(cast.member), solicitation)
    routing = opinions["member"].routings.get()
    assert routing.response_status == "pending"
