"""Documents 召开情况报告 and 通报, in the GB/T 9704 layout (PDF) and as Word.

Both print the report's own text: as sent once it has been sent (the frozen text), the
office's current wording while it is a draft. The notice retells the meeting, the
problems found and what follows for the members and the subordinate organisations; the
criticisms each member gave and received stay in the report to the upper level.
"""

from django.utils import timezone

from documents.content import Heading, OfficialDocument, Paragraph
from documents.dating import document_day
from documents.registry import DocumentType, register
from meetings.dates import day_text

from .models import SectionKey, SituationReport
from .report import team_word
from .report_access import get_notice_for_user, get_report_for_user
from .report_text import cn_number, numbered_heading


def occasion(meeting) -> str:
    return f"{meeting.year}年度{'专题' if meeting.is_special else ''}{meeting.get_kind_display()}"


def report_texts(report: SituationReport) -> tuple[str, dict[str, str]]:
    """(addressee, {section key: text}) as sent, or as the draft stands."""
    if report.is_sent and report.sent_text:
        return report.sent_text.get("addressee", ""), dict(report.sent_text["sections"])
    return report.addressee, {s.key: s.text for s in report.sections.all()}


def _paragraphs(text: str) -> list:
    blocks = []
    for line in (text or "").splitlines():
        line = line.strip()
        if not line:
            continue
        # "（一）在…方面：…" are the second level, as in the seeds' reports.
        blocks.append(Paragraph(line))
    return blocks


def situation_report(report: SituationReport) -> OfficialDocument:
    meeting = report.meeting
    addressee, texts = report_texts(report)
    blocks = [Paragraph(f"{addressee}：", indent=False)] if addressee else []
    blocks += _paragraphs(texts.get(SectionKey.OPENING, ""))
    for key in SectionKey.values[1:]:
        blocks.append(Heading(numbered_heading(key)))
        blocks += _paragraphs(texts.get(key, ""))
    blocks.append(Paragraph("特此报告。"))
    day = timezone.localdate(report.sent_at) if report.sent_at else document_day()
    return OfficialDocument(
        title=f"{meeting.organization.name}关于召开{occasion(meeting)}情况的报告",
        blocks=blocks,
        signature=[meeting.organization.name, day_text(day)],
    )


register(
    DocumentType(kind="situation_report", label="召开情况报告", build=situation_report, get_for_user=get_report_for_user)
)

NOTICE_SECTIONS = [
    (SectionKey.PROCEEDINGS, "会议召开情况"),
    (SectionKey.PROBLEMS, "查摆问题情况"),
    (SectionKey.NEXT_STEPS, "下一步整改工作"),
]


def notice_blocks(report: SituationReport) -> dict:
    """The notice as title, addressee and (heading, paragraphs): the page and the files."""
    meeting = report.meeting
    team = team_word(meeting.organization)
    _, texts = report_texts(report)
    sections = [
        (f"{cn_number(i)}、{label}", [line.strip() for line in texts.get(key, "").splitlines() if line.strip()])
        for i, (key, label) in enumerate(NOTICE_SECTIONS, start=1)
    ]
    return {
        "title": f"关于{meeting.organization.display_name}召开{occasion(meeting)}情况的通报",
        "addressee": report.notice_scope or "各党支部、全体党员",
        "opening": (
            f"{day_text(report.held_on)}，{team}召开了{meeting.title}。根据上级要求，会后要将会议召开情况"
            "向下级党组织或本单位通报，自觉接受党员群众监督评议。现将有关情况通报如下："
        ),
        "sections": sections,
        "closing": f"请各党组织和全体党员对{team}的整改落实情况进行监督，有意见建议可通过适当方式及时反映。",
        "day": day_text(timezone.localdate(report.notice_issued_at) if report.notice_issued_at else document_day()),
        "issuer": meeting.organization.name,
    }


def meeting_notice(report: SituationReport) -> OfficialDocument:
    notice = notice_blocks(report)
    blocks = [Paragraph(f"{notice['addressee']}：", indent=False), Paragraph(notice["opening"])]
    for heading, lines in notice["sections"]:
        blocks.append(Heading(heading))
        blocks += [Paragraph(line) for line in lines]
    blocks.append(Paragraph(notice["closing"]))
    return OfficialDocument(title=notice["title"], blocks=blocks, signature=[notice["issuer"], notice["day"]])


register(DocumentType(kind="meeting_notice", label="通报", build=meeting_notice, get_for_user=get_notice_for_user))
