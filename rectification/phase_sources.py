"""What the sources part registers: the item page's panel of where the item came from, with
links back to the minutes, the material, the opinion or the finding."""

from django.urls import reverse

from .access import ListRole
from .models import SourceKind
from .panels import register_item_panel


def _link(source, access) -> tuple[str, str]:
    """(url, where) for one source as this reader may follow it: each link leads to a page
    the reader may open, else the words stand alone."""
    meeting = access.meeting
    board = meeting.is_office or meeting.is_secretary or meeting.is_supervisor
    kind = source.kind
    if kind in (SourceKind.PROBLEM, SourceKind.MEASURE):
        block = source.problem if kind == SourceKind.PROBLEM else source.measure
        if block is not None:
            return reverse("inspections:material", args=[block.material_id]), "对照检查材料"
    elif kind == SourceKind.CRITICISM and source.criticism is not None:
        c = source.criticism
        where = f"{c.giver.name}对{c.receiver.name}的批评"
        # The minutes show a member the criticisms of their own round only.
        person = access.list_access.person
        own = person is not None and c.receiver_id == person.pk
        return (reverse("proceedings:sitting", args=[c.sitting_id]) if board or own else ""), where
    elif kind == SourceKind.COMMENT and source.comment is not None:
        return (reverse("proceedings:sitting", args=[source.comment.sitting_id]) if board else ""), \
            source.comment.author_label
    elif kind == SourceKind.OPINION and source.routing is not None:
        routing = source.routing
        if meeting.is_office:
            return reverse("feedback:opinion", args=[routing.opinion_id]), ""
        if meeting.is_member:
            return reverse("feedback:mine", args=[routing.opinion.solicitation_id]), ""
        return "", ""
    elif kind == SourceKind.FINDING and source.finding is not None:
        return (reverse("rectification:findings", args=[source.finding.meeting_id]) if board else ""), \
            source.finding.source
    elif kind == SourceKind.CARRIED and source.earlier_item_id:
        return reverse("rectification:item", args=[source.earlier_item_id]), "上次会议未完成事项"
    return "", "来源已删除，保留原文"


@register_item_panel("rectification/_item_sources.html", order=10)
def item_sources_panel(item, access, request):
    if access.via_disclosure:
        return None  # a criticism's giver is in its quote: the 公示's readers see the item alone
    sources = list(item.sources.select_related(
        "problem", "measure", "criticism__giver", "criticism__receiver", "comment", "finding", "routing__opinion",
    ))
    if not sources:
        return None
    rows = []
    for source in sources:
        url, origin = _link(source, access)
        rows.append({"source": source, "url": url, "origin": origin})
    writer = access.list_access.has(ListRole.OWNER) or access.list_access.has(ListRole.DRAFTER)
    return {
        "sources": rows,
        "sources_url": reverse("rectification:list_sources", args=[item.rectification_list_id]) if writer else "",
    }
