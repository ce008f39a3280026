"""The study record in the official layout (学习研讨记录): every group session with its
date, form, topic, materials, who attended, who was absent and why, who spoke on what,
then the self-study logs. The same sessions as the Excel export (study/exports.py), for
printing and for the archive.
"""

from django.db.models import Max
from django.utils import timezone

from documents.content import Heading, OfficialDocument, Paragraph, Table
from documents.dating import document_day
from documents.registry import DocumentType, register
from meetings.models import Meeting
from organizations.dateorder import day_text

from .access import get_study_meeting_for_user
from .models import StudySession
from .selectors import hours_text, sessions_for

KIND = "study_records"
CN_NUMBERS = "一二三四五六七八九十"


def _number(index: int) -> str:
    return CN_NUMBERS[index] if index < len(CN_NUMBERS) else str(index + 1)


def _recorder(session) -> str:
    user = session.recorded_by
    if user is None:
        return "（未记录）"
    person = getattr(user, "person", None)
    return person.name if person else user.get_username()


def _when(session) -> str:
    time = f" {session.start_time:%H:%M}" if session.start_time else ""
    return f"{day_text(session.held_on)}{time}（{hours_text(session.hours)}小时）"


def _session_table(session) -> Table:
    rows = session.attendances.all()
    present = "、".join(row.person.name for row in rows if row.present) or "无"
    absent = "；".join(
        f"{row.person.name}（{row.absence_reason or '未注明原因'}{'，已补学' if row.made_up else ''}）"
        for row in rows
        if not row.present
    )
    speeches = "；".join(f"{row.person.name}：{row.speech_topic}" for row in rows if row.spoke)
    return Table(
        headers=["项目", "内容"],
        rows=[
            ["时间", _when(session)],
            ["地点", session.location or "—"],
            ["学习形式", session.get_form_display()],
            ["学习材料", "；".join(m.title for m in session.materials.all()) or "—"],
            ["应到／实到", f"{session.expected_count}人／{session.present_count}人"],
            ["出席人员", present],
            ["缺席人员及原因", absent or "无"],
            ["交流发言", speeches or "无"],
            ["记录人", _recorder(session)],
        ],
        widths=[22, 78],
    )


def _last_change(meeting: Meeting):
    """The day the record last changed: the date it is signed, here and in the archive
    alike, so the same sessions print the same document whatever day it is asked for."""
    last = StudySession.objects.filter(meeting=meeting).aggregate(at=Max("updated_at"))["at"]
    return timezone.localdate(last) if last else document_day()


def study_document(meeting: Meeting) -> OfficialDocument:
    """学习研讨记录. Five queries, however many sessions and attendees."""
    sessions = list(sessions_for(meeting).select_related("recorded_by__person"))
    group = [s for s in sessions if not s.is_self_study]
    own = [s for s in sessions if s.is_self_study]
    group_hours = sum((s.hours for s in group), start=0)
    own_hours = sum((s.hours for s in own), start=0)
    blocks = [
        Heading("一、基本情况"),
        Paragraph(
            f"{meeting.organization.name}围绕“{meeting.theme or meeting.title}”开展学习研讨，"
            f"共组织集中学习研讨{len(group)}次、{hours_text(group_hours)}小时，"
            f"登记个人自学{len(own)}次、{hours_text(own_hours)}小时。"
        ),
        Heading("二、集中学习研讨"),
    ]
    if not group:
        blocks.append(Paragraph("（尚无记录）"))
    for index, session in enumerate(group):
        blocks.append(Heading(f"（{_number(index)}）{session.get_form_display()}：{session.topic}", level=2))
        blocks.append(_session_table(session))
        if session.summary:
            blocks.append(Heading("学习研讨情况", level=3))
            blocks += [Paragraph(line) for line in session.summary.splitlines() if line.strip()]
    blocks.append(Heading("三、个人自学"))
    if own:
        blocks.append(
            Table(
                headers=["日期", "姓名", "时长", "学习主题", "学习材料"],
                rows=[
                    [day_text(s.held_on), s.owner.name, f"{hours_text(s.hours)}小时", s.topic,
                     "；".join(m.title for m in s.materials.all()) or "—"]
                    for s in own
                ],
                widths=[24, 12, 10, 30, 24],
            )
        )
    else:
        blocks.append(Paragraph("（尚无记录）"))
    return OfficialDocument(
        title=f"{meeting.title}学习研讨记录",
        blocks=blocks,
        signature=[meeting.organization.name, day_text(_last_change(meeting))],
    )


register(
    DocumentType(
        kind=KIND,
        label="学习研讨记录",
        build=study_document,
        get_for_user=get_study_meeting_for_user,
    )
)
