"""Two posts of the same create form at the same instant (a double click that the browser
sends twice): one record, and the other post is told it was already saved — on SQLite (what
`make run` uses) as on PostgreSQL. Like the autosave race, it needs a database that other
threads share; .ci/run runs `-m concurrency` on a SQLite file as well."""

import threading

import pytest
from django.db import connection
from django.test import Client

from organizations import once
from study.models import StudySession

from ..formdata import form_data
from ..inspections.test_concurrent_autosave import _shared_database  # noqa: F401  the skip rule

pytestmark = [pytest.mark.concurrency, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def both_pass_the_spent_check_before_either_saves(monkeypatch):
    """Hold both posts after the view's "already spent?" look until the other has looked
    too, so both go on to save: the database alone must then let one win."""
    barrier, real_spent, calls = threading.Barrier(2), once._spent, []

    def spent(token):
        found = real_spent(token)
        calls.append(token)
        if len(calls) <= 2:
            try:
                barrier.wait(timeout=5)
            except threading.BrokenBarrierError:
                pass
        return found

    monkeypatch.setattr(once, "_spent", spent)


def test_the_same_form_posted_twice_at_once_creates_one_session(cast, meeting, both_pass_the_spent_check_before_either_saves):
    client = Client()
    client.force_login(cast.office, backend="django.contrib.auth.backends.ModelBackend")
    url = f"/study/meetings/{meeting.pk}/sessions/new/"
    data = form_data(client.get(url).content.decode(), held_on="2026-03-02", topic="学习党章", location="三楼会议室")
    answers = []

    def post():
        try:
            answers.append(client.post(url, data, follow=True))
        except Exception as exc:  # a 500 ("database is locked", an unhandled IntegrityError)
            answers.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=post) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert all(not isinstance(a, Exception) and a.status_code == 200 for a in answers), answers
    assert StudySession.objects.filter(meeting=meeting, topic="学习党章").count() == 1
    assert sum(once.MESSAGE in a.content.decode() for a in answers) == 1
