"""One object's answers from several providers, each kept with the tables it read
(meetings.checklist_cache.remembered_answers), as the meeting's checklist and "my work" keep them.

Real commits (transaction=True): a table's version moves after the commit of its write.
"""

from datetime import date

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from meetings.checklist_cache import remembered_answers
from meetings.models import Meeting, Milestone, MilestoneKind
from proceedings.models import AgendaItem
from study.models import StudyForm, StudySession
from tests.factories import MeetingFactory

from .cache_fixtures import checklist_cache_on  # noqa: F401, E402  autouse: the cache on in every test here

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def answers(cast):
    """The meeting's title, study sessions and agenda items as three providers, the
    milestones read as the base; `answers.asked` lists the providers called."""
    meeting = MeetingFactory(organization=cast.gov, title="民主生活会")
    asked = []

    def provider(name, func):
        def answer(owner):
            asked.append(name)
            return func(owner)

        return answer

    providers = {
        "title": provider("title", lambda m: m.title),
        "study": provider("study", lambda m: StudySession.objects.filter(meeting=m).count()),
        "agenda": provider("agenda", lambda m: AgendaItem.objects.filter(meeting=m).count()),
    }

    def ask(owner=meeting):
        return remembered_answers(
            "test",
            owner.pk,
            providers,
            fresh=lambda: Meeting.objects.get(pk=owner.pk),
            base=lambda m: list(Milestone.objects.filter(meeting=m)),
            layout="title|study|agenda",
        )

    ask.meeting, ask.asked = meeting, asked
    return ask


def _study(meeting):
    StudySession.objects.create(meeting=meeting, form=StudyForm.COLLECTIVE, held_on=date(2026, 11, 2), hours=2,
                                topic="集中学习研讨")


def test_it_answers_in_the_providers_order_and_asks_none_when_reloaded(answers):
    assert answers() == ["民主生活会", 0, 0]
    assert answers.asked == ["title", "study", "agenda"]
    answers.asked.clear()
    with CaptureQueriesContext(connection) as queries:
        assert answers() == ["民主生活会", 0, 0]
    assert answers.asked == [] and len(queries) == 0


def test_it_computes_on_the_owner_read_afresh(answers):
    stale = Meeting.objects.get(pk=answers.meeting.pk)
    stale.title = "页面读到后未保存的标题"
    assert answers(stale)[0] == "民主生活会"


def test_a_write_asks_again_only_the_provider_that_read_its_table(answers):
    answers()
    answers.asked.clear()
    _study(answers.meeting)
    assert answers() == ["民主生活会", 1, 0]
    assert answers.asked == ["study"]


def test_the_base_reads_count_for_every_provider(answers):
    answers()
    answers.asked.clear()
    Milestone.objects.filter(meeting=answers.meeting, kind=MilestoneKind.PLAN).update(due_date=date(2026, 11, 1))
    answers()
    assert answers.asked == ["title", "study", "agenda"]


def test_without_the_shared_cache_it_asks_every_provider_each_time(answers, settings):
    settings.CHECKLIST_CACHE = False
    answers()
    answers()
    assert answers.asked == ["title", "study", "agenda"] * 2


def test_a_table_set_the_cache_evicted_is_stored_again_with_the_next_entry(answers, monkeypatch):
    from meetings import checklist_cache

    answers()
    # The cache drops the table sets while this process still knows them by their digest.
    cache.delete_many([checklist_cache.DEPS_KEY.format(d) for d in checklist_cache._deps_by_digest])
    _study(answers.meeting)
    answers()  # asks the study again and stores the entry, with its kept columns
    # Another process, which has met no table set yet, reads every column from the cache.
    monkeypatch.setattr(checklist_cache, "_deps_by_digest", {})
    answers.asked.clear()
    assert answers() == ["民主生活会", 1, 0]
    assert answers.asked == []
