"""Keys derived from SECRET_KEY, never stored.

The cache holds only HMACs under these keys. Whoever copies the cache cannot test a
candidate address or nonce against them without SECRET_KEY, which is in neither the
cache nor the database. (A key kept in the cache beside its digests, as the first
throttle did, lets anyone with a copy try every address of a city in seconds.)
"""

import hashlib
import hmac
import time

from django.conf import settings


def derived_key(purpose: str, epoch: int) -> bytes:
    """A key for one purpose and one epoch: the next epoch's key says nothing of this one."""
    return hmac.new(settings.SECRET_KEY.encode(), f"anonymity|{purpose}|{epoch}".encode(), hashlib.sha256).digest()


def digest(purpose: str, epoch: int, value: str) -> str:
    return hmac.new(derived_key(purpose, epoch), value.encode(), hashlib.sha256).hexdigest()


def aligned_timeout(period: int, extra: int = 0) -> int:
    """Seconds until the end of the current `period`, plus `extra`.

    Every key written within one period expires at the same instant, so the time left on
    a key (Redis TTL) tells only the period it was written in, not the second.
    """
    now = int(time.time())
    return period - now % period + extra
