"""An anonymous opinion stores no identity, and the sender cannot be derived from anything
stored: not the opinion's row, not a related row, not the cache, not the log."""

import logging
import pickle
import re
import uuid
from datetime import timedelta

import pytest
from django.apps import apps
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.db import connection, models
from django.utils import timezone

from anonymity import throttle, writes
from anonymity.models import PendingRow
from anonymity.nonce import nonce_issue
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
        {"target": str(member_person.pk), "content": "李委员对分管科室督促多、指导少。", "nonce": nonce_issue(),
         **extra},
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
            {"target": "team", "content": words, "nonce": nonce_issue()},
            REMOTE_ADDR=address,
        )
    first, second = Opinion.objects.order_by("content")
    ignored = {"id", "content"}
    fields = [f.attname for f in Opinion._meta.concrete_fields if f.attname not in ignored]
    assert [getattr(first, f) for f in fields] == [getattr(second, f) for f in fields]


# --- the cache: counters under keys derived from the secret, never the key itself ----------

REQUEST = type("Request", (), {"META": {"REMOTE_ADDR": SENDER_IP}})()


def _allow(**limits):
    return throttle.submission_allowed(request=REQUEST, scope="feedback:1", per_client=30, per_scope=600, **limits)


def test_the_cache_holds_numbers_and_marks_only_never_a_key(cast, solicitation, people, client):
    """A key kept in the cache beside its digests lets anyone with a copy try every
    address; here the cache has counters and used-marks and nothing to test them with."""
    _submit(client, solicitation, people["member"])
    contents = _cache_contents()
    assert contents
    for key, value in contents:
        assert value is True or (isinstance(value, int) and not isinstance(value, bool)), (key, value)
        assert ":key:" not in key


def test_the_rate_limit_digest_needs_the_secret_key(settings, db, monkeypatch):
    monkeypatch.setattr(throttle, "current_window", lambda: 1000)
    _allow()
    [first] = [key for key, _ in _cache_contents() if ":client:" in key]
    cache.clear()
    settings.SECRET_KEY = "another-secret-another-secret-another-secret"
    _allow()
    [second] = [key for key, _ in _cache_contents() if ":client:" in key]
    # Same address, same window, other secret: another digest. Without SECRET_KEY (which is
    # in neither the cache nor the database) nobody can test an address against it.
    assert first != second
    for key in (first, second):
        assert SENDER_IP not in key


def test_the_rate_limit_digest_changes_with_its_window(monkeypatch, db):
    """The same address hashes differently in the next window: old counters cannot be
    matched to the address's current ones."""
    windows = iter([1000, 1001])
    monkeypatch.setattr(throttle, "current_window", lambda: next(windows))
    _allow()
    _allow()
    client_keys = [key for key, _ in _cache_contents() if ":client:" in key]
    assert len(client_keys) == 2
    assert len({key.rsplit(":", 1)[1] for key in client_keys}) == 2


def test_the_used_mark_of_a_form_names_neither_nonce_nor_opinion(solicitation, client):
    page = client.get(f"/feedback/f/{solicitation.token}/").content.decode()
    nonce = re.search(r'name="nonce" value="([^"]+)"', page).group(1)
    client.post(f"/feedback/f/{solicitation.token}/", {"target": "team", "content": "建议多下基层。", "nonce": nonce})
    [opinion] = Opinion.objects.all()
    marks = [key for key, _ in _cache_contents() if ":nonce:" in key]
    assert len(marks) == 1
    text = " ".join(f"{key} {value!r}" for key, value in _cache_contents())
    for trace in (nonce, nonce.split(":")[0], str(opinion.pk), opinion.pk.hex, opinion.code):
        assert trace not in text


# --- the database: anonymous rows are written in shuffled batches --------------------------


def _post_many(client, solicitation, texts):
    for text in texts:
        response = client.post(
            f"/feedback/f/{solicitation.token}/", {"target": "team", "content": text, "nonce": nonce_issue()}
        )
        assert response.status_code == 302


def _stored_order() -> list[str]:
    """The order the rows sit in storage: SQLite's rowid, PostgreSQL's physical ctid."""
    table = connection.ops.quote_name(Opinion._meta.db_table)
    column = {"sqlite": "rowid", "postgresql": "ctid"}[connection.vendor]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT content FROM {table} ORDER BY {column}")
        return [content for (content,) in cursor.fetchall()]


TEXTS = [f"第{i}位群众的意见" for i in range(1, 6)]


def test_online_opinions_wait_until_their_batch_is_full(settings, solicitation, client):
    settings.ANONYMOUS_BATCH_SIZE = 5
    _post_many(client, solicitation, TEXTS[:4])
    assert not Opinion.objects.exists()
    assert PendingRow.objects.count() == 4
    _post_many(client, solicitation, TEXTS[4:])
    assert sorted(Opinion.objects.values_list("content", flat=True)) == sorted(TEXTS)
    assert not PendingRow.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_batch_sits_in_storage_in_the_shuffled_order_not_the_order_of_arrival(
    settings, solicitation, client, monkeypatch
):
    """Each submission commits on its own (transactional test), as in use. The physical order
    of the rows is the shuffle's, and on PostgreSQL one transaction id covers them all."""
    settings.ANONYMOUS_BATCH_SIZE = len(TEXTS)
    monkeypatch.setattr(writes, "_shuffle", lambda rows: rows.reverse())  # a known permutation
    _post_many(client, solicitation, TEXTS[:-1])
    waiting_file = _pending_filenode()
    _post_many(client, solicitation, TEXTS[-1:])
    assert _stored_order() == list(reversed(TEXTS))
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT COUNT(DISTINCT xmin::text) FROM {Opinion._meta.db_table}")
            assert cursor.fetchone()[0] == 1
        # The waiting rows were deleted and their table rewritten into a new file, so the
        # dead rows with their arrival-ordered xmin do not stay in the old one. (Rows some
        # running transaction can still see are copied along, and dropped by the next
        # rewrite: the README's window.)
        assert _pending_filenode() != waiting_file


def _pending_filenode():
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_relation_filenode(%s)", [PendingRow._meta.db_table])
        return cursor.fetchone()[0]


def test_the_shuffle_uses_the_systems_randomness():
    assert writes._shuffle.__self__.__class__.__name__ == "SystemRandom"


def test_the_rest_of_a_day_is_written_by_the_first_office_page_after_midnight(
    settings, solicitation, client, login, cast, monkeypatch
):
    settings.ANONYMOUS_BATCH_SIZE = 10
    _post_many(client, solicitation, TEXTS[:3])
    office = login(cast.office)
    overview = office.get(f"/feedback/{solicitation.pk}/").content.decode()
    assert not Opinion.objects.exists()  # the day is not over: they wait, and the page says so
    assert "另有 3 条网上意见等待成批转入" in overview
    tomorrow = timezone.localdate() + timedelta(days=1)
    monkeypatch.setattr(writes.timezone, "localdate", lambda: tomorrow)
    office.get(f"/feedback/{solicitation.pk}/opinions/")
    assert Opinion.objects.count() == 3
    assert not PendingRow.objects.exists()


def test_the_beat_job_writes_earlier_days_and_leaves_today(settings, solicitation, client, monkeypatch):
    from anonymity.tasks import flush_anonymous_rows

    settings.ANONYMOUS_BATCH_SIZE = 10
    _post_many(client, solicitation, TEXTS[:2])
    assert flush_anonymous_rows() == 0
    tomorrow = timezone.localdate() + timedelta(days=1)
    monkeypatch.setattr(writes.timezone, "localdate", lambda: tomorrow)
    _post_many(client, solicitation, TEXTS[2:3])  # today's (for the job: tomorrow's) waits
    assert flush_anonymous_rows() == 2
    assert sorted(Opinion.objects.values_list("content", flat=True)) == sorted(TEXTS[:2])
    assert PendingRow.objects.count() == 1


def test_a_flush_that_finds_too_few_rows_leaves_them_waiting(settings, solicitation, client):
    settings.ANONYMOUS_BATCH_SIZE = 10
    _post_many(client, solicitation, TEXTS[:2])
    assert writes.anonymous_flush(scope=f"feedback:{solicitation.pk}", minimum=10) == 0
    assert PendingRow.objects.count() == 2 and not Opinion.objects.exists()


def test_a_waiting_row_keeps_no_time_and_no_sequence(db):
    with connection.cursor() as cursor:
        columns = {c.name for c in connection.introspection.get_table_description(cursor, PendingRow._meta.db_table)}
    assert columns == {"id", "scope", "day", "payload"}
    assert isinstance(PendingRow._meta.pk, models.UUIDField)


def test_only_rows_without_a_sequence_or_a_time_can_be_written_anonymously(db):
    with pytest.raises(ImproperlyConfigured):
        writes.check_anonymous_model(OpinionEvent)  # has a time of day
    with pytest.raises(ImproperlyConfigured):
        writes.check_anonymous_model(Notification)  # numbered in sequence
    writes.check_anonymous_model(Opinion)


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite only")
def test_sqlite_overwrites_the_deleted_waiting_rows(settings, solicitation, client):
    _post_many(client, solicitation, TEXTS[:1])
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA secure_delete")
        assert cursor.fetchone()[0] == 1


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


def test_a_waiting_opinion_whose_aspect_or_form_went_meanwhile_does_not_block_the_batch(
    settings, solicitation, client, meeting
):
    from feedback.models import Solicitation
    from tests.feedback.factories import SolicitationFactory

    settings.ANONYMOUS_BATCH_SIZE = 10
    aspect = meeting.aspects.get(order=1)
    client.post(f"/feedback/f/{solicitation.token}/",
                {"target": "team", "aspect": str(aspect.pk), "content": "关于方面一的意见", "nonce": nonce_issue()})
    other = SolicitationFactory()
    client.post(f"/feedback/f/{other.token}/", {"target": "team", "content": "另一次征求的意见", "nonce": nonce_issue()})
    aspect.delete()
    Solicitation.objects.filter(pk=other.pk).delete()
    assert writes.anonymous_flush() == 2
    [opinion] = Opinion.objects.all()  # the deleted form's opinion went with it, as it would have
    assert (opinion.content, opinion.suggested_aspect_id) == ("关于方面一的意见", None)
    assert not PendingRow.objects.exists()
