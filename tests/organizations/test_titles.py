"""A team seat is called by its body's usage: 党组成员, 党委委员, 支部委员 — never a bare 委员."""

import pytest

from organizations.models import OrganizationKind, TeamMembership, TeamPosition, team_title
from organizations.roster.columns import POSITIONS


@pytest.mark.parametrize(
    ("kind", "secretary", "member"),
    [
        (OrganizationKind.PARTY_GROUP, "党组书记", "党组成员"),
        (OrganizationKind.COMMITTEE, "党委书记", "党委委员"),
        (OrganizationKind.WORKING_COMMITTEE, "党工委书记", "党工委委员"),
        (OrganizationKind.GENERAL_BRANCH, "党总支书记", "党总支委员"),
        (OrganizationKind.BRANCH, "支部书记", "支部委员"),
    ],
)
def test_each_kind_of_body_names_its_seats_its_own_way(kind, secretary, member):
    assert team_title(kind, TeamPosition.SECRETARY) == secretary
    assert team_title(kind, TeamPosition.MEMBER) == member
    assert team_title(kind, TeamPosition.DEPUTY_SECRETARY) == secretary.replace("书记", "副书记")


def test_a_roster_may_use_the_body_s_own_title():
    assert POSITIONS["党组成员"] == POSITIONS["委员"] == TeamPosition.MEMBER


def test_the_organisation_page_lists_a_party_group_s_members_as_党组成员(cast, login):
    assert cast.gov.kind == OrganizationKind.PARTY_GROUP
    page = login(cast.office).get(f"/organizations/{cast.gov.pk}/").content.decode()
    assert "<td>党组成员</td>" in page and "<td>党组书记</td>" in page
    seat = TeamMembership.objects.get(person__user=cast.member)
    assert str(seat) == "县政府办党组 党组成员 李委员"
