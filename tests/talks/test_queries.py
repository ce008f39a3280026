"""The pages cost the same number of queries for a branch of 5 as for a branch of 40.

Budgets are fixed numbers, the same at both sizes: a page whose count grows with people
(or with talks: 40 people have 780 pairs, a third of them talked) fails.
"""

import pytest

from meetings.models import Stage
from organizations.services import staff_assign
from talks.models import TalkParticipant
from talks.phase import talks_to_do
from tests.factories import MeetingFactory

from .conftest import branch_meeting_with, make_talk, person

MATRIX_QUERIES = 20
MINE_QUERIES = 20
SETUP_QUERIES = 20
XLSX_QUERIES = 18
PAIR_QUERIES = 21
WORK_QUERIES = 8


@pytest.fixture(params=[5, 40], ids=["5-people", "40-people"])
def branch(request, cast):
    small = branch_meeting_with(request.param, parent=cast.gov)
    staff_assign(person=person(cast.office), organization=small.branch, kind="office")
    for p in small.people[3::4]:  # some of the seed-002 flags, so the priority row shows
        TalkParticipant.objects.create(meeting=small.meeting, person=p, is_new=True)
    return small


def _warmed(client, url):
    client.get(url)  # caches filled once per process (content types, permissions) do not count
    return client


@pytest.mark.parametrize(
    "path, budget",
    [
        ("", MATRIX_QUERIES),
        ("mine/", MINE_QUERIES),
        ("setup/", SETUP_QUERIES),
        ("coverage.xlsx", XLSX_QUERIES),
        ("talks.xlsx", XLSX_QUERIES),
    ],
)
def test_the_page_query_count_does_not_grow_with_people(
    cast, login, branch, django_assert_max_num_queries, path, budget
):
    url = f"/talks/meeting/{branch.meeting.pk}/{path}"
    if path == "mine/":
        url += f"?person={branch.people[0].pk}"
    client = _warmed(login(cast.office), url)
    with django_assert_max_num_queries(budget):
        response = client.get(url)
    assert response.status_code == 200


def test_the_matrix_of_40_shows_every_cell(cast, login, django_assert_max_num_queries):
    big = branch_meeting_with(40, parent=cast.gov)
    staff_assign(person=person(cast.office), organization=big.branch, kind="office")
    body = login(cast.office).get(f"/talks/meeting/{big.meeting.pk}/").content.decode()
    assert body.count('<td class="cell') == 40 * 40
    assert body.count('<td class="cell self">') == 40
    assert "780</strong>" in body  # 40 × 39 / 2 required pairs


def test_the_pair_page_query_count_does_not_grow_with_people(
    cast, login, branch, django_assert_max_num_queries
):
    a, b = branch.people[0], branch.people[1]
    url = f"/talks/meeting/{branch.meeting.pk}/pair/{a.pk}/{b.pk}/"
    client = _warmed(login(cast.office), url)
    with django_assert_max_num_queries(PAIR_QUERIES):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("count", [1, 10])
def test_my_work_from_the_talks_costs_the_same_for_1_and_10_meetings(
    cast, count, django_assert_max_num_queries
):
    for _ in range(count):
        meeting = MeetingFactory(organization=cast.gov, stage=Stage.PRE_MEETING)
        make_talk(
            meeting,
            person(cast.secretary),
            person(cast.member),
            state="recorded",
            recorded_by=person(cast.secretary),
        )
    talks_to_do(cast.member)  # warm the caches
    with django_assert_max_num_queries(WORK_QUERIES):
        items = talks_to_do(cast.member)
    # per meeting: the secretary still counts as missing, and the record waits for confirmation
    assert len(items) == 2 * count


def _people_grower(small):
    """More party members in the branch, each with a confirmed talk with the secretary."""
    from tests.factories import PersonFactory

    def grow(n):
        while len(small.people) < n:
            newcomer = PersonFactory(user=None, name=f"新党员{len(small.people):02d}", organization=small.branch.parent,
                                     branch=small.branch)
            make_talk(small.meeting, small.people[0], newcomer)
            small.people.append(newcomer)

    return grow


@pytest.mark.parametrize("page", ["new/?as=office", "pair"])
def test_the_new_talk_and_pair_pages_cost_the_same_for_5_and_50_people(cast, login, same_queries_at_5_and_50, page):
    small = branch_meeting_with(5, parent=cast.gov)
    staff_assign(person=person(cast.office), organization=small.branch, kind="office")
    a, b = small.people[0], small.people[1]
    path = f"pair/{a.pk}/{b.pk}/" if page == "pair" else page
    client = login(cast.office)
    _, response = same_queries_at_5_and_50(_people_grower(small),
                                           lambda: client.get(f"/talks/meeting/{small.meeting.pk}/{path}"))
    assert response.status_code == 200
    if page != "pair":
        assert "新党员49" in response.content.decode()  # every member is one to choose
