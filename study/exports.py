"""The study record as an Excel workbook: sessions, attendance, and each member's totals.

A registered Spreadsheet (documents.registry kind `study_records_xlsx`), so that the
archive writes it as it writes every table: steadied, the same rows the same bytes.
"""

import hashlib
import json

from documents.content import Spreadsheet
from documents.registry import DocumentType, register
from documents.render import spreadsheet_xlsx
from meetings.models import Meeting

from .access import get_study_meeting_for_user
from .selectors import participant_people, sessions_for, study_statistics

SESSION_HEADERS = [
    "序号", "日期", "时间", "学习形式", "学习主题", "时长（小时）", "地点", "学习材料",
    "应到", "实到", "缺席人员及原因", "交流发言", "学习研讨情况", "记录人",
]
ATTENDANCE_HEADERS = [
    "日期", "学习形式", "学习主题", "姓名", "出勤", "缺席原因", "已补学", "交流发言题目",
]
MEMBER_HEADERS = [
    "姓名", "应参加集中学习（次）", "实参加（次）", "出勤率", "个人自学（次）",
    "个人自学（小时）", "学习时长合计（小时）", "交流发言（次）",
]
WIDTHS = {
    "学习研讨记录": [6, 12, 8, 14, 36, 10, 18, 48, 6, 6, 28, 40, 48, 10],
    "出勤情况": [12, 14, 36, 10, 8, 24, 8, 36],
    "个人学习统计": [10, 14, 12, 10, 12, 14, 16, 12],
}


def _recorder(session) -> str:
    user = session.recorded_by
    if user is None:
        return ""
    person = getattr(user, "person", None)
    return person.name if person else user.username


XLSX_KIND = "study_records_xlsx"


def study_spreadsheet(meeting: Meeting) -> Spreadsheet:
    """The rows are read here (a meeting's study is tens of rows, not thousands), so that
    the version names exactly what the workbook says."""
    sessions = list(sessions_for(meeting).select_related("recorded_by__person"))
    stats = study_statistics(meeting, sessions=sessions, participants=participant_people(meeting))

    def session_rows():
        for number, s in enumerate(sessions, start=1):
            absent = "、".join(
                f"{row.person.name}（{row.absence_reason}）" for row in s.absentees
            )
            speeches = "；".join(f"{row.person.name}：{row.speech_topic}" for row in s.speakers)
            yield [
                number, s.held_on, s.start_time.strftime("%H:%M") if s.start_time else "",
                s.get_form_display(), s.topic, s.hours, s.location,
                "；".join(m.title for m in s.materials.all()),
                s.expected_count, s.present_count, absent, speeches, s.summary, _recorder(s),
            ]

    def attendance_rows():
        for s in sessions:
            for row in s.attendances.all():
                yield [
                    s.held_on, s.get_form_display(), s.topic, row.person.name,
                    "出席" if row.present else "缺席", row.absence_reason,
                    "是" if row.made_up else "", row.speech_topic,
                ]

    def member_rows():
        for m in stats.members:
            yield [
                m.person.name, m.expected, m.attended, m.attendance_rate, m.self_study_count,
                m.self_study_hours, m.hours, m.speeches,
            ]

    sheets = [
        ("学习研讨记录", SESSION_HEADERS, list(session_rows())),
        ("出勤情况", ATTENDANCE_HEADERS, list(attendance_rows())),
        ("个人学习统计", MEMBER_HEADERS, list(member_rows())),
    ]
    raw = json.dumps([rows for _, _, rows in sheets], ensure_ascii=False, default=str).encode("utf-8")
    return Spreadsheet(
        title=f"{meeting.title}学习研讨记录",
        sheets=lambda: sheets,
        version=hashlib.sha256(raw).hexdigest(),
        widths=WIDTHS,
    )


def study_workbook(meeting: Meeting) -> bytes:
    return spreadsheet_xlsx(study_spreadsheet(meeting))


register(DocumentType(kind=XLSX_KIND, label="学习研讨记录（Excel）", build=study_spreadsheet,
                      get_for_user=get_study_meeting_for_user, formats=("xlsx",)))
