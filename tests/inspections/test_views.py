"""Every page: anonymous → login, the wrong role → 403 or 404, the right role → content;
and the board's queries do not grow with the number of people."""

import re

import pytest

from organizations.models import TeamPosition
from organizations.services import team_member_add

from ..factories import PersonFactory, UserFactory
from .conftest import DETAILS, act, outline, team_material, write


@pytest.fixture
def submitted(cast, meeting):
    material = write(outline(meeting, cast.member), cast.member, preface="前言", problem=("调研不深", DETAILS))
    act(material, cast.member, "submit")
    return material


def _urls(meeting, material):
    problem = material.problems.get()
    return {
        "get": [f"/inspections/meeting/{meeting.pk}/", f"/inspections/meeting/{meeting.pk}/mine/",
                f"/inspections/meeting/{meeting.pk}/team/", f"/inspections/{material.pk}/",
                f"/inspections/{material.pk}/v/1/", f"/inspections/{material.pk}/edit/",
                f"/inspections/{material.pk}/hints/", f"/inspections/{material.pk}/act/return/"],
        "post": [f"/inspections/meeting/{meeting.pk}/team/drafter/", f"/inspections/meeting/{meeting.pk}/remind/",
                 f"/inspections/{material.pk}/comments/", f"/inspections/{material.pk}/sections/preface/",
                 f"/inspections/{material.pk}/problems/new/", f"/inspections/{material.pk}/problems/{problem.pk}/",
                 f"/inspections/{material.pk}/problems/{problem.pk}/delete/", f"/inspections/{material.pk}/measures/new/",
                 f"/inspections/{material.pk}/act/return/"],
    }


def test_every_page_sends_anonymous_visitors_to_the_login(client, meeting, submitted):
    urls = _urls(meeting, submitted)
    for url in urls["get"]:
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith("/accounts/login/"), url
    for url in urls["post"]:
        response = client.post(url)
        assert response.status_code == 302 and response.url.startswith("/accounts/login/"), url


def test_an_outsider_gets_404_everywhere(cast, meeting, submitted, login):
    urls = _urls(meeting, submitted)
    client = login(cast.outsider)
    for url in urls["get"]:
        assert client.get(url).status_code == 404, url
    for url in urls["post"]:
        assert client.post(url).status_code == 404, url


def test_readers_who_are_not_writers_get_403_on_the_writing_pages(cast, meeting, submitted, login):
    client = login(cast.secretary)
    assert client.get(f"/inspections/{submitted.pk}/").status_code == 200
    assert client.get(f"/inspections/{submitted.pk}/edit/").status_code == 403
    assert client.get(f"/inspections/{submitted.pk}/hints/").status_code == 403
    assert client.post(f"/inspections/{submitted.pk}/sections/preface/").status_code == 403


def test_a_member_may_not_remind_or_name_the_drafter(cast, meeting, login, member2):
    client = login(member2)
    assert client.post(f"/inspections/meeting/{meeting.pk}/remind/").status_code == 403
    assert client.post(f"/inspections/meeting/{meeting.pk}/team/drafter/").status_code == 403
    assert login(cast.office).get(f"/inspections/meeting/{meeting.pk}/mine/").status_code == 403  # writes none


def test_a_member_learns_nothing_of_whether_the_team_material_is_begun(cast, meeting, login, member2):
    """Issue 10 #2: the same answer before and after the office starts the draft."""
    from .conftest import team_material

    client = login(member2)
    url = f"/inspections/meeting/{meeting.pk}/team/"
    before = client.get(url, follow=True)
    write(team_material(meeting), cast.office, preface="班子前言草稿")
    after = client.get(url, follow=True)
    assert before.redirect_chain == after.redirect_chain == [(f"/inspections/meeting/{meeting.pk}/", 302)]
    assert "经书记审定后，班子成员可以阅看" in after.content.decode()
    strip = lambda r: re.sub(r'[A-Za-z0-9]{64}', "", r.content.decode())  # noqa: E731 (CSRF tokens)
    assert strip(before) == strip(after)


def test_the_member_starts_their_outline_and_lands_in_the_editor(cast, meeting, login):
    response = login(cast.member).get(f"/inspections/meeting/{meeting.pk}/mine/")
    material = meeting.materials.get()
    assert response.url == f"/inspections/{material.pk}/edit/"
    page = login(cast.member).get(response.url).content.decode()
    assert "李委员同志2026年度民主生活会个人发言提纲" in page
    assert "带头加强政治建设" in page and "原因剖析" in page and "整改措施" in page
    assert "editor.js" in page


def test_the_member_home_shows_their_own_outline_not_the_board(cast, meeting, login, submitted, member2):
    page = login(member2).get(f"/inspections/meeting/{meeting.pk}/").content.decode()
    assert "我的个人发言提纲" in page and "材料进度" not in page and "李委员" not in page


def test_the_secretary_reviews_the_version_and_decides(cast, meeting, submitted, login):
    client = login(cast.secretary)
    page = client.get(f"/inspections/{submitted.pk}/").content.decode()
    assert "第1版" in page and DETAILS in page and "对这一部分提意见" in page
    response = client.post(f"/inspections/{submitted.pk}/act/return/", {"note": "请补充事例"})
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.state == "returned"


def test_a_decision_without_its_note_is_shown_again_with_the_reason(cast, meeting, submitted, login):
    response = login(cast.secretary).post(f"/inspections/{submitted.pk}/act/return/", {"note": ""})
    assert response.status_code == 200 and "须填写意见" in response.content.decode()


def test_a_move_that_is_not_open_to_the_person_redirects_with_a_message(cast, meeting, submitted, login):
    response = login(cast.member).get(f"/inspections/{submitted.pk}/act/approve/", follow=True)
    assert "现在不能“审核通过”" in response.content.decode()


def test_the_office_names_the_drafter_of_the_team_material(cast, meeting, login, member2):
    client = login(cast.office)
    client.post(f"/inspections/meeting/{meeting.pk}/team/drafter/", {"drafter": member2.person.pk})
    team = team_material(meeting)
    assert team.drafter == member2.person
    assert login(member2).get(f"/inspections/meeting/{meeting.pk}/team/").url == f"/inspections/{team.pk}/edit/"


def _add_members(cast, n, start=0):
    for i in range(start, start + n):
        person = PersonFactory(user=UserFactory(username=f"extra{i}"), name=f"成员{i}", organization=cast.gov)
        team_member_add(person=person, organization=cast.gov, position=TeamPosition.MEMBER, rank=10 + i)
        material = write(outline_for(person), person.user, preface="前言", problem=("问题", DETAILS))
        act(material, person.user, "submit")


def outline_for(person):
    from inspections.editing import outline_for_author
    from meetings.models import Meeting

    return outline_for_author(meeting=Meeting.objects.get(), person=person)


@pytest.mark.parametrize("who", ["office", "secretary", "supervisor"])
def test_the_board_takes_as_many_queries_for_ten_people_as_for_one(cast, meeting, login, django_assert_max_num_queries, who):
    client = login(getattr(cast, who))
    url = f"/inspections/meeting/{meeting.pk}/"
    _add_members(cast, 1)
    client.get(url)
    with django_assert_max_num_queries(40) as one:
        assert client.get(url).status_code == 200
    _add_members(cast, 9, start=1)
    with django_assert_max_num_queries(len(one.captured_queries)):
        page = client.get(url)
    assert page.content.decode().count("成员") >= 10


def test_the_board_titles_each_writer_as_the_party_group_does(cast, meeting, login, member2):
    page = login(cast.office).get(f"/inspections/meeting/{meeting.pk}/").content.decode()
    assert '<span class="muted small">党组成员</span>' in page
    assert '<span class="muted small">党组书记</span>' in page
    assert '<span class="muted small">委员</span>' not in page


def test_the_material_page_costs_the_same_for_5_and_50_problems_and_opinions(cast, meeting, login, same_queries_at_5_and_50):
    # The writer's working text: every problem and every opinion fed back (the draft is theirs alone).
    from .conftest import DETAILS, outline, routed, write

    material = outline(meeting, cast.member)
    made = []

    def grow(n):
        while len(made) < n:
            i = len(made)
            write(material, cast.member, problem=(f"问题{i:02d}", DETAILS))
            made.append(routed(meeting, cast.member.person, f"反馈给本人的意见{i:02d}"))

    client = login(cast.member)
    _, response = same_queries_at_5_and_50(grow, lambda: client.get(f"/inspections/{material.pk}/"))
    assert "问题49" in response.content.decode()


@pytest.mark.parametrize("who", ["office", "supervisor"])
def test_the_board_costs_the_same_for_5_and_50_writers(cast, meeting, login, who, same_queries_at_5_and_50):
    client = login(getattr(cast, who))
    added = [0]

    def grow(n):
        _add_members(cast, n - added[0], start=added[0])
        added[0] = max(added[0], n)

    _, response = same_queries_at_5_and_50(grow, lambda: client.get(f"/inspections/meeting/{meeting.pk}/"))
    assert response.content.decode().count("成员") >= 50
