"""Limiting floods of an anonymous form without keeping anything that identifies a sender.

A sender's address is never stored, not even hashed with what they sent. The per-client
counter is kept under HMAC(key of this ten-minute epoch, scope | address), the key being
derived from SECRET_KEY and the epoch (`keys.derived_key`) and never written anywhere;
the counter holds a number and expires with its epoch. A copy of the cache gives numbers
under digests nobody can test an address against; once the epoch is over, not even
someone with SECRET_KEY finds the counter, because it is gone.

Offices sometimes collect opinions at a forum where everyone scans the QR code on the
same Wi-Fi (one public address): the per-client limit is set for that by each caller,
with a limit per scope above it against a flood from many addresses.
"""

import logging
import time

from django.conf import settings
from django.core.cache import cache

from .keys import aligned_timeout, digest

log = logging.getLogger(__name__)

WINDOW_SECONDS = 600


def client_address(request) -> str:
    """The sender's address, for counting only. Behind a proxy, its header: one setting for
    every anonymous form, named after the first that needed it."""
    header = getattr(settings, "FEEDBACK_CLIENT_IP_HEADER", "")
    forwarded = request.META.get(header, "") if header else ""
    return forwarded.split(",")[0].strip() or request.META.get("REMOTE_ADDR", "")


def current_window() -> int:
    return int(time.time()) // WINDOW_SECONDS


def _count_all(*names: str) -> list[int]:
    timeout = aligned_timeout(WINDOW_SECONDS, 60)
    # The Redis cache counts them all in one round trip (config.cache); others one by one.
    counters_incr = getattr(cache, "counters_incr", None)
    if counters_incr is not None:
        return counters_incr(list(names), timeout)
    return [_count(name, timeout) for name in names]


def _count(name: str, timeout: int) -> int:
    cache.add(name, 0, timeout=timeout)
    try:
        return cache.incr(name)
    except ValueError:  # expired between add and incr
        cache.set(name, 1, timeout=timeout)
        return 1


def submission_allowed(*, request, scope: str, per_client: int, per_scope: int) -> bool:
    """Count this attempt; False once the client or the scope is over its limit.

    A cache that is down lets submissions through (logged) rather than failing the form.
    """
    try:
        window = current_window()
        client = digest("throttle", window, f"{scope}|{client_address(request)}")
        counted_client, counted_scope = _count_all(
            f"anonymity:throttle:{window}:client:{client}", f"anonymity:throttle:{window}:scope:{scope}"
        )
    except Exception:
        log.exception("anonymous throttle unavailable; allowing the submission")
        return True
    return counted_client <= per_client and counted_scope <= per_scope


def retry_minutes() -> int:
    return max(1, (WINDOW_SECONDS - int(time.time()) % WINDOW_SECONDS + 59) // 60)
