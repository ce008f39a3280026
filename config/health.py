"""/healthz: is the database reachable, and the broker (when one is configured)?"""

import threading

from django.conf import settings
from django.db import connection
from django.http import JsonResponse


def _database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return "ok"
    except Exception as exc:  # report, never raise: this page exists to say what is wrong
        return f"error: {exc.__class__.__name__}"


# One client per broker address and process. Building a `redis.Redis` fills some 170
# response callbacks, which cost more than the PING itself (see config/cache.py), and a
# new client opens a new connection every time. A client is a handle on its connection
# pool: safe to share between threads, and the pool replaces a connection the broker has
# dropped (a restart) when it hands it out, so a kept client reconnects by itself. Keyed
# by the address so that a changed REDIS_URL (a test's override) gets its own.
_clients: dict = {}
_clients_lock = threading.Lock()


def _broker_client(url: str):
    client = _clients.get(url)
    if client is None:
        with _clients_lock:
            client = _clients.get(url)
            if client is None:
                import redis

                # A read timeout too: a broker that accepts and never answers must turn
                # into a 503, not hang the monitor's request.
                client = _clients[url] = redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=2)
    return client


def _broker() -> str:
    if not settings.REDIS_URL:
        return "eager"
    try:
        _broker_client(settings.REDIS_URL).ping()
        return "ok"
    except Exception as exc:
        return f"error: {exc.__class__.__name__}"


def healthz(request):
    checks = {"database": _database(), "broker": _broker()}
    healthy = all(value in ("ok", "eager") for value in checks.values())
    return JsonResponse({"status": "ok" if healthy else "error", **checks}, status=200 if healthy else 503)


class HealthzMiddleware:
    """Answer /healthz before any other middleware runs.

    The check must report a broken database, not trip over it: below this point the
    session middleware loads and saves the session on every request (the idle timeout),
    so a monitor that sends a session cookie got an HTML 500 instead of the JSON 503.
    Sessions, authentication, CSRF and axes have nothing to say about this page.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info == "/healthz":
            return healthz(request)
        return self.get_response(request)
