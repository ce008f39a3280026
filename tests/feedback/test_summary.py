"""The counted summary, its sentence, and the documents: 汇总表 (Excel) and the report."""

import io

import pytest
from openpyxl import load_workbook

from documents.render import document_docx, document_pdf
from documents.services import file_generate
from feedback import sorting
from feedback.documents import opinion_report, opinion_table
from feedback.models import OpinionState
from feedback.selectors import feedback_summary
from feedback.services import solicitation_touch

from .factories import OpinionFactory, routed


@pytest.fixture
def sorted_opinions(cast, solicitation, people, meeting):
    one, two = meeting.aspects.get(order=1), meeting.aspects.get(order=2)
    a = routed(OpinionFactory(solicitation=solicitation, aspect=one, content="甲", source="masses"), team=True)
    b = routed(OpinionFactory(solicitation=solicitation, aspect=one, content="乙", channel="online"), people["member"])
    c = routed(OpinionFactory(solicitation=solicitation, aspect=two, content="丙"), people["member"], people["colleague"],
               kind="suggestion")
    dup = OpinionFactory(solicitation=solicitation, content="乙的重复", channel="box")
    sorting.opinions_merge(solicitation=solicitation, ids=[b.pk, dup.pk], actor=cast.office)
    aside = OpinionFactory(solicitation=solicitation, content="无关", state=OpinionState.SET_ASIDE, set_aside_reason="无关")
    waiting = OpinionFactory(solicitation=solicitation, content="待梳理的")
    return {"a": a, "b": b, "c": c, "dup": dup, "aside": aside, "waiting": waiting}


def test_the_sentence_counts_aspects_and_opinions_a_group_once(solicitation, sorted_opinions):
    summary = feedback_summary(solicitation)
    assert summary.sentence == "共征求到2个方面意见建议3条"
    assert (summary.received, summary.counted, summary.merged, summary.set_aside, summary.unsorted) == (6, 3, 1, 1, 1)
    assert summary.by_aspect == [("1. 方面一", 2), ("2. 方面二", 1)]
    assert dict(summary.by_kind) == {"意见": 2, "建议": 1, "问题反映": 0}
    concern = dict(summary.by_concern)
    assert (concern["领导班子"], concern["李委员"], concern["王委员"], concern["张书记"]) == (1, 2, 1, 0)
    # Channels and sources count every text received (the duplicate too), not set-aside ones.
    assert dict(summary.by_channel) == {"座谈会": 3, "意见箱": 1, "网上征求": 1}
    assert dict(summary.by_source)["群众"] == 1


def test_an_empty_solicitation_has_a_sentence_of_zeros(solicitation):
    assert feedback_summary(solicitation).sentence == "共征求到0个方面意见建议0条"


def test_the_summary_page_shows_the_sentence(cast, solicitation, sorted_opinions, login):
    body = login(cast.office).get(f"/feedback/{solicitation.pk}/summary/").content.decode()
    assert "共征求到2个方面意见建议3条" in body
    assert "待梳理 1 条" in body


def _workbook(solicitation):
    from documents.render import RENDERERS

    return load_workbook(io.BytesIO(RENDERERS["xlsx"](opinion_table(solicitation))))


def test_the_table_numbers_groups_once_and_keeps_every_text(solicitation, sorted_opinions):
    wb = _workbook(solicitation)
    assert wb.sheetnames == ["意见建议汇总表", "待梳理", "已搁置", "统计"]
    rows = list(wb["意见建议汇总表"].iter_rows(values_only=True))
    assert rows[0][:4] == ("序号", "意见建议内容", "反映对象", "方面")
    body = {r[1]: r for r in rows[1:]}
    assert len(rows) == 5
    assert sorted(r[0] for r in rows[1:] if r[0]) == [1, 2, 3]
    assert body["丙"][0] == 3  # aspect 2 comes after aspect 1
    texts = [r[1] for r in rows[1:]]
    assert texts.index("乙的重复") == texts.index("乙") + 1  # a group's texts stay together
    duplicate = body["乙的重复"]
    assert duplicate[0] is None
    assert duplicate[8] == f"与第{body['乙'][0]}条相同，已合并计为1条"
    assert duplicate[2] == "李委员"  # the group's routing
    assert body["丙"][2] == "李委员、王委员"
    assert body["丙"][4] == "建议"
    assert [r[1] for r in list(wb["待梳理"].iter_rows(values_only=True))[1:]] == ["待梳理的"]
    aside = list(wb["已搁置"].iter_rows(values_only=True))[1]
    assert (aside[1], aside[8]) == ("无关", "无关")
    stats = list(wb["统计"].iter_rows(values_only=True))
    assert stats[1] == ("共征求到2个方面意见建议3条", 3)


def test_the_table_streams_in_chunks_with_a_fixed_number_of_queries(
    solicitation, people, monkeypatch, django_assert_max_num_queries
):
    from feedback import documents

    monkeypatch.setattr(documents, "CHUNK", 10)
    for i in range(45):
        routed(OpinionFactory(solicitation=solicitation, content=f"意见{i}"), people["member"])
    table = opinion_table(solicitation)
    sheets = table.sheets()
    _, _, rows = next(sheets)
    # The members, then the rows with whom they concern, through one cursor: no query per chunk.
    with django_assert_max_num_queries(2):
        assert len(list(rows)) == 45


def test_someone_outside_the_team_is_named_after_it_and_read_once(
    solicitation, people, django_assert_max_num_queries
):
    from tests.factories import PersonFactory

    outsider = PersonFactory(name="丁顾问")
    for i in range(5):
        routed(OpinionFactory(solicitation=solicitation, content=f"意见{i}"), outsider, people["member"], team=True)
    _, _, rows = next(opinion_table(solicitation).sheets())
    with django_assert_max_num_queries(3):
        concerns = {row[2] for row in rows}
    assert concerns == {"班子、李委员、丁顾问"}


def test_the_table_fingerprint_changes_with_the_opinions(solicitation, sorted_opinions):
    before = opinion_table(solicitation).fingerprint()
    solicitation_touch(solicitation_id=solicitation.pk)
    solicitation.refresh_from_db()
    assert opinion_table(solicitation).fingerprint() != before


def test_the_report_states_the_counts_in_the_official_words(solicitation, sorted_opinions):
    doc = opinion_report(solicitation)
    assert doc.title == f"关于{solicitation.meeting.title}征求意见情况的报告"
    text = " ".join(getattr(b, "text", "") for b in doc.blocks)
    assert "共征求到2个方面意见建议3条" in text
    assert "合并重复意见1条" in text
    assert "1条意见尚在梳理中" in text


def test_the_report_renders_to_pdf_and_word(solicitation, sorted_opinions):
    doc = opinion_report(solicitation)
    assert document_pdf(doc)[:5] == b"%PDF-"
    assert document_docx(doc)[:2] == b"PK"


@pytest.mark.parametrize("kind, fmt", [("feedback_table", "xlsx"), ("feedback_report", "pdf"), ("feedback_report", "docx")])
def test_the_office_generates_and_downloads_each_document(
    cast, solicitation, sorted_opinions, login, kind, fmt, django_capture_on_commit_callbacks
):
    client = login(cast.office)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/documents/new/{kind}/{fmt}/{solicitation.pk}/")
    assert response.status_code == 302
    detail = client.get(response["Location"])
    assert "下载" in detail.content.decode()
    file_id = int(response["Location"].rstrip("/").split("/")[-1])
    download = client.get(f"/documents/{file_id}/download/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content)[:2] in (b"PK", b"%P")


def test_the_supervisor_may_generate_the_documents_a_member_may_not(cast, solicitation, login, client):
    assert login(cast.supervisor).post(f"/documents/new/feedback_table/xlsx/{solicitation.pk}/").status_code == 302
    client.logout()
    assert login(cast.member).post(f"/documents/new/feedback_table/xlsx/{solicitation.pk}/").status_code == 403
    client.logout()
    assert login(cast.outsider).post(f"/documents/new/feedback_table/xlsx/{solicitation.pk}/").status_code == 404
    assert client.post(f"/documents/new/feedback_table/pdf/{solicitation.pk}/").status_code == 404


def test_a_generated_table_is_reused_until_the_opinions_change(cast, solicitation, sorted_opinions, login):
    from documents.models import GeneratedFile

    client = login(cast.office)
    first = client.post(f"/documents/new/feedback_table/xlsx/{solicitation.pk}/")["Location"]
    again = client.post(f"/documents/new/feedback_table/xlsx/{solicitation.pk}/")["Location"]
    assert first == again
    OpinionFactory(solicitation=solicitation)
    third = client.post(f"/documents/new/feedback_table/xlsx/{solicitation.pk}/")["Location"]
    assert third != first
    assert GeneratedFile.objects.count() == 2
    file_generate(file_id=int(third.rstrip("/").split("/")[-1]))
