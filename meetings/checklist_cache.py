"""The meeting home's checklist and the phases' statuses, remembered between page loads and
never stale (issues 11 and 15).

Every phase's provider costs its own queries (the home of a meeting in preparation: about
45 queries, 80 ms at 500 organisations; the overview of a county asks every phase for 500
meetings), and pages are opened far more often than their data changes. So the providers'
answers are kept in Django's cache (Redis in production), each **with the tables it was
read from**, and a write to a table moves that table's version on: an answer is good as
long as the versions of the tables it read are those it was computed under.

Why versions moved by the database writes themselves, rather than by each phase's
services or by `post_save` on its models: a checklist reads some twenty models of ten
apps, and their rows change through services, transition hooks, `bulk_create`,
`QuerySet.update()` and deletes that send no signal (the county's builders, the anonymous
batches of anonymity.writes, the planner's bulk saves). One missed place would be a
stale checklist, and a new phase would have to remember to add its own. Watching the SQL
(an execute wrapper on every connection) misses nothing, including phases still to come.

Which tables an answer read is watched the same way: while a provider computes
(`reading_tables`), every statement's table names are collected — the words of the SQL
that are the db_table of a model. So a phase that starts reading a new table is followed
without saying so, and a write to the talks asks the talks' provider again and no other.
The meetings and organisations the callers read before asking (READ_BY_THE_CALLER) count
as read by every answer. The price of keeping it per table, not per row: a write to one
meeting's talks asks the talks' provider afresh for every meeting, once.

When a version moves: after the commit of the transaction that wrote (a reader between
the write and the commit would otherwise remember the old rows under the new version),
at once for a write outside a transaction. Every move also moves one version of
everything (VERSION_KEY): an answer computed while it moved is returned but not kept, for
it may have read rows older than the versions read after it. Inside a transaction that
has written, answers are computed afresh and not kept: its own uncommitted rows are not
yet everyone's. A write whose table is not parsed (a TRUNCATE, a writing WITH) moves
ANY_TABLE, which every answer depends on.

Only where the cache is shared by every server process (`CHECKLIST_CACHE`, on with
REDIS_URL): a per-process memory cache would not hear another process's writes.
"""

import hashlib
import logging
import re
import uuid
from collections.abc import Callable, Mapping
from contextlib import contextmanager
from functools import partial

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.utils import timezone

log = logging.getLogger(__name__)

VERSION_KEY = "checklist:version"
TABLE_KEY = "checklist:table:{}"
ANY_TABLE = "*"
# What the callers read before they ask the providers (the meetings, with their
# organisations): every answer depends on them.
READ_BY_THE_CALLER = frozenset({"meetings_meeting", "organizations_organization"})
# A safety net, not the mechanism: should the cache miss a version move (Redis down while
# a write committed), what it keeps is gone within this many seconds.
TIMEOUT = 600

_WRITE = re.compile(r"^\s*(INSERT|UPDATE|DELETE|TRUNCATE|REPLACE|MERGE)\b", re.IGNORECASE)
# A WITH … that writes (a data-modifying CTE); the tree walks of organizations.selectors read.
_WRITING_WITH = re.compile(r"^\s*WITH\b.*(\bINSERT\s+INTO\b|\bDELETE\s+FROM\b|\bUPDATE\s+\S+\s+SET\b)",
                           re.IGNORECASE | re.DOTALL)
_TABLE = re.compile(r'^\s*(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|UPDATE|DELETE\s+FROM|REPLACE\s+INTO)\s+"?([\w.]+)"?',
                    re.IGNORECASE)
_WORD = re.compile(r"[a-z_][a-z0-9_]*")
# Writes that no checklist reads: sessions (saved on every request), login throttling,
# messages to people, the admin's log. Every other table has its version, tables of
# phases still to come too.
IGNORED_TABLES = {"django_session", "axes_accessattempt", "axes_accessattemptexpiration", "axes_accesslog",
                  "axes_accessfailurelog", "notifications_notification", "django_admin_log"}


def enabled() -> bool:
    return getattr(settings, "CHECKLIST_CACHE", False)


# Logging in stamps the user's last login, which no checklist shows: not a reason to drop
# every meeting's checklist each time someone logs in.
_LOGIN_STAMP = re.compile(r'^\s*UPDATE\s+"?auth_user"?\s+SET\s+"?last_login"?\s*=\s*%s\s+WHERE\s+[^,;]*$',
                          re.IGNORECASE)


def _written_table(sql: str) -> str | None:
    """The table a statement writes (ANY_TABLE where it cannot be told), None for a
    statement that moves nothing."""
    if _LOGIN_STAMP.match(sql):
        return None
    if _WRITING_WITH.match(sql):
        return ANY_TABLE
    if not _WRITE.match(sql):
        return None
    table = _TABLE.match(sql)
    if table is None:  # a TRUNCATE or a form not parsed: everything, to be safe
        return ANY_TABLE
    name = table.group(1).lower()
    return None if name in IGNORED_TABLES else name


def _moves_version(sql: str) -> bool:
    return _written_table(sql) is not None


_known_tables: set[str] = set()


def _tables_in(sql: str) -> set[str]:
    """The models' tables a statement names (its words that are some model's db_table)."""
    if not _known_tables:
        _known_tables.update(m._meta.db_table.lower() for m in apps.get_models(include_auto_created=True))
    return _known_tables.intersection(_WORD.findall(sql.lower()))


def version_move(tables=(ANY_TABLE,)) -> None:
    """New versions for these tables (and for everything): what was kept from them is left
    behind."""
    new = uuid.uuid4().hex
    try:
        cache.set_many({VERSION_KEY: new, **{TABLE_KEY.format(t): new for t in tables}}, None)
    except Exception:  # the cache being down must not fail a write; TIMEOUT bounds the rest
        log.exception("checklist cache: the versions could not be moved")


def _moved_on_commit(alias: str) -> None:
    tables = connections[alias].__dict__.pop("_checklist_written", None)
    if tables:
        version_move(tables)


def _watch(execute, sql, params, many, context):
    result = execute(sql, params, many, context)
    if not isinstance(sql, str) or not enabled():
        return result
    conn = context["connection"]
    reading = conn.__dict__.get("_checklist_reading")
    if reading is not None:
        reading.update(_tables_in(sql))
    table = _written_table(sql)
    if table is None:
        return result
    if conn.in_atomic_block:
        conn.__dict__.setdefault("_checklist_written", set()).add(table)
        if not any(isinstance(func, partial) and func.func is _moved_on_commit for _, func, *_ in conn.run_on_commit):
            transaction.on_commit(partial(_moved_on_commit, conn.alias), using=conn.alias)
    else:
        version_move((table,))
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
    return bool(conn.__dict__.get("_checklist_written"))


@contextmanager
def reading_tables():
    """Collect the tables the statements run inside this block name (a set, filled as
    they run; nested blocks report to the enclosing one too)."""
    conn = connections[DEFAULT_DB_ALIAS]
    outer = conn.__dict__.get("_checklist_reading")
    tables: set[str] = set()
    conn.__dict__["_checklist_reading"] = tables
    try:
        yield tables
    finally:
        conn.__dict__["_checklist_reading"] = outer
        if outer is not None:
            outer.update(tables)


def layout_of(parts) -> str:
    """Which providers, in which order: a deploy that changes them changes every key."""
    return hashlib.sha1("|".join(parts).encode()).hexdigest()[:10]


def _versions(tables) -> dict[str, str]:
    """The current version of each table and of everything (VERSION_KEY, ANY_TABLE); a
    version the cache does not hold (never moved, or evicted) is made anew, never assumed."""
    names = {VERSION_KEY: VERSION_KEY, **{TABLE_KEY.format(t): t for t in {*tables, ANY_TABLE}}}
    held = cache.get_many(list(names))
    for key in names.keys() - held.keys():
        fresh = uuid.uuid4().hex
        held[key] = fresh if cache.add(key, fresh, None) else cache.get(key, fresh)
    return {names[key]: value for key, value in held.items()}


DEPS_KEY = "checklist:deps:{}"
# The sets of tables answers were read from, by their digest: what a digest names never
# changes, so each process keeps those it has met (a county's answers share a few dozen).
_deps_by_digest: dict[str, frozenset] = {}


def _digest(deps: frozenset) -> str:
    return hashlib.sha1("|".join(sorted(deps)).encode()).hexdigest()[:16]


def _deps_named(digests: set[str]) -> dict[str, frozenset]:
    """The table sets these digests name: from this process's memory, else from the cache
    (a digest the cache lost names nothing, and its answers are asked again)."""
    unknown = [d for d in digests if d not in _deps_by_digest]
    if unknown:
        held = cache.get_many([DEPS_KEY.format(d) for d in unknown])
        for d in unknown:
            deps = held.get(DEPS_KEY.format(d))
            if deps is not None:
                _deps_by_digest[d] = frozenset(deps)
    return {d: _deps_by_digest[d] for d in digests if d in _deps_by_digest}


def _tokens(versions: dict[str, str]):
    made: dict[frozenset, str] = {}

    def token(deps: frozenset) -> str:
        if deps not in made:
            made[deps] = hashlib.sha1("|".join(versions[t] for t in sorted(deps | {ANY_TABLE})).encode()).hexdigest()[:16]
        return made[deps]

    return token


def _same(value):
    return value


def remembered_columns(prefix: str, ids, *, columns, day, layout: str, compute, pack=_same, unpack=_same,
                       afresh: bool = False, kept: set | None = None) -> dict:
    """{id: {column: value}} for many objects at once, each column kept with the tables
    it was read from.

    `compute(ids, columns or None for all) -> ({id: {column: value}}, {column: tables
    read})` is called for what the cache does not hold or holds from tables written
    since — in one call for all the objects missing the same columns (a batched
    provider's queries stay fixed), usually one call in all. An object it leaves out
    (deleted since the caller read it) is not kept, and lacks those columns here. `pack` and `unpack` turn a
    value into what is stored and back (plain tuples unpickle several times faster than
    objects, and hundreds are read per page).

    Each object's entry is {column: (digest of the tables read, token of their versions,
    packed value)}; the table sets themselves are kept under their digest, stored again
    with every entry that names them (the cache may have evicted one this process still
    knows: every other process would ask its answers again, for ever).

    `afresh`: what is kept is not read, every column is computed and kept anew (the
    periodic refresh: kept answers then never reach TIMEOUT while a worker runs). `kept`:
    a set the ids whose entries were stored are added to (none when a write came between).
    """
    ids, columns = list(ids), list(columns)
    if not enabled() or _written_in_this_transaction():
        return compute(ids, None)[0]
    try:
        keys = {pk: f"{prefix}:{pk}:{day.isoformat()}:{layout}" for pk in ids}
        held = {} if afresh else cache.get_many(list(keys.values()))
        entries = {pk: held.get(keys[pk]) or {} for pk in ids}
        named = _deps_named({cell[0] for entry in entries.values() for cell in entry.values()})
        versions = _versions(set().union(*named.values()))
    except Exception:
        log.exception("checklist cache: %s not read", prefix)
        return compute(ids, None)[0]
    token = _tokens(versions)
    found: dict = {}
    stale: dict[frozenset, list] = {}
    for pk, entry in entries.items():
        found[pk] = {
            col: unpack(cell[2]) for col, cell in entry.items() if cell[0] in named and cell[1] == token(named[cell[0]])
        }
        missing = frozenset(c for c in columns if c not in found[pk])
        if missing:
            stale.setdefault(missing, []).append(pk)
    store, stored_digests, stored_pks = {}, set(), []
    for missing, group in stale.items():
        fresh, read = compute(group, None if len(missing) == len(columns) else missing)
        kept_deps = {col: frozenset(tables | READ_BY_THE_CALLER) for col, tables in read.items()}
        try:
            after = _versions(set().union(*kept_deps.values()))
        except Exception:
            log.exception("checklist cache: %s not stored", prefix)
            after = None
        for pk in group:
            found[pk].update(fresh.get(pk, {}))
        # Kept only when nothing was written meanwhile (what was read may be older than
        # the versions read after it).
        if after is None or after[VERSION_KEY] != versions[VERSION_KEY]:
            continue
        token_after = _tokens(after)
        digests = {col: _digest(deps) for col, deps in kept_deps.items()}
        for col, deps in kept_deps.items():
            _deps_by_digest.setdefault(digests[col], deps)
            named[digests[col]] = deps
        for pk in group:
            if pk not in fresh:
                continue
            entry = {col: cell for col, cell in entries[pk].items() if col not in missing}
            for col, value in fresh.get(pk, {}).items():
                if col in missing and col in kept_deps:
                    entry[col] = (digests[col], token_after(kept_deps[col]), pack(value))
            store[keys[pk]] = entry
            stored_pks.append(pk)
            stored_digests.update(cell[0] for cell in entry.values())
    if store:
        try:
            # The table sets first, and for good: an answer whose set was lost is asked
            # again, never trusted.
            deps = {DEPS_KEY.format(d): tuple(sorted(named[d])) for d in stored_digests if d in named}
            cache.set_many(deps, None)
            cache.set_many(store, TIMEOUT)
            if kept is not None:
                kept.update(stored_pks)
        except Exception:
            log.exception("checklist cache: %s not stored", prefix)
    return found


def remembered_answers(
    prefix: str,
    owner_pk,
    providers: Mapping[str, Callable],
    *,
    fresh: Callable[[], object],
    layout: str,
    base: Callable[[object], object] | None = None,
    day=None,
) -> list:
    """Several providers' answers about one object (a meeting's checklist, a person's
    work), in the providers' order: `remembered_columns` for one object, each
    `providers[name](owner)` kept as the column `name` with the tables it read.

    What the cache does not hold is computed on `fresh()`, the object read anew, after
    `base(owner)` has read what every provider relies on (the permissions a request
    memoises on its user): the tables of both count as read by every column, so nothing
    the page fetched beforehand escapes what an answer is said to depend on.
    """
    names = list(providers)

    def compute(ids, wanted):
        with reading_tables() as shared:
            owner = fresh()
            if base is not None:
                base(owner)
        answers, read = {}, {}
        for name in names:
            if wanted is None or name in wanted:
                with reading_tables() as tables:
                    answers[name] = providers[name](owner)
                read[name] = shared | tables
        return {owner_pk: answers}, read

    found = remembered_columns(
        prefix, [owner_pk], columns=names, day=day or timezone.localdate(), layout=layout, compute=compute
    )[owner_pk]
    return [found[name] for name in names]
