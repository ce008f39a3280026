"""The overview as Excel and JSON (session or read-only token), and its pictures' page."""

import io

import openpyxl
import pytest
from django.urls import reverse

from meetings.models import MilestoneKind
from organizations.models import OrganizationKind, StaffKind
from organizations.services import staff_assign
from oversight.tokens import token_create, token_revoke
from tests.factories import MeetingFactory, OrganizationFactory, PersonFactory, UserFactory
from tests.oversight.test_overview import TODAY, columns, due, tree  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    """The views ask the clock; the tree's dates are relative to the tests' TODAY."""
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args, **kwargs: TODAY)


def api(client, query="", key=None):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {key}"} if key is not None else {}
    return client.get(reverse("oversight:api_overview") + query, **headers)


def neighbour():
    other = OrganizationFactory(name="中共邻县委员会", kind=OrganizationKind.COMMITTEE)
    OrganizationFactory(name="中共邻县某局党组", parent=other)
    person = PersonFactory(user=UserFactory(username="neighbour"), organization=other)
    staff_assign(person=person, organization=other, kind=StaffKind.SUPERVISOR, unit="组织部")
    return person.user


# --- JSON -------------------------------------------------------------------------------------


def test_the_json_holds_every_organisation_of_the_subtree_with_statuses_and_roll_up(cast, tree, login):
    data = api(login(cast.supervisor)).json()
    names = [o["short_name"] for o in data["organizations"]]
    assert names == ["县政府办党组", "政府办第一党支部", "政府办第二党支部", "县教育局党组"]
    assert [c["key"] for c in data["columns"]] == [MilestoneKind.PLAN, MilestoneKind.TALKS]
    gov = data["organizations"][0]
    assert gov["rolled_up"][MilestoneKind.TALKS] == {
        "code": "overdue", "label": "逾期5天", "days_late": 5,
        "due_date": "2026-11-15", "window_open": True,
    }
    assert gov["meetings"][0]["id"] == tree.gov_meeting.pk
    assert gov["meetings"][0]["url"] == f"/meetings/{tree.gov_meeting.pk}/"
    first = data["organizations"][1]
    assert first["path"] == [cast.gov.name] and first["depth"] == 1
    assert {c["code"]: c["count"] for c in data["counts"]}["overdue"] == 1
    assert data["total"] == 4


def test_the_json_takes_the_pages_filters(cast, tree, login):
    data = api(login(cast.supervisor), "?overdue=on").json()
    assert [o["short_name"] for o in data["organizations"]] == ["政府办第一党支部"]
    assert data["filters"]["overdue"] is True


def test_a_token_reads_as_its_owner_without_a_session(cast, tree, client):
    _, key = token_create(user=cast.supervisor, name="大屏")
    response = api(client, key=key)
    assert response.status_code == 200
    assert len(response.json()["organizations"]) == 4
    assert "sessionid" not in response.cookies


def test_a_revoked_or_wrong_token_gets_401_in_chinese(cast, tree, client):
    token, key = token_create(user=cast.supervisor, name="大屏")
    assert api(client, key=key + "x").status_code == 401
    token_revoke(token=token)
    response = api(client, key=key)
    assert response.status_code == 401 and response.json()["error"] == "令牌无效或已注销。"
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_anonymous_without_a_token_gets_401(client, cast, tree):
    response = api(client)
    assert response.status_code == 401 and "接口令牌" in response.json()["error"]


def test_a_neighbours_token_sees_none_of_these_organisations(cast, tree, client):
    _, key = token_create(user=neighbour(), name="邻县大屏")
    data = api(client, key=key).json()
    assert [o["name"] for o in data["organizations"]] == ["中共邻县某局党组"]
    assert api(client, f"?under={cast.gov.pk}", key=key).status_code == 404


@pytest.mark.parametrize("who", ["office", "member", "outsider"])
def test_a_token_of_someone_who_oversees_nothing_gets_404(cast, tree, client, who):
    _, key = token_create(user=getattr(cast, who), name="x")
    assert api(client, key=key).status_code == 404


def test_the_api_reads_only(cast, tree, login):
    assert login(cast.supervisor).post(reverse("oversight:api_overview")).status_code == 405


# --- Excel ------------------------------------------------------------------------------------


def test_the_excel_holds_the_filtered_rows_as_text(cast, tree, login):
    response = login(cast.supervisor).get(reverse("oversight:export_xlsx") + f"?under={cast.gov.pk}")
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0][:5] == ["序号", "组织", "上级组织", "会议", "阶段"]
    assert rows[0][5:7] == ["方案报审", "谈心谈话"]
    assert [r[1].strip("\u3000") for r in rows[1:]] == [cast.gov.name, tree.first.name, tree.second.name]
    assert rows[2][1].startswith("\u3000")  # a branch is indented under its 党组
    assert rows[2][6] == "逾期5天"
    assert rows[1][-1] == "逾期5天"  # the 党组's roll-up
    assert all(isinstance(v, str) for r in rows for v in r if v is not None)


def test_the_excel_takes_the_filters(cast, tree, login):
    response = login(cast.supervisor).get(reverse("oversight:export_xlsx") + "?status=due_soon")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert [r[1].value.strip("\u3000") for r in list(sheet.iter_rows())[1:]] == [cast.edu.name]


def test_exports_require_login_and_scope(client, cast, tree, login):
    url = reverse("oversight:export_xlsx")
    assert client.get(url).status_code == 302
    assert login(cast.office).get(url).status_code == 404


# --- pictures ---------------------------------------------------------------------------------


def test_the_charts_page_draws_the_figures_of_the_tree(cast, tree, login):
    from datetime import datetime, time, timedelta

    from django.utils import timezone

    from meetings.models import Milestone

    # The second branch finished both phases before TODAY (the fixture stamps the real clock).
    finished = timezone.make_aware(datetime.combine(TODAY - timedelta(days=25), time(10)))
    Milestone.objects.filter(meeting=tree.second_meeting).update(done_at=finished)
    response = login(cast.supervisor).get(reverse("oversight:charts"))
    assert response.status_code == 200
    plan, talks = response.context["bars"]
    assert (plan.total, plan.done) == (4, 1)  # four meetings, the second branch's plan done
    assert {s.code: s.count for s in talks.segments}["overdue"] == 1
    series = response.context["series"]
    # On TODAY only the first branch's talks are late (milestones of the columns only).
    assert series.points[-1].day == TODAY and series.points[-1].count == 1
    body = response.content.decode()
    assert "<svg" in body and "1/4 已完成" in body and "http" not in body.split("<main")[1].split("</main>")[0]


def test_the_charts_page_requires_login_and_scope(client, cast, tree, login):
    url = reverse("oversight:charts")
    assert client.get(url).status_code == 302
    assert login(cast.member).get(url).status_code == 404


# --- query counts -----------------------------------------------------------------------------


def _grow(cast):
    def grow(n):
        have = OrganizationFactory._meta.model.objects.filter(parent=cast.edu).count()
        for i in range(have, n):
            branch = OrganizationFactory(name=f"县教育局第{i + 1}党支部", parent=cast.edu, kind=OrganizationKind.BRANCH)
            meeting = MeetingFactory(organization=branch)
            due(meeting, MilestoneKind.TALKS, -i)

    return grow


@pytest.mark.parametrize("name", ["oversight:api_overview", "oversight:export_xlsx", "oversight:charts"])
def test_an_export_costs_the_same_queries_for_5_and_50_organisations(cast, columns, login, same_queries_at_5_and_50, name):  # noqa: F811
    client = login(cast.supervisor)
    count, answer = same_queries_at_5_and_50(_grow(cast), lambda: client.get(reverse(name)))
    assert answer.status_code == 200
