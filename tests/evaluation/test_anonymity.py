"""No ballot can be linked to its voter or ordered by time: read every column of every
table written during a round of scoring, the system columns included (SQLite's rowid,
PostgreSQL's xmin and ctid).

Each sheet is sent through the phone page and commits on its own (transactional tests),
as in the meeting room.
"""

import re
import uuid

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection
from django.urls import reverse

from anonymity import writes
from anonymity.models import PendingRow
from evaluation.models import Ballot, CommitteeBallot, Participation, RoundAccess
from evaluation.scoring import codes_issue, round_create, round_transition, scored_people

pytestmark = pytest.mark.django_db(transaction=True)

VOTERS = ("member", "member3", "member4", "member5", "member7")
# Every column the ballot tables have: a column added later (a voter, a time, a sequence)
# fails here until someone has thought about what it reveals.
BALLOT_COLUMNS = {"id", "round_id", "subject_id", "score_1", "score_2", "score_3", "score_4", "score_5"}
COMMITTEE_COLUMNS = {"id", "round_id", "rating_1", "rating_2", "rating_3", "rating_4", "rating_5"}
PARTICIPATION_COLUMNS = {"id", "round_id", "person_id"}
TIME_LIKE = re.compile(r"\d{4}-\d{2}-\d{2}|\d{2}:\d{2}")


def _system_columns() -> str:
    return {"sqlite": "rowid AS _rowid", "postgresql": "xmin::text AS _xmin, ctid::text AS _ctid"}[connection.vendor]


def _table(name: str) -> list[dict]:
    """Every row of a table with every column, the system columns as _rowid/_xmin/_ctid."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {_system_columns()}, * FROM {connection.ops.quote_name(name)}")
        columns = [c[0] for c in cursor.description]
        return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]


def _snapshot() -> dict[str, list[dict]]:
    return {name: _table(name) for name in connection.introspection.table_names()}


def _written(before, after) -> set[str]:
    return {name for name in after if after[name] != before.get(name)}


def _physical(name: str):
    return "_rowid" if connection.vendor == "sqlite" else "_ctid"


def _ctid_key(value: str):
    block, offset = value.strip("()").split(",")
    return int(block), int(offset)


def _in_storage_order(rows, name):
    column = _physical(name)
    key = (lambda r: r[column]) if column == "_rowid" else (lambda r: _ctid_key(r[column]))
    return sorted(rows, key=key)


def _send(client, round, person, points, code=""):
    data = {"step": "confirm", "code": code}
    for subject in scored_people(round, person):
        for order in range(1, 6):
            data[f"s_{subject.pk}_{order}"] = points[order - 1]
    for i in range(1, 6):
        data[f"c_{i}"] = 1 + points[0] % 4
    response = client.post(reverse("evaluation:score", args=[round.token]), data)
    assert "评分已提交" in response.content.decode()


@pytest.fixture
def by_key_shuffle(monkeypatch):
    """A permutation that depends only on the rows' random keys, never on their arrival:
    the stored order can then be predicted from the keys alone (in use it is random)."""
    monkeypatch.setattr(writes, "_shuffle", lambda payloads: payloads.sort())


def test_a_round_leaves_nothing_that_links_a_ballot_to_its_voter_or_its_time(
    branch_cast, evaluation, by_key_shuffle
):
    round = round_create(evaluation=evaluation, access=RoundAccess.ACCOUNTS, minimum_voters=5,
                         with_committee=True, actor=branch_cast.office)
    round = round_transition(round=round, name="open", actor=branch_cast.office)
    clients = {name: _own_client(branch_cast, name) for name in VOTERS}
    before = _snapshot()
    # Each voter's points are their own (voter i gives 10+i on the first item), so a
    # ballot's voter could be told from its content if it were stored in their order.
    for i, name in enumerate(VOTERS):
        _send(clients[name], round, getattr(branch_cast, name).person, [10 + i, 15, 15, 15, 15])
    round_transition(round=round, name="close", actor=branch_cast.office)
    after = _snapshot()

    written = _written(before, after)
    ballot_table, committee_table = Ballot._meta.db_table, CommitteeBallot._meta.db_table
    participation_table, pending_table = Participation._meta.db_table, PendingRow._meta.db_table
    assert {ballot_table, committee_table, participation_table} <= written
    # Nothing else records the voters or their sheets: besides the round's own row (its
    # state), only the voters' sessions changed — their idle timeout is renewed on every
    # request (SESSION_SAVE_EVERY_REQUEST), which tells that they were there, as the
    # participation does, and holds nothing of what they scored.
    assert written - {ballot_table, committee_table, participation_table} <= {"evaluation_scoringround",
                                                                              "django_session"}
    assert after[pending_table] == []
    for row in after["django_session"]:
        assert set(SessionStore().decode(row["session_data"])) <= {
            "_auth_user_id", "_auth_user_backend", "_auth_user_hash", "_session_init_timestamp_"}

    voters = [getattr(branch_cast, name) for name in VOTERS]
    # What could name a voter as text: their account, name, address, session.
    identities = {v.username for v in voters} | {v.person.name for v in voters} | {v.email for v in voters}
    identities |= {c.session.session_key for c in clients.values()}
    participations = after[participation_table]
    ballots, committee = after[ballot_table], after[committee_table]
    assert len(ballots) == 5 * 6 and len(committee) == 5
    system = {"_rowid", "_xmin", "_ctid"}

    # 1. The columns: no voter, no time, no sequence, no key shared with a participation
    # (the column sets are exact, so the only person a ballot names is the one scored).
    assert set(ballots[0]) - system == BALLOT_COLUMNS
    assert set(committee[0]) - system == COMMITTEE_COLUMNS
    assert set(participations[0]) - system == PARTICIPATION_COLUMNS
    for row in ballots + committee:
        assert uuid.UUID(str(row["id"])).version == 4  # random, not time-based (uuid1)
        values = {str(v) for k, v in row.items() if k not in system}
        assert not values & identities
        assert not any(TIME_LIKE.search(v) for v in values)
    # Nor does a participation (or anything else written) name a ballot.
    ballot_ids = {str(r["id"]) for r in ballots + committee} | {r["id"].hex for r in ballots + committee
                                                               if isinstance(r["id"], uuid.UUID)}
    for table in written - {ballot_table, committee_table}:
        assert not ballot_ids & {str(v) for row in after[table] for v in row.values()}

    # 2. The order in storage follows the random keys, not the arrival.
    for table, rows in ((ballot_table, ballots), (committee_table, committee)):
        stored = [str(r["id"]) for r in _in_storage_order(rows, table)]
        by_key = [str(r["id"]) for r in sorted(rows, key=lambda r: _payload_key(r["id"]))]
        assert stored == by_key
    first_items = [r["score_1"] for r in _in_storage_order(ballots, ballot_table)]
    assert first_items != sorted(first_items)  # the voters' own order would be sorted

    # 3. PostgreSQL: one transaction wrote every ballot, and it wrote no participation.
    if connection.vendor == "postgresql":
        ballot_xmins = {r["_xmin"] for r in ballots + committee}
        assert len(ballot_xmins) == 1
        assert ballot_xmins.isdisjoint({p["_xmin"] for p in participations})


def _payload_key(pk) -> str:
    """What the by-key shuffle sorts by: a submission's serialised JSON starts with its key."""
    return f'[{{"model": "x", "pk": "{pk}"'


def _own_client(branch_cast, name):
    from django.test import Client

    client = Client()
    client.force_login(getattr(branch_cast, name), backend="django.contrib.auth.backends.ModelBackend")
    return client


def test_a_code_round_stores_no_code_and_no_person_beside_the_ballots(client, branch_cast, evaluation):
    round = round_create(evaluation=evaluation, access=RoundAccess.CODES, minimum_voters=5,
                         with_committee=False, actor=branch_cast.office)
    round = round_transition(round=round, name="open", actor=branch_cast.office)
    codes = codes_issue(round=round, count=5)
    before = _snapshot()
    for i, code in enumerate(codes):
        _send(client, round, None, [10 + i, 15, 15, 15, 15], code=code)
    round_transition(round=round, name="close", actor=branch_cast.office)
    after = _snapshot()
    assert _written(before, after) == {Ballot._meta.db_table, "evaluation_ballotcode", "evaluation_scoringround"}
    dump = repr(after)
    for code in codes:
        assert code not in dump
    assert after[Participation._meta.db_table] == []
