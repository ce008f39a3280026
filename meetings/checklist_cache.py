"""The meeting home's checklist, remembered between page loads and never stale (issue 11).

Every phase's provider costs its own queries (the home of a meeting in preparation: about
45 queries, 80 ms at 500 organisations), and a meeting's home is opened far more often
than its data changes. So the providers' answer is kept in Django's cache (Redis in
production) under the meeting, the day (some details count days: "逾期3天") and a
*version*, and any write to the phases' data moves the version on.

Why a version moved by the database writes themselves, rather than by each phase's
services or by `post_save` on its models: a checklist reads some twenty models of ten
apps, and their rows change through services, transition hooks, `bulk_create`,
`QuerySet.update()` and deletes that send no signal (the county's builders, the anonymous
batches of anonymity.writes, the planner's bulk saves). One missed place would be a
stale checklist, and a new phase would have to remember to add its own. Watching the SQL
(an execute wrapper on every connection) misses nothing, including phases still to come;
the price is that the version is one for the whole county — a write to any meeting's
phases makes every meeting's next load compute afresh once. The county's pages are read
much more than written, so the cache still answers most loads.

When the version moves: after the commit of the transaction that wrote (a reader between
the write and the commit would otherwise remember the old rows under the new version),
at once for a write outside a transaction. Inside a transaction that has written, the
checklist is computed afresh and not remembered: its own uncommitted rows are not yet
everyone's.

Only where the cache is shared by every server process (`CHECKLIST_CACHE`, on with
REDIS_URL): a per-process memory cache would not hear another process's writes.
"""

import hashlib
import logging
import re
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.utils import timezone

log = logging.getLogger(__name__)

VERSION_KEY = "checklist:version"
# A safety net, not the mechanism: should the cache miss a version move (Redis down while
# a write committed), what it keeps is gone within this many seconds.
TIMEOUT = 600

_WRITE = re.compile(r"^\s*(INSERT|UPDATE|DELETE|TRUNCATE|REPLACE|MERGE)\b", re.IGNORECASE)
# A WITH … that writes (a data-modifying CTE); the tree walks of organizations.selectors read.
_WRITING_WITH = re.compile(r"^\s*WITH\b.*(\bINSERT\s+INTO\b|\bDELETE\s+FROM\b|\bUPDATE\s+\S+\s+SET\b)",
                           re.IGNORECASE | re.DOTALL)
_TABLE = re.compile(r'^\s*(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|UPDATE|DELETE\s+FROM|REPLACE\s+INTO)\s+"?([\w.]+)"?',
                    re.IGNORECASE)
# Writes that no checklist reads: sessions (saved on every request), login throttling,
# messages to people, the admin's log. Everything else moves the version, tables of
# phases still to come too.
IGNORED_TABLES = {"django_session", "axes_accessattempt", "axes_accessattemptexpiration", "axes_accesslog",
                  "axes_accessfailurelog", "notifications_notification", "django_admin_log"}


def enabled() -> bool:
    return getattr(settings, "CHECKLIST_CACHE", False)


# Logging in stamps the user's last login, which no checklist shows: not a reason to drop
# every meeting's checklist each time someone logs in.
_LOGIN_STAMP = re.compile(r'^\s*UPDATE\s+"?auth_user"?\s+SET\s+"?last_login"?\s*=\s*%s\s+WHERE\s+[^,;]*$',
                          re.IGNORECASE)


def _moves_version(sql: str) -> bool:
    if _LOGIN_STAMP.match(sql):
        return False
    if _WRITING_WITH.match(sql):
        return True
    if not _WRITE.match(sql):
        return False
    table = _TABLE.match(sql)
    # A TRUNCATE or a form not parsed: moved, to be safe.
    return table is None or table.group(1).lower() not in IGNORED_TABLES


def version_move() -> None:
    """A new version: every checklist remembered so far is left behind."""
    try:
        cache.set(VERSION_KEY, uuid.uuid4().hex, None)
    except Exception:  # the cache being down must not fail a write; TIMEOUT bounds the rest
        log.exception("checklist cache: the version could not be moved")


def _watch(execute, sql, params, many, context):
    result = execute(sql, params, many, context)
    if enabled() and isinstance(sql, str) and _moves_version(sql):
        conn = context["connection"]
        if conn.in_atomic_block:
            conn.__dict__["_checklist_written"] = True
            if not any(func is version_move for _, func, *_ in conn.run_on_commit):
                transaction.on_commit(version_move, using=conn.alias)
        else:
            version_move()
    return result


def watch_connection(sender=None, connection=None, **kwargs) -> None:
    """Install the watcher on a connection (connection_created; idempotent on a reconnect)."""
    if _watch not in connection.execute_wrappers:
        connection.execute_wrappers.append(_watch)


def _written_in_this_transaction() -> bool:
    conn = connections[DEFAULT_DB_ALIAS]  # the connection itself: `db.connection` is a proxy
    if not conn.in_atomic_block:
        conn.__dict__.pop("_checklist_written", None)
        return False
    return conn.__dict__.get("_checklist_written", False)


def _layout(entries) -> str:
    """Which providers, in which order: a deploy that changes them changes every key."""
    return hashlib.sha1("|".join(f"{e.key}:{e.phase}" for e in entries).encode()).hexdigest()[:10]


def _version() -> str:
    version = cache.get(VERSION_KEY)
    if version is None:
        version = uuid.uuid4().hex
        if not cache.add(VERSION_KEY, version, None):
            version = cache.get(VERSION_KEY)
    return version


def remembered_many(prefix: str, ids, *, day, layout: str, compute):
    """{id: value} for many objects at once under the same version: those the cache holds
    from it, the rest from `compute(missing ids) -> {id: value}`, in one call for all of
    them (a batched provider's queries stay fixed). The phases' statuses of every meeting of
    a county (meetings.status) are kept this way."""
    ids = list(ids)
    if not enabled() or _written_in_this_transaction():
        return compute(ids)
    try:
        version = _version()
        keys = {pk: f"{prefix}:{pk}:{version}:{day.isoformat()}:{layout}" for pk in ids}
        cached = cache.get_many(list(keys.values()))
    except Exception:
        log.exception("checklist cache: %s not read", prefix)
        return compute(ids)
    found = {pk: cached[key] for pk, key in keys.items() if key in cached}
    missing = [pk for pk in ids if pk not in found]
    if missing:
        fresh = compute(missing)
        found.update(fresh)
        try:
            cache.set_many({keys[pk]: fresh[pk] for pk in missing if pk in fresh}, TIMEOUT)
        except Exception:
            log.exception("checklist cache: %s not stored", prefix)
    return found


def remembered(meeting, entries, compute):
    """`compute(meeting)` — each entry's (items, url) — from the cache when it is sound to."""
    if not enabled() or _written_in_this_transaction():
        return compute(meeting)
    try:
        version = _version()
        key = f"checklist:{meeting.pk}:{version}:{timezone.localdate().isoformat()}:{_layout(entries)}"
        found = cache.get(key)
    except Exception:
        log.exception("checklist cache: not read")
        return compute(meeting)
    if found is not None:
        return found
    # The version was read before the rows: a write committed meanwhile moved it on, so
    # what is stored here is never read again.
    found = compute(meeting)
    try:
        cache.set(key, found, TIMEOUT)
    except Exception:
        log.exception("checklist cache: not stored")
    return found
