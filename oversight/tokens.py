"""Read-only API tokens: a county's own dashboard reads the overview with a person's key.

A token acts with exactly its owner's permissions (it is the owner, for reading); only
the SHA-256 of the key is stored, so a leaked database does not leak working keys. The key
is shown once, when made. Revoking is immediate.
"""

import secrets
from datetime import timedelta

from django.utils import timezone

from .models import ApiToken

# last_used_at is written at most this often: a dashboard polling every few seconds must
# not turn every read into a write.
USE_RECORDED_EVERY = timedelta(minutes=1)
KEY_PREFIX = "shh_"


def token_create(*, user, name: str) -> tuple[ApiToken, str]:
    """Make a token for `user`; returns it and the key (shown once, never stored)."""
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, name=name.strip(), prefix=key[len(KEY_PREFIX) : len(KEY_PREFIX) + 6], digest=ApiToken.digest_of(key)
    )
    return token, key


def token_revoke(*, token: ApiToken) -> ApiToken:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def user_for_token(key: str, *, now=None):
    """The active owner of a live token with this key, or None."""
    if not key:
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(digest=ApiToken.digest_of(key.strip()), revoked_at__isnull=True)
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    now = now or timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= USE_RECORDED_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


def bearer_key(request) -> str | None:
    """The key of an `Authorization: Bearer …` header; None when the header is absent."""
    header = request.headers.get("Authorization", "")
    if not header:
        return None
    scheme, _, key = header.partition(" ")
    return key.strip() if scheme.lower() == "bearer" else ""
