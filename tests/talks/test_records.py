"""What the talks phase hands to the archive: each talk's 谈心谈话记录表 (a talk only
arranged or cancelled has none) and the history of the records."""

from documents.render import document_pdf
from talks.access import talk_access, talks_access
from talks.models import PairNoteKind
from talks.services import TalkContent, pair_note_add, talk_create
from talks.workflow import talk_transition

from ..records_kit import every_document_builds, phase_records
from .conftest import CONTENT, TALKED_ON, make_talk, person

PROVIDER = "talks.records"


def _record(meeting, user, other, *, submit=True):
    return talk_create(
        meeting=meeting, person_a=person(user), person_b=other,
        content=TalkContent(talked_on=TALKED_ON, place="党组会议室", initiator_id=person(user).pk, **CONTENT),
        actor=user, access=talks_access(user, meeting), submit=submit,
    )


def _move(talk, name, user, note=""):
    talk.refresh_from_db()
    return talk_transition(talk=talk, name=name, actor=user, access=talk_access(user, talk), note=note)


def test_a_meeting_with_no_talks_hands_over_nothing(talks_meeting):
    assert phase_records(talks_meeting, PROVIDER) is None


def test_each_recorded_talk_is_listed_with_its_record_and_it_prints(cast, talks_meeting, third):
    confirmed = _record(talks_meeting, cast.member, person(cast.secretary))
    _move(confirmed, "confirm", cast.secretary)
    disputed = _record(talks_meeting, cast.member, person(third))
    _move(disputed, "dispute", third, note="谈话未进行")
    _record(talks_meeting, cast.secretary, person(third), submit=False)  # only arranged: no record yet
    records = phase_records(talks_meeting, PROVIDER)
    assert [(d.kind, d.source, d.note) for d in records.documents] == [
        ("talk_record", confirmed, ""),
        ("talk_record", disputed, "对方未确认，不计入已谈"),
    ]
    assert records.documents[0].title == "谈心谈话记录表（张书记与李委员）"
    assert records.documents[0].author == "李委员"
    first, _ = every_document_builds(records)
    assert document_pdf(first).startswith(b"%PDF")


def test_the_history_holds_every_step_of_every_record(cast, talks_meeting, third):
    talk = _record(talks_meeting, cast.member, person(cast.secretary))
    _move(talk, "confirm", cast.secretary)
    disputed = _record(talks_meeting, cast.member, person(third))
    _move(disputed, "dispute", third, note="谈话未进行")
    steps = [(d.what, d.who, d.comment) for d in phase_records(talks_meeting, PROVIDER).decisions]
    assert steps == [
        ("记录并提交", "李委员", ""),
        ("确认谈话", "张书记", ""),
        ("记录并提交", "李委员", ""),
        ("未进行此次谈话", "王委员", "谈话未进行"),
    ]


def test_the_offices_excuse_of_a_pair_is_in_the_history_with_its_reason(cast, talks_meeting, third):
    pair_note_add(meeting=talks_meeting, kind=PairNoteKind.EXCUSED, person_a=person(cast.secretary),
                  person_b=person(third), reason="王委员长期病休", actor=cast.office)
    records = phase_records(talks_meeting, PROVIDER)
    assert records.documents == []
    assert [(d.what, d.who, d.comment, d.subject) for d in records.decisions] == [
        ("调整谈话对象：免谈", "王办公", "王委员长期病休", "张书记与王委员"),
    ]


def test_listing_costs_three_queries_however_many_talks(cast, talks_meeting, third, django_assert_num_queries):
    for a, b in [(cast.secretary, cast.member), (cast.secretary, third), (cast.member, third)]:
        make_talk(talks_meeting, person(a), person(b))
    with django_assert_num_queries(3):
        records = phase_records(talks_meeting, PROVIDER)
    assert len(records.documents) == 3
