"""What the materials phase hands to the archive: every material as approved (the frozen
version the reviewers passed, never a draft), and the review history with its comments."""

from documents.render import document_pdf
from inspections.access import material_access
from inspections.models import MaterialVersion
from inspections.review import comment_add

from ..records_kit import every_document_builds, history_text, phase_records
from .conftest import DETAILS, act, outline, write

PROVIDER = "inspections.records"
DRAFT_TEXT = "王委员尚未提交的草稿前言。"
REVISED = "修改后的前言：我对照要求逐条查摆。"


def _approved_after_a_return(cast, meeting):
    material = write(outline(meeting, cast.member), cast.member, preface="我认真学习了有关文件。",
                     problem=("调研不深", DETAILS))
    act(material, cast.member, "submit")
    material.refresh_from_db()
    comment_add(material=material, version=material.versions.get(), section_key="preface", text="请写出查摆过程。",
                actor=cast.secretary, access=material_access(cast.secretary, material))
    act(material, cast.secretary, "return", "请按意见修改")
    write(material, cast.member, preface=REVISED)
    act(material, cast.member, "submit")
    act(material, cast.secretary, "pass_on")
    act(material, cast.supervisor, "approve")
    material.refresh_from_db()
    return material


def test_a_meeting_with_no_materials_hands_over_nothing(meeting):
    assert phase_records(meeting, PROVIDER) is None


def test_the_approved_version_is_listed_and_a_draft_or_a_returned_version_is_not(cast, meeting, member2):
    material = _approved_after_a_return(cast, meeting)
    write(outline(meeting, member2), member2, preface=DRAFT_TEXT, problem=("作风不实", DETAILS))
    records = phase_records(meeting, PROVIDER)
    approved = MaterialVersion.objects.get(material=material, number=2)
    [document] = records.documents
    assert (document.kind, document.source, document.author, document.note) == (
        "inspection_version", approved, "李委员", "审核通过的第2版"
    )
    [content] = every_document_builds(records)
    text = "".join(getattr(block, "text", "") for block in content.blocks)
    assert REVISED in text and "我认真学习了有关文件" not in text
    assert DRAFT_TEXT not in history_text(records)
    assert document_pdf(content).startswith(b"%PDF")


def test_a_material_still_under_review_has_no_document_but_its_steps_are_kept(cast, meeting):
    material = write(outline(meeting, cast.member), cast.member, preface="前言", problem=("调研不深", DETAILS))
    act(material, cast.member, "submit")
    act(material, cast.secretary, "pass_on")
    records = phase_records(meeting, PROVIDER)
    assert records.documents == []
    assert [d.who for d in records.decisions] == ["李委员", "张书记"]


def test_the_history_holds_who_reviewed_returned_and_passed_with_the_comments(cast, meeting):
    _approved_after_a_return(cast, meeting)
    steps = [(d.who, d.comment, d.subject) for d in phase_records(meeting, PROVIDER).decisions]
    subject = "李委员的个人发言提纲"
    assert steps == [
        ("李委员", "", subject),
        ("张书记", "请写出查摆过程。", f"{subject}（第1版）"),
        ("张书记", "请按意见修改", subject),
        ("李委员", "", subject),
        ("张书记", "", subject),
        ("赵督导", "", subject),
    ]


def test_listing_costs_the_same_however_many_materials(cast, meeting, member2, django_assert_num_queries):
    _approved_after_a_return(cast, meeting)
    for user in (cast.secretary, member2):
        write(outline(meeting, user), user, preface="前言", problem=("调研不深", DETAILS))
    with django_assert_num_queries(7):
        phase_records(meeting, PROVIDER)
