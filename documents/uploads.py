"""An uploaded file waiting in the session between its preview and its confirmation.

Imports show what would change before anything is written; the bytes wait here (one per
kind of import per session) under a token carried by the confirm form, so nobody
uploads twice and a stale or forged confirmation finds nothing.
"""

import base64
import secrets


def upload_keep(request, *, key: str, owner: int, data: bytes) -> str:
    token = secrets.token_urlsafe(16)
    request.session[key] = {
        "token": token,
        "owner": owner,
        "data": base64.b64encode(data).decode("ascii"),
    }
    return token


def upload_kept(request, *, key: str, owner: int, token: str) -> bytes | None:
    kept = request.session.get(key) or {}
    if (
        not token
        or kept.get("owner") != owner
        or not secrets.compare_digest(kept.get("token", "").encode(), token.encode())
    ):
        return None
    return base64.b64decode(kept["data"])


def upload_drop(request, *, key: str) -> None:
    request.session.pop(key, None)
