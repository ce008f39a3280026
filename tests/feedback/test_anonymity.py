"""An anonymous opinion stores no identity, and the sender cannot be derived from anything
stored: not the opinion's row, not a related row, not the cache, not the log."""

import logging
import pickle
import uuid

import pytest
from django.apps import apps
from django.core.cache import cache
from django.db import connection, models

from feedback import throttle
from feedback.models import Opinion, OpinionEvent, OpinionRouting
from notifications.models import Notification

SENDER_IP = "203.0.113.77"
SENDER_AGENT = "Mozilla/5.0 (Linux; Android 14; 测试手机) Mobile Safari/537.36 sender-fingerprint"
# Every column the opinion table has: a column added later (an address, a time...) fails
# here until someone has thought about what it reveals.
OPINION_COLUMNS = {
    "id", "solicitation_id", "content", "channel", "source", "received_on", "addressed_member_id",
    "suggested_aspect_id", "sender_name", "sender_contact", "state", "aspect_id", "kind",
    "duplicate_of_id", "set_aside_reason", "entered_by_id",
}


def _row_counts() -> dict[str, int]:
    tables = set(connection.introspection.table_names())
    return {m._meta.label: m._base_manager.count() for m in apps.get_models() if m._meta.db_table in tables}


def _submit(client, solicitation, member_person, **extra):
    return client.post(
        f"/feedback/f/{solicitation.token}/",
        {"target": str(member_person.pk), "content": "李委员对分管科室督促多、指导少。", **extra},
        REMOTE_ADDR=SENDER_IP,
        HTTP_USER_AGENT=SENDER_AGENT,
        HTTP_X_FORWARDED_FOR="198.51.100.9",
    )


def _identity(cast, client) -> list[str]:
    """Everything that could name the sender: address, agent, account, session."""
    return [
        SENDER_IP, "198.51.100.9", SENDER_AGENT, "sender-fingerprint", cast.member.username,
        cast.member.email, client.session.session_key,
    ]


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def _cache_contents() -> list[tuple[str, object]]:
    """Every key and value in the cache as the backend stores them: local memory without
    REDIS_URL, the real Redis with it (as in CI)."""
    if hasattr(cache._cache, "items"):  # LocMemCache
        return [(key, pickle.loads(value)) for key, value in cache._cache.items()]
    client = cache._cache.get_client()  # RedisCache
    serializer = cache._cache._serializer
    return [
        (key.decode(), serializer.loads(client.get(key)))
        for key in client.scan_iter(match=f"{cache.key_prefix}*")
    ]


def test_the_opinion_table_has_only_the_columns_we_reasoned_about(db):
    with connection.cursor() as cursor:
        columns = {c.name for c in connection.introspection.get_table_description(cursor, Opinion._meta.db_table)}
    assert columns == OPINION_COLUMNS


def test_an_opinion_keeps_no_time_of_day_and_no_sequence(db):
    for field in Opinion._meta.concrete_fields:
        assert not isinstance(field, models.DateTimeField | models.TimeField), field.name
    assert isinstance(Opinion._meta.pk, models.UUIDField)


def test_an_anonymous_opinion_row_holds_nothing_that_identifies_the_sender(
    cast, solicitation, people, login, caplog
):
    client = login(cast.member)  # even someone logged in stays anonymous on the public form
    client.get(f"/feedback/f/{solicitation.token}/")
    before = _row_counts()
    with caplog.at_level(logging.DEBUG):
        response = _submit(client, solicitation, people["member"])
    assert response.status_code == 302

    [opinion] = Opinion.objects.all()
    values = {f.attname: getattr(opinion, f.attname) for f in Opinion._meta.concrete_fields}
    assert values["entered_by_id"] is None
    assert values["sender_name"] == values["sender_contact"] == ""
    assert values["channel"] == "online"
    assert isinstance(values["id"], uuid.UUID) and values["id"].version == 4
    stored = " ".join(str(v) for v in values.values())
    for trace in _identity(cast, client):
        assert trace not in stored
    assert str(cast.member.pk) not in {str(values["entered_by_id"])}

    # Nothing else was written alongside it: no event, no routing, no notification, no
    # row anywhere that a time or an account could be read from.
    after = _row_counts()
    changed = {label: after[label] - before[label] for label in after if after[label] != before[label]}
    assert changed == {"feedback.Opinion": 1}
    assert not OpinionEvent.objects.exists()
    assert not OpinionRouting.objects.exists()
    assert not Notification.objects.exists()

    # The cache holds counters under keyed hashes: no address, no agent, no opinion.
    for key, value in _cache_contents():
        text = f"{key} {value!r}"
        for trace in _identity(cast, client) + [str(opinion.pk), opinion.pk.hex]:
            assert trace not in text
    # And the log says nothing about who posted.
    logged = " ".join(record.getMessage() for record in caplog.records)
    for trace in _identity(cast, client):
        assert trace not in logged


def test_two_senders_leave_rows_that_differ_only_in_what_they_wrote(cast, solicitation, people, client):
    for address, words in (("203.0.113.1", "第一位群众的意见"), ("198.51.100.2", "第二位群众的意见")):
        client.post(
            f"/feedback/f/{solicitation.token}/",
            {"target": "team", "content": words},
            REMOTE_ADDR=address,
        )
    first, second = Opinion.objects.order_by("content")
    ignored = {"id", "content"}
    fields = [f.attname for f in Opinion._meta.concrete_fields if f.attname not in ignored]
    assert [getattr(first, f) for f in fields] == [getattr(second, f) for f in fields]


def test_the_rate_limit_key_is_forgotten_with_its_window(monkeypatch, db):
    """The same address hashes differently in the next window: old counters cannot be
    matched to an address once their window's key has expired."""
    windows = iter([1000, 1001])
    monkeypatch.setattr(throttle, "current_window", lambda: next(windows))
    request = type("Request", (), {"META": {"REMOTE_ADDR": SENDER_IP}})()
    throttle.submission_allowed(request=request, solicitation_id=1)
    throttle.submission_allowed(request=request, solicitation_id=1)
    client_keys = [key for key, _ in _cache_contents() if ":client:" in key]
    assert len(client_keys) == 2
    digests = {key.rsplit(":", 1)[1] for key in client_keys}
    assert len(digests) == 2
    secret_keys = [key for key, _ in _cache_contents() if ":key:" in key]
    assert len(secret_keys) == 2  # one random key per window, each expiring with it


def test_the_office_typing_in_an_opinion_records_the_clerk_not_the_sender(cast, solicitation, login):
    login(cast.office).post(
        f"/feedback/{solicitation.pk}/opinions/new/",
        {"channel": "interview", "received_on": "2026-01-05", "target": "team", "content": "访谈记录：希望多下基层。"},
    )
    opinion = Opinion.objects.get()
    assert opinion.entered_by == cast.office
    assert opinion.is_anonymous


@pytest.mark.parametrize("header, expected", [("", "10.0.0.1"), ("HTTP_X_REAL_IP", "192.0.2.5")])
def test_the_client_address_comes_from_the_proxy_header_only_when_configured(settings, header, expected):
    settings.FEEDBACK_CLIENT_IP_HEADER = header
    request = type("Request", (), {"META": {"REMOTE_ADDR": "10.0.0.1", "HTTP_X_REAL_IP": "192.0.2.5"}})()
    assert throttle.client_address(request) == expected
