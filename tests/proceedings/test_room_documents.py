"""会议议程 (with the rotation), 主持词 and 会议记录: the text of the PDF and of the Word file."""

import io
import re
import shutil
import subprocess
from datetime import date, timedelta

import pytest
from django.utils import timezone
from docx import Document
from docx.oxml.ns import qn

from documents.render import document_docx, document_pdf
from meetings.access import meeting_access
from meetings.models import WorkPlan
from proceedings.documents_room import chair_script, meeting_agenda, sitting_minutes
from proceedings.minutes import (
    attendance_add,
    attendance_update,
    comment_save,
    criticism_add,
    explanation_save,
    sitting_hold,
    slot_record,
)
from proceedings.models import AttendanceStatus, ExplanationTopic, Sitting, SlotKind
from proceedings.rotation import slots_generate

needs_poppler = pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils missing")


def _pdf_text(doc, tmp_path) -> str:
    path = tmp_path / "d.pdf"
    path.write_bytes(document_pdf(doc))
    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return re.sub(r"—\d+—", "", re.sub(r"\s", "", out))  # the page numbers fall inside sentences


def _word_text(doc) -> str:
    word = Document(io.BytesIO(document_docx(doc)))  # paragraphs and tables in the body's order
    return re.sub(r"\s", "", "".join(t.text or "" for t in word.element.body.iter(qn("w:t"))))


def _in_order(text, parts):
    at = -1
    for part in parts:
        found = text.find(part, at + 1)
        assert found > at, f"{part} not after position {at}"
        at = found


@pytest.fixture
def recorded(cast, sitting):
    """The sitting of a team of seven: 王委员 on leave, read by 李委员; one self-criticism timed,
    two criticisms, a 说明 and the supervisor's 点评; held on 28 December."""
    WorkPlan.objects.filter(meeting=sitting.meeting).update(place="县政府第一会议室", guiding_leaders="县委第一督导组",
                                                            speech_minutes=12, criticism_minutes=4)
    Sitting.objects.filter(pk=sitting.pk).update(place="县政府第一会议室")
    sitting.refresh_from_db()
    slots_generate(sitting=sitting)  # the plan's limits changed before anything was recorded
    wang = sitting.attendance.get(person__name="王委员")
    li = sitting.attendance.get(person__name="李委员").person
    attendance_update(attendance=wang, status=AttendanceStatus.LEAVE, reason="因公出差", read_by=li)
    attendance_add(sitting=sitting, name="县委第一督导组", status=AttendanceStatus.GUIDING)
    own = sitting.slots.get(kind=SlotKind.SELF, subject__name="张书记")
    start = timezone.make_aware(timezone.datetime(2026, 12, 28, 9, 0))
    slot_record(slot=own, version=own.version, notes="张书记对照五个方面作自我批评。", started_at=start,
                ended_at=start + timedelta(minutes=12))
    slot = sitting.slots.get(kind=SlotKind.CRITICISM, subject__name="张书记", speaker__name="李委员")
    criticism_add(slot=slot, text="深入基层调研不够。", actor=cast.office)
    criticism_add(slot=slot, text="对分管部门督促不够。", actor=cast.office)
    explanation_save(sitting=sitting, person=li, topic=ExplanationTopic.PERSONAL_MATTERS, text="个人有关事项已如实报告。",
                     version=0, actor=cast.office)
    comment_save(sitting=sitting, access=meeting_access(cast.supervisor, sitting.meeting), actor=cast.supervisor,
                 text="会议准备充分，批评开门见山。")
    sitting_hold(sitting=sitting, actor=cast.office, access=meeting_access(cast.office, sitting.meeting),
                 on_date=date(2026, 12, 28))
    sitting.refresh_from_db()
    return sitting


@needs_poppler
def test_the_agenda_lists_the_items_in_order_and_the_whole_rotation(recorded, tmp_path):
    doc = meeting_agenda(recorded.meeting)
    assert doc.title == "2026年度县政府办党组民主生活会会议议程"
    for text in (_pdf_text(doc, tmp_path), _word_text(doc)):
        _in_order(text, ["一、会议时间", "2026年12月28日", "二、会议地点", "县政府第一会议室", "三、参加人员",
                         "张书记、李委员、王委员", "四、会议议程", "第一项议程", "对上年度民主生活会整改落实情况",
                         "第二项议程：由张书记同志代表领导班子进行对照检查", "第三项议程", "1.张书记同志开展自我批评，其他同志对张书记同志开展批评",
                         "王委员同志请假（因公出差），其书面对照检查材料由李委员同志代为宣读",
                         "个人发言一般在12分钟左右，对发言人开展批评一般在4分钟左右", "第四项议程", "到会指导的领导讲话（县委第一督导组）",
                         "第五项议程", "五、批评和自我批评发言顺序"])
        assert "对张书记提出批评（请假）" in text  # 王委员's criticism slot: shown, marked 请假
        assert "书面材料由李委员代" in text  # the table cell wraps in the PDF


@needs_poppler
def test_the_chair_script_walks_the_agenda_item_by_item(recorded, tmp_path):
    doc = chair_script(recorded.meeting)
    assert doc.title == "2026年度县政府办党组民主生活会主持词"
    for text in (_pdf_text(doc, tmp_path), _word_text(doc)):
        _in_order(text, ["主持词", "（2026年12月28日）", "同志们：", "今天，我们召开2026年度县政府办党组民主生活会", "王委员同志因公出差请假",
                         "本次会议共有五项议程", "下面进行第一项议程", "下面进行第二项议程", "下面进行第三项议程",
                         "首先，我带头开展自我批评", "请李委员同志开展自我批评",
                         "请李委员同志代为宣读其书面对照检查材料", "下面进行第四项议程", "请县委第一督导组讲话",
                         "下面进行第五项议程", "会议到此结束"])


@needs_poppler
def test_the_minutes_hold_the_facts_and_the_content_in_the_agendas_order(recorded, tmp_path):
    doc = sitting_minutes(recorded)
    assert doc.title == "2026年度县政府办党组民主生活会会议记录"
    for text in (_pdf_text(doc, tmp_path), _word_text(doc)):
        _in_order(text, ["会议名称", "会议时间", "2026年12月28日", "会议地点", "县政府第一会议室", "主持人", "张书记",
                         "记录人", "王办公", "应到7人，实到6人", "请假人员", "王委员（因公出差）", "到会指导",
                         "县委第一督导组", "一、对上年度民主生活会", "三、书记带头开展自我批评",
                         "（一）张书记同志", "张书记同志作自我批评（09:00—09:12）", "张书记对照五个方面作自我批评",
                         "李委员同志对张书记同志提出批评", "1.深入基层调研不够", "2.对分管部门督促不够",
                         "王委员同志请假，未对张书记同志提出批评", "（三）王委员同志",
                         "王委员同志请假，其书面对照检查材料由李委员同志代为宣读", "四、到会指导的领导讲话",
                         "赵督导点评：会议准备充分，批评开门见山", "五、书记代表领导班子作总结发言", "六、情况说明",
                         "李委员同志对个人有关事项的说明：个人有关事项已如实报告"])


def test_the_agenda_and_script_follow_the_offices_order_of_items(cast, sitting):
    from proceedings.agenda import agenda_item_move

    first = sitting.meeting.agenda_items.order_by("order").first()
    agenda_item_move(item=first, step=1)
    doc = chair_script(sitting.meeting)
    leads = [b.text for b in doc.blocks if getattr(b, "text", "").startswith("下面进行第一项议程")]
    assert leads and "书记代表领导班子进行对照检查" in leads[0]


def test_above_nine_members_the_agenda_names_each_members_assigned_critics(cast, ready_meeting, team7):
    from organizations.models import TeamMembership
    from proceedings.rotation import critics_assign, rotation_members

    from ..factories import PersonFactory, UserFactory

    for rank, name in enumerate(["周委员", "吴委员", "郑委员"], start=20):
        person = PersonFactory(user=UserFactory(username=f"x{rank}"), name=name, organization=cast.gov)
        TeamMembership.objects.create(organization=cast.gov, person=person, position="member", rank=rank)
    members = rotation_members(ready_meeting)
    for i, receiver in enumerate(members):
        critics_assign(meeting=ready_meeting, receiver=receiver, givers=[members[(i + 1) % 10], members[(i + 2) % 10]])
    from proceedings.agenda import agenda_from_plan

    agenda_from_plan(meeting=ready_meeting)
    text = _word_text(meeting_agenda(ready_meeting))
    assert "1.张书记同志开展自我批评，李委员、王委员同志对张书记同志开展批评。" in text
    assert "对张书记提出批评" in text and text.count("提出批评") == 20


def test_the_agenda_and_the_script_give_the_plans_time_before_the_meeting_is_held(cast, sitting):
    from datetime import datetime

    WorkPlan.objects.filter(meeting=sitting.meeting).update(
        starts_at=timezone.make_aware(datetime(2026, 12, 30, 9, 0)))
    assert "2026年12月30日09:00" in _word_text(meeting_agenda(sitting.meeting))
    assert chair_script(sitting.meeting).subtitle == "（2026年12月30日09:00）"
