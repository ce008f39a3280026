"""Writing anonymous rows so that where they sit in storage does not tell when they came.

An anonymous row (an online opinion now; a democratic-evaluation ballot and a comment on a
rectification disclosure later) holds nothing about its sender, but a database tells more
than its columns: SQLite numbers rows in the order they are inserted (`rowid`), PostgreSQL
stamps each row with the id of the transaction that wrote it (`xmin`, increasing) and
places new rows one after another in its pages (`ctid`). Anyone with a copy of the
database could then line the rows up in the order they were sent and match them with a
proxy's access log, which has every sender's address and time.

So a submission is not written to its table when it arrives. It is kept in
`PendingRow` and written later, together with the others of its scope, in one
transaction and in a random order with random UUID keys:

- every row of a batch carries the same `xmin`, and its `rowid`/`ctid` follows the
  shuffle, not the arrival; batches are ordered among themselves, rows within one are not;
- a batch is written once `ANONYMOUS_BATCH_SIZE` rows of a scope are waiting (never
  fewer: a smaller one is rolled back and waits), and whatever remains of a day is written
  after midnight by the beat job (`anonymity.tasks`) or by the next office page that asks
  (`anonymous_flush_due`), so with a small audience a day's rows form one batch;
- waiting rows are in the database, committed before the sender is thanked: a process that
  dies loses nothing, and no cache eviction can drop an opinion (which is why the buffer
  is not kept in the cache: a cache may evict, and Redis's own AOF/RDB keep the order too).

The window: while rows wait, the pending table's own rowid/xmin/ctid do show their order;
when the batch is written they are deleted with SQLite's `secure_delete` (their bytes are
zeroed in the file) and on PostgreSQL the table is rewritten into a new file (`VACUUM
FULL`, so no dead tuple keeps its xmin) — except rows a transaction running at that moment
could still see (a long report, a pg_dump), which are copied along and dropped by the next
rewrite. What no application can reach is stated in the README: the
write-ahead log, backups taken during the window, the proxy's log.
"""

import logging
import secrets
from datetime import date

from django.conf import settings
from django.core import serializers
from django.core.exceptions import ImproperlyConfigured
from django.db import DatabaseError, connection, models, transaction
from django.utils import timezone

from .models import PendingRow

log = logging.getLogger(__name__)
DEFAULT_BATCH_SIZE = 10
# A held scope (a ballot box) is written only when its owner says so, all at once: never
# by size and never after midnight. A scoring round is short and counted as a whole; a
# batch written while it runs would sort its early voters (whose participation is known)
# apart from its late ones.
HELD_PREFIX = "held:"


def held_scope(name: str) -> str:
    return f"{HELD_PREFIX}{name}"


def is_held(scope: str | None) -> bool:
    return bool(scope) and scope.startswith(HELD_PREFIX)

# A module attribute so that a test can substitute a known permutation; in use it is the
# operating system's randomness, which nobody can replay.
_shuffle = secrets.SystemRandom().shuffle


def batch_size() -> int:
    return max(1, int(getattr(settings, "ANONYMOUS_BATCH_SIZE", DEFAULT_BATCH_SIZE)))


def check_anonymous_model(model) -> None:
    """Refuse a model whose own columns would undo the batching: a sequence or a time."""
    if not isinstance(model._meta.pk, models.UUIDField):
        raise ImproperlyConfigured(f"{model._meta.label}: an anonymous row needs a random UUID key")
    for field in model._meta.concrete_fields:
        if isinstance(field, models.DateTimeField | models.TimeField):
            raise ImproperlyConfigured(
                f"{model._meta.label}.{field.name}: an anonymous row keeps a date, never a time"
            )


def anonymous_write(*objects: models.Model, scope: str) -> None:
    """Keep these unsaved rows (one submission: a row, or a row and its parts) for the
    next batch of `scope`. Returns nothing a caller could log or show."""
    for obj in objects:
        check_anonymous_model(type(obj))
    row = PendingRow(scope=scope, day=timezone.localdate(), payload=serializers.serialize("json", objects))
    if is_held(scope):
        row.save(force_insert=True)
        return
    if _keep_counting(row) >= batch_size():
        try:
            anonymous_flush(scope=scope, minimum=batch_size())
        except DatabaseError:
            # Another flush holds the lock, or the database is busy: the rows are safe in
            # the pending table and the next flush writes them.
            log.warning("anonymous batch for %s not written now; it waits for the next flush", scope)


def _keep_counting(row: PendingRow) -> int:
    """Store the row and say how many of its scope now wait.

    One statement, committed by itself (no BEGIN and COMMIT sent around it): the row is in
    the database before the sender is thanked. On PostgreSQL the count rides in the same
    statement (a data-modifying WITH), one round trip instead of two; its snapshot does
    not see the row it inserts, hence the + 1.
    """
    if connection.vendor != "postgresql":
        row.save(force_insert=True)
        return PendingRow.objects.filter(scope=row.scope).count()
    table = connection.ops.quote_name(PendingRow._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"WITH kept AS (INSERT INTO {table} (id, scope, day, payload) VALUES (%s, %s, %s, %s) RETURNING 1)"
            f" SELECT COUNT(*) + 1 FROM {table} WHERE scope = %s",
            [row.id, row.scope, row.day, row.payload, row.scope],
        )
        return cursor.fetchone()[0]


def anonymous_flush(*, scope: str | None = None, before: date | None = None, minimum: int = 1) -> int:
    """Write the waiting rows (of one scope, of days before `before`) as one shuffled batch.

    `minimum`: a batch smaller than this is rolled back and waits (two submissions that
    both saw the threshold must not leave a batch of one behind the other).
    Returns how many submissions were written.
    """
    with transaction.atomic():
        payloads = _take(scope=scope, before=before)
        if len(payloads) < minimum:
            transaction.set_rollback(True)
            return 0
        _shuffle(payloads)
        by_model: dict = {}
        for payload in payloads:
            for item in serializers.deserialize("json", payload):
                by_model.setdefault(type(item.object), []).append(item.object)
        # Models in the order a submission lists them, so parts follow their row.
        for model, rows in by_model.items():
            model.objects.bulk_create(_still_valid(model, rows), batch_size=500)
    if payloads:
        _compact()
    return len(payloads)


def _still_valid(model, rows: list) -> list:
    """What waited may point at something deleted since (a form, a member, an aspect).
    Treat it as if the row had been written at once: gone with a CASCADE, emptied with a
    SET_NULL; anything else is kept out (and logged) rather than failing the whole batch
    for ever."""
    kept = rows
    for field in model._meta.concrete_fields:
        if not field.is_relation or not field.many_to_one:
            continue
        wanted = {getattr(row, field.attname) for row in kept} - {None}
        if not wanted:
            continue
        target = field.remote_field.model._base_manager
        present = set(target.filter(pk__in=wanted).values_list("pk", flat=True))
        if wanted <= present:
            continue
        survivors = []
        for row in kept:
            if getattr(row, field.attname) in present or getattr(row, field.attname) is None:
                survivors.append(row)
            elif field.remote_field.on_delete is models.SET_NULL:
                setattr(row, field.attname, None)
                survivors.append(row)
            elif field.remote_field.on_delete is not models.CASCADE:
                log.warning("an anonymous %s points at a deleted %s; not written", model._meta.label, field.name)
        kept = survivors
    return kept


def anonymous_flush_due(*, scope: str | None = None) -> int:
    """Write what is left of earlier days: after midnight a day is closed, whatever its size."""
    if is_held(scope):
        return 0
    today = timezone.localdate()
    waiting = PendingRow.objects.filter(day__lt=today).exclude(scope__startswith=HELD_PREFIX)
    if scope is not None:
        waiting = waiting.filter(scope=scope)
    if not waiting.exists():
        return 0
    return anonymous_flush(scope=scope, before=today)


def pending_count(*, scope: str) -> int:
    """How many submissions wait for their batch (a number; which ones, nobody can tell)."""
    return PendingRow.objects.filter(scope=scope).count()


def _take(*, scope, before) -> list[str]:
    """Delete the waiting rows and return their payloads, in one statement.

    DELETE … RETURNING (SQLite ≥ 3.35, PostgreSQL) hands each row to exactly one flush even
    when two run at once: the second gets only what the first did not delete.
    """
    table = connection.ops.quote_name(PendingRow._meta.db_table)
    where, params = [], []
    if scope is not None:
        where.append("scope = %s")
        params.append(scope)
    else:
        # Held scopes are written only by name (see HELD_PREFIX).
        where.append("scope NOT LIKE %s")
        params.append(f"{HELD_PREFIX}%")
    if before is not None:
        where.append("day < %s")
        params.append(before)
    sql = f"DELETE FROM {table}" + (f" WHERE {' AND '.join(where)}" if where else "") + " RETURNING payload"
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            # Deleted rows' bytes are overwritten, not left in free pages of the file.
            cursor.execute("PRAGMA secure_delete = ON")
        cursor.execute(sql, params)
        return [payload for (payload,) in cursor.fetchall()]


def _compact() -> None:
    """PostgreSQL keeps deleted rows (with their xmin) in the file until vacuumed: rewrite
    the small pending table so a copy of the files holds no trace of the arrival order.
    Outside a transaction only (VACUUM cannot run in one); the beat job always is."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return
    table = connection.ops.quote_name(PendingRow._meta.db_table)
    try:
        with connection.cursor() as cursor:
            cursor.execute(f"VACUUM FULL {table}")
    except DatabaseError:
        log.warning("could not compact the pending anonymous rows; the next flush tries again")
