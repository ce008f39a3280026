"""The opinion list costs the same number of queries for 5 opinions as for 50, and pages."""

from feedback.models import Opinion

from .factories import OpinionFactory, routed


def test_the_opinion_list_costs_the_same_for_5_and_50_opinions(
    cast, solicitation, people, login, same_queries_at_5_and_50
):
    def grow(n):
        for i in range(Opinion.objects.filter(solicitation=solicitation, duplicate_of=None).count(), n):
            opinion = routed(OpinionFactory(solicitation=solicitation, content=f"意见{i}"), people["member"],
                             team=i % 2 == 0)
            OpinionFactory(solicitation=solicitation, content=f"重复{i}", duplicate_of=opinion, state="merged")

    client = login(cast.office)
    url = f"/feedback/{solicitation.pk}/opinions/"
    _, response = same_queries_at_5_and_50(grow, lambda: client.get(url))
    body = response.content.decode()
    shown = [o for o in Opinion.objects.filter(solicitation=solicitation) if f'href="/feedback/opinion/{o.pk}/"' in body]
    assert len(shown) == 50  # each of the 50 by its own link; the merged copies inside them


def test_the_overview_costs_the_same_for_5_and_50_team_members_and_opinions(
    cast, solicitation, people, login, same_queries_at_5_and_50
):
    """Released, the overview lists each team member's receipt: rows are members and opinions."""
    from django.utils import timezone

    from organizations.models import TeamPosition
    from organizations.services import team_member_add
    from tests.factories import PersonFactory, UserFactory

    from feedback.models import Solicitation

    Solicitation.objects.filter(pk=solicitation.pk).update(released_at=timezone.now(), last_released_at=timezone.now())

    def grow(n):
        have = Opinion.objects.filter(solicitation=solicitation).count()
        for i in range(have, n):
            person = PersonFactory(user=UserFactory(username=f"team{i:02d}"), name=f"成员{i:02d}", organization=cast.gov)
            team_member_add(person=person, organization=cast.gov, position=TeamPosition.MEMBER, rank=10 + i)
            routed(OpinionFactory(solicitation=solicitation, content=f"意见{i}"), person, state="released")

    client = login(cast.office)
    _, response = same_queries_at_5_and_50(grow, lambda: client.get(f"/feedback/{solicitation.pk}/"))
    assert "成员49" in response.content.decode()
