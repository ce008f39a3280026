"""Documents that `meetings` prints."""

from django.utils import timezone

from documents.content import Heading, OfficialDocument, Paragraph, Table
from documents.dating import document_day
from documents.registry import DocumentType, register

from .access import get_meeting_for_user
from .dates import day_text, meeting_date_text
from .models import Meeting

CN_NUMBERS = "一二三四五六七八九十"


def meeting_summary(meeting: Meeting) -> OfficialDocument:
    """会议概况表: title, organisation, kind, theme, aspects, stage, milestones."""
    aspects = list(meeting.aspects.all())
    milestones = list(meeting.milestones.all())
    kind = meeting.get_kind_display()
    blocks = [
        Heading("一、基本情况"),
        Table(
            headers=["项目", "内容"],
            rows=[
                ["会议名称", meeting.title],
                ["组织", meeting.organization.name],
                ["会议类型", f"{meeting.year}年度{'专题' if meeting.is_special else ''}{kind}"],
                ["当前阶段", meeting.get_stage_display()],
                ["会议时间", meeting_date_text(meeting)],
            ],
            widths=[22, 78],
        ),
        Heading("二、会议主题"),
        Paragraph(meeting.theme or "（未填写）"),
        Heading("三、对照检查的方面"),
    ]
    if aspects:
        for index, aspect in enumerate(aspects):
            number = CN_NUMBERS[index] if index < len(CN_NUMBERS) else str(index + 1)
            blocks.append(Paragraph(f"{number}是{aspect.title}。"))
    else:
        blocks.append(Paragraph("（尚未确定）"))
    blocks += [
        Heading("四、时间节点"),
        Table(
            headers=["节点", "截止日期", "完成情况"],
            rows=[[m.get_kind_display(), day_text(m.due_date), m.status_label()] for m in milestones],
            widths=[34, 33, 33],
        ),
    ]
    return OfficialDocument(
        title=f"{meeting.title}概况",
        blocks=blocks,
        signature=[meeting.organization.name, day_text(document_day())],
    )


register(
    DocumentType(
        kind="meeting_summary",
        label="会议概况表",
        build=meeting_summary,
        get_for_user=lambda user, pk: get_meeting_for_user(user, pk)[0],
    )
)


def plan_signed_on(meeting: Meeting):
    """The day the plan is signed: the day the upper body approved it, once the last
    submission is approved (the plan is frozen then), else the day it is printed."""
    from .models import PlanSubmission, SubmissionStatus

    last = PlanSubmission.objects.filter(plan__meeting=meeting).order_by("-number").only("status", "reviewed_at").first()
    if last is not None and last.status == SubmissionStatus.APPROVED and last.reviewed_at:
        return timezone.localdate(last.reviewed_at)
    return document_day()


def work_plan(meeting: Meeting) -> OfficialDocument:
    """工作方案, laid out like seed 000: 一、会议时间 … 五、职责分工."""
    from .models import WorkPlan
    from .plans import plan_content

    content = plan_content(WorkPlan.objects.get(meeting=meeting))
    blocks = [Paragraph(content["basis"])] if content["basis"] else []
    for title, lines in content["sections"]:
        blocks.append(Heading(title))
        for line in lines:
            # （一）… are second-level headings; "1.xxx（完成时间：…）" third-level, as in the seed.
            if line.startswith("（") and line[1:2] in CN_NUMBERS and line[2:3] == "）":
                blocks.append(Heading(line, level=2))
            elif line[:1].isdigit() and line[1:2] == "." and title.startswith("四"):
                blocks.append(Heading(line, level=3))
            else:
                blocks.append(Paragraph(line))
    return OfficialDocument(
        title=content["title"],
        blocks=blocks,
        signature=[meeting.organization.name, day_text(plan_signed_on(meeting))],
    )


register(
    DocumentType(
        kind="work_plan",
        label="工作方案",
        build=work_plan,
        get_for_user=lambda user, pk: get_meeting_for_user(user, pk)[0],
    )
)
