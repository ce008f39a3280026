"""The permission checkpoints of rectification: one for a list, one for an item, one for a
meeting's rectification pages.

Who sees what (issue 13, DOMAIN.md "Confidentiality"):
- the office and the secretary see every list and item of their team — a member's
  personal list once it has been submitted (a draft is its owner's alone, as an outline);
- a member sees the team list once the secretary has passed it on or approved it, and
  their own personal list always; a colleague's personal items only once disclosed (公示
  published, the list approved and the item marked public) — and then only what the item
  says: no evidence, no sources' quotes, no notes (`ItemAccess.via_disclosure`);
- the supervisor sees everything of the organisations below once it has left the team:
  the team list once passed on, a personal list once approved;
- the public sees only the 公示 (rectification.disclosure), never through these.
Anyone else — other members for a personal list included — gets 404.

Who does what:
- the office drafts the team list, each member their own (seed 001 §五(二): "个人整改方案
  由本人亲自制定"); the secretary approves both, and the team list goes on to the
  supervisor;
- the owner of an item reports progress on it: the owner of a personal list, or the
  responsible member of a team item (the office reports for a team item held by a
  department);
- 销号 needs a verifier who is not the owner: the office or the secretary verifies a
  personal item, the supervisor confirms a team item.

What a reader sees of a list they may open (as inspections/access.py for the materials):
the writers, the secretary and the office (`reads_draft`) read the live items and every
version; the supervisor and the members read only what has left the team — the versions
passed on or approved (and those later returned from above or superseded) — and, while
the list is being drafted again (returned from above, reopened by 申请修改, or with the
secretary), the last such version's frozen content instead of the live items. An item's
page is 404 to them then: its live text is a draft. The roles above are granted on dates
that are never cleared, so this rule, not the roles, keeps a redraft inside the team.

An item carried into the next meeting (`carried_to`) is governed by that meeting from then
on: its access and its read-only check follow the meeting it belongs to now (until that
meeting exists, the one it was carried out of, `carried_from`).
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.http import Http404

from meetings.access import MeetingAccess, Role, ensure_not_archived, get_meeting_for_user, meeting_access
from meetings.models import Meeting, Stage
from organizations.models import Person
from organizations.selectors import person_for_user

from .models import Item, ListState, RectificationList, VersionOutcome

# The stages in which lists are drawn up and followed: after the meeting is held.
OPEN_STAGES = {Stage.HELD, Stage.RECTIFYING}


class ListRole:
    OWNER = "owner"  # drafts their own personal list
    DRAFTER = "drafter"  # the office, for the team list
    APPROVER = "approver"  # the secretary, for a list not their own
    OFFICE = "office"  # tracks every list of the team
    SUPERVISOR = "supervisor"  # the upper level, once the list has left the team
    GUIDE = "guide"  # a 督导组 member: reads what the upper level reads, decides nothing
    READER = "reader"  # a member reading the team list (or a disclosed item)

    LABELS = {
        OWNER: "本人",
        DRAFTER: "起草人",
        APPROVER: "书记（审批）",
        OFFICE: "办公室",
        SUPERVISOR: "上级",
        GUIDE: "督导组（查阅）",
        READER: "班子成员（阅知）",
    }

    # Inside the team's work on the list: they read its drafts and every version.
    INSIDE = frozenset({OWNER, DRAFTER, APPROVER, OFFICE})


class ItemRole:
    REPORTER = "reporter"  # reports progress (the item's owner)
    VERIFIER = "verifier"  # verifies its closing (销号): never the owner

    LABELS = {REPORTER: "整改责任人", VERIFIER: "销号核验"}


@dataclass(frozen=True)
class ListAccess:
    """What one user may do with one list."""

    meeting: MeetingAccess
    roles: frozenset[str]
    person: Person | None

    def has(self, role: str) -> bool:
        return role in self.roles

    @property
    def is_writer(self) -> bool:
        return bool(self.roles & {ListRole.OWNER, ListRole.DRAFTER})

    @property
    def reads_draft(self) -> bool:
        """The live items whatever the state: the writers, the secretary, the office."""
        return bool(self.roles & ListRole.INSIDE)

    @property
    def reads_all_versions(self) -> bool:
        """Versions returned or withdrawn inside the team too, and their comments."""
        return bool(self.roles & ListRole.INSIDE)

    def labels(self) -> list[str]:
        return [label for role, label in ListRole.LABELS.items() if role in self.roles]


@dataclass(frozen=True)
class ItemAccess:
    """What one user may do with one item: the list's roles and the item's own."""

    list_access: ListAccess
    roles: frozenset[str]
    # The reader sees the item only because it is in the published 公示: they read what
    # the item says, not its evidence, its sources' quotes or its notes.
    via_disclosure: bool = False

    @property
    def meeting(self) -> MeetingAccess:
        return self.list_access.meeting

    def has(self, role: str) -> bool:
        return role in self.roles or role in self.list_access.roles


def list_roles(rlist: RectificationList, access: MeetingAccess, person: Person | None) -> set[str]:
    """The one rule of who sees a list (see the module's docstring)."""
    roles: set[str] = set()
    if rlist.is_team:
        if access.is_office:
            roles |= {ListRole.DRAFTER, ListRole.OFFICE}
        if access.is_secretary:
            roles.add(ListRole.APPROVER)
        if access.is_member and (rlist.passed_on_at or rlist.state == ListState.APPROVED):
            roles.add(ListRole.READER)
        if access.is_supervisor and rlist.passed_on_at:
            roles.add(_upper(access))
        return roles
    if person is not None and rlist.owner_id == person.pk:
        roles.add(ListRole.OWNER)
        # The owner approves nobody's list, least their own; as office staff they track it.
        if access.is_office:
            roles.add(ListRole.OFFICE)
        return roles
    submitted = rlist.first_submitted_at is not None
    if submitted and access.is_secretary:
        roles.add(ListRole.APPROVER)
    if submitted and access.is_office:
        roles.add(ListRole.OFFICE)
    if access.is_supervisor and (rlist.passed_on_at or rlist.state == ListState.APPROVED or rlist.approved_at):
        roles.add(_upper(access))
    return roles


def _upper(access: MeetingAccess) -> str:
    """The upper level approves lists and closes team items; a 督导组 reads them."""
    return ListRole.SUPERVISOR if access.decides_for_upper_level else ListRole.GUIDE


# The versions that have left the team: passed on to the upper level or approved, and what
# became of those later (returned from above, superseded by a revision approved again).
LEFT_TEAM = (VersionOutcome.PASSED_ON, VersionOutcome.UPPER_RETURNED, VersionOutcome.APPROVED,
             VersionOutcome.SUPERSEDED)
# The states in which the live items are the version that left last (nobody may edit them).
LEFT_STATES = (ListState.UPPER_REVIEW, ListState.APPROVED)
# The moves the supervisor and the members read in a list's history: those that carried it
# out of the team or back from above, a reopening and the filing — not a submission to the
# secretary, a withdrawal or the secretary's return with its comments.
LEFT_MOVES = ("approve", "submit_upper", "upper_approve", "upper_return", "revise", "file")


def visible_versions(rlist: RectificationList, access: ListAccess):
    versions = rlist.versions.select_related("submitted_by__person")
    if not access.reads_all_versions:
        versions = versions.filter(outcome__in=LEFT_TEAM)
    return versions


def visible_events(rlist: RectificationList, access: ListAccess):
    events = rlist.events.select_related("actor__person", "version")
    if not access.reads_all_versions:
        events = events.filter(transition__in=LEFT_MOVES)
    return events


def reads_live_items(rlist: RectificationList, access: ListAccess) -> bool:
    """Whether this reader sees the live items now, or else the last version that left."""
    return access.reads_draft or rlist.state in LEFT_STATES


def governing_meeting(item: Item) -> Meeting:
    """The meeting the item belongs to now: the one it was carried into; else, carried out
    of a meeting whose successor does not exist yet, that one; else its own."""
    if item.carried_to_id:
        return item.carried_to
    if item.carried_from_id:
        return item.carried_from
    return item.rectification_list.meeting


def item_owner_id(item: Item) -> int | None:
    """The person who answers for the item: a personal list's owner, else the responsible."""
    rlist = item.rectification_list
    return rlist.owner_id if not rlist.is_team else item.responsible_id


def item_roles(item: Item, list_access: ListAccess) -> set[str]:
    roles: set[str] = set()
    person = list_access.person
    owner_id = item_owner_id(item)
    is_owner = person is not None and owner_id == person.pk
    if is_owner or (item.rectification_list.is_team and owner_id is None and list_access.has(ListRole.OFFICE)):
        roles.add(ItemRole.REPORTER)
    if not is_owner:
        if item.rectification_list.is_team:
            if list_access.has(ListRole.SUPERVISOR):
                roles.add(ItemRole.VERIFIER)
        elif list_access.has(ListRole.OFFICE) or list_access.has(ListRole.APPROVER):
            roles.add(ItemRole.VERIFIER)
    return roles


def list_access(user, rlist: RectificationList, *, meeting: Meeting | None = None) -> ListAccess:
    access = meeting_access(user, meeting or rlist.meeting)
    person = person_for_user(user)
    return ListAccess(access, frozenset(list_roles(rlist, access, person)), person)


def get_list_for_user(user, pk, *, require: tuple[str, ...] = ()):
    """Fetch a list for this user: 404 for anyone who may not see it (other members for a
    personal list included), 403 when they may see it but not do this."""
    rlist = RectificationList.objects.select_related("meeting__organization", "owner").filter(pk=pk).first()
    if rlist is None:
        raise Http404("整改清单不存在")
    access = list_access(user, rlist)
    if not access.roles:
        raise Http404("整改清单不存在")
    if require and not access.roles.intersection(require):
        raise PermissionDenied("您的角色无权进行此操作")
    return rlist, access


def _disclosed_to_members(item: Item) -> bool:
    """A colleague's personal item is read by the team once it is published in the 公示 —
    only an approved list's, as on the public page: an owner may tick 公开 on a draft."""
    from .models import Disclosure

    if not item.disclosed or item.rectification_list.state != ListState.APPROVED:
        return False
    disclosure = Disclosure.objects.filter(meeting_id=item.rectification_list.meeting_id).first()
    return bool(disclosure and disclosure.published_at and not disclosure.withdrawn_at)


def item_access(user, item: Item) -> ItemAccess:
    rlist = item.rectification_list
    access = list_access(user, rlist, meeting=governing_meeting(item))
    if not access.roles and access.meeting.is_member and _disclosed_to_members(item):
        access = ListAccess(access.meeting, frozenset({ListRole.READER}), access.person)
        return ItemAccess(access, frozenset(item_roles(item, access)), via_disclosure=True)
    return ItemAccess(access, frozenset(item_roles(item, access)))


def get_item_for_user(user, pk, *, require: tuple[str, ...] = (), internal: bool = False):
    """Fetch an item for this user (the evidence files' checkpoint too): 404 for anyone
    who may not read it, 403 when they may read it but not do this. `internal=True` for
    what only the item's own readers see (its evidence files): 403 for a colleague who
    reads it only through the 公示."""
    item = (
        Item.objects.select_related(
            "rectification_list__meeting__organization", "rectification_list__owner", "responsible",
            "carried_to__organization", "carried_from__organization",
        )
        .filter(pk=pk)
        .first()
    )
    if item is None:
        raise Http404("整改事项不存在")
    access = item_access(user, item)
    # The list decides who reads its items: a team item's 责任人 reads it once the list is passed
    # on, not while the office is still drafting it.
    if not access.list_access.roles:
        raise Http404("整改事项不存在")
    if not reads_live_items(item.rectification_list, access.list_access):
        # Back in drafting: the item's text is the team's draft (the list page shows the
        # frozen version instead).
        raise Http404("整改事项不存在")
    if require and not any(access.has(role) for role in require):
        raise PermissionDenied("您的角色无权进行此操作")
    if internal and access.via_disclosure:
        raise PermissionDenied("公示中的整改事项只能阅读内容，不能查看佐证材料")
    return item, access


def ensure_item_editable(item: Item, what: str = "整改事项") -> None:
    """The read-only check for an item: that of the meeting it belongs to now."""
    ensure_not_archived(governing_meeting(item), what)


def ensure_list_editable(rlist: RectificationList, what: str = "整改清单") -> None:
    ensure_not_archived(rlist.meeting, what)
    if rlist.meeting.stage not in OPEN_STAGES:
        raise PermissionDenied(f"会议处于“{rlist.meeting.get_stage_display()}”阶段：会议召开后才能制定整改清单")


# --- a meeting's rectification pages ---------------------------------------------------

# Who sees the overview of a meeting's lists (counts, statuses, coverage): the office and
# the secretary who run them, the supervising level who watches. Members see the page too,
# with the team list (once passed on) and their own list only.
BOARD_ROLES = (Role.OFFICE, Role.SECRETARY, Role.SUPERVISOR)


def get_meeting_for_rectification(user, pk, *, require: tuple[str, ...] = ()):
    """The meeting, for the rectification pages: 404 for outsiders, 403 for the wrong role
    (the meetings' own checkpoint: no role of this phase reaches a meeting's pages)."""
    return get_meeting_for_user(user, pk, require=require)


def visible_lists(rlists, access: MeetingAccess, person: Person | None) -> list[RectificationList]:
    """The lists of a meeting this reader may open (a page lists them; no query per list)."""
    return [rlist for rlist in rlists if list_roles(rlist, access, person)]


def get_finding_for_user(user, pk, *, require: tuple[str, ...] = ()):
    """An upper finding, through its meeting's checkpoint: 404 for outsiders, 403 for the
    wrong role (the office enters them; the secretary and the supervisor read them)."""
    from .models import UpperFinding

    finding = UpperFinding.objects.select_related("member").filter(pk=pk).first()
    if finding is None:
        raise Http404("反馈问题不存在")
    meeting, access = get_meeting_for_rectification(user, finding.meeting_id, require=require)
    finding.meeting = meeting
    return finding, access
