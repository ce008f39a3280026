"""Django's Redis cache, with one client per connection pool instead of one per call.

Django builds a new `redis.Redis` for every cache operation; redis-py ≥ 5 fills some
170 response callbacks in its constructor, which on these machines cost more than the
round trip itself (the public form makes six cache calls per submission, issue 11).
A client is only a handle on the pool and safe to share between threads, so one per pool
does the same work without the rebuilding.
"""

from django.core.cache.backends import redis


class RedisCacheClient(redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            client = self._clients[index] = super().get_client(key, write=write)
        return client


class RedisCache(redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient

    def counters_incr(self, names: list[str], timeout: int) -> list[int]:
        """Count one more under each name (created at 0 with this timeout if missing), in
        one round trip: `add` then `incr` per name costs three (Django's incr checks
        EXISTS first). The values stay plain integers, as `incr` leaves them. MULTI/EXEC,
        so that no key expires between its SET and its INCR (an INCR would then create it
        without a timeout)."""
        pipe = self._cache.get_client(write=True).pipeline(transaction=True)
        for name in names:
            key = self.make_and_validate_key(name)
            pipe.set(key, 0, ex=timeout, nx=True)
            pipe.incr(key)
        return pipe.execute()[1::2]
