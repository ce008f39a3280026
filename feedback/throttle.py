"""Limiting floods of the public form without keeping anything that identifies a sender.

A sender's address is never stored, not even hashed with the opinion. For rate limiting
the address is turned into an HMAC under a random key that lives only in the cache and
only for one ten-minute window; the counter kept under that HMAC holds a number and
nothing else, and expires with the window. Once the key is gone, nobody — the office,
an administrator, an attacker with the database and the cache — can tell which address a
counter belonged to, and no counter ever points at an opinion.

Offices sometimes collect opinions at a forum where everyone scans the QR code on the
same Wi-Fi (one public address): the per-client limit is set for that, with a limit per
form above it against a flood from many addresses. Both are settings.
"""

import hashlib
import hmac
import logging
import secrets
import time

from django.conf import settings
from django.core.cache import cache

log = logging.getLogger(__name__)

WINDOW_SECONDS = 600
DEFAULT_PER_CLIENT = 30  # submissions per client address per window
DEFAULT_PER_FORM = 600  # submissions per form per window, from all addresses together


def client_address(request) -> str:
    """The sender's address, for counting only. Behind a proxy, its header (a setting)."""
    header = getattr(settings, "FEEDBACK_CLIENT_IP_HEADER", "")
    forwarded = request.META.get(header, "") if header else ""
    return forwarded.split(",")[0].strip() or request.META.get("REMOTE_ADDR", "")


def current_window() -> int:
    return int(time.time()) // WINDOW_SECONDS


def _window_key(window: int) -> bytes:
    name = f"feedback:throttle:key:{window}"
    cache.add(name, secrets.token_hex(32), timeout=WINDOW_SECONDS + 60)
    return (cache.get(name) or "").encode()


def _count(name: str) -> int:
    cache.add(name, 0, timeout=WINDOW_SECONDS + 60)
    try:
        return cache.incr(name)
    except ValueError:  # expired between add and incr
        cache.set(name, 1, timeout=WINDOW_SECONDS + 60)
        return 1


def submission_allowed(*, request, solicitation_id: int) -> bool:
    """Count this attempt; False once the client or the form is over its limit.

    A cache that is down lets submissions through (logged) rather than failing the form.
    """
    try:
        window = current_window()
        key = _window_key(window)
        digest = hmac.new(
            key, f"{solicitation_id}|{client_address(request)}".encode(), hashlib.sha256
        ).hexdigest()
        per_client = _count(f"feedback:throttle:{window}:client:{digest}")
        per_form = _count(f"feedback:throttle:{window}:form:{solicitation_id}")
    except Exception:
        log.exception("feedback throttle unavailable; allowing the submission")
        return True
    return per_client <= getattr(
        settings, "FEEDBACK_RATE_PER_CLIENT", DEFAULT_PER_CLIENT
    ) and per_form <= getattr(settings, "FEEDBACK_RATE_PER_FORM", DEFAULT_PER_FORM)


def retry_minutes() -> int:
    return max(1, (WINDOW_SECONDS - int(time.time()) % WINDOW_SECONDS + 59) // 60)
