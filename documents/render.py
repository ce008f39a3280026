"""Official documents to PDF (WeasyPrint) and Word (python-docx) in the GB/T 9704 layout.

GB/T 9704-2012: A4; type area 156 × 225 mm (margins: top 37, bottom 35, left 28, right
26 mm); title in 2号 小标宋 (22pt); body in 3号 仿宋 (16pt); 22 lines of 28 characters;
page number "— 1 —" in 4号 at the foot, odd pages on the right and even pages on the left,
一字 in from the type area's edge. The grid is set with letter-spacing and a fixed
line pitch, because WeasyPrint justifies Chinese poorly.
"""

import base64
import io
import math

from django.template.loader import render_to_string

from .content import Contents, Heading, Image, OfficialDocument, Paragraph, Part, Table
from .fonts import (
    BODY_FAMILIES,
    HEITI_FAMILIES,
    KAITI_FAMILIES,
    TITLE_FAMILIES,
    css_family,
    ensure_cjk_font,
)

PAGE_WIDTH_MM, PAGE_HEIGHT_MM = 210, 297
MARGIN_TOP_MM, MARGIN_BOTTOM_MM, MARGIN_LEFT_MM, MARGIN_RIGHT_MM = 37, 35, 28, 26
TYPE_AREA_WIDTH_MM, TYPE_AREA_HEIGHT_MM = 156, 225
CHARS_PER_LINE, LINES_PER_PAGE = 28, 22
BODY_PT, TITLE_PT, PAGE_NUMBER_PT = 16, 22, 14
# "单页码居右空一字，双页码居左空一字" (7.5): 一字 is one character of the page number's own
# size, as the Word templates of the 党政机关 set it (a 1-character indent in a 4号 footer).
PAGE_NUMBER_INSET_PT = PAGE_NUMBER_PT

MM_PER_PT = 25.4 / 72
CHAR_PITCH_MM = TYPE_AREA_WIDTH_MM / CHARS_PER_LINE  # 5.571 mm
LINE_PITCH_MM = TYPE_AREA_HEIGHT_MM / LINES_PER_PAGE  # 10.227 mm
# Slightly negative, so that 28 characters fit in 156 mm; rounded down to the next 0.001 mm,
# because a pitch a hair too wide leaves only 27 characters on the line.
LETTER_SPACING_MM = math.floor((CHAR_PITCH_MM - BODY_PT * MM_PER_PT) * 1000) / 1000


def layout_css(*, numbered: bool = True) -> str:
    """The stylesheet; `numbered=False` leaves the page numbers out (a compilation's parts,
    numbered once they are joined: documents/compile.py)."""
    return render_to_string(
        "documents/gbt9704.css",
        {
            "numbered": numbered,
            "margins": f"{MARGIN_TOP_MM}mm {MARGIN_RIGHT_MM}mm {MARGIN_BOTTOM_MM}mm {MARGIN_LEFT_MM}mm",
            "body_pt": BODY_PT,
            "title_pt": TITLE_PT,
            "page_number_pt": PAGE_NUMBER_PT,
            "page_number_inset": f"{PAGE_NUMBER_INSET_PT}pt",
            "line_pitch": f"{LINE_PITCH_MM:.3f}mm",
            "letter_spacing": f"{LETTER_SPACING_MM:.3f}mm",
            "indent": f"{2 * CHAR_PITCH_MM:.3f}mm",
            "title_font": css_family(TITLE_FAMILIES),
            "body_font": css_family(BODY_FAMILIES),
            "heiti_font": css_family(HEITI_FAMILIES),
            "kaiti_font": css_family(KAITI_FAMILIES),
        },
    )


def render_pdf(template_name: str, context: dict, *, numbered: bool = True) -> bytes:
    """Render any Django template to a PDF in the official layout."""
    from weasyprint import HTML

    ensure_cjk_font()
    html = render_to_string(template_name, {**context, "layout_css": layout_css(numbered=numbered)})
    return HTML(string=html).write_pdf()


def document_pdf(doc: OfficialDocument, *, numbered: bool = True) -> bytes:
    """The document as one PDF (a compilation too: see DOCUMENT_PARALLEL_PARTS for making
    its parts on several workers, documents/compile.py)."""
    return render_pdf("documents/official.html", {"doc": doc, "blocks": _tagged(doc.blocks)}, numbered=numbered)


def _tagged(blocks):
    return [(type(block).__name__.lower(), block) for block in blocks]


# --- Word -------------------------------------------------------------------------------
# python-docx (and the lxml schema classes it registers) is imported by the functions that
# write Word, not by this module: a process that only exports Excel or PDF (a worker
# making the 汇总表) would otherwise carry some 16 MB it never uses.


def _set_run_font(run, family: str, size_pt: float, bold: bool = False) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    run.font.name = family
    run.font.size = Pt(size_pt)
    run.font.bold = bold
    # Word picks the font for Chinese characters from w:eastAsia, not from w:ascii.
    rpr = run._element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.append(rfonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rfonts.set(qn(attr), family)


def _grid_paragraph(paragraph, *, indent: bool = True, align=None):
    """`align`: justified unless told (None, so that the default names no docx enum)."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
    from docx.shared import Mm, Pt

    fmt = paragraph.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Mm(LINE_PITCH_MM)
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    fmt.first_line_indent = Pt(BODY_PT * 2) if indent else None
    paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY if align is None else align


def _add_page_number_footers(word, section) -> None:
    """Odd pages' number on the right, even pages' on the left, 一字 in (GB/T 9704 7.5)."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    word.settings.odd_and_even_pages_header_footer = True
    _add_page_number(section.footer.paragraphs[0], WD_ALIGN_PARAGRAPH.RIGHT)
    _add_page_number(section.even_page_footer.paragraphs[0], WD_ALIGN_PARAGRAPH.LEFT)


def _add_page_number(paragraph, align) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    paragraph.alignment = align
    inset = Pt(PAGE_NUMBER_INSET_PT)
    if align == WD_ALIGN_PARAGRAPH.RIGHT:
        paragraph.paragraph_format.right_indent = inset
    else:
        paragraph.paragraph_format.left_indent = inset
    run = paragraph.add_run("— ")
    _set_run_font(run, "宋体", PAGE_NUMBER_PT)
    field_run = paragraph.add_run()
    _set_run_font(field_run, "宋体", PAGE_NUMBER_PT)
    for tag, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if tag:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), tag)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        field_run._element.append(element)
    tail = paragraph.add_run(" —")
    _set_run_font(tail, "宋体", PAGE_NUMBER_PT)


def _docx_contents(word, block: Contents, body_font: str) -> None:
    """The titles only: Word numbers pages when the file is opened, not when it is made."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    heading = word.add_paragraph()
    _grid_paragraph(heading, indent=False, align=WD_ALIGN_PARAGRAPH.CENTER)
    _set_run_font(heading.add_run(block.title), HEITI_FAMILIES[0], BODY_PT)
    for number, (title, _anchor) in enumerate(block.entries, start=1):
        p = word.add_paragraph()
        _grid_paragraph(p, indent=False)
        _set_run_font(p.add_run(f"{number}. {title}"), body_font, BODY_PT)


def document_docx(doc: OfficialDocument) -> bytes:
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    word = Document()
    section = word.sections[0]
    section.page_width, section.page_height = Mm(PAGE_WIDTH_MM), Mm(PAGE_HEIGHT_MM)
    section.top_margin, section.bottom_margin = Mm(MARGIN_TOP_MM), Mm(MARGIN_BOTTOM_MM)
    section.left_margin, section.right_margin = Mm(MARGIN_LEFT_MM), Mm(MARGIN_RIGHT_MM)
    section.footer_distance = Mm(20)
    if doc.landscape:  # the same margins, turned with the page
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(PAGE_HEIGHT_MM), Mm(PAGE_WIDTH_MM)
    _add_page_number_footers(word, section)

    body_font, title_font = BODY_FAMILIES[0], TITLE_FAMILIES[0]
    title = word.add_paragraph()
    _grid_paragraph(title, indent=False, align=WD_ALIGN_PARAGRAPH.CENTER)
    title.paragraph_format.line_spacing = Pt(TITLE_PT * 1.5)
    _set_run_font(title.add_run(doc.title), title_font, TITLE_PT)
    if doc.subtitle:
        sub = word.add_paragraph()
        _grid_paragraph(sub, indent=False, align=WD_ALIGN_PARAGRAPH.CENTER)
        _set_run_font(sub.add_run(doc.subtitle), KAITI_FAMILIES[0], BODY_PT)
    word.add_paragraph()  # one blank line between title and body, as in the standard

    for block in doc.blocks:
        if isinstance(block, Heading):
            p = word.add_paragraph()
            _grid_paragraph(p)
            family = {1: HEITI_FAMILIES[0], 2: KAITI_FAMILIES[0]}.get(block.level, body_font)
            _set_run_font(p.add_run(block.text), family, BODY_PT, bold=block.level >= 3)
        elif isinstance(block, Paragraph):
            p = word.add_paragraph()
            _grid_paragraph(p, indent=block.indent)
            _set_run_font(p.add_run(block.text), body_font, BODY_PT)
        elif isinstance(block, Contents):
            _docx_contents(word, block, body_font)
        elif isinstance(block, Part):
            word.add_page_break()
            p = word.add_paragraph()
            _grid_paragraph(p, indent=False, align=WD_ALIGN_PARAGRAPH.CENTER)
            p.paragraph_format.line_spacing = Pt(TITLE_PT * 1.5)
            _set_run_font(p.add_run(block.title), title_font, TITLE_PT)
            word.add_paragraph()
        elif isinstance(block, Image):
            p = word.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            p.add_run().add_picture(io.BytesIO(base64.b64decode(block.png_base64)), width=Mm(block.width_mm))
            if block.caption:
                caption = word.add_paragraph()
                _grid_paragraph(caption, indent=False, align=WD_ALIGN_PARAGRAPH.CENTER)
                _set_run_font(caption.add_run(block.caption), body_font, BODY_PT)
        elif isinstance(block, Table):
            table = word.add_table(rows=1, cols=len(block.headers))
            table.style = "Table Grid"
            table.alignment = WD_TABLE_ALIGNMENT.CENTER
            for cell, text in zip(table.rows[0].cells, block.headers):
                _set_run_font(cell.paragraphs[0].add_run(text), HEITI_FAMILIES[0], 12)
            for row in block.rows:
                cells = table.add_row().cells
                for cell, text in zip(cells, row):
                    _set_run_font(cell.paragraphs[0].add_run(str(text)), body_font, 12)

    if doc.signature:
        word.add_paragraph()
        for line in doc.signature:
            p = word.add_paragraph()
            _grid_paragraph(p, indent=False, align=WD_ALIGN_PARAGRAPH.RIGHT)
            _set_run_font(p.add_run(line), body_font, BODY_PT)

    buffer = io.BytesIO()
    word.save(buffer)
    return buffer.getvalue()


def spreadsheet_xlsx(sheet) -> bytes:
    from .xlsx import workbook_bytes

    return workbook_bytes(sheet.sheets(), widths=sheet.widths)


RENDERERS = {"pdf": document_pdf, "docx": document_docx, "xlsx": spreadsheet_xlsx}
