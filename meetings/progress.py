"""The small interface through which each phase reports on a meeting.

A phase app registers a checklist provider (what it has done for this meeting), a work
provider (what waits for this person) and, where it has one, a blocker (why a stage move
must wait for it). The meeting's home page, the "my work" page and the transition
function ask every provider in turn instead of importing the phase apps, so a phase can
be added without touching `meetings`.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import date


@dataclass(frozen=True)
class ChecklistItem:
    label: str
    done: bool
    detail: str = ""
    url: str = ""
    # Items that must be done before the office may ask to convene the meeting.
    required_to_convene: bool = False
    # The link leads to a page only the office may open: others see the label alone.
    url_for_office: bool = False


@dataclass(frozen=True)
class ChecklistSection:
    phase: str
    items: list[ChecklistItem]
    url: str = ""  # the phase's own page for this meeting
    key: str = ""  # what a PhaseWaiver names
    waivable: bool = False
    waiver: object = None  # the PhaseWaiver when the office marked the phase 不适用

    @property
    def done_count(self) -> int:
        return sum(1 for i in self.items if i.done)

    @property
    def waived(self) -> bool:
        return self.waiver is not None

    def missing_to_convene(self) -> list[ChecklistItem]:
        """Required items not done; a phase marked 不适用 requires nothing."""
        if self.waived:
            return []
        return [i for i in self.items if i.required_to_convene and not i.done]


@dataclass(frozen=True)
class WorkItem:
    title: str
    meeting_title: str
    url: str
    due_date: date | None = None
    kind: str = ""
    overdue: bool = False
    # Whose the item is and since when it waits: "my work" groups a long list by kind and
    # organisation, the oldest first.
    organization: str = ""
    since: date | None = None

    @property
    def oldest(self) -> date | None:
        return self.due_date or self.since


@dataclass(frozen=True)
class WorkGroup:
    kind: str
    organization: str
    count: int
    oldest: date | None
    overdue: bool


ChecklistProvider = Callable[[object], Iterable[ChecklistItem]]
WorkProvider = Callable[[object], Iterable[WorkItem]]
ReminderProvider = Callable[[date], int]
LinkBuilder = Callable[[object], str]

MoveBlocker = Callable[[object], Iterable[str]]


@dataclass(frozen=True)
class _ChecklistEntry:
    order: int
    phase: str
    provider: ChecklistProvider
    link: LinkBuilder | None
    key: str
    waivable: bool
    detail_readers: frozenset[str] = frozenset()


_checklist: list[_ChecklistEntry] = []
_reminders: list[ReminderProvider] = []
_blockers: dict[str, list[MoveBlocker]] = {}


def register_checklist(
    phase: str,
    order: int = 100,
    link: LinkBuilder | None = None,
    *,
    key: str = "",
    waivable: bool = True,
    detail_readers: tuple[str, ...] = (),
):
    """Register a phase's checklist; `link(meeting)` gives the phase's page for it.

    `key` names the phase in a PhaseWaiver (default: the app's name); `waivable=False`
    for what always applies (the plan), which the office cannot mark 不适用.
    `detail_readers` (roles of meetings.access.Role): where the figures and names beside
    an item are confidential (who has planned to criticise whom), only these roles read
    them; everyone else sees the item's label and whether it is done.
    """

    def decorator(func: ChecklistProvider) -> ChecklistProvider:
        entry_key = key or func.__module__.split(".")[0]
        _checklist.append(
            _ChecklistEntry(order, phase, func, link, entry_key, waivable, frozenset(detail_readers))
        )
        _checklist.sort(key=lambda entry: entry.order)
        return func

    return decorator


def register_blocker(move: str, func: MoveBlocker | None = None):
    """Let a phase hold back a stage move: `func(meeting)` yields the reasons (Chinese).

    The transition function asks every blocker of the move before making it, so a later
    phase (rectification: no archive while items are open) needs no change in `meetings`.
    Usable as `register_blocker("archive", func)` or as a decorator.
    """

    def decorator(blocker: MoveBlocker) -> MoveBlocker:
        _blockers.setdefault(move, []).append(blocker)
        return blocker

    return decorator(func) if func is not None else decorator


CreatedHook = Callable[[object], None]
_created: list[CreatedHook] = []


def register_created(func: CreatedHook) -> CreatedHook:
    """Let a later phase react to a new meeting: `func(meeting)` runs inside the
    transaction that creates it (rectification: items carried out of the organisation's
    last meeting of the same kind belong to this one from the day it exists)."""
    _created.append(func)
    return func


def meeting_created(meeting) -> None:
    for hook in _created:
        hook(meeting)


_move_pages: dict[str, LinkBuilder] = {}


def register_move_page(move: str, link: LinkBuilder) -> None:
    """Let a phase give a move its own page (`link(meeting)`): the meeting's buttons and
    "my work" lead there instead of the plain form (the application to convene is decided
    beside the report it comes with)."""
    _move_pages[move] = link


def move_page(meeting, move: str) -> str:
    """The page where this move is made for this meeting: the phase's own, else the plain form."""
    from django.urls import reverse

    link = _move_pages.get(move)
    return link(meeting) if link else reverse("meetings:transition", args=[meeting.pk, move])


def move_blockers(meeting, move: str) -> list[str]:
    """Why this move cannot be made now, from every registered blocker; empty when it can."""
    return [reason for blocker in _blockers.get(move, []) for reason in blocker(meeting)]


def register_reminders(func: ReminderProvider) -> ReminderProvider:
    """A phase's daily reminder job: `func(today)` sends what is due, returns how many.

    Its days come from notifications.schedule (reminder_due / reminder_send), which also
    makes it idempotent: the daily job may run twice.
    """
    _reminders.append(func)
    return func


def send_phase_reminders(today: date) -> int:
    return sum(provider(today) for provider in _reminders)


def reminder_providers() -> list[ReminderProvider]:
    return list(_reminders)


# The roles a work provider may be limited to (`register_work(roles=...)`), each decided
# from what the request has memoised on the user already: the organisation permissions
# (organizations.selectors.org_ids_with_perm, one query for all of them, which "my work"
# asks anyway) and, for a 督导组's member, group_org_ids (asked only when a provider for
# overseers is reached and the user supervises nothing).
OFFICE = "office"  # 办公室: manage_organization somewhere
PARTICIPANT = "participant"  # 班子成员或党员: take_part somewhere
SUPERVISOR = "supervisor"  # 上级: supervise_organization somewhere
OVERSEER = "overseer"  # a supervisor, or a member of an active 督导组
WORK_ROLES = (OFFICE, PARTICIPANT, SUPERVISOR, OVERSEER)


def _holds(user, role: str) -> bool:
    from organizations.selectors import group_org_ids, org_ids_with_perm

    if role == OFFICE:
        return bool(org_ids_with_perm(user, "manage_organization"))
    if role == PARTICIPANT:
        return bool(org_ids_with_perm(user, "take_part"))
    if role == SUPERVISOR:
        return bool(org_ids_with_perm(user, "supervise_organization"))
    return _holds(user, SUPERVISOR) or bool(group_org_ids(user))


@dataclass(frozen=True)
class _WorkEntry:
    provider: WorkProvider
    roles: frozenset[str]  # empty: asked for everyone


_work: list[_WorkEntry] = []


def register_work(func: WorkProvider | None = None, *, roles: Iterable[str] = ()):
    """Register a phase's "my work" provider: `func(user)` yields the user's WorkItems.

    `roles` (of WORK_ROLES): the provider finds work only for someone who holds one of
    them, and is not asked at all for anyone else — an office-less member's home never
    runs the office's providers. Leave it out for work that can fall to any person (a
    duty's responsible person, a department head's talks). Usable as `@register_work`
    or `@register_work(roles=(OFFICE,))`.
    """
    wanted = frozenset(roles)
    unknown = wanted - set(WORK_ROLES)
    if unknown:
        raise ValueError(f"unknown work roles: {sorted(unknown)}")

    def decorator(provider: WorkProvider) -> WorkProvider:
        _work.append(_WorkEntry(provider, wanted))
        return provider

    return decorator(func) if func is not None else decorator


def work_providers(user=None) -> list[WorkProvider]:
    """The registered work providers in order; given a user, only those asked for them."""
    if user is None:
        return [entry.provider for entry in _work]
    held: dict[str, bool] = {}

    def holds(role: str) -> bool:
        if role not in held:
            held[role] = _holds(user, role)
        return held[role]

    return [entry.provider for entry in _work if not entry.roles or any(holds(r) for r in entry.roles)]


def meeting_checklist(meeting, roles=None) -> list[ChecklistSection]:
    """Every phase's checklist for this meeting. `roles` are the reader's roles: given,
    a section's confidential details are left out for readers not in its
    `detail_readers` (None: the system itself asks, e.g. the readiness gate).

    A reader's page takes the providers' answer from meetings.checklist_cache (the same
    for every reader; the details are blanked per reader after it); the system's own
    questions always ask the providers."""
    from . import checklist_cache, progress_cache
    from .models import PhaseWaiver

    entries = list(_checklist)
    found = (
        _phase_items(meeting, entries)
        if roles is None or not checklist_cache.enabled()
        else progress_cache.remembered_items(meeting, entries)
    )
    waivers = {w.phase: w for w in PhaseWaiver.objects.filter(meeting=meeting).select_related("by__person")}
    sections = []
    for entry, (items, url) in zip(entries, found):
        if roles is not None and entry.detail_readers and not entry.detail_readers.intersection(roles):
            items = [replace(item, detail="") for item in items]
        if not items:
            # A phase that does not apply to this kind of meeting (民主评议党员 at a
            # 民主生活会) yields nothing and is left out.
            continue
        sections.append(
            ChecklistSection(
                entry.phase,
                items,
                url,
                key=entry.key,
                waivable=entry.waivable,
                waiver=waivers.get(entry.key) if entry.waivable else None,
            )
        )
    return sections


def _phase_items(meeting, entries) -> list[tuple[list[ChecklistItem], str]]:
    """Each provider's items and its phase's page, in the entries' order."""
    found = []
    for entry in entries:
        items = list(entry.provider(meeting))
        found.append((items, entry.link(meeting) if entry.link and items else ""))
    return found


def checklist_providers() -> list[tuple[str, ChecklistProvider]]:
    """(phase name, provider) of every registered checklist, in checklist order: what a
    profile (scripts/profile_providers.py) measures one by one."""
    return [(entry.phase, entry.provider) for entry in _checklist]


def waivable_phases() -> list[tuple[str, str]]:
    """(key, phase name) of the phases the office may mark 不适用, in checklist order."""
    return [(entry.key, entry.phase) for entry in _checklist if entry.waivable]


def work_for(user) -> list[WorkItem]:
    """What waits for this person, from every provider asked for their roles, the oldest first.

    Where the cache is shared (meetings.checklist_cache), each provider's answer is kept
    per person and day with the tables it read: a home reloaded between writes asks no
    provider, and a write asks again only the providers that read its table."""
    from . import checklist_cache, progress_cache

    providers = work_providers(user)
    if checklist_cache.enabled() and user.is_authenticated:
        found = progress_cache.remembered_work(user, providers)
    else:
        found = [list(provider(user)) for provider in providers]
    items = [item for answer in found for item in answer]
    return sorted(items, key=lambda i: (i.oldest is None, i.oldest or date.max, i.title))


def work_groups(items: Iterable[WorkItem]) -> list[WorkGroup]:
    """The items by kind and organisation with their counts, the group waiting longest first."""
    found: dict[tuple[str, str], list[WorkItem]] = {}
    for item in items:
        found.setdefault((item.kind, item.organization), []).append(item)
    groups = []
    for (kind, organization), members in found.items():
        dates = [i.oldest for i in members if i.oldest]
        groups.append(
            WorkGroup(kind, organization, len(members), min(dates, default=None), any(i.overdue for i in members))
        )
    return sorted(groups, key=lambda g: (g.oldest is None, g.oldest or date.max, g.kind, g.organization))


def waiting_since():
    """When the meeting entered its current stage: a review waits from that day."""
    from django.db.models import OuterRef, Subquery

    from .models import StageChange

    return Subquery(
        StageChange.objects.filter(meeting=OuterRef("pk"), to_stage=OuterRef("stage"))
        .order_by("-at")
        .values("at")[:1]
    )


# (meeting id, milestone kind) pairs: what a daily reminder to an office is about.
ReminderKeys = set[tuple[int, str]]
ReminderHold = Callable[[ReminderKeys, object], ReminderKeys]
_reminder_holds: list[ReminderHold] = []


def register_reminder_hold(func: ReminderHold) -> ReminderHold:
    """Let a higher app hold back a day's automatic reminders to an office:
    `func(keys, now)` gets every (meeting id, milestone kind) about to be reminded and
    returns those to skip today, answering for all of them in one query.

    Oversight registers one: an organisation chased by hand (催办) about a milestone in the
    last 24 hours is not reminded of it again by the daily job. Asked by
    meetings.services.milestone_reminders_send and by the phases' office reminders about
    the same milestone (talks, feedback).
    """
    _reminder_holds.append(func)
    return func


def reminders_held(keys, now=None) -> ReminderKeys:
    """The (meeting id, milestone kind) pairs among `keys` some registered hold keeps back."""
    from django.utils import timezone

    keys = set(keys)
    if not keys or not _reminder_holds:
        return set()
    now = now or timezone.now()
    return {key for hold in _reminder_holds for key in hold(keys, now)} & keys


@dataclass(frozen=True)
class MeetingPanel:
    template: str
    context: dict


PanelProvider = Callable[[object, object, object], "tuple[str, dict] | None"]
_meeting_panels: list[tuple[int, PanelProvider]] = []


def register_meeting_panel(order: int = 100):
    """Let a higher app add a panel to the meeting's page: `func(meeting, access, user)`
    returns (template, context) for this reader, or None to leave it out (an ordinary
    member does not see the supervisors' chases and comments).

    Oversight registers the 催办 and 督导意见 panel; meeting_detail.html renders every
    panel with one include, each template reading its own context as `panel`.
    """

    def decorator(func: PanelProvider) -> PanelProvider:
        _meeting_panels.append((order, func))
        _meeting_panels.sort(key=lambda entry: entry[0])
        return func

    return decorator


def meeting_panels(meeting, access, user) -> list[MeetingPanel]:
    found = []
    for _, provider in _meeting_panels:
        answer = provider(meeting, access, user)
        if answer is not None:
            found.append(MeetingPanel(*answer))
    return found
