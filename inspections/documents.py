"""The materials in the official layout (GB/T 9704): each version, a draft, and one PDF of
all approved materials of a meeting with a contents page.

Layout after the seeds' "写清问题、写清原因、写清措施": 一、上年度整改措施落实情况 (when any),
存在的突出问题 by aspect, 问题产生的原因, 整改措施, 对征求意见的回应.
"""

from datetime import date

from django.core.exceptions import PermissionDenied
from django.utils import timezone

from documents.content import Contents, Heading, OfficialDocument, Paragraph, Part
from documents.dating import document_day
from documents.registry import DocumentType, register
from meetings.models import Meeting

from .access import BOARD_ROLES, get_draft_for_user, get_meeting_for_materials, get_version_for_user
from .content import cn_number, date_label, material_content, paragraphs
from .models import Material, MaterialKind, MaterialState, MaterialVersion


def _day(value: date) -> str:
    return f"{value.year}年{value.month}月{value.day}日"


def _measure(index: int, measure: dict) -> str:
    when = date_label(measure["deadline"])
    facts = "，".join(x for x in (measure["term"], f"{when}前完成" if when else "") if x)
    target = f"针对“{measure['problem']}”问题，" if measure.get("problem") else ""
    text = measure["content"].strip().rstrip("。；;")
    return f"{index}.{target}{text}。" + (f"（{facts}）" if facts else "")


def content_blocks(content: dict) -> list:
    """The body of one material, numbered 一、二、… over the parts it has."""
    blocks = [Paragraph(p) for p in paragraphs(content["preface"])]
    part = iter(range(20))

    def heading(text):
        blocks.append(Heading(f"{cn_number(next(part))}、{text}"))

    last_year = content["last_year"]
    if last_year["items"] or last_year["text"].strip():
        heading("上年度整改措施落实情况")
        for i, item in enumerate(last_year["items"], start=1):
            status = f"（{item['status']}）" if item.get("status") else ""
            blocks.append(Paragraph(f"{i}.{item['title']}{status}"))
        blocks += [Paragraph(p) for p in paragraphs(last_year["text"])]
    aspects = [a for a in content["aspects"] if any((p["title"] + p["details"]).strip() for p in a["problems"])]
    if aspects:
        heading("存在的突出问题")
        for i, aspect in enumerate(aspects):
            blocks.append(Heading(f"（{cn_number(i)}）{aspect['title']}", level=2))
            problems = [p for p in aspect["problems"] if (p["title"] + p["details"]).strip()]
            for n, problem in enumerate(problems, start=1):
                if problem["title"].strip():
                    blocks.append(Heading(f"{n}.{problem['title'].strip()}", level=3))
                blocks += [Paragraph(p) for p in paragraphs(problem["details"])]
    causes = [c for c in content["causes"] if c["text"].strip()]
    if causes:
        heading("问题产生的原因")
        for i, cause in enumerate(causes):
            blocks.append(Heading(f"（{cn_number(i)}）{cause['title']}", level=2))
            blocks += [Paragraph(p) for p in paragraphs(cause["text"])]
    measures = [m for m in content["measures"] if m["content"].strip()]
    if measures:
        heading("整改措施")
        blocks += [Paragraph(_measure(i, m)) for i, m in enumerate(measures, start=1)]
    if content["answers"]:
        heading("对征求意见建议的回应")
        for i, answer in enumerate(content["answers"], start=1):
            opinion = "”“".join(answer["opinion"])
            blocks.append(Heading(f"{i}.关于“{opinion}”的意见", level=3))
            if answer["problem"]:
                blocks.append(Paragraph(f"已在“{answer['problem']}”问题中查摆，并制定整改措施。"))
            blocks += [Paragraph(p) for p in paragraphs(answer["answer"])]
    return blocks


def material_document(content: dict, signed_on: date) -> OfficialDocument:
    signer = content["organization"] if content["kind"] == MaterialKind.TEAM else content["owner"]
    return OfficialDocument(title=content["title"], blocks=content_blocks(content), signature=[signer, _day(signed_on)])


def version_document(version: MaterialVersion) -> OfficialDocument:
    return material_document(version.content, timezone.localtime(version.submitted_at).date())


def draft_document(material: Material) -> OfficialDocument:
    doc = material_document(material_content(material), document_day())
    return OfficialDocument(title=doc.title, subtitle="（草稿）", blocks=doc.blocks, signature=doc.signature)


def approved_versions(meeting: Meeting) -> list[MaterialVersion]:
    """The approved version of each approved material: the team's first, then the outlines
    in the team's order."""
    from .selectors import outline_authors

    materials = {
        (m.kind, m.author_id): m
        for m in Material.objects.filter(meeting=meeting, state=MaterialState.APPROVED)
    }
    order = [(MaterialKind.TEAM, None)] + [(MaterialKind.PERSONAL, p.pk) for p in outline_authors(meeting)]
    ordered = [materials[key] for key in order if key in materials]
    latest = {}
    for version in MaterialVersion.objects.filter(material__in=ordered).order_by("material_id", "-number"):
        latest.setdefault(version.material_id, version)
    return [latest[m.pk] for m in ordered if m.pk in latest]


def compilation(title: str, contents: list[dict]) -> OfficialDocument:
    """汇编 of frozen materials: a contents page, then each material from a new page (each
    by its own author, so the compilation itself carries no 落款)."""
    entries = [[content["title"], f"material-{i}"] for i, content in enumerate(contents, start=1)]
    blocks: list = [Contents(entries=entries)] if entries else [Paragraph("尚无审核通过的材料。")]
    for (entry_title, anchor), content in zip(entries, contents):
        blocks.append(Part(entry_title, anchor))
        blocks += content_blocks(content)
    return OfficialDocument(title=title, blocks=blocks)


def compilation_document(meeting: Meeting) -> OfficialDocument:
    """Every approved material of the meeting: the team's, then the outlines by rank."""
    occasion = f"{meeting.year}年度{'专题' if meeting.is_special else ''}{meeting.get_kind_display()}"
    return compilation(
        f"{meeting.organization.display_name}{occasion}对照检查材料汇编",
        [version.content for version in approved_versions(meeting)],
    )


def _compilation_for_user(user, pk) -> Meeting:
    meeting, access, _person = get_meeting_for_materials(user, pk)
    if not access.roles.intersection(BOARD_ROLES):
        raise PermissionDenied("材料汇编供办公室、书记和上级审阅使用")
    return meeting


register(DocumentType(kind="inspection_version", label="对照检查材料", build=version_document,
                      get_for_user=get_version_for_user))
register(DocumentType(kind="inspection_draft", label="对照检查材料（草稿）", build=draft_document,
                      get_for_user=get_draft_for_user))
register(DocumentType(kind="inspection_compilation", label="对照检查材料汇编（PDF，含目录）",
                      build=compilation_document, get_for_user=_compilation_for_user, formats=("pdf",)))
