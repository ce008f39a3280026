"""The meeting home's checklist comes from the cache, and a write in any phase shows on the
next load (meetings.checklist_cache).

These tests commit for real (transaction=True): the cache's version moves after a commit,
which a test wrapped in one transaction never reaches.
"""

import re
from datetime import date

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from meetings.models import Meeting
from organizations.models import TeamPosition
from organizations.services import team_member_add
from proceedings.models import AgendaItem
from study.models import StudyForm, StudySession
from tests.factories import MeetingFactory, PersonFactory, UserFactory
from tests.feedback.factories import SolicitationFactory

from .cache_fixtures import checklist_cache_on  # noqa: F401, E402  autouse: the cache on in every test here

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def home(cast, login):
    meeting = MeetingFactory(organization=cast.gov, title="2026年度县政府办党组民主生活会")
    client = login(cast.office)

    def load(client=client):
        body = client.get(f"/meetings/{meeting.pk}/").content.decode()
        return re.search(r'<ul class="checklist">.*</ul>', body, re.S).group(0)

    load.meeting = meeting
    return load


def _fresh(load, settings):
    settings.CHECKLIST_CACHE = False
    try:
        return load()
    finally:
        settings.CHECKLIST_CACHE = True


def test_the_second_load_asks_no_phase(home, settings):
    home()
    with CaptureQueriesContext(connection) as remembered:
        home()
    settings.CHECKLIST_CACHE = False
    with CaptureQueriesContext(connection) as asked:
        home()
    # Each phase's provider asks at least one query of its own: ten fewer at the least.
    assert len(remembered) <= len(asked) - 10


def _theme_cleared(meeting, cast):
    Meeting.objects.filter(pk=meeting.pk).update(theme="")  # QuerySet.update(): no signal


def _aspects_removed(meeting, cast):
    meeting.aspects.all().delete()


def _study_recorded(meeting, cast):
    StudySession.objects.create(meeting=meeting, form=StudyForm.COLLECTIVE, held_on=date(2026, 11, 2), hours=2,
                                topic="集中学习研讨")


def _opinions_started(meeting, cast):
    SolicitationFactory(meeting=meeting)


def _team_grown(meeting, cast):
    person = PersonFactory(user=UserFactory(username="newcomer"), name="新成员", organization=cast.gov)
    team_member_add(person=person, organization=cast.gov, position=TeamPosition.MEMBER, rank=9)


def _agenda_bulk_created(meeting, cast):
    AgendaItem.objects.bulk_create([AgendaItem(meeting=meeting, order=i, title=f"议程{i}") for i in (1, 2)])


def _in_a_transaction(meeting, cast):
    with transaction.atomic():
        AgendaItem.objects.create(meeting=meeting, order=1, title="议程")
        with transaction.atomic():
            Meeting.objects.filter(pk=meeting.pk).update(title="")


@pytest.mark.parametrize(
    "write",
    [_theme_cleared, _aspects_removed, _study_recorded, _opinions_started, _team_grown, _agenda_bulk_created,
     _in_a_transaction],
    ids=["meetings-update", "meetings-delete", "study", "feedback", "organizations-talks", "proceedings-bulk",
         "atomic-nested"],
)
def test_a_write_in_a_phase_shows_on_the_next_load(home, cast, settings, write):
    before = home()
    assert home() == before  # remembered
    write(home.meeting, cast)
    after = home()
    assert after != before
    assert after == _fresh(home, settings)


def test_a_transaction_rolled_back_leaves_the_checklist_as_it_was(home, cast, settings):
    before = home()
    with pytest.raises(RuntimeError), transaction.atomic():
        AgendaItem.objects.create(meeting=home.meeting, order=1, title="议程")
        raise RuntimeError
    assert home() == before == _fresh(home, settings)


def test_inside_a_transaction_that_wrote_the_checklist_is_computed_afresh(home, cast):
    from meetings.access import Role
    from meetings.progress import meeting_checklist

    home()  # remembered before the write
    with transaction.atomic():
        AgendaItem.objects.create(meeting=home.meeting, order=1, title="议程")
        sections = {s.phase: s for s in meeting_checklist(home.meeting, (Role.OFFICE,))}
        assert sections["会议召开"].items[0].detail == "1项议程"


def test_confidential_details_stay_per_reader_with_the_cache(cast, login):
    from django.test import Client

    from meetings.models import Stage

    meeting = MeetingFactory(organization=cast.gov, stage=Stage.PRE_MEETING)
    office = login(cast.office).get(f"/meetings/{meeting.pk}/").content.decode()
    member_client = Client()
    member_client.force_login(cast.member, backend="django.contrib.auth.backends.ModelBackend")
    member = member_client.get(f"/meetings/{meeting.pk}/").content.decode()
    # 批评意见准备's details (who has planned what) are the office's, secretary's and
    # supervisor's: the member's page, served from the same cached sections, leaves them out.
    planner_office = re.search(r'id="phase-planner".*?</ul>', office, re.S).group(0)
    planner_member = re.search(r'id="phase-planner".*?</ul>', member, re.S).group(0)
    assert 'class="muted small">' in planner_office.split("</h3>", 1)[1]
    assert 'class="muted small">' not in planner_member.split("</h3>", 1)[1]


@pytest.mark.parametrize(
    "sql, moves",
    [
        ('INSERT INTO "proceedings_agendaitem" ("meeting_id") VALUES (%s)', True),
        ('UPDATE "talks_talk" SET "state" = %s WHERE "talks_talk"."id" = %s', True),
        ('DELETE FROM "anonymity_pendingrow" WHERE scope = %s RETURNING payload', True),
        ('TRUNCATE "feedback_opinion", "talks_talk"', True),
        ("WITH moved AS (DELETE FROM study_studysession RETURNING id) SELECT id FROM moved", True),
        ('UPDATE "django_session" SET "session_data" = %s WHERE "django_session"."session_key" = %s', False),
        ('INSERT INTO "notifications_notification" ("title") VALUES (%s)', False),
        ('UPDATE "auth_user" SET "last_login" = %s WHERE "auth_user"."id" = %s', False),
        ('UPDATE "auth_user" SET "last_login" = %s, "is_active" = %s WHERE "auth_user"."id" = %s', True),
        ('UPDATE "auth_user" SET "first_name" = %s WHERE "auth_user"."id" = %s', True),
        ('WITH RECURSIVE below(id) AS (SELECT id FROM "organizations_organization" WHERE parent_id IN (%s) '
         'UNION SELECT o.id FROM "organizations_organization" o JOIN below b ON o.parent_id = b.id) '
         "SELECT id FROM below", False),
        ('SELECT "meetings_meeting"."id" FROM "meetings_meeting" FOR UPDATE', False),
    ],
)
def test_which_statements_move_the_version(sql, moves):
    from meetings.checklist_cache import _moves_version

    assert _moves_version(sql) is moves


# --- many meetings' statuses (meetings.status), kept under the same version --------------


def test_statuses_reloaded_between_writes_ask_no_phase_and_a_write_shows_next_time(cast):
    from django.utils import timezone

    from meetings.models import Milestone, MilestoneKind
    from meetings.status import meeting_statuses

    meetings = [MeetingFactory(organization=cast.gov, title=f"会议{i}") for i in range(3)]
    Milestone.objects.filter(meeting=meetings[0], kind=MilestoneKind.PLAN).update(due_date=date(2026, 11, 1))
    today = date(2026, 11, 20)
    first = meeting_statuses(meetings, today)
    assert first[meetings[0].pk][MilestoneKind.PLAN].label == "逾期19天"
    with CaptureQueriesContext(connection) as again:
        assert meeting_statuses(meetings, today) == first
    assert len(again) == 0
    # A write no signal announces (QuerySet.update) moves the version: the next call asks again.
    Milestone.objects.filter(meeting=meetings[0], kind=MilestoneKind.PLAN).update(done_at=timezone.now())
    assert meeting_statuses(meetings, today)[meetings[0].pk][MilestoneKind.PLAN].code == "done"
    # Another day is another answer (逾期N天 counts days).
    assert meeting_statuses(meetings[1:], date(2026, 11, 21)).keys() == {m.pk for m in meetings[1:]}


def test_statuses_of_meetings_not_yet_kept_are_asked_together(cast, monkeypatch):
    from meetings import status

    meetings = [MeetingFactory(organization=cast.gov, title=f"会议{i}") for i in range(7)]
    today = date(2026, 11, 20)
    status.meeting_statuses(meetings[:2], today)
    asked = []
    computed = status._computed
    monkeypatch.setattr(status, "_computed", lambda batch, day, keys=None: asked.append([m.pk for m in batch]) or computed(batch, day, keys))
    found = status.meeting_statuses(meetings, today)
    assert set(found) == {m.pk for m in meetings}
    assert asked == [[m.pk for m in meetings[2:]]]  # one batch, of the five not kept


# --- kept per table: a write asks again only what read that table ---------------------------


@pytest.fixture
def asked_columns(monkeypatch):
    """The status columns asked of the providers, call by call (None: all of them)."""
    from meetings import status

    asked = []
    computed = status._computed

    def spy(meetings, day, keys=None):
        found, read = computed(meetings, day, keys)
        asked.append(set(read))
        return found, read

    monkeypatch.setattr(status, "_computed", spy)
    return asked


def _statuses(cast, n=3):
    meetings = [MeetingFactory(organization=cast.gov, title=f"会议{i}") for i in range(n)]
    return meetings, date(2026, 11, 20)


def test_one_phases_write_asks_that_phases_status_alone(cast, asked_columns):
    from meetings.models import MilestoneKind
    from meetings.status import meeting_statuses, status_columns

    meetings, today = _statuses(cast)
    first = meeting_statuses(meetings, today)
    assert asked_columns == [{c.key for c in status_columns()}]
    StudySession.objects.create(meeting=meetings[0], form=StudyForm.COLLECTIVE, held_on=date(2026, 11, 2), hours=2,
                                topic="集中学习研讨")
    again = meeting_statuses(meetings, today)
    # The study tables are read by the study phase alone: only its column is asked again,
    # for all three meetings in one call, and it shows the write.
    assert asked_columns[1:] == [{MilestoneKind.STUDY}]
    assert first[meetings[0].pk][MilestoneKind.STUDY].code == "not_started"
    assert again[meetings[0].pk][MilestoneKind.STUDY].code == "started"
    assert again[meetings[1].pk] == first[meetings[1].pk]


def test_a_milestone_write_asks_every_status(cast, asked_columns):
    from meetings.models import Milestone, MilestoneKind
    from meetings.status import meeting_statuses, status_columns

    meetings, today = _statuses(cast)
    meeting_statuses(meetings, today)
    Milestone.objects.filter(meeting=meetings[0], kind=MilestoneKind.TALKS).update(due_date=date(2026, 11, 1))
    found = meeting_statuses(meetings, today)
    # Every status reads the milestones (its due and done dates).
    assert asked_columns[1:] == [{c.key for c in status_columns()}]
    assert found[meetings[0].pk][MilestoneKind.TALKS].label == "逾期19天"


def test_a_write_to_a_table_no_status_reads_asks_none(cast, asked_columns):
    from meetings.status import meeting_statuses
    from oversight.models import Comment

    meetings, today = _statuses(cast)
    first = meeting_statuses(meetings, today)
    Comment.objects.create(meeting=meetings[0], author=cast.supervisor, text="请抓紧推进")
    with CaptureQueriesContext(connection) as queries:
        assert meeting_statuses(meetings, today) == first
    assert len(asked_columns) == 1 and len(queries) == 0


def test_an_answer_computed_while_a_write_committed_is_not_kept(cast, monkeypatch):
    from meetings import checklist_cache, status

    meetings, today = _statuses(cast, 2)
    computed = status._computed

    def racing(batch, day, keys=None):
        found = computed(batch, day, keys)
        checklist_cache.version_move(("some_other_table",))  # another process's commit, meanwhile
        return found

    monkeypatch.setattr(status, "_computed", racing)
    status.meeting_statuses(meetings, today)
    monkeypatch.setattr(status, "_computed", computed)
    asked = []
    monkeypatch.setattr(status, "_computed", lambda b, d, k=None: asked.append(k) or computed(b, d, k))
    status.meeting_statuses(meetings, today)
    assert asked == [None]  # nothing was kept from the racing call: all asked again


def test_a_phases_write_asks_that_phases_checklist_alone(home, monkeypatch):
    from meetings import progress

    home()
    asked = []
    items = progress._phase_items
    monkeypatch.setattr(progress, "_phase_items", lambda m, entries: asked.extend(e.key for e in entries) or items(m, entries))
    before = home()
    assert asked == []  # all kept
    StudySession.objects.create(meeting=home.meeting, form=StudyForm.COLLECTIVE, held_on=date(2026, 11, 2), hours=2,
                                topic="集中学习研讨")
    after = home()
    study_keys = {e.key for e in progress._checklist if e.provider.__module__.startswith("study.")}
    assert study_keys and set(asked) == study_keys
    assert after != before


def test_the_tables_a_statement_names():
    from meetings.checklist_cache import _tables_in

    sql = ('SELECT "talks_talk"."id" FROM "talks_talk" INNER JOIN "meetings_meeting" ON '
           '("talks_talk"."meeting_id" = "meetings_meeting"."id") WHERE "talks_talk"."state" = %s')
    assert _tables_in(sql) == {"talks_talk", "meetings_meeting"}
    assert _tables_in("SELECT 1") == set()


# --- "my work", kept per person with the tables each provider read ---------------------------


@pytest.fixture
def asked_work(monkeypatch):
    """The work providers asked, call by call, by module and name."""
    import functools
    from dataclasses import replace

    from meetings import progress, progress_cache

    asked = []

    def spy(provider):
        @functools.wraps(provider)
        def wrapper(user):
            asked.append(progress_cache.work_key(provider))
            return provider(user)

        return wrapper

    monkeypatch.setattr(progress, "_work", [replace(e, provider=spy(e.provider)) for e in progress._work])
    return asked


def _work_list(client):
    body = client.get("/").content.decode()
    return re.search(r"<main.*</main>", body, re.S).group(0)


def test_my_work_reloaded_asks_no_provider_and_a_write_asks_only_its_readers(cast, login, settings, asked_work):
    from meetings.models import Milestone, MilestoneKind

    meeting = MeetingFactory(organization=cast.gov, title="2026年度县政府办党组民主生活会")
    client = login(cast.office)
    first = _work_list(client)
    everyone = set(asked_work)
    assert everyone  # the office's providers were asked
    asked_work.clear()
    assert _work_list(client) == first
    assert asked_work == []  # all kept
    StudySession.objects.create(meeting=meeting, form=StudyForm.COLLECTIVE, held_on=date(2026, 11, 2), hours=2,
                                topic="集中学习研讨")
    _work_list(client)
    study = {key for key in everyone if key.startswith("study.")}
    assert study and study <= set(asked_work) < everyone
    # A milestone coming due shows on the next load, as computed afresh.
    asked_work.clear()
    Milestone.objects.filter(meeting=meeting, kind=MilestoneKind.PLAN).update(due_date=date.today())
    again = _work_list(client)
    assert asked_work and again != first
    settings.CHECKLIST_CACHE = False
    assert _work_list(client) == again


# --- the periodic refresh keeps the recent statuses from expiring ---------------------------


def test_the_refresh_keeps_the_recent_years_statuses_and_leaves_older_ones(cast):
    from meetings.status import meeting_statuses, refresh_kept_statuses

    recent = [MeetingFactory(organization=cast.gov, year=year, title=f"{year}年度会议") for year in (2025, 2026)]
    old = MeetingFactory(organization=cast.gov, year=2024, title="2024年度会议")
    today = date(2026, 11, 20)
    assert refresh_kept_statuses(today) == (2, 2)
    with CaptureQueriesContext(connection) as kept:
        meeting_statuses(recent, today)
    assert len(kept) == 0  # both were computed and kept by the refresh
    with CaptureQueriesContext(connection) as asked:
        meeting_statuses([old], today)
    assert len(asked) > 0  # two years back: left to the page that asks


def test_the_refresh_computes_anew_what_is_kept_already(cast, asked_columns):
    from meetings.status import meeting_statuses, refresh_kept_statuses, status_columns

    meetings, today = _statuses(cast)
    first = meeting_statuses(meetings, today)
    assert len(asked_columns) == 1
    refresh_kept_statuses(today)
    # Every column asked again although all were kept: that is what renews them in the
    # cache before they expire.
    assert asked_columns[1:] == [{c.key for c in status_columns()}]
    with CaptureQueriesContext(connection) as kept:
        assert meeting_statuses(meetings, today) == first
    assert len(kept) == 0


def test_the_refresh_does_nothing_where_the_cache_is_not_shared(cast, settings, asked_columns):
    from meetings.status import refresh_kept_statuses

    _statuses(cast)
    settings.CHECKLIST_CACHE = False
    assert refresh_kept_statuses(date(2026, 11, 20)) == (0, 0)
    assert asked_columns == []


def test_the_refresh_runs_well_within_the_kept_answers_expiry(settings):
    from meetings import checklist_cache

    entry = settings.CELERY_BEAT_SCHEDULE["meetings-refresh-statuses"]
    assert entry["task"] == "meetings.tasks.refresh_statuses"
    # Kept answers are renewed before they expire, with room for one late beat.
    assert 2 * entry["schedule"].total_seconds() <= checklist_cache.TIMEOUT
    # One not started before the next is due is dropped, not queued behind a long job.
    assert entry["options"]["expires"] <= entry["schedule"].total_seconds()


def test_a_worker_starting_asks_for_a_refresh(monkeypatch):
    from celery.signals import worker_ready

    from meetings import tasks

    asked = []
    monkeypatch.setattr(tasks.refresh_statuses, "apply_async", lambda **options: asked.append(options))
    worker_ready.send(sender=None)
    assert asked == [{"expires": tasks.REFRESH_EXPIRES}]


def test_a_refresh_written_across_keeps_nothing_says_so_and_tries_once_more(cast, monkeypatch):
    from meetings import status
    from meetings.checklist_cache import version_move

    meetings, today = _statuses(cast)
    read = status._read_afresh
    attempts = []

    def written_meanwhile(ids):
        attempts.append(list(ids))
        version_move()  # what a write committed during the computation does
        return read(ids)

    monkeypatch.setattr(status, "_read_afresh", written_meanwhile)
    assert status.refresh_kept_statuses(today) == (0, 3)
    assert attempts == [[m.pk for m in meetings]] * 2  # the chunk, and once more
    monkeypatch.setattr(status, "_read_afresh", read)
    assert status.refresh_kept_statuses(today) == (3, 3)
