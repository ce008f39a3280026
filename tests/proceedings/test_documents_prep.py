"""准备工作情况报告 and 召开申请 as PDF (GB/T 9704) and Word: title, sections in the seeds'
order, the figures from the data."""

import io
import shutil
import subprocess

import pytest
from docx import Document

from documents.render import document_docx, document_pdf
from proceedings.convening import application_initial, application_save
from proceedings.documents_prep import convening_application_document, preparation_report_document
from proceedings.preparation import report_compile, report_update

from .prep_fixtures import prepared  # noqa: F401

needs_poppler = pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils missing")


def _pdf_text(doc, tmp_path, name) -> str:
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(document_pdf(doc))
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return "".join(out.split())


def _word_text(doc) -> str:
    return "\n".join(p.text for p in Document(io.BytesIO(document_docx(doc))).paragraphs)


@needs_poppler
def test_the_preparation_report_prints_the_edited_text_in_the_seed_order(cast, prepared, tmp_path):
    report = report_compile(meeting=prepared, actor=cast.office)
    report_update(report=report, version=report.version, actor=cast.office,
                  texts={"closing": "截止目前，各项准备工作已就绪，现已具备开会条件，恳请批准。"})
    doc = preparation_report_document(prepared)
    headings = ["一、深入学习研讨，打牢思想基础", "二、广泛征求意见，找准突出问题", "三、深入谈心谈话，形成思想共识",
                "四、认真撰写材料，深刻检视剖析"]
    for text in (_pdf_text(doc, tmp_path, "report"), _word_text(doc).replace("\n", "")):
        assert "县政府办党组2026年度民主生活会准备工作情况报告" in text
        positions = [text.index(h) for h in headings]
        assert positions == sorted(positions)
        assert "共开展学习研讨4次" in text
        assert "共征求到2个方面意见建议3条" in text
        assert "书记与班子成员必谈应谈6对、已开展3对、双方确认3对" in text
        assert "经上级审核通过5份" in text
        assert "恳请批准" in text
        assert "中共测试县人民政府办公室党组" in text  # 落款


def test_before_any_draft_the_report_document_is_compiled_from_the_records(prepared):
    doc = preparation_report_document(prepared)
    assert doc.title == "县政府办党组2026年度民主生活会准备工作情况报告"
    assert any("共开展学习研讨4次" in getattr(b, "text", "") for b in doc.blocks)


@needs_poppler
def test_the_application_prints_time_place_attendees_and_the_agenda_item_by_item(cast, prepared, tmp_path):
    initial = application_initial(prepared)
    application_save(meeting=prepared, version=None, actor=cast.office, proposed_at=initial["proposed_at"],
                     place=initial["place"], attendees=initial["attendees"], agenda=initial["agenda"], lead_days=10)
    doc = convening_application_document(prepared)
    for text in (_pdf_text(doc, tmp_path, "application"), _word_text(doc).replace("\n", "")):
        assert "关于召开县政府办党组2026年度民主生活会的申请" in text
        assert "中共测试县委员会组织部：" in text
        sections = ["一、会议时间", "二、会议地点", "三、参加人员", "四、会议议程"]
        positions = [text.index(h) for h in sections]
        assert positions == sorted(positions)
        assert "拟定于2026年12月30日09:00召开。" in text
        assert "县政府办四楼会议室" in text
        assert "出席：张书记、李委员" in text
        assert "第一项议程：对上年度民主生活会整改落实情况和本次征求意见建议情况进行通报。" in text
        assert "妥否，请批示。" in text


@pytest.mark.parametrize("kind", ["preparation_report", "convening_application"])
def test_the_documents_are_fetched_by_the_office_and_the_upper_level_and_refused_to_members(cast, prepared, kind):
    from django.http import Http404

    from documents.registry import get_type

    from meetings.access import meeting_access
    from meetings.workflow import meeting_transition

    doc_type = get_type(kind)
    assert doc_type.get_for_user(cast.office, prepared.pk) == prepared
    with pytest.raises(Http404):  # the upper level reads it once sent, not the office's draft
        doc_type.get_for_user(cast.supervisor, prepared.pk)
    meeting_transition(meeting=prepared, name="request_convening", actor=cast.office,
                       access=meeting_access(cast.office, prepared), check_readiness=False)
    assert doc_type.get_for_user(cast.supervisor, prepared.pk) == prepared
    for user in (cast.member, cast.outsider):
        with pytest.raises(Http404):
            doc_type.get_for_user(user, prepared.pk)


def test_the_decision_page_shows_the_upper_level_what_was_sent_never_the_working_draft(cast, prepared, login):
    from django.urls import reverse

    from meetings.access import meeting_access
    from meetings.workflow import meeting_transition

    report = report_compile(meeting=prepared, actor=cast.office)
    first = report.sections[0]["text"]
    url = reverse("proceedings:convening", args=[prepared.pk])
    page = login(cast.supervisor).get(url).content.decode()
    assert "办公室尚未报送准备工作情况报告" in page and "办公室尚未报送召开申请" in page
    meeting_transition(meeting=prepared, name="request_convening", actor=cast.office,
                       access=meeting_access(cast.office, prepared), check_readiness=False)
    page = login(cast.supervisor).get(url).content.decode()
    assert "办公室尚未报送准备工作情况报告" not in page
    assert first[:20] in page
