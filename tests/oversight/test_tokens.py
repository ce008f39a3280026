"""Read-only API tokens: made once, stored as a digest, revoked at once, the owner's scope."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from oversight.models import ApiToken
from oversight.tokens import token_create, token_revoke, user_for_token

pytestmark = pytest.mark.django_db


def test_the_key_is_not_stored_only_its_digest(cast):
    token, key = token_create(user=cast.supervisor, name="大屏")
    assert key.startswith("shh_") and len(key) > 40
    stored = ApiToken.objects.get(pk=token.pk)
    assert key not in (stored.digest, stored.prefix, stored.name)
    assert stored.digest == ApiToken.digest_of(key)
    assert key[4:10] == stored.prefix


def test_a_live_key_gives_its_owner_and_a_wrong_one_nobody(cast):
    _, key = token_create(user=cast.supervisor, name="大屏")
    assert user_for_token(key) == cast.supervisor
    assert user_for_token(key + "x") is None
    assert user_for_token("") is None


def test_a_revoked_key_gives_nobody(cast):
    token, key = token_create(user=cast.supervisor, name="大屏")
    token_revoke(token=token)
    assert user_for_token(key) is None


def test_a_key_of_a_deactivated_account_gives_nobody(cast):
    _, key = token_create(user=cast.supervisor, name="大屏")
    cast.supervisor.is_active = False
    cast.supervisor.save()
    assert user_for_token(key) is None


def test_use_is_recorded_at_most_once_a_minute(cast, django_assert_num_queries):
    token, key = token_create(user=cast.supervisor, name="大屏")
    now = timezone.now()
    with django_assert_num_queries(2):  # read + the first use written
        user_for_token(key, now=now)
    with django_assert_num_queries(1):  # read only
        user_for_token(key, now=now + timedelta(seconds=30))
    with django_assert_num_queries(2):
        user_for_token(key, now=now + timedelta(minutes=2))
    token.refresh_from_db()
    assert token.last_used_at == now + timedelta(minutes=2)


def test_the_token_page_requires_login(client):
    response = client.get(reverse("oversight:tokens"))
    assert response.status_code == 302 and "/login" in response["Location"]


@pytest.mark.parametrize("who", ["office", "member", "outsider"])
def test_the_token_page_is_only_for_those_who_watch_organisations(cast, login, who):
    response = login(getattr(cast, who)).get(reverse("oversight:tokens"))
    assert response.status_code == 404


def test_a_supervisor_makes_a_token_sees_it_once_and_revokes_it(cast, login):
    client = login(cast.supervisor)
    response = client.post(reverse("oversight:tokens"), {"name": "县委组织部大屏"})
    assert response.status_code == 200
    key = response.context["made_key"]
    assert key in response.content.decode()
    token = ApiToken.objects.get(user=cast.supervisor)
    listing = client.get(reverse("oversight:tokens")).content.decode()
    assert "县委组织部大屏" in listing and token.prefix in listing and key not in listing
    client.post(reverse("oversight:token_revoke", args=[token.pk]))
    assert user_for_token(key) is None
    assert "已注销" in client.get(reverse("oversight:tokens")).content.decode()


def test_a_token_needs_a_name(cast, login):
    response = login(cast.supervisor).post(reverse("oversight:tokens"), {"name": "  "})
    assert "请填写令牌的用途" in response.content.decode()
    assert not ApiToken.objects.exists()


def test_nobody_revokes_another_persons_token(cast, jiwei, login):
    token, key = token_create(user=cast.supervisor, name="大屏")
    response = login(jiwei).post(reverse("oversight:token_revoke", args=[token.pk]))
    assert response.status_code == 404
    assert user_for_token(key) == cast.supervisor
