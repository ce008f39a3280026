"""What rectification hands to the archive: each list's 整改方案 as approved and its 整改清单
with progress, the report, every evidence file as uploaded, and the lists' and items'
history. A member's list still in its first draft stays out."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from documents.render import document_pdf
from rectification.closing import item_transition
from rectification.disclosure import comment_submit
from rectification.models import ListKind, MeasureStatus
from rectification.progress import progress_report
from rectification.services import list_ensure
from rectification.workflow import list_transition

from ..records_kit import every_document_builds, history_text, phase_records, xlsx_text
from .disclosure_fixtures import disclosure_cast, published  # noqa: F401
from .lists_fixtures import access_of, cover, fill
from .progress_fixtures import access_for

PROVIDER = "rectification.records"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _move(rlist, name, user, note=""):
    rlist.refresh_from_db()
    return list_transition(rlist=rlist, name=name, actor=user, access=access_of(user, rlist), note=note)


@pytest.fixture
def followed(cast, team7, own_list, team_list, settings, tmp_path):
    """李委员's list returned once, then approved; its first item reported done with a file,
    asked to close and closed by the secretary. The team list is still a draft; 王委员's
    own list is in its first draft."""
    settings.MEDIA_ROOT = tmp_path
    fill(own_list, 1, cast.member)
    cover(own_list, cast.member)
    _move(own_list, "submit", cast.member)
    _move(own_list, "return", cast.secretary, note="措施要具体到时间")
    _move(own_list, "submit", cast.member)
    _move(own_list, "approve", cast.secretary)
    fill(list_ensure(meeting=own_list.meeting, kind=ListKind.PERSONAL, owner=team7.people[2]), 1, team7.users[2])
    item = own_list.items.order_by("order", "id").first()
    for n, measure in enumerate(item.measures.all()):
        progress_report(measure=measure, on=timezone.localdate(), text="已完成", status=MeasureStatus.DONE,
                        files=[SimpleUploadedFile("调研报告.pdf", PDF)] if n == 0 else [], actor=cast.member,
                        access=access_for(cast.member, item))
    item_transition(item=item, name="request_close", actor=cast.member, access=access_for(cast.member, item))
    item_transition(item=item, name="close", actor=cast.secretary, access=access_for(cast.secretary, item))
    own_list.refresh_from_db()
    return own_list


def test_a_meeting_with_no_lists_hands_over_nothing(held_meeting):
    assert phase_records(held_meeting, PROVIDER) is None


def test_the_approved_plan_and_each_lists_table_are_listed_and_a_first_draft_is_not(cast, followed, team_list):
    records = phase_records(followed.meeting, PROVIDER)
    listed = [(d.kind, d.source) for d in records.documents]
    assert listed == [
        ("rectification_table_pdf", team_list), ("rectification_table", team_list),
        ("rectification_plan", followed), ("rectification_table_pdf", followed), ("rectification_table", followed),
        ("rectification_report", followed.meeting),
    ]
    assert records.documents[2].title == "李委员同志2026年度民主生活会个人整改方案"
    assert records.documents[2].note == "批准的第2版"
    assert "王委员" not in history_text(records)
    built = every_document_builds(records)
    assert document_pdf(built[2]).startswith(b"%PDF")
    assert "已销号" in xlsx_text(built[4])  # the table carries the progress


def test_every_evidence_file_goes_in_as_uploaded(cast, followed):
    [evidence] = phase_records(followed.meeting, PROVIDER).files
    assert evidence.name == "佐证材料001-调研报告.pdf" and evidence.author == "李委员"
    assert evidence.read() == PDF
    assert evidence.note.startswith("李委员同志2026年度民主生活会个人整改清单第")


def test_the_history_holds_the_lists_and_the_items_steps(cast, followed):
    steps = [(d.what, d.who, d.comment) for d in phase_records(followed.meeting, PROVIDER).decisions]
    lists = [step for step in steps if step[0] in ("提交书记审批", "退回修改", "审批通过")]
    assert lists == [
        ("提交书记审批", "李委员", ""), ("退回修改", "张书记", "措施要具体到时间"),
        ("提交书记审批", "李委员", ""), ("审批通过", "张书记", ""),
    ]
    closing = [step[:2] for step in steps if step[0] in ("报告进展", "申请销号", "核验销号")]
    assert closing[-2:] == [("申请销号", "李委员"), ("核验销号", "张书记")]
    assert {who for what, who in closing[:-2]} == {"李委员"} and {what for what, who in closing[:-2]} == {"报告进展"}


def test_listing_costs_the_same_however_many_items_and_files(cast, followed, django_assert_num_queries):
    fill(list_ensure(meeting=followed.meeting, kind=ListKind.TEAM), 3, cast.office)
    with django_assert_num_queries(7):
        phase_records(followed.meeting, PROVIDER)


def test_the_published_notice_is_listed_and_the_publics_comments_stay_out(
    cast, disclosure_cast, published, settings  # noqa: F811
):
    settings.ANONYMOUS_BATCH_SIZE = 1
    comment_submit(disclosure=published, item_pk=disclosure_cast.queue.pk, text="窗口排队仍然很长，请继续改进。")
    records = phase_records(published.meeting, PROVIDER)
    [notice] = [d for d in records.documents if d.kind == "disclosure_notice"]
    assert (notice.source, notice.title) == (published, "县政府办党组整改落实情况公示")
    assert "rectification_report" in [d.kind for d in records.documents]
    every_document_builds(records)
    assert ("发布整改公示", "王办公") in [(d.what, d.who) for d in records.decisions]
    assert "窗口排队仍然很长" not in history_text(records)
