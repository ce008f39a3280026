"""公示: which items are published, for which period, and what the public may read of them
(seed 000 "在一定范围公开"; 001 "对于群众普遍关心问题的整改情况…进行公示"), and the public's
anonymous comments on them.

The office chooses among the items of the approved lists (the team's and the members'),
the mass-concern ones first: an item that came from a routed opinion is suggested. The
public page shows, for the items chosen and only during the period, what the public may
know — the problem, the target, the measures and how far they are, the deadline, the
member responsible and the department — and nothing of how the item came to be (a
criticism's giver is a source), no evidence, no other names, no internal id.
"""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, F, OuterRef, Prefetch
from django.utils import timezone
from django.utils.crypto import salted_hmac

from anonymity.writes import anonymous_flush_due, anonymous_write
from feedback.models import Channel, Solicitation
from feedback.selectors import AFTER_THE_MEETING
from feedback.services import Entry, opinions_enter
from inspections.models import MeasureTerm
from meetings.access import ensure_not_archived
from meetings.models import Meeting, Stage
from organizations.dateorder import day_text

from .models import (
    Disclosure,
    Item,
    ItemMeasure,
    ItemSource,
    ItemStatus,
    ListState,
    MeasureStatus,
    PublicComment,
    SourceKind,
)

# A 公示 is set up and published while the lists are followed (整改落实).
SETUP_STAGES = {Stage.RECTIFYING}
COMMENT_MAX = 1000
# "team" sorts after "personal": descending puts the team list's items first.
TEAM_FIRST = "-rectification_list__kind"


class StaleDisclosure(Exception):
    """Someone else saved the 公示 since this page was loaded."""


# --- the office's side ------------------------------------------------------------------


def ensure_disclosure_editable(meeting: Meeting) -> None:
    ensure_not_archived(meeting, "整改公示")
    if meeting.stage not in SETUP_STAGES:
        raise PermissionDenied(f"会议处于“{meeting.get_stage_display()}”阶段：整改落实阶段才能发布整改公示")


def disclosure_candidates(meeting: Meeting):
    """The items the office may disclose: those of the approved lists, the ones from the
    public's opinions (群众普遍关心的问题) first, then the team list's, then the members'."""
    from_opinion = ItemSource.objects.filter(item=OuterRef("pk"), kind=SourceKind.OPINION)
    return (
        Item.objects.filter(rectification_list__meeting=meeting, rectification_list__state=ListState.APPROVED)
        .select_related("rectification_list__owner", "responsible")
        .annotate(suggested=Exists(from_opinion))
        .order_by("-suggested", TEAM_FIRST, "rectification_list__owner__name",
                  "rectification_list_id", "order", "id")
    )


def disclosure_save(*, meeting: Meeting, actor, fields: dict, item_ids, version: int | None) -> Disclosure:
    """Create or change the 公示: its period and wording, and which items it shows.

    `version` is the one the office's page was loaded with (None for a new one): if
    someone saved in between, nothing is written (StaleDisclosure).
    """
    ensure_disclosure_editable(meeting)
    chosen = {int(pk) for pk in item_ids}
    with transaction.atomic():
        disclosure = Disclosure.objects.select_for_update().filter(meeting=meeting).first()
        if disclosure is None:
            if version not in (None, 0):
                raise StaleDisclosure
            disclosure = Disclosure(meeting=meeting, **fields)
            # Two first saves at once: both found none, the second's insert meets the
            # first's row on the one-to-one meeting field. It is the same stale page.
            try:
                with transaction.atomic():
                    disclosure.save()
            except IntegrityError:
                raise StaleDisclosure from None
        else:
            if version != disclosure.version:
                raise StaleDisclosure
            for name, value in fields.items():
                setattr(disclosure, name, value)
            disclosure.version += 1
            disclosure.save(update_fields=[*fields, "version"])
        # Only the approved lists' items can be chosen: an id from elsewhere is ignored.
        candidates = set(disclosure_candidates(meeting).values_list("pk", flat=True))
        # The item's version moves too: an item form opened before does not put back the
        # old choice unseen (it is refused as stale, as for any other change).
        bump = F("version") + 1
        Item.objects.filter(pk__in=candidates - chosen, disclosed=True).update(disclosed=False, version=bump)
        Item.objects.filter(pk__in=candidates & chosen, disclosed=False).update(disclosed=True, version=bump)
    return disclosure


class Move:
    PUBLISH = "publish"
    WITHDRAW = "withdraw"

    LABELS = {PUBLISH: "发布", WITHDRAW: "撤回"}


def disclosure_state(disclosure: Disclosure | None) -> str:
    """draft / published / withdrawn (the office's view; the public's is `public_state`)."""
    if disclosure is None or disclosure.published_at is None:
        return "draft"
    return "withdrawn" if disclosure.withdrawn_at else "published"


# The allowed moves: a withdrawn 公示 may be published again (a corrected item, a new period).
MOVES = {
    Move.PUBLISH: {"draft", "withdrawn"},
    Move.WITHDRAW: {"published"},
}


def disclosure_move(*, disclosure: Disclosure, move: str, actor) -> Disclosure:
    """The one transition of a 公示: publish or withdraw, who and when recorded."""
    ensure_disclosure_editable(disclosure.meeting)
    with transaction.atomic():
        disclosure = Disclosure.objects.select_for_update().select_related("meeting").get(pk=disclosure.pk)
        state = disclosure_state(disclosure)
        if state not in MOVES[move]:
            raise ValidationError(f"公示当前{STATE_LABELS[state]}，不能{Move.LABELS[move]}")
        now = timezone.now()
        if move == Move.PUBLISH:
            if not Item.objects.filter(rectification_list__meeting=disclosure.meeting, disclosed=True,
                                       rectification_list__state=ListState.APPROVED).exists():
                raise ValidationError("请先勾选至少一项公开的整改事项并保存，再发布公示")
            disclosure.published_at, disclosure.published_by = now, actor
            disclosure.withdrawn_at, disclosure.withdrawn_by = None, None
            fields = ["published_at", "published_by", "withdrawn_at", "withdrawn_by"]
        else:
            disclosure.withdrawn_at, disclosure.withdrawn_by = now, actor
            fields = ["withdrawn_at", "withdrawn_by"]
        disclosure.version += 1
        disclosure.save(update_fields=[*fields, "version"])
    return disclosure


STATE_LABELS = {"draft": "尚未发布", "published": "已发布", "withdrawn": "已撤回"}


# --- the public's side ------------------------------------------------------------------


def public_disclosure(token: str) -> Disclosure | None:
    return Disclosure.objects.select_related("meeting__organization").filter(token=token).first()


def public_state(disclosure: Disclosure, today: date | None = None) -> str:
    """open / unpublished / withdrawn / not_started / ended: whether the public reads it now."""
    today = today or timezone.localdate()
    if disclosure.published_at is None:
        return "unpublished"
    if disclosure.withdrawn_at is not None:
        return "withdrawn"
    if today < disclosure.starts_on:
        return "not_started"
    if today > disclosure.ends_on:
        return "ended"
    return "open"


def public_status(item: Item) -> str:
    """The item's status in the public's words."""
    if item.status == ItemStatus.CLOSED:
        return "已销号"
    if item.status == ItemStatus.CLOSING:
        # The owner says it is done; it is done once a verifier has closed it (销号).
        return "整改中（待核验）"
    if item.term == MeasureTerm.LONG_TERM:
        return "长期坚持"
    return "整改中"


def measure_progress(measure: ItemMeasure) -> str:
    if measure.status == MeasureStatus.DONE:
        return "已完成"
    if measure.status == MeasureStatus.IN_PROGRESS:
        return f"推进中，已完成约{measure.percent}%" if measure.percent else "推进中"
    return "尚未启动"


def item_key(disclosure: Disclosure, item_pk: int) -> str:
    """The item's name on the public page: derived from the secret token, so that the page
    carries no internal id and a key from one 公示 means nothing in another."""
    return salted_hmac("rectification.disclosure.item", f"{disclosure.token}:{item_pk}").hexdigest()[:16]


@dataclass(frozen=True)
class PublicMeasure:
    content: str
    deadline: str
    progress: str


@dataclass(frozen=True)
class PublicItem:
    """What the public may read of one item, and nothing else."""

    key: str
    number: int
    problem: str
    target: str
    status: str
    deadline: str
    responsible: str
    department: str
    measures: list[PublicMeasure]


def public_items(disclosure: Disclosure) -> list[PublicItem]:
    """The disclosed items of approved lists, as the public reads them (three queries
    however many items: the items, their measures; the 公示 itself is fetched before)."""
    items = (
        Item.objects.filter(
            rectification_list__meeting_id=disclosure.meeting_id, rectification_list__state=ListState.APPROVED,
            disclosed=True,
        )
        .select_related("rectification_list__owner", "responsible")
        .prefetch_related(Prefetch("measures", queryset=ItemMeasure.objects.order_by("order", "id")))
        .order_by(TEAM_FIRST, "rectification_list__owner__name", "rectification_list_id", "order", "id")
    )
    return [_public(disclosure, number, item) for number, item in enumerate(items, start=1)]


def _public(disclosure: Disclosure, number: int, item: Item) -> PublicItem:
    rlist = item.rectification_list
    # A personal item answers to its owner; a team item to its responsible member or department.
    responsible = rlist.owner.name if not rlist.is_team else item.responsible_label
    if item.term == MeasureTerm.LONG_TERM:
        deadline = "长期坚持" + (f"，{day_text(item.next_review)}复查" if item.next_review else "")
    else:
        deadline = day_text(item.deadline)
    return PublicItem(
        key=item_key(disclosure, item.pk),
        number=number,
        problem=item.problem,
        target=item.target,
        status=public_status(item),
        deadline=deadline,
        responsible=responsible,
        department=item.lead_department,
        measures=[
            PublicMeasure(m.content, day_text(m.deadline, empty="") if m.deadline else "", measure_progress(m))
            for m in item.measures.all()
        ],
    )


def public_item(disclosure: Disclosure, key: str) -> PublicItem | None:
    for item in public_items(disclosure):
        if item.key == key:
            return item
    return None


def public_item_pk(disclosure: Disclosure, key: str) -> int | None:
    pks = Item.objects.filter(
        rectification_list__meeting_id=disclosure.meeting_id, rectification_list__state=ListState.APPROVED,
        disclosed=True,
    ).values_list("pk", flat=True)
    return next((pk for pk in pks if item_key(disclosure, pk) == key), None)


# --- the public's comments --------------------------------------------------------------


def comment_scope(disclosure: Disclosure) -> str:
    """The batch a comment is mixed into (see `anonymity.writes`)."""
    return f"rectification:{disclosure.pk}"


def comment_submit(*, disclosure: Disclosure, item_pk: int, text: str) -> None:
    """A comment from the public page. One row, nothing about the sender, no time; written
    with the others of this 公示 in a shuffled batch. Takes no request and returns nothing."""
    comment = PublicComment(item_id=item_pk, text=text, received_on=timezone.localdate())
    anonymous_write(comment, scope=comment_scope(disclosure))


def comments_flush_due(disclosure: Disclosure | None) -> None:
    """What waits from earlier days is written when the office looks (the beat job does it
    too): a comment from yesterday is never kept from them."""
    if disclosure is not None:
        anonymous_flush_due(scope=comment_scope(disclosure))


def comment_counts(meeting: Meeting) -> dict[int, int]:
    rows = PublicComment.objects.filter(item__rectification_list__meeting=meeting).values("item_id")
    return {row["item_id"]: row["n"] for row in rows.annotate(n=Count("id")).order_by()}


def next_meeting(meeting: Meeting) -> Meeting | None:
    """The organisation's next meeting of the same kind (the next year's, or one created
    after this one in the same year)."""
    from django.db.models import Q

    return (
        Meeting.objects.filter(organization_id=meeting.organization_id, kind=meeting.kind)
        .filter(Q(year__gt=meeting.year) | Q(year=meeting.year, pk__gt=meeting.pk))
        .exclude(stage=Stage.HALTED)
        .order_by("year", "pk")
        .first()
    )


def comment_take(*, comment: PublicComment, actor) -> str:
    """Take a comment into the next meeting's opinions, while that meeting gathers them.
    Returns what `taken_into` records; raises ValidationError with the reason otherwise."""
    if comment.taken_into:
        raise ValidationError(f"这条留言已转为意见：{comment.taken_into}")
    meeting = comment.item.rectification_list.meeting
    following = next_meeting(meeting)
    if following is None:
        raise ValidationError("本组织下一次同类会议尚未创建，暂不能转为意见；创建后再转入。")
    solicitation = Solicitation.objects.filter(meeting=following).first()
    if solicitation is None or following.stage in AFTER_THE_MEETING:
        raise ValidationError(f"“{following.title}”尚未启动或已结束征求意见，暂不能转入。")
    entry = Entry(
        content=f"（群众对整改公示事项“{comment.item.problem[:40]}”的留言）{comment.text}",
        channel=Channel.ONLINE,
        received_on=comment.received_on,
    )
    with transaction.atomic():
        # A double click sends two requests that both saw the comment untaken: the second
        # waits for the first's lock here and then finds it taken.
        locked = PublicComment.objects.select_for_update().get(pk=comment.pk)
        if locked.taken_into:
            raise ValidationError(f"这条留言已转为意见：{locked.taken_into}")
        [opinion] = opinions_enter(solicitation=solicitation, entries=[entry], actor=actor, action="整改公示留言转入")
        comment.taken_into = f"{following.title} {opinion.code}"[:100]
        comment.save(update_fields=["taken_into"])
    return comment.taken_into
