"""A one-time token for anonymous forms: Back + 提交 does not store a submission twice.

The office's create forms can tie a token to the user or the session; an anonymous form
has neither, and must not gain one. What is kept, and why it cannot name anybody:

- The page carries a random nonce, signed with its issue time (`signing.dumps`), so a
  forged or very old one is refused without the server remembering having issued it.
- Using it stores one cache key: HMAC(key derived from SECRET_KEY, nonce) → True. Not the
  nonce, not the opinion, not its key, not the address: nothing in the database or the
  cache joins the "used" mark to the row it let through, so even someone holding the
  database, the cache and the proxy log cannot pair a mark with an opinion. The nonce
  itself only travels in the page and the form body, which proxies do not log.
- The marks expire in hourly steps (`keys.aligned_timeout`), so their TTLs tell the hour
  a form was sent, which the proxy log tells anyway, and nothing finer.
- The mark outlives the nonce's validity (`MAX_AGE`): once it expires the nonce is too old
  to be accepted again, so there is no gap in which a resubmission gets through.

On Back, a browser either restores the page as it was (bfcache; the page is therefore not
sent `no-store`) or fetches it again and restores what was typed into its text fields.
The nonce sits in such a text field (kept out of sight), so either way it comes back with
the very words it was issued with; a fresh visit or "再提一条" gets a fresh one.
"""

import logging

from django.core import signing
from django.core.cache import cache
from django.utils.crypto import get_random_string

from .keys import aligned_timeout, digest

log = logging.getLogger(__name__)

SALT = "anonymity.nonce"
MAX_AGE = 2 * 24 * 3600  # a form left open over a weekend day still submits
HOUR = 3600


class Nonce:
    VALID = "valid"
    USED = "used"
    INVALID = "invalid"  # missing, forged or too old: show the form again with a fresh one


def nonce_issue() -> str:
    return signing.dumps(get_random_string(32), salt=SALT)


def nonce_check(value: str) -> str:
    """Whether this nonce may still let a submission through (without using it)."""
    if not _genuine(value):
        return Nonce.INVALID
    try:
        return Nonce.USED if cache.get(_mark(value)) else Nonce.VALID
    except Exception:
        log.exception("nonce store unavailable; treating the nonce as unused")
        return Nonce.VALID


def nonce_use(value: str) -> bool:
    """Mark the nonce used; False if it already was (the submission must not be kept).

    A cache that is down lets the submission through: a rare duplicate the office can
    merge is better than an opinion lost.
    """
    if not _genuine(value):
        return False
    try:
        return cache.add(_mark(value), True, timeout=aligned_timeout(HOUR, MAX_AGE))
    except Exception:
        log.exception("nonce store unavailable; accepting the submission")
        return True


def nonce_release(value: str) -> None:
    """The write failed after the nonce was used: let the same page try again."""
    try:
        cache.delete(_mark(value))
    except Exception:
        log.exception("nonce store unavailable; the nonce stays used")


def _genuine(value) -> bool:
    if not isinstance(value, str) or not value or len(value) > 200:
        return False
    try:
        signing.loads(value, salt=SALT, max_age=MAX_AGE)
    except signing.BadSignature:  # includes SignatureExpired
        return False
    return True


def _mark(value: str) -> str:
    # Constant epoch: a mark must be found again for as long as the nonce is valid.
    return f"anonymity:nonce:{digest('nonce', 0, value)}"
