"""Two tabs autosave the same block at the same instant: one is saved, the other gets the
409 with the first one's text — on SQLite (what `make run` uses) as on PostgreSQL.

Runs on a database that other threads can share: PostgreSQL, or a SQLite *file* (.ci/run
runs `-m concurrency` with DATABASE_URL=sqlite:///…); the in-memory test database shares
one lock between threads and ignores the busy timeout, so there the test skips.
"""

import os
import threading

import pytest
from django.db import connection
from django.test import Client

from inspections.models import MaterialSection

from .conftest import outline

pytestmark = [pytest.mark.concurrency, pytest.mark.django_db(transaction=True)]

AUTOSAVE = {"HTTP_X_AUTOSAVE": "1"}


@pytest.fixture(autouse=True)
def _shared_database():
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        reason = "concurrent writers need a database file (DATABASE_URL=sqlite:///…) or PostgreSQL"
        if os.environ.get("REQUIRE_SERVICES"):
            pytest.fail(f"REQUIRE_SERVICES is set but {reason}")
        pytest.skip(reason)


@pytest.fixture
def both_read_before_either_writes(monkeypatch):
    """Hold each save between reading the block and writing it until the other has read it
    too — the worst interleaving, every time. Where the database makes the second writer
    wait for the first (a row lock, SQLite's immediate transaction) the second never gets
    there, and the first goes on alone after a moment."""
    barrier = threading.Barrier(2)
    real_save = MaterialSection.save

    def save(self, *args, **kwargs):
        try:
            barrier.wait(timeout=2)
        except threading.BrokenBarrierError:
            pass
        return real_save(self, *args, **kwargs)

    monkeypatch.setattr(MaterialSection, "save", save)


def test_two_simultaneous_autosaves_give_one_save_and_one_409_never_a_500(
    cast, meeting, both_read_before_either_writes
):
    material = outline(meeting, cast.member)
    first_tab = Client()
    first_tab.force_login(cast.member, backend="django.contrib.auth.backends.ModelBackend")
    second_tab = Client()
    second_tab.cookies = first_tab.cookies  # the same browser, two tabs
    url = f"/inspections/{material.pk}/sections/preface/"
    answers = {}

    def autosave(tab, text):
        try:
            response = tab.post(url, {"section-preface-text": text, "section-preface-version": 1}, **AUTOSAVE)
            answers[text] = (response.status_code, response.json())
        except Exception as exc:  # what "database is locked" looked like
            answers[text] = (500, repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=autosave, args=(tab, text))
               for tab, text in ((first_tab, "第一个窗口写的"), (second_tab, "第二个窗口写的"))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert sorted(status for status, _ in answers.values()) == [200, 409], answers
    [saved] = [text for text, (status, _) in answers.items() if status == 200]
    [(_, refused)] = [answer for answer in answers.values() if answer[0] == 409]
    assert refused["conflict"] and refused["fields"] == {"section-preface-text": saved}
    assert MaterialSection.objects.get(material=material, key="preface").text == saved
