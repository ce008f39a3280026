"""What the opinions phase hands to the archive: the report and the 意见建议汇总表, and the
history of what the office and the members did — never who gave an opinion."""

from django.utils import timezone

from documents.render import document_pdf
from feedback import sorting
from feedback.models import Opinion, OpinionRouting, ResponseStatus
from feedback.release import feedback_mark_seen, feedback_release
from feedback.services import opinion_submit

from ..records_kit import built, every_document_builds, history_text, phase_records, xlsx_text
from .factories import OpinionFactory

PROVIDER = "feedback.records"
SENDER, CONTACT = "举报人张某", "13912345678"


def _sort(solicitation, opinion, actor, **concerns):
    sorting.opinions_classify(
        solicitation=solicitation, ids=[opinion.pk], actor=actor, kind="opinion", concerns=sorting.Concerns(**concerns)
    )


def _released(cast, solicitation, people):
    """An anonymous online opinion about 李委员, a named online one about the team, a forum
    opinion typed in by the office; sorted, fed back, read and answered by 李委员."""
    opinion_submit(solicitation=solicitation, content="李委员下基层次数少。", addressed_member=people["member"])
    opinion_submit(solicitation=solicitation, content="班子调研成果转化不够。", sender_name=SENDER, sender_contact=CONTACT)
    OpinionFactory(solicitation=solicitation, content="会议偏多偏长。", entered_by=cast.office)
    anonymous, named, forum = (Opinion.objects.get(content=text) for text in ("李委员下基层次数少。", "班子调研成果转化不够。", "会议偏多偏长。"))
    _sort(solicitation, anonymous, cast.office, members=(people["member"],))
    _sort(solicitation, named, cast.office, team=True)
    _sort(solicitation, forum, cast.office, team=True)
    feedback_release(solicitation=solicitation, actor=cast.office)
    feedback_mark_seen(solicitation=solicitation, person=people["member"])
    OpinionRouting.objects.filter(opinion=anonymous).update(
        response="已制定下基层调研计划。", response_status=ResponseStatus.ANSWERED, responded_at=timezone.now(),
        responded_by=cast.member,
    )
    solicitation.refresh_from_db()
    return anonymous


def test_a_meeting_that_solicited_nothing_hands_over_nothing(meeting):
    assert phase_records(meeting, PROVIDER) is None


def test_the_report_and_the_summary_table_are_listed_and_build(cast, meeting, solicitation, people):
    _released(cast, solicitation, people)
    records = phase_records(meeting, PROVIDER)
    assert [(d.kind, d.source, d.formats) for d in records.documents] == [
        ("feedback_report", solicitation, ("pdf", "docx")),
        ("feedback_table", solicitation, ("xlsx",)),
    ]
    report, table = every_document_builds(records)
    assert document_pdf(report).startswith(b"%PDF")
    cells = xlsx_text(table)
    assert "李委员下基层次数少。" in cells and "班子调研成果转化不够。" in cells


def test_the_history_holds_the_offices_steps_the_release_the_receipt_and_the_answer(
    cast, meeting, solicitation, people
):
    anonymous = _released(cast, solicitation, people)
    records = phase_records(meeting, PROVIDER)
    steps = [(d.what, d.who, d.subject) for d in records.decisions]
    code = f"意见建议{anonymous.code}"
    assert ("梳理分类", "王办公", code) in steps
    assert ("原汁原味反馈至领导班子和班子成员本人", "王办公", "征求到的意见建议") in steps
    assert ("阅知本人的反馈意见", "李委员", "反馈到人的意见建议") in steps
    assert ("回应意见建议", "李委员", code) in steps
    assert [d.at for d in records.decisions] == sorted(d.at for d in records.decisions)


def test_no_opinion_carries_who_gave_it_in_the_history_the_catalogue_or_the_table(cast, meeting, solicitation, people):
    _released(cast, solicitation, people)
    records = phase_records(meeting, PROVIDER)
    text = history_text(records) + xlsx_text(built(records.documents[1]))
    assert SENDER not in text and CONTACT not in text
    # The only people named are those who acted in their own name: the office and 李委员.
    assert {d.who for d in records.decisions} == {"王办公", "李委员"}


def test_listing_costs_the_same_for_many_opinions(cast, meeting, solicitation, people, django_assert_num_queries):
    _released(cast, solicitation, people)
    for n in range(20):
        _sort(solicitation, OpinionFactory(solicitation=solicitation, content=f"第{n}条。"), cast.office, team=True)
    with django_assert_num_queries(4):
        phase_records(meeting, PROVIDER)
