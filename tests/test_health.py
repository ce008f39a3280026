"""/healthz: what a load balancer or an operator asks first."""

import pytest
from django.db import DatabaseError

from config import health


def test_healthz_reports_the_database_ok_without_login(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    data = response.json()
    assert data["database"] == "ok"
    assert data["status"] == "ok"
    assert data["broker"] in ("ok", "eager")


def test_healthz_reports_a_broken_database_as_an_error(client, db, monkeypatch):
    class BrokenConnection:
        def cursor(self):
            raise DatabaseError("connection refused")

    monkeypatch.setattr(health, "connection", BrokenConnection())
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "error: DatabaseError", "broker": response.json()["broker"]}


def test_healthz_with_a_session_cookie_still_answers_json_when_the_database_is_down(
    client, cast, monkeypatch
):
    # A monitor (or a person's browser) that carries a session cookie: the session must
    # be neither loaded nor saved, or the database being down turns the 503 into a 500.
    from django.contrib.sessions.backends.db import SessionStore

    client.force_login(cast.office, backend="django.contrib.auth.backends.ModelBackend")

    class BrokenConnection:
        def cursor(self):
            raise DatabaseError("connection refused")

    def database_down(*args, **kwargs):
        raise DatabaseError("connection refused")

    monkeypatch.setattr(health, "connection", BrokenConnection())
    monkeypatch.setattr(SessionStore, "load", database_down)
    monkeypatch.setattr(SessionStore, "save", database_down)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    assert response.json()["database"] == "error: DatabaseError"
    assert "Set-Cookie" not in response.headers


def _redis_or_skip(url):
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.RedisError:
        pytest.skip("no Redis on 127.0.0.1:6379")


def test_healthz_keeps_one_broker_client_per_process(client, db, settings, monkeypatch):
    import redis

    settings.REDIS_URL = "redis://127.0.0.1:6379/9"
    _redis_or_skip(settings.REDIS_URL)
    monkeypatch.setattr(health, "_clients", {})
    built = []
    original = redis.Redis.from_url

    def counting_from_url(*args, **kwargs):
        built.append(args)
        return original(*args, **kwargs)

    monkeypatch.setattr(redis.Redis, "from_url", counting_from_url)
    answers = [client.get("/healthz") for _ in range(3)]
    assert [a.status_code for a in answers] == [200, 200, 200]
    assert [a.json()["broker"] for a in answers] == ["ok", "ok", "ok"]
    assert len(built) == 1


def test_the_kept_broker_client_reconnects_after_its_connection_is_dropped(client, db, settings, monkeypatch):
    settings.REDIS_URL = "redis://127.0.0.1:6379/9"
    _redis_or_skip(settings.REDIS_URL)
    monkeypatch.setattr(health, "_clients", {})
    assert client.get("/healthz").json()["broker"] == "ok"
    kept = health._clients[settings.REDIS_URL]
    # The broker drops this client's connection (as a Redis restart does), and only it.
    kept.client_kill_filter(_id=kept.client_id())
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["broker"] == "ok"
    assert health._clients[settings.REDIS_URL] is kept


def test_healthz_reports_a_broker_that_is_down_as_503(client, db, settings, monkeypatch):
    import socket

    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    settings.REDIS_URL = f"redis://127.0.0.1:{port}/0"
    monkeypatch.setattr(health, "_clients", {})
    for _ in range(2):  # the kept client does not hide the failure on the next call either
        response = client.get("/healthz")
        assert response.status_code == 503
        assert response.json()["broker"] == "error: ConnectionError"
        assert response.json()["database"] == "ok"
