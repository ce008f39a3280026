"""整改方案 (PDF and Word) and the 整改清单 PDF: what they say, who may fetch them."""

import io
import zipfile

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse
from pypdf import PdfReader

from documents.registry import get_type
from documents.render import document_docx, document_pdf
from rectification.documents import PLAN_DRAFT_KIND, PLAN_KIND, TABLE_KIND, TABLE_PDF_KIND

from .docs_fixtures import add_item, lists  # noqa: F401


def _text(pdf: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_the_team_plan_prints_the_approved_version_by_kind_with_its_facts(lists):  # noqa: F811
    doc = get_type(PLAN_KIND).build(lists.team)
    assert doc.title == "县政府办党组2026年度民主生活会整改方案" or doc.title.endswith("民主生活会整改方案")
    headings = [b.text for b in doc.blocks if type(b).__name__ == "Heading" and b.level == 1]
    assert headings[:3] == ["一、立行立改事项（1项）", "二、限期整改事项（1项）", "三、长期坚持事项（1项）"]
    text = "\n".join(getattr(b, "text", "") for b in doc.blocks)
    assert "措施1：制定年度调研计划。" in text
    assert "责任人：张书记" in text and "牵头部门：督查室" in text and "配合部门：各股室" in text
    assert "复查时间：" in text
    assert doc.subtitle == ""


def test_a_change_after_approval_is_not_in_the_approved_plan_but_in_the_writers_draft(lists):  # noqa: F811
    add_item(lists.team, "会后新增而未批准的事项。")
    approved = get_type(PLAN_KIND).build(lists.team)
    draft = get_type(PLAN_DRAFT_KIND).build(lists.team)
    assert "会后新增而未批准的事项" not in str(approved.blocks)
    assert "会后新增而未批准的事项" in str(draft.blocks)
    assert draft.subtitle == "（草稿）"


def test_the_plan_pdf_opens_in_the_official_layout_and_the_word_names_the_chinese_font(lists):  # noqa: F811
    doc = get_type(PLAN_KIND).build(lists.team)
    pdf = document_pdf(doc)
    assert pdf.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) >= 1
    assert float(reader.pages[0].mediabox.width) < float(reader.pages[0].mediabox.height)  # portrait A4
    assert "立行立改事项" in _text(pdf)
    with zipfile.ZipFile(io.BytesIO(document_docx(doc))) as docx:
        assert 'w:eastAsia="' in docx.read("word/document.xml").decode()


def test_the_list_table_pdf_is_landscape_and_keeps_every_item(lists):  # noqa: F811
    doc = get_type(TABLE_PDF_KIND).build(lists.team)
    pdf = document_pdf(doc)
    page = PdfReader(io.BytesIO(pdf)).pages[0]
    assert float(page.mediabox.width) > float(page.mediabox.height)
    text = _text(pdf).replace("\n", "")
    for problem in ("调查研究不够深入", "对分管领域的督促检查不够", "制度执行还有宽松软现象"):
        assert problem in text
    assert "已逾期" in text and "已销号" in text


def test_the_approved_plan_is_read_by_whoever_reads_the_list_and_by_nobody_before_approval(cast, lists):  # noqa: F811
    plan = get_type(PLAN_KIND)
    for user in (cast.office, cast.secretary, cast.member, cast.supervisor):
        assert plan.get_for_user(user, lists.team.pk) == lists.team
    with pytest.raises(Http404):
        plan.get_for_user(cast.outsider, lists.team.pk)
    with pytest.raises(Http404):  # submitted, not approved
        plan.get_for_user(cast.office, lists.personal.pk)


def test_the_draft_plan_is_its_writers_alone_and_a_colleagues_personal_plan_is_404(cast, lists):  # noqa: F811
    draft = get_type(PLAN_DRAFT_KIND)
    assert draft.get_for_user(cast.office, lists.team.pk) == lists.team
    assert draft.get_for_user(cast.member, lists.personal.pk) == lists.personal
    with pytest.raises(PermissionDenied):  # the secretary approves it, does not write it
        draft.get_for_user(cast.secretary, lists.personal.pk)
    for user in (lists.colleague, cast.outsider):
        with pytest.raises(Http404):
            draft.get_for_user(user, lists.personal.pk)
    for user in (cast.member, cast.office, cast.secretary):  # a colleague's draft: its owner's alone
        with pytest.raises(Http404):
            draft.get_for_user(user, lists.draft.pk)


@pytest.mark.parametrize("kind", [PLAN_KIND, PLAN_DRAFT_KIND, TABLE_KIND, TABLE_PDF_KIND])
def test_asking_for_a_document_sends_anonymous_to_login_and_outsiders_to_404(client, login, cast, lists, kind):  # noqa: F811
    fmt = get_type(kind).formats[0]
    url = reverse("documents:request", args=[kind, fmt, lists.team.pk])
    response = client.post(url)
    assert response.status_code == 302 and "/login" in response.url
    assert login(cast.outsider).post(url).status_code == 404


def test_the_office_gets_the_plan_pdf_made_and_downloads_it(client, login, cast, lists, django_capture_on_commit_callbacks):  # noqa: F811
    url = reverse("documents:request", args=[PLAN_KIND, "pdf", lists.team.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = login(cast.office).post(url)
    assert response.status_code == 302
    detail = client.get(response.url)
    assert detail.status_code == 200
    generated_pk = int(response.url.rstrip("/").split("/")[-1])
    download = client.get(reverse("documents:download", args=[generated_pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    assert login(lists.colleague).get(reverse("documents:download", args=[generated_pk])).status_code == 200
    assert login(cast.outsider).get(reverse("documents:download", args=[generated_pk])).status_code == 404


def test_the_documents_page_is_for_the_meeting_and_shows_each_reader_their_documents(client, login, cast, lists):  # noqa: F811
    url = reverse("rectification:documents", args=[lists.team.meeting_id])
    response = client.get(url)
    assert response.status_code == 302 and "/login" in response.url
    assert login(cast.outsider).get(url).status_code == 404
    office = login(cast.office).get(url).content.decode()
    assert "整改落实情况报告" in office and lists.personal.title in office and lists.draft.title not in office
    member = login(cast.member).get(url).content.decode()
    assert "整改落实情况报告" not in member
    assert lists.personal.title in member and lists.team.title in member and lists.draft.title not in member


def test_a_personal_plan_is_titled_as_the_members_own_and_signed_by_them(lists):  # noqa: F811
    doc = get_type(PLAN_DRAFT_KIND).build(lists.personal)
    assert doc.title == "李委员同志2026年度民主生活会个人整改方案"
    assert doc.signature[0] == "李委员"
    assert "本人逐条梳理" in doc.blocks[0].text
    assert "责任人：李委员" in "\n".join(getattr(b, "text", "") for b in doc.blocks)
