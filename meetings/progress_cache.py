"""The checklist's and "my work"'s answers kept in meetings.checklist_cache.

meetings.progress asks here instead of its providers when a reader's page is served and
the cache is shared; each provider's answer is one column, kept with the tables it read.
The providers and the registry are read from meetings.progress when asked (a test may
replace them there).
"""

from django.contrib.auth import get_user_model
from django.utils import timezone

from organizations.selectors import org_ids_with_perm, person_for_user, supervised_org_ids

from . import checklist_cache, progress
from .models import Meeting


def remembered_items(meeting, entries) -> list[tuple[list[progress.ChecklistItem], str]]:
    """`_phase_items` from meetings.checklist_cache, each provider's answer kept with the
    tables it read: a write to the talks asks the talks' provider again, and no other.
    Computed on the meeting read afresh, so that nothing the page prefetched escapes what
    an answer is said to depend on."""
    columns = [f"{i}:{entry.key}" for i, entry in enumerate(entries)]

    def compute(ids, wanted):
        fresh = Meeting.objects.get(pk=meeting.pk)
        answers, read = {}, {}
        for column, entry in zip(columns, entries):
            if wanted is None or column in wanted:
                with checklist_cache.reading_tables() as tables:
                    answers[column] = progress._phase_items(fresh, [entry])[0]
                read[column] = tables
        return {meeting.pk: answers}, read

    found = checklist_cache.remembered_columns(
        "checklist",
        [meeting.pk],
        columns=columns,
        day=timezone.localdate(),
        layout=checklist_cache.layout_of(f"{entry.key}:{entry.phase}" for entry in entries),
        compute=compute,
    )[meeting.pk]
    return [found[column] for column in columns]


def work_key(provider) -> str:
    return f"{provider.__module__}.{provider.__qualname__}"


def remembered_work(user, providers) -> list[list[progress.WorkItem]]:
    """Each provider's items from the cache when they are sound. Computed for a fresh copy
    of the user: what the request remembered on its user (the permissions, the tree below
    a supervisor's body, the person) is read again here, so the tables it came from count
    as read by every provider's answer."""
    columns = [work_key(p) for p in providers]

    def compute(ids, wanted):
        with checklist_cache.reading_tables() as base:
            fresh = get_user_model().objects.get(pk=user.pk)
            org_ids_with_perm(fresh, "manage_organization")  # every permission, in one query
            supervised_org_ids(fresh)
            person_for_user(fresh)
        answers, read = {}, {}
        for column, provider in zip(columns, providers):
            if wanted is None or column in wanted:
                with checklist_cache.reading_tables() as tables:
                    answers[column] = list(provider(fresh))
                read[column] = base | tables
        return {user.pk: answers}, read

    found = checklist_cache.remembered_columns(
        "work",
        [user.pk],
        columns=columns,
        day=timezone.localdate(),
        # Every registered provider, not only those asked for this user: one layout per deploy.
        layout=checklist_cache.layout_of(work_key(entry.provider) for entry in progress._work),
        compute=compute,
    )[user.pk]
    return [found[column] for column in columns]
