"""What the materials phase hands to the archive (meetings.records): the team's
self-inspection material and every personal outline **as approved** — the frozen version
the reviewers passed, never a draft or a version sent back — and the review history
(submitted, returned with comments, passed on, approved) with each reviewer's comments.

A material not approved by the time of archiving has no document here; its steps stay in
the history.
"""

from django.db.models import F
from django.utils import timezone

from meetings.models import Meeting
from meetings.records import Decision, PhaseRecords, RecordDocument, actor_name, decisions_from, register_records

from .documents import approved_versions
from .models import Material, MaterialEvent, MaterialKind, ReviewComment


def _label(material: Material) -> str:
    if material.kind == MaterialKind.TEAM:
        return MaterialKind.TEAM.label
    return f"{material.author.name}的{MaterialKind.PERSONAL.label}"


@register_records(50)
def material_records(meeting: Meeting) -> PhaseRecords | None:
    """Seven queries, however many materials and versions."""
    materials = {m.pk: m for m in Material.objects.filter(meeting=meeting).select_related("author")}
    if not materials:
        return None
    documents = []
    for version in approved_versions(meeting):
        material = materials[version.material_id]
        approved = material.approved_at or version.submitted_at
        documents.append(
            RecordDocument(
                kind="inspection_version",
                source=version,
                title=version.content.get("title") or _label(material),
                author=meeting.organization.name if material.kind == MaterialKind.TEAM else material.author.name,
                day=timezone.localdate(approved),
                note=f"审核通过的第{version.number}版",
            )
        )
    decisions = decisions_from(
        MaterialEvent.objects.filter(material__meeting=meeting).select_related("actor__person"),
        subject=lambda event: _label(materials[event.material_id]),
    )
    decisions += [
        Decision(
            what=f"{comment.role}审阅意见（{comment.section_title}）",
            who=actor_name(comment.author),
            at=comment.created_at,
            comment=comment.text,
            subject=f"{_label(materials[comment.material_id])}（第{comment.version_number}版）",
        )
        for comment in ReviewComment.objects.filter(material__meeting=meeting)
        .select_related("author__person")
        .annotate(version_number=F("version__number"))
    ]
    decisions.sort(key=lambda d: d.at)
    return PhaseRecords(phase="对照检查材料", folder="materials", documents=documents, decisions=decisions)
