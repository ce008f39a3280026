"""/healthz: is the database reachable, and the broker (when one is configured)?"""

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


def _broker() -> str:
    if not settings.REDIS_URL:
        return "eager"
    try:
        import redis

        redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=2).ping()
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
