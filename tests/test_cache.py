"""The Redis cache (config/cache.py): one client per pool, and counters in one round trip.
Only where the tests run against Redis (REDIS_URL, as in CI); the local-memory cache has
neither."""

import pytest
from django.conf import settings
from django.core.cache import cache

pytestmark = pytest.mark.skipif(not settings.REDIS_URL, reason="needs REDIS_URL")


def test_the_same_client_serves_every_call():
    assert cache._cache.get_client(write=True) is cache._cache.get_client(write=True)


def test_counters_start_at_one_count_on_and_expire_with_their_timeout():
    cache.delete_many(["test-counter:a", "test-counter:b"])
    assert cache.counters_incr(["test-counter:a", "test-counter:b"], 60) == [1, 1]
    assert cache.counters_incr(["test-counter:a"], 600) == [2]
    assert cache.get("test-counter:a") == 2  # a plain integer, as cache.incr leaves it
    ttl = cache._cache.get_client().ttl(cache.make_and_validate_key("test-counter:a"))
    assert 0 < ttl <= 60  # the first timeout stays: counting on does not prolong a window
