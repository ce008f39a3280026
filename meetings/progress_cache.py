"""The checklist's and "my work"'s answers kept in meetings.checklist_cache.

meetings.progress asks here instead of its providers when a reader's page is served and
the cache is shared; each provider's answer is one column, kept with the tables it read.
The providers and the registry are read from meetings.progress when asked (a test may
replace them there).
"""

from django.contrib.auth import get_user_model
from django.shortcuts import get_object_or_404

from organizations.selectors import org_ids_with_perm, person_for_user, supervised_org_ids

from . import checklist_cache, progress
from .models import Meeting


def remembered_items(meeting, entries) -> list[tuple[list[progress.ChecklistItem], str]]:
    """`_phase_items` from meetings.checklist_cache, each provider's answer kept with the
    tables it read: a write to the talks asks the talks' provider again, and no other."""
    return checklist_cache.remembered_answers(
        "checklist",
        meeting.pk,
        {f"{i}:{entry.key}": _phase_of(entry) for i, entry in enumerate(entries)},
        # Deleted since the page read it: the page of a meeting that is gone.
        fresh=lambda: get_object_or_404(Meeting, pk=meeting.pk),
        layout=checklist_cache.layout_of(f"{entry.key}:{entry.phase}" for entry in entries),
    )


def _phase_of(entry):
    return lambda meeting: progress._phase_items(meeting, [entry])[0]


def work_key(provider) -> str:
    return f"{provider.__module__}.{provider.__qualname__}"


def remembered_work(user, providers) -> list[list[progress.WorkItem]]:
    """Each provider's items from the cache when they are sound. What the request
    remembered on its user (the permissions, the tree below a supervisor's body, the
    person) is read again for the fresh copy, so the tables it came from count as read by
    every provider's answer."""
    return checklist_cache.remembered_answers(
        "work",
        user.pk,
        {work_key(provider): _listed(provider) for provider in providers},
        fresh=lambda: get_user_model().objects.get(pk=user.pk),
        base=_what_a_request_remembers,
        # Every registered provider, not only those asked for this user: one layout per deploy.
        layout=checklist_cache.layout_of(work_key(entry.provider) for entry in progress._work),
    )


def _listed(provider):
    return lambda user: list(provider(user))


def _what_a_request_remembers(user) -> None:
    org_ids_with_perm(user, "manage_organization")  # every permission, in one query
    supervised_org_ids(user)
    person_for_user(user)
