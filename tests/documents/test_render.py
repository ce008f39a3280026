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


MM = 72 / 25.4
TYPE_AREA_LEFT, TYPE_AREA_RIGHT, TYPE_AREA_BOTTOM = 28 * MM, (210 - 26) * MM, (297 - 35) * MM
ONE_CHARACTER = 14  # 一字 of the 4号 page number, in points


def _page_number_boxes(path):
    """Per page, (left, right) of the words set below the type area: "— n —"."""
    from xml.etree import ElementTree

    xml = _run("pdftotext", "-bbox-layout", str(path), "-")
    ns = {"x": "http://www.w3.org/1999/xhtml"}
    boxes = []
    for page in ElementTree.fromstring(xml).iter("{http://www.w3.org/1999/xhtml}page"):
        words = [w for w in page.iterfind(".//x:word", ns) if float(w.get("yMin")) > TYPE_AREA_BOTTOM]
        boxes.append(
            (
                "".join(w.text for w in words),
                min(float(w.get("xMin")) for w in words),
                max(float(w.get("xMax")) for w in words),
            )
        )
    return boxes


@needs_poppler
def test_odd_page_numbers_sit_right_and_even_ones_left_one_character_in(tmp_path):
    blocks = [Paragraph("第{}段。".format(i)) for i in range(60)]
    boxes = _page_number_boxes(_pdf(tmp_path, OfficialDocument(title="页码测试", blocks=blocks)))
    assert [text for text, _, _ in boxes] == ["—1—", "—2—", "—3—"]
    for number, (_, left, right) in enumerate(boxes, start=1):
        if number % 2:
            assert TYPE_AREA_RIGHT - right == pytest.approx(ONE_CHARACTER, abs=1)
        else:
            assert left - TYPE_AREA_LEFT == pytest.approx(ONE_CHARACTER, abs=1)


def test_the_word_file_numbers_odd_pages_right_and_even_pages_left():
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    word = Document(io.BytesIO(document_docx(OfficialDocument(title="页码", blocks=[Paragraph("正文。")]))))
    section = word.sections[0]
    assert word.settings.odd_and_even_pages_header_footer
    odd, even = section.footer.paragraphs[0], section.even_page_footer.paragraphs[0]
    assert (odd.alignment, round(odd.paragraph_format.right_indent.pt)) == (WD_ALIGN_PARAGRAPH.RIGHT, 14)
    assert (even.alignment, round(even.paragraph_format.left_indent.pt)) == (WD_ALIGN_PARAGRAPH.LEFT, 14)
    for footer in (odd, even):
        assert footer.text == "—  —"  # the number itself is Word's PAGE field
        assert "PAGE" in footer._element.xml


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
