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
