"""A problem that could have been solved must not come back (seed 001 §五(二): "防止以曾经
查找但尚未解决的问题代替新发现的问题"; issue 13).

When an outline is submitted, each of its problems is compared with the items of the same
person's earlier approved personal lists, in the same organisation's meetings of the same
kind, that were closed (销号) or carried over. A match tells the
author and the secretary, once per problem and item (a resubmission says nothing new).

The comparison is the similarity machinery's (inspections/similarity.py): both texts
reduced to their characters with the stock phrases blanked, cut into shingles; an item
matches when this share of its shingles is found in the problem. An item is short (one
sentence), a problem long (a title and its details): the item's share is what tells that
the problem repeats it, not the problem's.
"""

from django.db.models import Q
from django.urls import reverse

from inspections.models import Material, MaterialKind
from inspections.similarity import STOCK_QUOTES, normalise, shingles
from inspections.workflow import secretary_users
from notifications.services import notify

from .models import Item, ItemStatus, ListKind

RECURRENCE_SHARE = 0.5  # of the item's shingles found in the new problem
MIN_ITEM_SHINGLES = 4  # an item shorter than this (a few characters) is not compared

_SENTINEL = "\x01"
_QUOTES = sorted(STOCK_QUOTES, key=len, reverse=True)


def _shingles(text: str) -> set[str]:
    return shingles(normalise(text, _SENTINEL, _QUOTES).text, _SENTINEL)


def recurrence_share(item_text: str, problem_text: str) -> float:
    """The share of the item's shingles that the problem repeats (0 when too short)."""
    mine = _shingles(item_text)
    if len(mine) < MIN_ITEM_SHINGLES:
        return 0.0
    return len(mine & _shingles(problem_text)) / len(mine)


def earlier_items(person, meeting):
    """The person's items of the same organisation's earlier meetings of the same kind, of
    approved lists, that were closed or carried over. The notice goes to this meeting's
    secretary: a 党组 member's personal item is not the business of the branch they also
    sit in (nor of another kind of meeting), and an unapproved list is its owner's alone."""
    return (
        Item.objects.filter(
            rectification_list__kind=ListKind.PERSONAL, rectification_list__owner=person,
            rectification_list__approved_at__isnull=False,
            rectification_list__meeting__organization_id=meeting.organization_id,
            rectification_list__meeting__kind=meeting.kind,
            rectification_list__meeting__pk__lt=meeting.pk,
        )
        .filter(Q(status=ItemStatus.CLOSED) | Q(carried_at__isnull=False))
        .select_related("rectification_list__meeting")
    )


def recurrences(material: Material) -> list[tuple[object, Item, float]]:
    """(problem, earlier item, share) for every problem of the outline that repeats one."""
    if material.kind != MaterialKind.PERSONAL or material.author_id is None:
        return []
    items = list(earlier_items(material.author, material.meeting))
    if not items:
        return []
    found = []
    for problem in material.problems.all():
        text = f"{problem.title}\n{problem.details}"
        for item in items:
            share = recurrence_share(item.problem, text)
            if share >= RECURRENCE_SHARE:
                found.append((problem, item, share))
    return found


def recurrence_check(*, material_id: int) -> int:
    """Tell the author and the secretary of each repeated problem; returns the notices sent."""
    material = Material.objects.select_related("meeting__organization", "author__user").get(pk=material_id)
    sent = 0
    for problem, item, share in recurrences(material):
        earlier = item.rectification_list.meeting
        state = "已销号" if item.status == ItemStatus.CLOSED else "转入下一次会议、尚未完成"
        recipients = ([material.author.user] if material.author.user else []) + secretary_users(material.meeting)
        sent += len(notify(
            recipients=recipients,
            title=f"查摆的问题与以往整改事项相似：{material.author.name}",
            body=(
                f"{material.title}中的问题“{problem.title or '（未命名问题）'}”与{earlier.title}的整改事项"
                f"“{item.problem}”（{state}）相似，约{round(share * 100)}%的文字相同。\n"
                "能够解决的问题不应成为下一次会议的问题（见“整改落实”要求）：请核实是整改不到位、问题反弹，"
                "还是新的问题，并如实写明。"
            ),
            url=reverse("inspections:material", args=[material.pk]),
            dedupe_key=f"recurrence:{problem.pk}:{item.pk}",
        ))
    return sent
