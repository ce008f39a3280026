"""The materials in the official layout: each version, a draft, and the meeting's
compilation of approved materials with a contents page."""

import io
import re
import shutil
import subprocess

import pytest
from docx import Document

from documents.content import Contents, Heading, Part
from documents.render import document_docx, document_pdf
from inspections.documents import compilation_document, content_blocks, version_document
from inspections.editing import answer_save, measure_add, measure_save

from .conftest import DETAILS, act, outline, routed, team_material, write

needs_poppler = pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils missing")


def _text(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "m.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return "\f".join(re.sub(r"\s", "", page) for page in out.split("\f"))  # titles wrap; compare without breaks


@pytest.fixture
def approved(cast, meeting):
    material = write(outline(meeting, cast.member), cast.member, preface="我认真对照检查。", problem=("调研不深", DETAILS))
    measure = measure_add(material=material, actor=cast.member, problem_id=material.problems.get().pk)
    measure_save(material=material, measure_id=measure.pk, version=1, content="每月蹲点调研2天", term="deadline",
                 deadline=__import__("datetime").date(2026, 12, 31), problem_id=measure.problem_id, actor=cast.member)
    routing = routed(meeting, material.author, "李委员下基层少。")
    answer_save(material=material, routing_id=routing.pk, version=0, text="已列入整改。", problem_id=None, actor=cast.member)
    act(material, cast.member, "submit")
    act(material, cast.secretary, "pass_on")
    act(material, cast.supervisor, "approve")
    return material


def test_the_outline_is_laid_out_problems_causes_measures_answers(approved):
    version = approved.versions.get()
    doc = version_document(version)
    assert doc.title == "李委员同志2026年度民主生活会个人发言提纲"
    headings = [b.text for b in doc.blocks if isinstance(b, Heading)]
    assert headings == ["一、存在的突出问题", "（一）带头加强政治建设", "1.调研不深", "二、整改措施",
                        "三、对征求意见建议的回应", "1.关于“李委员下基层少。”的意见"]
    texts = [b.text for b in doc.blocks]
    assert "1.针对“调研不深”问题，每月蹲点调研2天。（限期整改，2026年12月31日前完成）" in texts
    assert doc.signature[0] == "李委员"


@needs_poppler
def test_the_pdf_and_word_carry_the_title_and_the_text(approved, tmp_path):
    doc = version_document(approved.versions.get())
    text = _text(document_pdf(doc), tmp_path)
    assert "李委员同志2026年度民主生活会个人发言提纲" in text and "一网通办" in text
    word = Document(io.BytesIO(document_docx(doc)))
    assert any("每月蹲点调研2天" in p.text for p in word.paragraphs)


@needs_poppler
def test_the_compilation_starts_each_material_on_its_own_page_after_the_contents(cast, meeting, approved, tmp_path):
    team = write(team_material(meeting), cast.office, preface="党组班子对照检查。", problem=("学习不深", DETAILS))
    act(team, cast.office, "submit")
    act(team, cast.secretary, "pass_on")
    act(team, cast.supervisor, "approve")
    doc = compilation_document(meeting)
    assert doc.title == "县政府办党组2026年度民主生活会对照检查材料汇编"
    contents = doc.blocks[0]
    assert isinstance(contents, Contents)
    assert [entry[0] for entry in contents.entries] == [
        "县政府办党组领导班子2026年度民主生活会对照检查材料", "李委员同志2026年度民主生活会个人发言提纲"]
    assert sum(isinstance(b, Part) for b in doc.blocks) == 2
    pages = _text(document_pdf(doc), tmp_path).split("\f")
    first = pages[0]
    assert "目录" in first
    assert "县政府办党组领导班子2026年度民主生活会对照检查材料" in first
    assert "党组班子对照检查。" in pages[1]
    assert "李委员同志2026年度民主生活会个人发言提纲" in "".join(pages[2:])


def test_an_unapproved_outline_stays_out_of_the_compilation(cast, meeting, member2, approved):
    act(write(outline(meeting, member2), member2, preface="王委员的提纲"), member2, "submit")
    titles = [b.title for b in compilation_document(meeting).blocks if isinstance(b, Part)]
    assert titles == ["李委员同志2026年度民主生活会个人发言提纲"]


def test_empty_parts_are_not_printed():
    content = {
        "kind": "personal", "title": "t", "owner": "某", "organization": "某党组", "preface": "前言。",
        "last_year": {"items": [], "text": ""},
        "aspects": [{"key": "aspect-1", "title": "方面", "problems": []}],
        "causes": [{"key": "cause_thought", "title": "思想方面", "text": ""}], "measures": [], "answers": [],
    }
    assert [b.text for b in content_blocks(content)] == ["前言。"]


def test_documents_are_requested_through_the_permission_checkpoint(cast, meeting, approved, login, member2):
    version = approved.versions.get()
    assert login(cast.supervisor).post(f"/documents/new/inspection_version/pdf/{version.pk}/").status_code == 302
    assert login(member2).post(f"/documents/new/inspection_version/pdf/{version.pk}/").status_code == 404
    assert login(cast.secretary).post(f"/documents/new/inspection_draft/docx/{approved.pk}/").status_code == 403
    assert login(cast.office).post(f"/documents/new/inspection_compilation/pdf/{meeting.pk}/").status_code == 302
    assert login(member2).post(f"/documents/new/inspection_compilation/pdf/{meeting.pk}/").status_code == 403
    assert login(cast.outsider).post(f"/documents/new/inspection_compilation/pdf/{meeting.pk}/").status_code == 404
