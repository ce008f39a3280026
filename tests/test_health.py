"""/healthz: what a load balancer or an operator asks first."""

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
