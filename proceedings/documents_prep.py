"""准备工作情况报告 and 召开申请 in the official layout (GB/T 9704), PDF and Word.

The report prints the office's edited text (or, before any draft, the one compiled from
the records); the application prints seed 004's 具体安排: 会议时间, 会议地点, 参加人员,
会议议程 ("第一项议程：…").
"""

from django.http import Http404

from documents.content import Heading, OfficialDocument, Paragraph
from documents.dating import document_day
from documents.registry import DocumentType, register
from meetings.access import Role
from meetings.dates import day_text
from meetings.models import Meeting

from .convening import application_content, get_meeting_for_convening, latest_request, report_content
from .models import ConveningApplication, PreparationReport
from .preparation import CN_NUMBERS, _kind, _team, preparation_figures, report_sections, report_title


def _signature(meeting: Meeting) -> list[str]:
    return [meeting.organization.name, day_text(document_day())]


def preparation_report_document(meeting: Meeting) -> OfficialDocument:
    content = report_content(PreparationReport.objects.filter(meeting=meeting).first())
    if not content:
        sections, _ = report_sections(preparation_figures(meeting))
        content = {"title": report_title(meeting), "sections": sections}
    blocks = []
    for section in content["sections"]:
        if section["heading"]:
            blocks.append(Heading(section["heading"]))
        blocks += [Paragraph(p) for p in section["text"].splitlines() if p.strip()]
    return OfficialDocument(title=content["title"], blocks=blocks, signature=_signature(meeting))


def _upper(meeting: Meeting) -> str:
    parent = meeting.organization.parent
    return f"{parent.name}组织部：" if parent else ""


def application_title(meeting: Meeting) -> str:
    return f"关于召开{meeting.organization.display_name}{meeting.year}年度{_kind(meeting)}的申请"


def convening_application_document(meeting: Meeting) -> OfficialDocument:
    content = application_content(ConveningApplication.objects.filter(meeting=meeting).first())
    kind = _kind(meeting)
    blocks = []
    upper = _upper(meeting)
    if upper:
        blocks.append(Paragraph(upper, indent=False))
    blocks.append(
        Paragraph(
            f"根据上级关于开好{meeting.year}年度{kind}的要求，{_team(meeting)}已完成会前学习研讨、征求意见、"
            f"谈心谈话、撰写对照检查材料等各项准备工作（详见准备工作情况报告），召开{kind}的条件已经成熟，"
            "现申请召开。具体安排如下："
        )
    )
    blocks.append(Heading("一、会议时间"))
    blocks.append(Paragraph(f"拟定于{content['proposed']}召开。" if content else "（待定）"))
    blocks.append(Heading("二、会议地点"))
    blocks.append(Paragraph(content.get("place") or "（待定）"))
    blocks.append(Heading("三、参加人员"))
    blocks += [Paragraph(line) for line in content.get("attendees", [])] or [Paragraph("（待定）")]
    blocks.append(Heading("四、会议议程"))
    agenda = content.get("agenda", [])
    for index, item in enumerate(agenda):
        number = CN_NUMBERS[index] if index < len(CN_NUMBERS) else str(index + 1)
        blocks.append(Paragraph(f"第{number}项议程：{item.rstrip('；;。')}。"))
    if not agenda:
        blocks.append(Paragraph("（待定）"))
    blocks.append(Paragraph("妥否，请批示。"))
    return OfficialDocument(title=application_title(meeting), blocks=blocks, signature=_signature(meeting))


def _meeting(user, pk):
    """The office and the secretary print their drafts; the upper level only once sent."""
    meeting, access = get_meeting_for_convening(user, pk)
    if not access.roles.intersection({Role.OFFICE, Role.SECRETARY}) and latest_request(meeting) is None:
        raise Http404("文书不存在")
    return meeting


register(
    DocumentType(
        kind="preparation_report",
        label="准备工作情况报告",
        build=preparation_report_document,
        get_for_user=_meeting,
    )
)
register(
    DocumentType(
        kind="convening_application",
        label="召开申请",
        build=convening_application_document,
        get_for_user=_meeting,
    )
)
