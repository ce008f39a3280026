"""The scoring round: who may score, once, in range, while it runs; the result only after
it closed and only with enough voters."""

import pytest
from django.test import Client
from django.urls import reverse

from evaluation.models import Ballot, BallotCode, CommitteeBallot, Participation, RoundAccess, RoundState
from evaluation.scoring import (
    ResultWithheld,
    ScoringError,
    Sheet,
    codes_issue,
    items_for,
    items_save,
    paper_sheet_enter,
    round_create,
    round_result,
    round_transition,
    scored_people,
    sheet_submit,
)

pytestmark = pytest.mark.django_db

VOTERS = ("member", "member3", "member4", "member5", "member7")


def _open(evaluation, office, access=RoundAccess.ACCOUNTS, **kwargs):
    round = round_create(evaluation=evaluation, access=access, minimum_voters=kwargs.get("minimum", 5),
                         with_committee=kwargs.get("committee", True), actor=office)
    return round_transition(round=round, name="open", actor=office)


def _sheet(round, voter=None, points=(15, 16, 17, 18, 19), committee=(1, 2, 1, 1, 3)):
    return Sheet(scores={p.pk: list(points) for p in scored_people(round, voter)}, committee=list(committee))


def _vote(round, user, **kwargs):
    person = user.person
    sheet_submit(round=round, sheet=_sheet(round, person, **kwargs), voter=person)


def test_a_member_scores_everyone_but_themself_once(branch_cast, evaluation):
    round = _open(evaluation, branch_cast.office)
    person = branch_cast.member.person
    assert person not in scored_people(round, person)
    assert len(scored_people(round, person)) == 6
    _vote(round, branch_cast.member)
    with pytest.raises(ScoringError, match="您已经提交过评分"):
        _vote(round, branch_cast.member, points=(1, 1, 1, 1, 1))
    round_transition(round=round, name="close", actor=branch_cast.office)
    assert Ballot.objects.count() == 6  # the first sheet only
    assert set(Ballot.objects.values_list("score_1", flat=True)) == {15}


def test_a_score_outside_the_items_range_changes_nothing(branch_cast, evaluation):
    round = _open(evaluation, branch_cast.office)
    with pytest.raises(ScoringError, match="须在0至20分之间"):
        _vote(round, branch_cast.member, points=(15, 16, 17, 18, 21))
    assert not Participation.objects.exists()
    _vote(round, branch_cast.member)  # and may still score
    assert Participation.objects.count() == 1


def test_nobody_scores_after_the_round_closed_or_before_it_opened(branch_cast, evaluation):
    round = round_create(evaluation=evaluation, access=RoundAccess.ACCOUNTS, minimum_voters=5,
                         with_committee=False, actor=branch_cast.office)
    with pytest.raises(ScoringError, match="尚未开始"):
        sheet_submit(round=round, sheet=Sheet(), voter=branch_cast.member.person)
    round = round_transition(round=round, name="open", actor=branch_cast.office)
    round = round_transition(round=round, name="close", actor=branch_cast.office)
    with pytest.raises(ScoringError, match="已经结束"):
        _vote(round, branch_cast.member)
    assert not Participation.objects.exists()
    with pytest.raises(ScoringError, match="不能开始评分"):
        round_transition(round=round, name="open", actor=branch_cast.office)


def test_someone_outside_the_branch_cannot_score(branch_cast, evaluation):
    round = _open(evaluation, branch_cast.office)
    with pytest.raises(ScoringError, match="只有本支部党员"):
        sheet_submit(round=round, sheet=_sheet(round), voter=branch_cast.outsider.person)


def test_ballots_wait_until_the_round_closes_then_all_are_written_at_once(settings, branch_cast, evaluation):
    settings.ANONYMOUS_BATCH_SIZE = 2  # a held scope ignores the batch size
    round = _open(evaluation, branch_cast.office)
    for username in VOTERS:
        _vote(round, getattr(branch_cast, username))
    assert not Ballot.objects.exists() and not CommitteeBallot.objects.exists()
    round_transition(round=round, name="close", actor=branch_cast.office)
    assert Ballot.objects.count() == 5 * 6
    assert CommitteeBallot.objects.count() == 5


def test_the_result_is_withheld_while_the_round_runs(branch_cast, evaluation):
    round = _open(evaluation, branch_cast.office)
    for username in VOTERS:
        _vote(round, getattr(branch_cast, username))
    with pytest.raises(ResultWithheld, match="评分结束后才显示结果"):
        round_result(round)


def test_the_result_is_withheld_with_fewer_than_the_minimum(branch_cast, evaluation):
    round = _open(evaluation, branch_cast.office)
    for username in VOTERS[:4]:
        _vote(round, getattr(branch_cast, username))
    round = round_transition(round=round, name="close", actor=branch_cast.office)
    with pytest.raises(ResultWithheld, match="共有4人评分，少于5人"):
        round_result(round)


def test_the_result_gives_totals_and_averages_per_member_and_item(branch_cast, evaluation):
    round = _open(evaluation, branch_cast.office)
    for i, username in enumerate(VOTERS):
        _vote(round, getattr(branch_cast, username), points=(10 + i, 20, 20, 20, 20))
    round = round_transition(round=round, name="close", actor=branch_cast.office)
    result = round_result(round)
    assert result.voters == 5
    secretary = next(m for m in result.members if m.person == branch_cast.secretary.person)
    assert secretary.count == 5
    assert secretary.totals == [60, 100, 100, 100, 100]
    assert secretary.averages == [12.0, 20.0, 20.0, 20.0, 20.0]
    assert secretary.total_average == 92.0
    member = next(m for m in result.members if m.person == branch_cast.member.person)
    assert member.count == 4  # nobody scores themself
    assert dict(result.committee[2].counts) == {"好": 5, "较好": 0, "一般": 0, "差": 0}


def test_a_probationary_member_scores_others(branch_cast, evaluation):
    round = _open(evaluation, branch_cast.office)
    _vote(round, branch_cast.member7)
    assert Participation.objects.filter(person=branch_cast.member7.person).exists()


def test_a_code_scores_once_and_names_nobody(branch_cast, evaluation):
    round = _open(evaluation, branch_cast.office, access=RoundAccess.CODES)
    codes = codes_issue(round=round, count=6)
    assert len(set(codes)) == 6
    stored = set(BallotCode.objects.values_list("digest", flat=True))
    assert not stored.intersection(codes)
    sheet_submit(round=round, sheet=_sheet(round), code=codes[0].lower())
    with pytest.raises(ScoringError, match="无效或已经使用过"):
        sheet_submit(round=round, sheet=_sheet(round), code=codes[0])
    with pytest.raises(ScoringError, match="无效或已经使用过"):
        sheet_submit(round=round, sheet=_sheet(round), code="ABCDEFGH")
    assert BallotCode.objects.filter(used=True).count() == 1
    assert {f.name for f in BallotCode._meta.concrete_fields} == {"id", "round", "digest", "used"}


def test_paper_sheets_count_as_voters(branch_cast, evaluation):
    round = _open(evaluation, branch_cast.office)
    for _ in range(3):
        paper_sheet_enter(round=round, sheet=_sheet(round))
    for username in VOTERS[:2]:
        _vote(round, getattr(branch_cast, username))
    round = round_transition(round=round, name="close", actor=branch_cast.office)
    assert round_result(round).voters == 5
    assert Ballot.objects.count() == 3 * 7 + 2 * 6


def test_the_items_points_are_the_branchs_until_scoring_starts(branch_cast, evaluation):
    items = items_for(evaluation)
    assert [i.max_points for i in items] == [20] * 5
    items_save(evaluation=evaluation, values=[(i.title, 10) for i in items])
    round = _open(evaluation, branch_cast.office)
    with pytest.raises(ScoringError, match="不能再修改"):
        items_save(evaluation=evaluation, values=[(i.title, 30) for i in items])
    with pytest.raises(ScoringError, match="须在0至10分之间"):
        _vote(round, branch_cast.member)


# --- the pages ----------------------------------------------------------------------------


def _post_sheet(client, round, people, step, points=15, committee=1, code=""):
    data = {"step": step, "code": code}
    for person in people:
        for order in range(1, 6):
            data[f"s_{person.pk}_{order}"] = points
    for i in range(1, 6):
        data[f"c_{i}"] = committee
    return client.post(reverse("evaluation:score", args=[round.token]), data)


def test_the_phone_page_shows_the_total_before_sending_and_then_refuses_a_second_sheet(login, branch_cast,
                                                                                       evaluation):
    round = _open(evaluation, branch_cast.office)
    client = login(branch_cast.member)
    url = reverse("evaluation:score", args=[round.token])
    page = client.get(url).content.decode()
    assert "民主评议党员评分表" in page and "张书记" in page and "李委员" not in page.split("<form")[1]
    people = scored_people(round, branch_cast.member.person)
    review = _post_sheet(client, round, people, "review").content.decode()
    assert "请核对您的评分" in review and "<strong>75</strong>" in review
    assert not Participation.objects.exists()
    done = _post_sheet(client, round, people, "confirm")
    assert "评分已提交" in done.content.decode()
    again = _post_sheet(client, round, people, "confirm", points=1)
    assert "您已提交过评分" in again.content.decode()
    assert Participation.objects.count() == 1


def test_the_phone_page_names_a_score_out_of_range(login, branch_cast, evaluation):
    round = _open(evaluation, branch_cast.office)
    client = login(branch_cast.member)
    people = scored_people(round, branch_cast.member.person)
    response = _post_sheet(client, round, people, "confirm", points=25)
    assert response.status_code == 400
    assert "须填写0至20之间的整数" in response.content.decode()
    assert not Participation.objects.exists()


def test_the_phone_page_for_each_kind_of_visitor(client, login, branch_cast, evaluation):
    round = _open(evaluation, branch_cast.office)
    url = reverse("evaluation:score", args=[round.token])
    assert client.get(url).status_code == 302  # accounts: log in first
    assert login(branch_cast.outsider).get(url).status_code == 404
    assert login(branch_cast.member).get(url).status_code == 200
    assert client.get(reverse("evaluation:score", args=["no-such-token"])).status_code == 404


def test_a_code_round_asks_for_the_code_on_the_phone_without_a_login(client, branch_cast, evaluation):
    round = _open(evaluation, branch_cast.office, access=RoundAccess.CODES)
    (code,) = codes_issue(round=round, count=1)
    url = reverse("evaluation:score", args=[round.token])
    assert "输入评分码" in client.get(url).content.decode()
    wrong = client.post(url, {"step": "code", "code": "WRONG123"}).content.decode()
    assert "评分码无效" in wrong
    sheet = client.post(url, {"step": "code", "code": code}).content.decode()
    assert "民主评议党员评分表" in sheet
    people = scored_people(round)
    assert "评分已提交" in _post_sheet(client, round, people, "confirm", code=code).content.decode()
    assert "评分码无效" in _post_sheet(client, round, people, "confirm", code=code).content.decode()


def test_the_round_pages_for_each_role(client, login, branch_cast, evaluation):
    round = _open(evaluation, branch_cast.office)
    for name in ("evaluation:round", "evaluation:paper_new"):
        url = reverse(name, args=[round.pk])
        assert Client().get(url).status_code == 302
        assert login(branch_cast.outsider).get(url).status_code == 404
        assert login(branch_cast.member).get(url).status_code == 403
        assert login(branch_cast.secretary).get(url).status_code == 200
    url = reverse("evaluation:scoring", args=[evaluation.meeting_id])
    assert login(branch_cast.outsider).get(url).status_code == 404
    assert login(branch_cast.member).get(url).status_code == 403
    assert login(branch_cast.office).get(url).status_code == 200
    assert login(branch_cast.office).get(reverse("evaluation:round_qr", args=[round.pk, "svg"])).status_code == 200


def test_the_results_page_says_why_it_shows_nothing_and_then_shows_the_result(login, branch_cast, evaluation):
    round = _open(evaluation, branch_cast.office)
    url = reverse("evaluation:results", args=[round.pk])
    assert login(branch_cast.member).get(url).status_code == 403
    assert login(branch_cast.outsider).get(url).status_code == 404
    for username in VOTERS[:4]:
        _vote(round, getattr(branch_cast, username))
    assert "评分结束后才显示结果" in login(branch_cast.secretary).get(url).content.decode()
    _vote(round, branch_cast.member6)
    login(branch_cast.office).post(reverse("evaluation:round_move", args=[round.pk, "close"]))
    page = login(branch_cast.supervisor).get(url).content.decode()
    assert "党员评分（5人评分）" in page and "基层党组织民主评议" in page


def test_the_office_enters_a_paper_sheet_once_however_often_it_is_posted(login, branch_cast, evaluation):
    round = _open(evaluation, branch_cast.office)
    client = login(branch_cast.office)
    url = reverse("evaluation:paper_new", args=[round.pk])
    data = {"form_token": "t" * 32}
    for person in scored_people(round):
        for order in range(1, 6):
            data[f"s_{person.pk}_{order}"] = 12
    for i in range(1, 6):
        data[f"c_{i}"] = 2
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 302
    round.refresh_from_db()
    assert round.paper_sheets == 1


def test_a_round_is_opened_and_closed_by_the_branch_not_by_a_member(login, branch_cast, evaluation):
    login(branch_cast.office).post(reverse("evaluation:round_new", args=[evaluation.meeting_id]),
                                   {"access": "accounts", "minimum_voters": 5, "with_committee": "on",
                                    "form_token": "r" * 32})
    round = evaluation.rounds.get()
    assert login(branch_cast.member).post(reverse("evaluation:round_move", args=[round.pk, "open"])).status_code == 403
    login(branch_cast.secretary).post(reverse("evaluation:round_move", args=[round.pk, "open"]))
    round.refresh_from_db()
    assert round.state == RoundState.OPEN
    assert round.subjects.count() == 7
