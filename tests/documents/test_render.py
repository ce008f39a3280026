"""The official layout, measured on real PDFs (poppler's pdfinfo / pdftotext / pdffonts)."""

import io
import shutil
import subprocess

import pytest
from docx import Document

from documents.content import Heading, OfficialDocument, Paragraph, Table
from documents.render import document_docx, document_pdf

needs_poppler = pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils missing")

LINE = "党员领导干部要自觉把自己摆进去把职责摆进去把工作摆进去切实做到"  # 30 characters


def _pdf(tmp_path, doc):
    path = tmp_path / "doc.pdf"
    path.write_bytes(document_pdf(doc))
    return path


def _run(*args):
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout


@needs_poppler
def test_the_page_is_a4_and_embeds_a_cjk_font(tmp_path):
    path = _pdf(tmp_path, OfficialDocument(title="测试文件", blocks=[Paragraph("正文。")]))
    assert "595.276 x 841.89 pts (A4)" in _run("pdfinfo", str(path))
    assert "CJK" in _run("pdffonts", str(path))


@needs_poppler
def test_a_body_line_holds_exactly_28_characters(tmp_path):
    text = (LINE * 2)[:56]
    path = _pdf(tmp_path, OfficialDocument(title="版心测试", blocks=[Paragraph(text, indent=False)]))
    lines = [l.strip() for l in _run("pdftotext", "-layout", str(path), "-").splitlines() if l.strip()]
    body = [l.replace(" ", "") for l in lines if l.replace(" ", "") in text]
    assert body == [text[:28], text[28:]]


@needs_poppler
def test_the_page_number_sits_at_the_foot_between_dashes(tmp_path):
    blocks = [Paragraph("第{}段。".format(i)) for i in range(40)]
    path = _pdf(tmp_path, OfficialDocument(title="页码测试", blocks=blocks))
    pages = _run("pdftotext", "-layout", str(path), "-").split("\f")
    assert "—1—" in pages[0].replace(" ", "")
    assert "—2—" in pages[1].replace(" ", "")


def test_the_word_file_has_the_same_content_and_the_official_margins():
    doc = OfficialDocument(
        title="会议概况",
        blocks=[Heading("一、基本情况"), Paragraph("正文内容。"), Table(["项目", "内容"], [["组织", "某党组"]])],
        signature=["某党组", "2026年11月21日"],
    )
    word = Document(io.BytesIO(document_docx(doc)))
    texts = [p.text for p in word.paragraphs]
    assert "会议概况" in texts and "一、基本情况" in texts and "正文内容。" in texts
    assert word.tables[0].cell(1, 1).text == "某党组"
    section = word.sections[0]
    assert (round(section.top_margin.mm), round(section.bottom_margin.mm)) == (37, 35)
    assert (round(section.left_margin.mm), round(section.right_margin.mm)) == (28, 26)
    assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297
    # Chinese runs name their font in w:eastAsia, or Word falls back to a Latin face.
    body_run = next(p for p in word.paragraphs if p.text == "正文内容。").runs[0]
    assert body_run._element.rPr.rFonts.get(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia"
    ) == "仿宋_GB2312"


def test_the_same_content_gives_the_same_fingerprint_and_a_change_another():
    a = OfficialDocument(title="甲", blocks=[Paragraph("一")])
    assert a.fingerprint() == OfficialDocument(title="甲", blocks=[Paragraph("一")]).fingerprint()
    assert a.fingerprint() != OfficialDocument(title="甲", blocks=[Paragraph("二")]).fingerprint()


@needs_poppler
def test_a_full_page_holds_exactly_22_body_lines(tmp_path):
    blocks = [Paragraph(f"第{i}段。") for i in range(60)]
    path = _pdf(tmp_path, OfficialDocument(title="行数测试", blocks=blocks))
    second_page = _run("pdftotext", "-layout", str(path), "-").split("\f")[1]
    assert sum(1 for line in second_page.splitlines() if "段。" in line) == 22
