"""The 谈心谈话记录表 of a talk, and all of one person's records in one document."""

import io
import shutil
import subprocess

import pytest
from docx import Document

from documents.content import Heading, Paragraph, Table
from documents.render import document_docx, document_pdf
from talks.documents import cn_number, person_records, talk_record
from talks.models import TalkParticipant, TalkState

from .conftest import CONTENT, make_talk, person

needs_poppler = pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils missing")


def _texts(doc):
    out = []
    for block in doc.blocks:
        if isinstance(block, (Heading, Paragraph)):
            out.append(block.text)
        elif isinstance(block, Table):
            out += [" ".join(row) for row in block.rows]
    return out


@pytest.mark.parametrize(
    "n, text", [(1, "一"), (9, "九"), (10, "十"), (11, "十一"), (20, "二十"), (39, "三十九")]
)
def test_chinese_numbers_for_any_number_of_talks(n, text):
    assert cn_number(n) == text


def test_the_record_form_has_the_facts_and_the_four_headings(cast, talks_meeting):
    talk = make_talk(
        talks_meeting, person(cast.member), person(cast.secretary), criticism="放手不够。"
    )
    doc = talk_record(talk)
    texts = _texts(doc)
    assert doc.title == "谈心谈话记录表"
    assert doc.subtitle == talks_meeting.title
    assert "谈话时间 2026年3月2日" in texts
    assert "发起人 李委员" in texts
    assert [t for t in texts if t[1:2] == "、"] == [
        "一、班子集体的问题",
        "二、自身的问题及整改的打算",
        "三、对方的不足和改进的建议",
        "四、拟在会上开展批评的问题",
    ]
    assert CONTENT["own_problems"] in texts
    assert "1. 李委员对张书记：放手不够。" in texts
    assert "记录状态 已确认" in texts
    assert doc.signature[0] == cast.gov.name


@needs_poppler
def test_the_record_form_prints_as_pdf_and_word(cast, talks_meeting, tmp_path):
    talk = make_talk(talks_meeting, person(cast.member), person(cast.secretary))
    path = tmp_path / "record.pdf"
    path.write_bytes(document_pdf(talk_record(talk)))
    text = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "谈心谈话记录表" in text.replace(" ", "")
    assert "三、对方的不足和改进的建议" in text.replace(" ", "")
    word = Document(io.BytesIO(document_docx(talk_record(talk))))
    assert any("班子集体的问题" in p.text for p in word.paragraphs)


def test_all_of_a_persons_records_are_one_document_with_what_is_still_missing(
    cast, third, talks_meeting
):
    me = person(cast.member)
    make_talk(talks_meeting, me, person(cast.secretary))
    make_talk(talks_meeting, me, person(third), state=TalkState.PLANNED)  # no content yet: left out
    participant = TalkParticipant.objects.create(meeting=talks_meeting, person=me)
    doc = person_records(participant)
    texts = _texts(doc)
    assert doc.title == "李委员同志谈心谈话记录"
    assert texts[0] == "一、谈话情况"
    assert "1 张书记 书记与班子成员必谈 已谈" in texts
    assert "2 王委员 班子成员之间必谈 已约谈" in texts
    assert [t for t in texts if t.startswith("二、")] == ["二、与张书记同志谈话"]
    assert "2026年3月2日，党组会议室，一对一、面对面；已确认。" in texts
    assert not [t for t in texts if t.startswith("三、")]
    assert "（一）班子集体的问题" in texts
