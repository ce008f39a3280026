"""The switch, the 登记表 and its three writers, and who may read it."""

import pytest
from django.urls import reverse

from evaluation.documents import REGISTRATION_KIND
from evaluation.models import Evaluation, Registration, RegistrationState, SelfJudgement
from evaluation.services import StaleSave, registration_for, self_assessment_save
from evaluation.workflow import TransitionError, registration_transition
from meetings.models import Meeting, MeetingKind, Stage
from meetings.progress import meeting_checklist, work_for

from ..factories import MeetingFactory

pytestmark = pytest.mark.django_db


def _written(registration, user, text="一年来认真学习党章党规……", judgement=SelfJudgement.QUALIFIED):
    return self_assessment_save(registration=registration, text=text, judgement=judgement,
                                version=registration.version, actor=user)


def _submitted(evaluation, user):
    registration = registration_for(evaluation=evaluation, person=user.person)
    _written(registration, user)
    registration_transition(registration=registration, name="submit", actor=user, roles=frozenset({"author"}))
    registration.refresh_from_db()
    return registration


# --- the switch ---------------------------------------------------------------------------


def test_the_phase_is_404_until_the_office_switches_it_on(login, branch_cast, life_meeting):
    url = reverse("evaluation:overview", args=[life_meeting.pk])
    assert login(branch_cast.office).get(url).status_code == 404
    response = login(branch_cast.office).post(reverse("evaluation:switch", args=[life_meeting.pk]),
                                              {"enabled": "on", "due_date": "2026-12-20"})
    assert response.status_code == 302
    assert Evaluation.objects.get(meeting=life_meeting).enabled
    assert login(branch_cast.member).get(url).status_code == 200


def test_only_the_office_opens_the_switch(login, client, branch_cast, life_meeting):
    url = reverse("evaluation:switch", args=[life_meeting.pk])
    assert client.get(url).status_code == 302  # anonymous: to the login page
    assert login(branch_cast.member).get(url).status_code == 403
    assert login(branch_cast.outsider).get(url).status_code == 404
    assert login(branch_cast.office).get(url).status_code == 200


def test_a_democratic_life_meeting_has_no_evaluation_at_all(login, cast):
    meeting = MeetingFactory(organization=cast.gov)
    assert login(cast.office).get(reverse("evaluation:switch", args=[meeting.pk])).status_code == 404
    assert "民主评议党员" not in [s.phase for s in meeting_checklist(meeting)]


def test_the_checklist_offers_the_switch_and_then_shows_the_phase(branch_cast, life_meeting):
    section = next(s for s in meeting_checklist(life_meeting) if s.phase == "民主评议党员")
    assert [i.label for i in section.items] == ["未开展民主评议党员"]
    Evaluation.objects.create(meeting=life_meeting)
    section = next(s for s in meeting_checklist(life_meeting) if s.phase == "民主评议党员")
    assert section.items[0].label == "自我鉴定经支部审定"
    assert section.items[0].detail == "0/7"
    assert not section.items[0].done


def test_switching_off_keeps_what_was_written(login, branch_cast, evaluation):
    registration = registration_for(evaluation=evaluation, person=branch_cast.member.person)
    _written(registration, branch_cast.member)
    login(branch_cast.office).post(reverse("evaluation:switch", args=[evaluation.meeting_id]), {"due_date": ""})
    assert not Evaluation.objects.get(pk=evaluation.pk).enabled
    assert login(branch_cast.member).get(reverse("evaluation:registration", args=[registration.pk])).status_code == 404
    login(branch_cast.office).post(reverse("evaluation:switch", args=[evaluation.meeting_id]), {"enabled": "on"})
    assert Registration.objects.get(pk=registration.pk).self_assessment.startswith("一年来")


# --- writing and approving ----------------------------------------------------------------


def test_a_member_writes_submits_and_the_secretary_approves(login, branch_cast, evaluation):
    client = login(branch_cast.member)
    response = client.get(reverse("evaluation:mine", args=[evaluation.meeting_id]))
    registration = Registration.objects.get(evaluation=evaluation, person=branch_cast.member.person)
    assert response.url == reverse("evaluation:registration", args=[registration.pk])
    client.post(reverse("evaluation:self_assessment", args=[registration.pk]),
                {"version": 1, "self_assessment": "认真学习，立足本职。", "self_judgement": "qualified"})
    client.post(reverse("evaluation:transition", args=[registration.pk, "submit"]))
    registration.refresh_from_db()
    assert registration.state == RegistrationState.SUBMITTED
    # Submitted: the member can no longer change it.
    response = client.post(reverse("evaluation:self_assessment", args=[registration.pk]),
                           {"version": 2, "self_assessment": "改了", "self_judgement": "qualified"})
    assert response.status_code == 409
    assert Registration.objects.get(pk=registration.pk).self_assessment == "认真学习，立足本职。"

    login(branch_cast.secretary).post(reverse("evaluation:transition", args=[registration.pk, "approve"]))
    registration.refresh_from_db()
    assert registration.state == RegistrationState.APPROVED
    assert [e.action for e in registration.events.all()] == ["提交支部审定", "审定通过"]
    assert registration.events.last().text == "认真学习，立足本职。"


def test_an_empty_self_assessment_cannot_be_submitted(branch_cast, evaluation):
    registration = registration_for(evaluation=evaluation, person=branch_cast.member.person)
    with pytest.raises(TransitionError, match="请先填写自我鉴定"):
        registration_transition(registration=registration, name="submit", actor=branch_cast.member,
                                roles=frozenset({"author"}))


def test_a_return_needs_a_reason_and_reopens_the_text(login, branch_cast, evaluation):
    registration = _submitted(evaluation, branch_cast.member)
    client = login(branch_cast.secretary)
    client.post(reverse("evaluation:transition", args=[registration.pk, "return"]), {"note": ""})
    assert Registration.objects.get(pk=registration.pk).state == RegistrationState.SUBMITTED
    client.post(reverse("evaluation:transition", args=[registration.pk, "return"]), {"note": "请联系工作实际"})
    assert Registration.objects.get(pk=registration.pk).state == RegistrationState.RETURNED


def test_the_secretary_does_not_approve_their_own_text_the_office_does(login, branch_cast, evaluation):
    registration = _submitted(evaluation, branch_cast.secretary)
    login(branch_cast.secretary).post(reverse("evaluation:transition", args=[registration.pk, "approve"]))
    assert Registration.objects.get(pk=registration.pk).state == RegistrationState.SUBMITTED
    login(branch_cast.office).post(reverse("evaluation:transition", args=[registration.pk, "approve"]))
    assert Registration.objects.get(pk=registration.pk).state == RegistrationState.APPROVED


def test_a_stale_save_is_refused_and_both_texts_are_kept(login, branch_cast, evaluation):
    registration = registration_for(evaluation=evaluation, person=branch_cast.member.person)
    _written(registration, branch_cast.member, text="第一个窗口的内容")
    response = login(branch_cast.member).post(
        reverse("evaluation:self_assessment", args=[registration.pk]),
        {"version": 1, "self_assessment": "第二个窗口的内容", "self_judgement": "qualified"},
    )
    assert response.status_code == 409
    page = response.content.decode()
    assert "第一个窗口的内容" in page and "第二个窗口的内容" in page and "没有保存" in page
    assert Registration.objects.get(pk=registration.pk).self_assessment == "第一个窗口的内容"


def test_the_same_words_saved_twice_are_no_conflict(branch_cast, evaluation):
    registration = registration_for(evaluation=evaluation, person=branch_cast.member.person)
    _written(registration, branch_cast.member, text="同样的内容")
    again = self_assessment_save(registration=registration, text="同样的内容", judgement=SelfJudgement.QUALIFIED,
                                 version=1, actor=branch_cast.member)
    assert again.version == 2


def test_a_stale_group_opinion_is_refused(branch_cast, evaluation):
    from evaluation.services import group_opinion_save

    registration = registration_for(evaluation=evaluation, person=branch_cast.member.person)
    group_opinion_save(registration=registration, text="表现较好", version=1, actor=branch_cast.member3)
    with pytest.raises(StaleSave):
        group_opinion_save(registration=registration, text="另一意见", version=1, actor=branch_cast.member3)


# --- the opinions -------------------------------------------------------------------------


def test_the_group_leader_writes_the_group_opinion_for_the_groups_members_only(login, branch_cast, evaluation):
    in_group = registration_for(evaluation=evaluation, person=branch_cast.member.person)
    outside_group = registration_for(evaluation=evaluation, person=branch_cast.member5.person)
    leader = login(branch_cast.member3)
    response = leader.post(reverse("evaluation:group_opinion", args=[in_group.pk]),
                           {"group-version": 1, "group-text": "学习认真，作用发挥较好。"})
    assert response.status_code == 302
    assert Registration.objects.get(pk=in_group.pk).group_opinion == "学习认真，作用发挥较好。"
    assert leader.get(reverse("evaluation:registration", args=[outside_group.pk])).status_code == 404
    # A member without a group has the committee write the group's part.
    response = login(branch_cast.secretary).post(reverse("evaluation:group_opinion", args=[outside_group.pk]),
                                                 {"group-version": 1, "group-text": "支委意见"})
    assert response.status_code == 302


def test_the_office_enters_the_outside_opinion_a_member_may_not(login, branch_cast, evaluation):
    registration = registration_for(evaluation=evaluation, person=branch_cast.member.person)
    url = reverse("evaluation:outside_opinion", args=[registration.pk])
    assert login(branch_cast.member).post(url, {"outside-version": 1, "outside-text": "好"}).status_code == 403
    login(branch_cast.office).post(url, {"outside-version": 1, "outside-text": "群众反映服务热情。"})
    assert Registration.objects.get(pk=registration.pk).outside_opinion == "群众反映服务热情。"


# --- who reads ----------------------------------------------------------------------------


def test_a_registration_page_for_each_role(login, client, branch_cast, evaluation):
    registration = registration_for(evaluation=evaluation, person=branch_cast.member.person)
    _written(registration, branch_cast.member, text="我的自我鉴定正文")
    url = reverse("evaluation:registration", args=[registration.pk])
    assert client.get(url).status_code == 302
    assert login(branch_cast.outsider).get(url).status_code == 404
    assert login(branch_cast.member5).get(url).status_code == 404  # another member
    assert "我的自我鉴定正文" in login(branch_cast.member).get(url).content.decode()
    document = reverse("documents:request", args=[REGISTRATION_KIND, "pdf", registration.pk])
    # A draft is its author's until submitted: the others open the 登记表 without it.
    others = (branch_cast.secretary, branch_cast.office, branch_cast.supervisor, branch_cast.member3)
    for user in others:
        response = login(user).get(url)
        assert response.status_code == 200
        page = response.content.decode()
        assert "我的自我鉴定正文" not in page and "本人尚未提交自我鉴定" in page
        assert login(user).post(document).status_code == 404
    act = login(branch_cast.member).post(reverse("evaluation:transition", args=[registration.pk, "submit"]))
    assert act.status_code == 302
    for user in others:
        assert "我的自我鉴定正文" in login(user).get(url).content.decode()


def test_the_overview_lists_everyone_for_the_branch_and_the_group_for_its_leader(login, client, branch_cast,
                                                                                  evaluation):
    url = reverse("evaluation:overview", args=[evaluation.meeting_id])
    assert client.get(url).status_code == 302
    assert login(branch_cast.outsider).get(url).status_code == 404
    page = login(branch_cast.secretary).get(url).content.decode()
    assert "全体党员（7人）" in page and "预备党员" in page
    page = login(branch_cast.member3).get(url).content.decode()
    assert "本党小组党员（3人）" in page and "陈同志" not in page
    page = login(branch_cast.member5).get(url).content.decode()
    assert "全体党员" not in page and "填写我的登记表" in page


def test_an_archived_meeting_refuses_every_save(branch_cast, evaluation):
    from django.core.exceptions import PermissionDenied

    registration = registration_for(evaluation=evaluation, person=branch_cast.member.person)
    Meeting.objects.filter(pk=evaluation.meeting_id).update(stage=Stage.ARCHIVED)
    registration = Registration.objects.select_related("evaluation__meeting").get(pk=registration.pk)
    with pytest.raises(PermissionDenied):
        _written(registration, branch_cast.member)


# --- my work ------------------------------------------------------------------------------


def test_my_work_asks_members_to_write_and_the_secretary_to_approve(branch_cast, evaluation):
    titles = [i.title for i in work_for(branch_cast.member5)]
    assert "民主评议党员：撰写并提交自我鉴定" in titles
    _submitted(evaluation, branch_cast.member5)
    assert "民主评议党员：撰写并提交自我鉴定" not in [i.title for i in work_for(branch_cast.member5)]
    assert "审定党员自我鉴定：1份待审定" in [i.title for i in work_for(branch_cast.secretary)]
    assert "审定党员自我鉴定：1份待审定" in [i.title for i in work_for(branch_cast.office)]


def test_my_work_asks_the_group_leader_for_the_groups_opinions(branch_cast, evaluation):
    registration_for(evaluation=evaluation, person=branch_cast.member.person)
    assert "填写党小组评议意见：1人" in [i.title for i in work_for(branch_cast.member3)]


def test_nobody_outside_the_branch_gets_work_from_it(branch_cast, evaluation):
    assert [i.kind for i in work_for(branch_cast.member5)].count("民主评议党员") == 1
    assert not [i for i in work_for(branch_cast.outsider) if i.kind == "民主评议党员"]


def test_the_mutual_evaluation_is_recorded_without_speakers_and_shown_to_the_member(login, branch_cast, evaluation):
    registration = registration_for(evaluation=evaluation, person=branch_cast.member.person)
    url = reverse("evaluation:mutual_record", args=[registration.pk])
    assert login(branch_cast.member3).post(url, {"mutual-version": 1, "mutual-text": "x"}).status_code == 403
    login(branch_cast.office).post(url, {"mutual-version": 1, "mutual-text": "大家认为该同志联系群众不够。"})
    assert Registration.objects.get(pk=registration.pk).mutual_record == "大家认为该同志联系群众不够。"
    page = login(branch_cast.member).get(reverse("evaluation:registration", args=[registration.pk]))
    assert "大家认为该同志联系群众不够。" in page.content.decode()


def test_a_member_on_leave_has_their_material_read_by_another(login, branch_cast, evaluation):
    registration = registration_for(evaluation=evaluation, person=branch_cast.member4.person)
    url = reverse("evaluation:leave", args=[registration.pk])
    client = login(branch_cast.secretary)
    response = client.post(url, {"leave-on_leave": "on"})
    assert response.status_code == 400 and "请选择代为宣读" in response.content.decode()
    client.post(url, {"leave-on_leave": "on", "leave-read_by": branch_cast.member3.person.pk})
    registration.refresh_from_db()
    assert registration.on_leave and registration.read_by == branch_cast.member3.person
    assert login(branch_cast.member4).post(url, {"leave-on_leave": ""}).status_code == 403
    response = login(branch_cast.secretary).post(url, {"leave-on_leave": "on", "leave-read_by": branch_cast.member4.person.pk})
    assert response.status_code == 400  # not themself: not among the choices


def test_the_agenda_proposal_is_the_scoring_round_only_once_switched_on(branch_cast, life_meeting):
    from evaluation.agenda import SCORING_KEY, agenda_proposals

    assert agenda_proposals(life_meeting) == []
    Evaluation.objects.create(meeting=life_meeting)
    (item,) = agenda_proposals(life_meeting)
    assert item["key"] == SCORING_KEY and "现场不记名评分" in item["title"] and item["after_kind"] == "rotation"


def test_the_meetings_agenda_gets_the_scoring_round_after_the_rotation_once_switched_on(branch_cast, life_meeting):
    from proceedings.agenda import agenda_from_plan
    from proceedings.models import AgendaKind

    agenda_from_plan(meeting=life_meeting)
    assert not life_meeting.agenda_items.filter(title__contains="现场不记名评分").exists()
    Evaluation.objects.create(meeting=life_meeting)
    items = list(agenda_from_plan(meeting=life_meeting))
    kinds = [item.kind for item in items]
    scoring = [i for i, item in enumerate(items) if "现场不记名评分" in item.title]
    assert len(scoring) == 1
    assert scoring[0] == kinds.index(AgendaKind.ROTATION) + 1
    agenda_from_plan(meeting=life_meeting)
    assert life_meeting.agenda_items.filter(title__contains="现场不记名评分").count() == 1
