"""The study library costs the same number of queries for 5 materials as for 50, and pages."""

import pytest

from study.models import MaterialKind, StudyMaterial

from .conftest import make_material, make_session


def _library(org, query=""):
    return f"/study/library/{org.pk}/{query}"


@pytest.mark.parametrize("who", ["office", "member"])
@pytest.mark.parametrize("shelf", ["", "?shelf=archived"])
def test_the_library_costs_the_same_for_5_and_50_materials(
    cast, meeting, team, login, same_queries_at_5_and_50, who, shelf
):
    archived = bool(shelf)
    make_session(meeting, team, materials=[make_material(cast.gov, is_archived=archived)])
    client = login(getattr(cast, who))
    client.get(_library(cast.gov))  # the office's first visit fills the library once

    def grow(n):
        have = StudyMaterial.objects.filter(organization=cast.gov, is_archived=archived).count()
        for i in range(have, n):
            make_material(cast.gov, title=f"材料{i}", kind=MaterialKind.BOOK, is_archived=archived)

    _, response = same_queries_at_5_and_50(grow, lambda: client.get(_library(cast.gov, shelf)))
    body = response.content.decode()
    assert body.count("<tr>\n  <td><strong>") == min(50, StudyMaterial.objects.filter(
        organization=cast.gov, is_archived=archived).count())


def test_the_library_pages_in_kind_order_and_shelves_the_archive(cast, login):
    for i in range(55):
        make_material(cast.gov, title=f"图书{i:02d}", kind=MaterialKind.BOOK)
    make_material(cast.gov, title="《党章》", kind=MaterialKind.REGULATION)
    make_material(cast.gov, title="旧材料", kind=MaterialKind.BOOK, is_archived=True)
    client = login(cast.member)
    first = client.get(_library(cast.gov)).content.decode()
    assert first.index("《党章》") < first.index("图书00")  # the kind's order, as before
    assert "第 1 / 2 页" in first and "旧材料" not in first
    assert "查看已归档的 1 种材料" in first
    second = client.get(_library(cast.gov, "?page=2")).content.decode()
    assert "图书54" in second and "图书00" not in second
    shelf = client.get(_library(cast.gov, "?shelf=archived")).content.decode()
    assert "旧材料" in shelf and "图书00" not in shelf


def test_the_office_rows_link_to_their_own_edit_and_archive(cast, login):
    material = make_material(cast.gov, title="《准则》")
    body = login(cast.office).get(_library(cast.gov)).content.decode()
    assert f'href="/study/materials/{material.pk}/edit/" aria-label="修改《准则》"' in body
    assert f'action="/study/materials/{material.pk}/archive/"' in body


@pytest.mark.parametrize("who", ["office", "member", "supervisor"])
def test_the_meeting_study_page_costs_the_same_for_5_and_50_sessions(
    cast, meeting, team, login, same_queries_at_5_and_50, who
):
    material = make_material(cast.gov)
    made = []

    def grow(n):
        while len(made) < n:
            made.append(make_session(meeting, team, absent={team[1]: "出差"}, topic=f"集中学习{len(made):02d}",
                                     materials=[material]))

    client = login(getattr(cast, who))
    _, response = same_queries_at_5_and_50(grow, lambda: client.get(f"/study/meetings/{meeting.pk}/"))
    assert response.status_code == 200


@pytest.mark.parametrize("who", ["office", "member"])
def test_a_session_page_costs_the_same_for_5_and_50_attendees(cast, meeting, login, same_queries_at_5_and_50, who):
    from organizations.models import TeamPosition
    from organizations.services import team_member_add
    from study.models import StudyAttendance
    from tests.factories import PersonFactory

    session = make_session(meeting, [cast.secretary.person, cast.member.person], topic="集中学习研讨")
    made = []

    def grow(n):
        while len(made) < n:
            person = PersonFactory(name=f"成员{len(made):02d}", organization=cast.gov)
            team_member_add(person=person, organization=cast.gov, position=TeamPosition.MEMBER, rank=10 + len(made))
            StudyAttendance.objects.create(session=session, person=person, order=10 + len(made), present=len(made) % 3 > 0)
            made.append(person)

    client = login(getattr(cast, who))
    _, response = same_queries_at_5_and_50(grow, lambda: client.get(f"/study/sessions/{session.pk}/"))
    assert "成员49" in response.content.decode()


def _team_and_materials_grower(cast):
    """Team members (the attendance rows, the people offered) and materials (the choices)."""
    from organizations.models import TeamPosition
    from organizations.services import team_member_add
    from tests.factories import PersonFactory

    made = []

    def grow(n):
        while len(made) < n:
            i = len(made)
            person = PersonFactory(name=f"成员{i:02d}", organization=cast.gov)
            team_member_add(person=person, organization=cast.gov, position=TeamPosition.MEMBER, rank=10 + i)
            make_material(cast.gov, title=f"材料{i:02d}", kind=MaterialKind.BOOK)
            made.append(person)

    return grow


@pytest.mark.parametrize("page", ["sessions", "self-study"])
def test_the_new_record_forms_cost_the_same_for_5_and_50_people_and_materials(
    cast, meeting, login, same_queries_at_5_and_50, page
):
    client = login(cast.office)
    url = f"/study/meetings/{meeting.pk}/{page}/new/"
    _, response = same_queries_at_5_and_50(_team_and_materials_grower(cast), lambda: client.get(url))
    body = response.content.decode()
    assert "成员49" in body and "材料49" in body
