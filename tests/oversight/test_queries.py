"""Oversight pages not covered by their own files cost the same queries for 5 rows as for 50."""

from django.urls import reverse

from oversight.models import ApiToken
from oversight.tokens import token_create, token_revoke


def test_the_token_page_costs_the_same_for_5_and_50_tokens(cast, login, same_queries_at_5_and_50):
    def grow(n):
        while ApiToken.objects.filter(user=cast.supervisor).count() < n:
            token, _ = token_create(user=cast.supervisor, name=f"大屏{ApiToken.objects.count():02d}")
            if token.pk % 2:
                token_revoke(token=token)

    client = login(cast.supervisor)
    _, response = same_queries_at_5_and_50(grow, lambda: client.get(reverse("oversight:tokens")))
    assert response.content.decode().count('class="token-name"') == 50
