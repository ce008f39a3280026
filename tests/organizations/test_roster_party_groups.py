"""The roster reads the party group (党小组), its leader (组长) and the 预备党员 flag."""

import pytest

from organizations.models import OrganizationKind, PartyGroup, Person
from organizations.roster import COLUMNS, roster_apply, roster_parse

from ..factories import OrganizationFactory
from .test_roster import HEADERS, xlsx

pytestmark = pytest.mark.django_db

NEW = {"预备党员", "党小组", "党小组组长"}


@pytest.fixture
def branch(cast):
    return OrganizationFactory(name="县政府办机关党支部", kind=OrganizationKind.BRANCH, parent=cast.gov)


def _rows(branch):
    return [
        {"姓名": "甲党员", "用户名": "jia", "所在支部": branch.name, "党小组": "第一党小组", "党小组组长": "是"},
        {"姓名": "乙党员", "用户名": "yi", "所在支部": branch.name, "党小组": "第一党小组", "预备党员": "是"},
        {"姓名": "丙党员", "用户名": "bing", "所在支部": branch.name},
    ]


def _apply(rows, org, headers=HEADERS):
    result = roster_parse(xlsx(rows, headers), organization=org)
    assert result.ok, result.errors
    return roster_apply(organization=org, rows=result.rows, actor=None)


def test_groups_are_created_in_the_branch_with_their_leader(cast, branch):
    _apply(_rows(branch), cast.gov)
    group = PartyGroup.objects.get(branch=branch, name="第一党小组")
    assert group.leader.name == "甲党员"
    assert set(group.members.values_list("name", flat=True)) == {"甲党员", "乙党员"}
    assert Person.objects.get(name="乙党员").is_probationary
    assert Person.objects.get(name="丙党员").party_group is None


def test_a_file_from_the_older_template_still_imports(cast, branch):
    old = [c.header for c in COLUMNS if c.label not in NEW]
    _apply([{"姓名": "丁党员", "用户名": "ding", "所在支部": branch.name}], cast.gov, headers=old)
    assert Person.objects.get(name="丁党员").branch == branch


def test_a_second_import_moves_the_leader(cast, branch):
    _apply(_rows(branch), cast.gov)
    rows = _rows(branch)
    rows[0]["党小组组长"] = "否"
    rows[1]["党小组组长"] = "是"
    _apply(rows, cast.gov)
    assert PartyGroup.objects.get(name="第一党小组").leader.name == "乙党员"


@pytest.mark.parametrize(
    ("change", "column", "reason"),
    [
        ({"所在支部": None}, "党小组", "须同时填写所在支部"),
        ({"党小组": None}, "党小组组长", "未填写党小组"),
        ({"是否党员": "否", "所在支部": None, "党小组": None, "党小组组长": None}, "预备党员", "非党员不能是预备党员"),
    ],
)
def test_a_row_that_contradicts_itself_is_refused(cast, branch, change, column, reason):
    row = {"姓名": "甲党员", "用户名": "jia", "所在支部": branch.name, "党小组": "第一党小组", "党小组组长": "是",
           "预备党员": "是"} | change
    result = roster_parse(xlsx([row]), organization=cast.gov)
    assert [(e.column, reason in e.reason) for e in result.errors] == [(column, True)]


def test_two_leaders_of_one_group_are_refused(cast, branch):
    rows = _rows(branch)
    rows[1]["党小组组长"] = "是"
    result = roster_parse(xlsx(rows), organization=cast.gov)
    assert [e.column for e in result.errors] == ["党小组组长"]
    assert "每个党小组只能有一名" in result.errors[0].reason
