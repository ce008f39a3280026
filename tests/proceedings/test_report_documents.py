"""Documents 召开情况报告 and 通报: PDF in the GB/T 9704 layout and Word, their text from
the report (as sent once sent), the sections in order, the figures of the minutes."""

import io
import re
import shutil
import subprocess

import pytest
from docx import Document

from documents.render import document_docx, document_pdf
from proceedings import report as service
from proceedings.report_documents import meeting_notice, situation_report

from .report_helpers import LEAVE_REASON, draft, held_meeting, send, sent, prepared, sitting  # noqa: F401

needs_poppler = pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils missing")

REPORT_HEADINGS = ["一、会前准备情况", "二、会议召开情况", "三、开展批评和自我批评情况", "四、上级到会指导点评情况",
                   "五、查摆的主要问题", "六、下一步工作打算"]
NOTICE_HEADINGS = ["一、会议召开情况", "二、查摆问题情况", "三、下一步整改工作"]


def _pdf_text(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "r.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return re.sub(r"\s", "", out)


def _word_text(docx: bytes) -> str:
    return re.sub(r"\s", "", "\n".join(p.text for p in Document(io.BytesIO(docx)).paragraphs))


def _in_order(text, parts):
    positions = [text.find(p) for p in parts]
    return all(p >= 0 for p in positions) and positions == sorted(positions)


def test_the_report_is_titled_addressed_and_signed(sent):
    doc = situation_report(sent)
    assert doc.title == "中共测试县人民政府办公室党组关于召开2026年度民主生活会情况的报告"
    assert doc.blocks[0].text == "县委组织部："
    assert doc.blocks[-1].text == "特此报告。"
    assert doc.signature[0] == "中共测试县人民政府办公室党组"


def test_the_report_prints_the_text_as_sent_not_a_later_draft(cast, draft):
    section = draft.sections.get(key="opening")
    service.report_section_save(report=draft, key="opening", text="报送时的导语。", version=section.version, actor=cast.office)
    send(cast, draft)
    draft.sections.filter(key="opening").update(text="报送后改动的文字")
    texts = [b.text for b in situation_report(draft).blocks]
    assert "报送时的导语。" in texts and "报送后改动的文字" not in texts


@needs_poppler
def test_the_report_pdf_and_word_carry_the_sections_in_order_and_the_figures(sent, tmp_path):
    doc = situation_report(sent)
    for text in (_pdf_text(document_pdf(doc), tmp_path), _word_text(document_docx(doc))):
        assert "中共测试县人民政府办公室党组关于召开2026年度民主生活会情况的报告" in text
        assert _in_order(text, ["县委组织部：", *REPORT_HEADINGS, "特此报告。"])
        assert f"会议应到7人，实到6人，请假1人（李委员同志因{LEAVE_REASON}请假）" in text
        assert "相互提出批评意见36条" in text
        assert "共征求到2个方面意见建议3条" in text and "应谈21对、已谈4对" in text  # the preparation figures


@needs_poppler
def test_the_notice_pdf_and_word_retell_the_meeting_without_the_personal_counts(cast, sent, tmp_path):
    service.notice_issue(report=sent, scope="各党支部、机关全体党员", actor=cast.office)
    doc = meeting_notice(sent)
    assert doc.title == "关于县政府办党组召开2026年度民主生活会情况的通报"
    for text in (_pdf_text(document_pdf(doc), tmp_path), _word_text(document_docx(doc))):
        assert _in_order(text, ["各党支部、机关全体党员：", *NOTICE_HEADINGS, "请各党组织和全体党员"])
        assert "会议应到7人，实到6人" in text
        assert "收到批评意见" not in text  # who criticised whom stays in the report to the upper level


def test_the_print_buttons_make_the_files(cast, login, sent, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client = login(cast.office)
    for kind in ("situation_report", "meeting_notice"):
        response = client.post(f"/documents/new/{kind}/pdf/{sent.pk}/")
        assert response.status_code == 302, kind
