"""The 登记表, the blank 评分表, the 汇总表 (Excel and printed) and the branch's report."""

import io
import shutil
import subprocess

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from documents.content import Heading, Paragraph, Table
from documents.models import GeneratedFile
from documents.render import document_docx, document_pdf, spreadsheet_xlsx
from evaluation.documents import (
    REGISTRATION_KIND,
    SUMMARY_KIND,
    registration_document,
    report_document,
    score_sheet_document,
    summary_document,
    summary_table,
)
from evaluation.models import Grade, RoundAccess
from evaluation.scoring import Sheet, round_create, round_transition, scored_people, sheet_submit
from evaluation.services import StaleSave, group_opinion_save, registration_for, report_save, self_assessment_save
from evaluation.verdicts import grades_show, verdict_propose

pytestmark = pytest.mark.django_db
needs_poppler = pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils missing")
VOTERS = ("member", "member3", "member4", "member5", "member7")


def _texts(doc):
    out = []
    for block in doc.blocks:
        if isinstance(block, Heading | Paragraph):
            out.append(block.text)
        elif isinstance(block, Table):
            out += [" ".join(block.headers)] + [" ".join(row) for row in block.rows]
    return out


@pytest.fixture
def evaluated(branch_cast, evaluation):
    """Five sheets scored, the round closed, 李委员 written and graded 优秀, 陈同志 不合格."""
    registration = registration_for(evaluation=evaluation, person=branch_cast.member.person)
    self_assessment_save(registration=registration, text="一年来认真学习党章。\n立足本职。", judgement="qualified",
                         version=1, actor=branch_cast.member)
    group_opinion_save(registration=registration, text="作用发挥好。", version=1, actor=branch_cast.member3)
    round = round_create(evaluation=evaluation, access=RoundAccess.ACCOUNTS, minimum_voters=5,
                         with_committee=True, actor=branch_cast.office)
    round = round_transition(round=round, name="open", actor=branch_cast.office)
    for name in VOTERS:
        person = getattr(branch_cast, name).person
        sheet_submit(round=round, voter=person, sheet=Sheet(
            scores={p.pk: [18, 18, 18, 18, 18] for p in scored_people(round, person)}, committee=[1, 1, 2, 2, 3]))
    round_transition(round=round, name="close", actor=branch_cast.office)
    verdict_propose(registration=registration, grade=Grade.EXCELLENT, reason="", actor=branch_cast.secretary)
    other = registration_for(evaluation=evaluation, person=branch_cast.member5.person)
    verdict_propose(registration=other, grade=Grade.UNQUALIFIED, reason="长期不参加组织生活",
                    actor=branch_cast.secretary)
    grades_show(evaluation=evaluation, actor=branch_cast.secretary)
    return evaluation


def test_the_registration_form_has_the_self_assessment_and_the_opinions(branch_cast, evaluated):
    registration = evaluated.registrations.get(person=branch_cast.member.person)
    doc = registration_document(registration)
    texts = _texts(doc)
    assert doc.title == "2026年度民主评议党员登记表" and doc.subtitle == "李委员"
    assert [t for t in texts if t[1:2] == "、"] == [
        "一、自我鉴定（党性分析）", "二、党小组评议意见", "三、群众评议意见", "四、党支部评议意见", "五、上级党委审批意见"]
    assert "一年来认真学习党章。" in texts and "立足本职。" in texts and "作用发挥好。" in texts
    assert "评定等次：优秀（支委会初步意见）。" in texts
    assert document_docx(doc)[:2] == b"PK"


def test_a_probationary_members_form_says_no_grade(branch_cast, evaluated):
    registration = registration_for(evaluation=evaluated, person=branch_cast.member7.person)
    assert "预备党员，参加民主评议，不定等次。" in _texts(registration_document(registration))


@needs_poppler
def test_the_blank_score_sheet_lists_every_member_and_the_items_points(branch_cast, evaluated, tmp_path):
    doc = score_sheet_document(evaluated)
    texts = _texts(doc)
    assert texts[1].startswith("序号 姓名 坚定政治方向（20分）")
    assert sum(1 for t in texts if t.startswith(("1 ", "2 ", "3 ", "4 ", "5 ", "6 ", "7 "))) == 7
    assert "基层党组织民主评议表" in texts
    pdf = tmp_path / "sheet.pdf"
    pdf.write_bytes(document_pdf(doc))
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "民主评议党员评分表" in text and "张书记" in text


def test_the_summary_workbook_has_a_summary_and_a_detail_sheet_with_chinese_headers(branch_cast, evaluated):
    workbook = load_workbook(io.BytesIO(spreadsheet_xlsx(summary_table(evaluated))))
    assert workbook.sheetnames == ["汇总表", "明细表"]
    summary = {row[0]: row[1] for row in workbook["汇总表"].iter_rows(min_row=2, values_only=True)}
    assert summary["党员总数"] == "7" and summary["优秀"] == "1" and summary["不合格"] == "1"
    assert summary["预备党员（不定等次）"] == "1" and summary["现场评分人数"] == "5"
    detail = list(workbook["明细表"].iter_rows(values_only=True))
    assert detail[0][:5] == ("序号", "姓名", "党小组", "党员类别", "自我评价")
    li = next(row for row in detail if row[1] == "李委员")
    assert li[10] == "90.0" and "优秀" in li


def test_the_summary_document_and_the_report_read_the_same_numbers(branch_cast, evaluated):
    assert "优秀 1" in _texts(summary_document(evaluated))
    report_save(evaluation=evaluated, text="个别党员参加组织生活不经常。", version=1, actor=branch_cast.secretary)
    evaluated.refresh_from_db()
    texts = _texts(report_document(evaluated))
    assert any("全体党员7名参加" in t and "现场评分共5人参加" in t for t in texts)
    assert any("优秀1名" in t and "不合格1名" in t for t in texts)
    assert "个别党员参加组织生活不经常。" in texts
    with pytest.raises(StaleSave):
        report_save(evaluation=evaluated, text="另一稿", version=1, actor=branch_cast.office)


def test_documents_are_fetched_only_by_those_who_may_read_them(login, branch_cast, evaluated):
    registration = evaluated.registrations.get(person=branch_cast.member.person)
    url = reverse("documents:request", args=[REGISTRATION_KIND, "pdf", registration.pk])
    assert login(branch_cast.outsider).post(url).status_code == 404
    assert login(branch_cast.member5).post(url).status_code == 404
    assert login(branch_cast.member).post(url).status_code == 302
    summary = reverse("documents:request", args=[SUMMARY_KIND, "xlsx", evaluated.pk])
    assert login(branch_cast.member).post(summary).status_code == 403
    assert login(branch_cast.outsider).post(summary).status_code == 404
    assert login(branch_cast.office).post(summary).status_code == 302
    assert GeneratedFile.objects.filter(kind=SUMMARY_KIND).exists()


def test_the_documents_page_for_each_role(login, branch_cast, evaluated):
    url = reverse("evaluation:documents", args=[evaluated.meeting_id])
    assert Client().get(url).status_code == 302
    assert login(branch_cast.outsider).get(url).status_code == 404
    assert login(branch_cast.member).get(url).status_code == 403
    page = login(branch_cast.secretary).get(url).content.decode()
    assert "民主评议党员汇总表（Excel）" in page and "存在的问题和下一步措施" in page
    response = login(branch_cast.secretary).post(url, {"report-version": 1, "report-text": "下一步加强教育。"})
    assert response.status_code == 302
    evaluated.refresh_from_db()
    assert evaluated.report_text == "下一步加强教育。"
