"""The writer's pages cost the same queries for 5 problems, measures and opinions as for 50."""

import pytest

from inspections.editing import measure_add, measure_save

from .conftest import DETAILS, outline, routed, write


def _working_text_grower(meeting, material, user):
    made = []

    def grow(n):
        while len(made) < n:
            i = len(made)
            write(material, user, problem=(f"问题{i:02d}", DETAILS))
            problem = material.problems.order_by("-order").first()
            measure = measure_add(material=material, actor=user, problem_id=problem.pk)
            measure_save(material=material, measure_id=measure.pk, version=measure.version, content=f"措施{i:02d}",
                         term="长期坚持", deadline=None, problem_id=problem.pk, actor=user)
            made.append(routed(meeting, user.person, f"反馈给本人的意见{i:02d}"))

    return grow


@pytest.mark.parametrize("page", ["edit", "hints"])
def test_the_editor_and_its_hints_cost_the_same_for_5_and_50_problems_measures_and_opinions(
    cast, meeting, login, same_queries_at_5_and_50, page
):
    material = outline(meeting, cast.member)
    client = login(cast.member)
    url = f"/inspections/{material.pk}/{page}/"
    _, response = same_queries_at_5_and_50(_working_text_grower(meeting, material, cast.member), lambda: client.get(url))
    assert response.status_code == 200
    if page == "edit":
        body = response.content.decode()
        assert "问题49" in body and "措施49" in body and "反馈给本人的意见49" in body
