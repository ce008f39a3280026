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
