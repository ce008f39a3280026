"""A compilation is rendered part by part and joined: the same pages as one document.

Each part is a PDF of its own without page numbers (a job of its own where workers run);
the contents page is made from the parts' real page counts, and the joined pages are
numbered from the first, odd on the right and even on the left, as one WeasyPrint
document numbers them.
"""

import re
import shutil
import subprocess

import pytest

from documents import compile as compiling
from documents.content import Contents, Heading, OfficialDocument, Paragraph, Part
from documents.render import _tagged, render_pdf

needs_poppler = pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils missing")
LONG = "我在督查县政务服务中心工作时，只听取了科室汇报，没有到窗口实地查看，对群众反映的问题跟进不及时。" * 6


def compilation(sizes: list[int]) -> OfficialDocument:
    entries = [[f"第{i}份材料", f"material-{i}"] for i in range(1, len(sizes) + 1)]
    blocks: list = [Contents(entries=entries)]
    for (title, anchor), size in zip(entries, sizes):
        blocks.append(Part(title, anchor))
        blocks.append(Heading("一、存在的突出问题"))
        blocks += [Paragraph(f"{title}第{n}段。{LONG}") for n in range(size)]
    return OfficialDocument(title="县政府办党组对照检查材料汇编", blocks=blocks)


def pages(pdf: bytes, tmp_path) -> list[str]:
    path = tmp_path / "c.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return [re.sub(r"\s", "", page) for page in out.split("\f")][:-1]


def one_document(doc: OfficialDocument) -> bytes:
    """The compilation as a single WeasyPrint document (document_pdf, the default)."""
    return render_pdf("documents/official.html", {"doc": doc, "blocks": _tagged(doc.blocks)})


def test_a_compilation_splits_into_its_front_and_its_parts():
    front, parts = compiling.split(compilation([1, 2]))
    assert [type(b) for b in front.blocks] == [Contents]
    assert [p.title for p in parts] == ["第1份材料", "第2份材料"]
    assert [len(p.blocks) for p in parts] == [2, 3]
    assert compiling.part_starts([3, 5, 2], front_pages=1) == [2, 5, 10]


@needs_poppler
def test_the_joined_pdf_has_the_pages_of_one_document_in_order(tmp_path):
    doc = compilation([3, 12, 7])
    joined = pages(compiling.compiled_pdf(doc), tmp_path)
    assert joined == pages(one_document(doc), tmp_path)  # same pages, same contents numbers
    assert len(joined) == compiling.page_count(compiling.compiled_pdf(doc)) > 4


@needs_poppler
def test_the_contents_gives_the_page_each_part_begins_on(tmp_path):
    doc = compilation([3, 12, 7])
    joined = pages(compiling.compiled_pdf(doc), tmp_path)
    listed = [int(n) for n in re.findall(r"第\d份材料\.+(\d+)", joined[0])]
    assert len(listed) == 3
    for number, page in zip(range(1, 4), listed):
        assert joined[page - 1].startswith(f"第{number}份材料"), page
        assert f"第{number}份材料" not in joined[page - 2] or page == 2


@needs_poppler
def test_every_page_carries_its_number_counted_from_the_first(tmp_path):
    joined = pages(compiling.compiled_pdf(compilation([3, 12, 7])), tmp_path)
    for number, text in enumerate(joined, start=1):
        assert text.endswith(f"—{number}—"), number


def test_the_number_stamps_are_drawn_once_per_process(monkeypatch):
    compiling.stamp_pages(3)
    monkeypatch.setattr(compiling, "_draw_stamps", lambda *a: pytest.fail("drawn again"))
    assert len(compiling.stamp_pages(compiling.STAMP_BLOCK)) >= compiling.STAMP_BLOCK


# --- through the documents service: one job per part (eager Celery: one after the other) ---


@pytest.fixture
def compiled_type(monkeypatch, settings):
    from documents import registry

    settings.DOCUMENT_PARALLEL_PARTS = True
    sizes = {"value": [2, 3, 2]}
    monkeypatch.setattr(registry, "_types", dict(registry._types))
    doc_type = registry.register(registry.DocumentType(
        kind="test_compilation", label="汇编", build=lambda source: compilation(sizes["value"]),
        get_for_user=lambda user, pk: None, formats=("pdf",),
    ))
    return doc_type, sizes


@needs_poppler
def test_a_compilation_job_makes_its_parts_as_jobs_and_joins_them(
    db, compiled_type, django_capture_on_commit_callbacks, tmp_path
):
    from documents.models import FileStatus, GeneratedFile
    from documents.selectors import files_for
    from documents.services import file_request
    from tests.factories import MeetingFactory

    doc_type, _sizes = compiled_type
    meeting = MeetingFactory()
    with django_capture_on_commit_callbacks(execute=True):
        generated, queued = file_request(doc_type=doc_type, fmt="pdf", source=meeting, user=None)
    generated.refresh_from_db()
    assert queued and generated.status == FileStatus.DONE, generated.error
    parts = GeneratedFile.objects.filter(kind="test_compilation" + compiling.PART_SUFFIX)
    assert [p.status for p in parts] == [FileStatus.DONE] * 3
    assert list(files_for(meeting)) == [generated]  # the parts are not files of their own
    with generated.file.open("rb") as f:
        joined = pages(f.read(), tmp_path)
    assert joined == pages(one_document(compilation([2, 3, 2])), tmp_path)


def test_a_part_made_for_an_earlier_compilation_is_not_made_again(
    db, compiled_type, django_capture_on_commit_callbacks, monkeypatch
):
    from documents import compile as module
    from documents.models import GeneratedFile
    from documents.services import file_request
    from tests.factories import MeetingFactory

    doc_type, sizes = compiled_type
    meeting = MeetingFactory()
    with django_capture_on_commit_callbacks(execute=True):
        file_request(doc_type=doc_type, fmt="pdf", source=meeting, user=None)
    made = []
    real = module.part_pdf
    monkeypatch.setattr("documents.services.part_pdf", lambda part: made.append(part.title) or real(part))
    sizes["value"] = [2, 3, 2, 1]  # one more material approved
    with django_capture_on_commit_callbacks(execute=True):
        generated, _ = file_request(doc_type=doc_type, fmt="pdf", source=meeting, user=None)
    generated.refresh_from_db()
    assert generated.status == "done", generated.error
    assert made == ["第4份材料"]
    assert GeneratedFile.objects.filter(kind__endswith=compiling.PART_SUFFIX).count() == 4


def test_a_part_that_fails_fails_the_compilation_with_its_reason(
    db, compiled_type, django_capture_on_commit_callbacks, monkeypatch
):
    from documents.services import file_request
    from tests.factories import MeetingFactory

    doc_type, _sizes = compiled_type

    def broken(part):
        raise RuntimeError("字体缺失")

    monkeypatch.setattr("documents.services.part_pdf", broken)
    with django_capture_on_commit_callbacks(execute=True):
        generated, _ = file_request(doc_type=doc_type, fmt="pdf", source=MeetingFactory(), user=None)
    generated.refresh_from_db()
    assert generated.status == "failed"
    assert "字体缺失" in generated.error


def test_by_default_a_compilation_is_one_job_and_one_document(
    db, compiled_type, django_capture_on_commit_callbacks, settings
):
    from documents.models import GeneratedFile
    from documents.services import file_request
    from tests.factories import MeetingFactory

    settings.DOCUMENT_PARALLEL_PARTS = False
    doc_type, _sizes = compiled_type
    with django_capture_on_commit_callbacks(execute=True):
        generated, _ = file_request(doc_type=doc_type, fmt="pdf", source=MeetingFactory(), user=None)
    generated.refresh_from_db()
    assert generated.status == "done", generated.error
    assert not GeneratedFile.objects.filter(kind__endswith=compiling.PART_SUFFIX).exists()
