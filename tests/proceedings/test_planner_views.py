"""The planner's pages: who opens which (anonymous → login, wrong role → 404), what each sees."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from meetings.models import Meeting, Stage
from organizations.models import TeamPosition
from organizations.services import team_member_add
from proceedings.models import CriticAssignment, CriticismPlan
from proceedings.planner import planner_people

from ..factories import PersonFactory, UserFactory
from .planner_kit import GOOD, HOPE, plan, talk_criticism

SECRET = "你在分管的项目审批中今年有4次越过集体研究直接拍板，民主集中制意识淡化。"


@pytest.fixture
def planned(ready_meeting, team7):
    """李委员 plans one criticism of 王委员; 王委员 plans one of 李委员 (李委员 must not see it)."""
    secretary, member, wang = team7.people[:3]
    mine = plan(ready_meeting, member, wang, HOPE)
    plan(ready_meeting, wang, member, SECRET)
    talk_criticism(ready_meeting, secretary, member, "你今年3次会议迟到，纪律意识不强。")
    return mine


def url(name, *args):
    return reverse(f"proceedings:{name}", args=args)


@pytest.mark.parametrize("name", ["planner", "planner_mine", "planner_xlsx"])
def test_the_planner_pages_ask_an_anonymous_visitor_to_log_in(client, ready_meeting, name):
    answer = client.get(url(name, ready_meeting.pk))
    assert answer.status_code == 302 and "/login" in answer["Location"]


@pytest.mark.parametrize("who", ["office", "secretary"])
def test_the_office_and_the_secretary_see_the_matrix_with_its_texts(login, cast, planned, who):
    page = login(getattr(cast, who)).get(url("planner", planned.meeting_id))
    assert page.status_code == 200
    text = page.content.decode()
    assert "批评意见矩阵" in text and SECRET in text and HOPE in text
    assert "只提了希望，没有点出问题。" in text
    assert "尚有空缺" in text


def test_the_supervisor_sees_the_matrix_as_counts_without_a_text(login, cast, planned):
    page = login(cast.supervisor).get(url("planner", planned.meeting_id))
    text = page.content.decode()
    assert page.status_code == 200 and "批评意见矩阵" in text and "尚有空缺" in text
    assert SECRET not in text and HOPE not in text and "纪律意识不强" not in text
    assert "只提了希望" not in text and 'href="#c-' not in text


def test_a_member_asking_for_the_matrix_is_sent_to_their_own_row(login, cast, planned):
    answer = login(cast.member).get(url("planner", planned.meeting_id))
    assert answer.status_code == 302 and answer["Location"] == url("planner_mine", planned.meeting_id)


def test_the_matrix_is_a_404_for_an_outsider(login, cast, planned):
    assert login(cast.outsider).get(url("planner", planned.meeting_id)).status_code == 404


def test_a_member_sees_their_own_row_and_what_their_talks_told_them(login, cast, planned):
    page = login(cast.member).get(url("planner_mine", planned.meeting_id))
    text = page.content.decode()
    assert page.status_code == 200
    assert HOPE in text and "只提了希望" in text
    assert "你今年3次会议迟到，纪律意识不强。" in text  # said to them in a confirmed talk
    assert SECRET not in text  # 王委员's planner item of them stays hidden before the meeting
    assert text.count('class="plan-form"') == 6  # one form per colleague


@pytest.mark.parametrize("who", ["supervisor", "outsider"])
def test_ones_own_row_is_a_404_for_the_supervisor_and_an_outsider(login, cast, planned, who):
    assert login(getattr(cast, who)).get(url("planner_mine", planned.meeting_id)).status_code == 404


def test_the_office_off_the_team_is_sent_to_the_matrix(login, cast, planned):
    answer = login(cast.office).get(url("planner_mine", planned.meeting_id))
    assert answer.status_code == 302 and answer["Location"] == url("planner", planned.meeting_id)


def test_a_member_adds_a_criticism_and_is_told_of_its_hint(login, cast, ready_meeting, team7):
    wang = team7.people[2]
    client = login(cast.member)
    page = client.get(url("planner_mine", ready_meeting.pk)).content.decode()
    token = page.split('name="form_token" value="')[1].split('"')[0]
    post = {"form_token": token, "receiver": wang.pk, "text": "建议王委员今后多深入基层调研。"}
    answer = client.post(url("planner_add", ready_meeting.pk), post, follow=True)
    text = answer.content.decode()
    assert "已保存对王委员的批评意见。系统有1条提示" in text and "只提了工作建议" in text
    client.post(url("planner_add", ready_meeting.pk), post)  # the same form again: saved once
    assert CriticismPlan.objects.filter(giver=cast.member.person, receiver=wang).count() == 1


def test_an_empty_criticism_is_shown_back_with_its_error(login, cast, ready_meeting, team7):
    answer = login(cast.member).post(url("planner_add", ready_meeting.pk), {"receiver": team7.people[2].pk, "text": " "})
    assert answer.status_code == 400 and "请填写拟提出的批评意见。" in answer.content.decode()


def test_a_receiver_outside_the_team_is_refused_by_the_form(login, cast, ready_meeting, team7):
    answer = login(cast.member).post(url("planner_add", ready_meeting.pk), {"receiver": cast.outsider.person.pk, "text": GOOD})
    assert answer.status_code == 400 and not CriticismPlan.objects.exists()
    assert "被批评人须是参加会议的成员，未保存。" in answer.content.decode()


@pytest.mark.parametrize("who", ["office", "supervisor", "outsider"])
def test_only_a_team_member_may_add(login, cast, ready_meeting, team7, who):
    answer = login(getattr(cast, who)).post(url("planner_add", ready_meeting.pk), {"receiver": team7.people[2].pk, "text": GOOD})
    assert answer.status_code == 404 and not CriticismPlan.objects.exists()


def test_an_archived_meeting_refuses_a_new_criticism(login, cast, ready_meeting, team7):
    Meeting.objects.filter(pk=ready_meeting.pk).update(stage=Stage.ARCHIVED)
    answer = login(cast.member).post(url("planner_add", ready_meeting.pk), {"receiver": team7.people[2].pk, "text": GOOD})
    assert answer.status_code == 403 and not CriticismPlan.objects.exists()


def test_a_held_meeting_shows_the_row_without_forms(login, cast, planned):
    Meeting.objects.filter(pk=planned.meeting_id).update(stage=Stage.HELD)
    text = login(cast.member).get(url("planner_mine", planned.meeting_id)).content.decode()
    assert HOPE in text and 'class="plan-form"' not in text and "修改</a>" not in text


def test_the_giver_edits_their_criticism(login, cast, planned):
    client = login(cast.member)
    assert client.get(url("planner_edit", planned.pk)).status_code == 200
    answer = client.post(url("planner_edit", planned.pk), {"text": GOOD, "version": 1})
    assert answer.status_code == 302
    planned.refresh_from_db()
    assert planned.text == GOOD and planned.version == 2


def test_a_stale_edit_keeps_the_typed_text_and_shows_the_latest(login, cast, planned):
    client = login(cast.member)
    client.post(url("planner_edit", planned.pk), {"text": GOOD, "version": 1})
    answer = client.post(url("planner_edit", planned.pk), {"text": "旧窗口里写的话", "version": 1})
    text = answer.content.decode()
    assert answer.status_code == 400 and "另一个窗口" in text and "旧窗口里写的话" in text and GOOD in text
    assert 'name="version" value="2"' in text


@pytest.mark.parametrize("who", ["secretary", "office", "outsider"])
def test_someone_elses_criticism_cannot_be_edited_or_deleted(login, cast, planned, who):
    client = login(getattr(cast, who))
    assert client.get(url("planner_edit", planned.pk)).status_code == 404
    assert client.post(url("planner_delete", planned.pk)).status_code == 404
    assert CriticismPlan.objects.filter(pk=planned.pk).exists()


def test_the_giver_deletes_their_criticism(login, cast, planned):
    answer = login(cast.member).post(url("planner_delete", planned.pk), follow=True)
    assert "已删除对王委员的一条批评意见。" in answer.content.decode()
    assert not CriticismPlan.objects.filter(pk=planned.pk).exists()


def test_the_hints_follow_the_text_being_typed(login, cast, ready_meeting, team7):
    client = login(cast.member)
    answer = client.post(url("planner_hints", ready_meeting.pk), {"text": "希望你更上一层楼。", "receiver": team7.people[2].pk})
    assert "只提了希望" in answer.content.decode()
    answer = client.post(url("planner_hints", ready_meeting.pk), {"text": GOOD})
    assert "暂无提示" in answer.content.decode()
    assert login(cast.outsider).post(url("planner_hints", ready_meeting.pk), {"text": "x"}).status_code == 404


def test_the_matrix_costs_the_same_queries_for_5_and_50_planned_criticisms(login, cast, ready_meeting, team7,
                                                                               same_queries_at_5_and_50):
    client = login(cast.office)
    people = team7.people

    def grow(n):
        have = CriticismPlan.objects.count()
        for i in range(have, n):
            giver, receiver = people[i % 7], people[(i // 7 + i + 1) % 7]
            if giver == receiver:
                receiver = people[(i + 1) % 7]
            if i % 5 == 0:
                talk_criticism(ready_meeting, giver, receiver)
            plan(ready_meeting, giver, receiver, HOPE)

    count, answer = same_queries_at_5_and_50(grow, lambda: client.get(url("planner", ready_meeting.pk)))
    assert answer.status_code == 200


def _grow_team(cast, size):
    have = len(cast.gov.team.all())
    for rank in range(have + 1, size + 1):
        person = PersonFactory(user=UserFactory(), name=f"赵委员{rank}", organization=cast.gov)
        team_member_add(person=person, organization=cast.gov, position=TeamPosition.MEMBER, rank=rank + 10)


@pytest.mark.parametrize("name, who", [("planner", "office"), ("planner_mine", "member")])
def test_the_pages_cost_the_same_queries_for_5_and_15_team_members(login, cast, ready_meeting, name, who):
    client = login(getattr(cast, who))
    counts = []
    for size in (5, 15):
        _grow_team(cast, size)
        client.get(url(name, ready_meeting.pk))
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url(name, ready_meeting.pk)).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


# --- above nine members: from the plan to the critic assignment ---------------------------------


@pytest.fixture
def team11(cast, ready_meeting, team7):
    _grow_team(cast, 11)
    return planner_people(ready_meeting)


def test_the_critics_page_asks_an_anonymous_visitor_to_log_in(client, ready_meeting):
    answer = client.get(url("planner_critics", ready_meeting.pk))
    assert answer.status_code == 302 and "/login" in answer["Location"]


@pytest.mark.parametrize("who", ["secretary", "member", "supervisor", "outsider"])
def test_the_critics_page_is_a_404_for_all_but_the_office(login, cast, team11, ready_meeting, who):
    assert login(getattr(cast, who)).get(url("planner_critics", ready_meeting.pk)).status_code == 404


def test_the_critics_page_is_a_404_for_a_team_of_seven(login, cast, ready_meeting, team7):
    assert login(cast.office).get(url("planner_critics", ready_meeting.pk)).status_code == 404


def test_the_office_previews_and_confirms_the_critics_from_the_plan(login, cast, team11, ready_meeting):
    secretary, member, wang = team11[:3]
    plan(ready_meeting, member, secretary)
    plan(ready_meeting, wang, secretary)
    client = login(cast.office)
    matrix = client.get(url("planner", ready_meeting.pk)).content.decode()
    assert "按拟提出的批评意见安排批评人" in matrix
    preview = client.get(url("planner_critics", ready_meeting.pk)).content.decode()
    assert "确认安排（1位成员）" in preview and "李委员、王委员" in preview
    assert "李委员的批评人不足2人（现0人）" in preview
    answer = client.post(url("planner_critics", ready_meeting.pk), follow=True)
    assert "已按拟提出的批评意见安排1位成员的批评人。" in answer.content.decode()
    assert set(CriticAssignment.objects.values_list("giver_id", "receiver_id")) == {
        (member.pk, secretary.pk), (wang.pk, secretary.pk)}
    # The assigned cells are framed in the matrix; a member's row now has its gaps.
    assert "plan-assigned" in answer.content.decode()


def test_a_member_with_an_assigned_colleague_unplanned_finds_it_in_my_work(login, cast, team11, ready_meeting):
    from meetings.progress import work_for

    secretary, member, wang = team11[:3]
    CriticAssignment.objects.create(meeting=ready_meeting, giver=member, receiver=wang)
    plan(ready_meeting, member, secretary)
    titles = [i.title for i in work_for(cast.member) if i.kind == "批评意见准备"]
    assert titles == ["批评意见准备：还未对1位同事拟定批评意见（王委员）"]


def test_the_office_exports_the_matrix_and_the_texts(login, cast, planned):
    from io import BytesIO

    from openpyxl import load_workbook

    answer = login(cast.office).get(url("planner_xlsx", planned.meeting_id))
    assert answer.status_code == 200 and "attachment" in answer["Content-Disposition"]
    book = load_workbook(BytesIO(answer.content))
    matrix = list(book["批评意见矩阵"].values)
    assert matrix[0][:3] == ("提出人＼被批评人", "张书记", "李委员")
    assert matrix[2][:4] == ("李委员", "空缺", "—", 1)
    rows = list(book["批评意见清单"].values)
    texts = {(r[1], r[2]): (r[3], r[4], r[5]) for r in rows[1:] if r[4] != "尚未拟定"}
    assert texts[("李委员", "王委员")] == ("会前填写", HOPE, "只提了希望，没有点出问题。（不能以提希望代替点问题）")
    assert texts[("张书记", "李委员")][0].startswith("谈心谈话（2026年11月20日）")


@pytest.mark.parametrize("who", ["member", "supervisor", "outsider"])
def test_the_export_is_a_404_for_those_who_do_not_read_the_texts(login, cast, planned, who):
    assert login(getattr(cast, who)).get(url("planner_xlsx", planned.meeting_id)).status_code == 404


def test_above_nine_the_colleagues_not_assigned_wait_behind_a_fold(login, cast, team11, ready_meeting):
    secretary, member, wang = team11[:3]
    CriticAssignment.objects.create(meeting=ready_meeting, giver=member, receiver=wang)
    text = login(cast.member).get(url("planner_mine", ready_meeting.pk)).content.decode()
    main, fold = text.split('<details class="card plan-others"')
    assert f'id="r-{wang.pk}"' in main and "办公室安排" in main and "尚未拟定" in main
    assert f'id="r-{secretary.pk}"' in fold and "其他同事（9人）" in fold
    assert fold.startswith(">")  # closed
    # A refused entry for a folded colleague opens the fold to show its error.
    answer = login(cast.member).post(url("planner_add", ready_meeting.pk), {"receiver": secretary.pk, "text": ""})
    assert '<details class="card plan-others" open>' in answer.content.decode()


def test_the_secretary_reads_the_matrix_without_the_texts_planned_of_themself(login, cast, ready_meeting, team7):
    secretary, member, wang = team7.people[:3]
    plan(ready_meeting, member, secretary, SECRET)
    talk_criticism(ready_meeting, wang, secretary, "你今年有2次党组会临时改期，会前沟通不够，民主作风有待加强。")
    text = login(cast.secretary).get(url("planner", ready_meeting.pk)).content.decode()
    assert SECRET not in text and "会前不向本人显示内容" in text
    assert "你今年有2次党组会临时改期" in text  # the talk told them already
    assert f'title="李委员对张书记：1条"' in text  # still counted
    assert SECRET in login(cast.office).get(url("planner", ready_meeting.pk)).content.decode()
