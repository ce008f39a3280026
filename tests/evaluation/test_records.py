"""What the democratic evaluation hands to the archive: the 登记表 submitted, the blank
评分表, the 汇总表 (PDF and Excel), the report, and the history of the registrations and
the grades — never a ballot or who cast one."""

import pytest

from documents.render import document_pdf
from evaluation.models import Evaluation, Grade
from evaluation.services import registration_for, self_assessment_save
from evaluation.verdicts import grades_show, verdict_propose, verdict_transition
from evaluation.workflow import registration_transition

from ..records_kit import every_document_builds, history_text, phase_records
from .test_scoring import _open, _vote

pytestmark = pytest.mark.django_db

PROVIDER = "evaluation.records"
DRAFT_TEXT = "刘同志尚未提交的自我鉴定。"
VOTERS = ("member", "member3", "member4", "member5", "member7")


def _write(evaluation, user, text):
    registration = registration_for(evaluation=evaluation, person=user.person)
    return self_assessment_save(registration=registration, text=text, judgement="qualified",
                                version=registration.version, actor=user)


@pytest.fixture
def evaluated(branch_cast, evaluation):
    """李委员's 登记表 submitted and approved, 刘同志's still a draft; a scoring round of five
    voters closed; 李委员 graded 优秀 and approved by the upper committee."""
    registration = _write(evaluation, branch_cast.member, "一年来认真学习党章党规。")
    registration_transition(registration=registration, name="submit", actor=branch_cast.member,
                            roles=frozenset({"author"}))
    registration.refresh_from_db()
    registration_transition(registration=registration, name="approve", actor=branch_cast.secretary,
                            roles=frozenset({"reviewer"}))
    _write(evaluation, branch_cast.member4, DRAFT_TEXT)
    round = _open(evaluation, branch_cast.office)
    for username in VOTERS:
        _vote(round, getattr(branch_cast, username))
    from evaluation.scoring import round_transition

    round_transition(round=round, name="close", actor=branch_cast.office)
    verdict = verdict_propose(registration=registration_for(evaluation=evaluation, person=branch_cast.member.person),
                              grade=Grade.EXCELLENT, reason="", actor=branch_cast.secretary)
    grades_show(evaluation=evaluation, actor=branch_cast.secretary)
    verdict = verdict_transition(verdict=verdict, name="fix", actor=branch_cast.secretary,
                                 roles=frozenset({"reviewer"}))
    verdict_transition(verdict=verdict, name="approve", actor=branch_cast.supervisor, roles=frozenset({"supervisor"}),
                       note="同意评为优秀")
    return evaluation


def test_a_meeting_without_the_evaluation_or_with_it_switched_off_hands_over_nothing(life_meeting):
    assert phase_records(life_meeting, PROVIDER) is None
    Evaluation.objects.create(meeting=life_meeting, enabled=False)
    assert phase_records(life_meeting, PROVIDER) is None


def test_the_forms_are_listed_and_build_and_a_draft_registration_is_not(branch_cast, evaluated):
    records = phase_records(evaluated.meeting, PROVIDER)
    registration = registration_for(evaluation=evaluated, person=branch_cast.member.person)
    assert [(d.kind, d.source) for d in records.documents] == [
        ("evaluation_registration", registration),
        ("evaluation_score_sheet", evaluated),
        ("evaluation_summary_doc", evaluated),
        ("evaluation_summary", evaluated),
        ("evaluation_report", evaluated),
    ]
    assert records.documents[0].title == "民主评议党员登记表（李委员）"
    built = every_document_builds(records)
    assert document_pdf(built[0]).startswith(b"%PDF")
    assert DRAFT_TEXT not in history_text(records)


def test_the_history_holds_the_registration_and_grade_steps_and_no_voter(branch_cast, evaluated):
    records = phase_records(evaluated.meeting, PROVIDER)
    steps = [(d.what, d.who, d.comment, d.subject) for d in records.decisions]
    assert ("提交支部审定", "李委员", "", "李委员的民主评议党员登记表") in steps
    assert ("审定通过", "张书记", "", "李委员的民主评议党员登记表") in steps
    assert any(who == "赵督导" and what.endswith("：优秀") and comment == "同意评为优秀" for what, who, comment, _ in steps)
    # The voters who did nothing else in their own name are named nowhere: 王同志 (member3),
    # 陈同志 (member5), 黄同志 (member7) scored; nothing of the round reaches the history.
    text = history_text(records)
    for name in ("王同志", "陈同志", "黄同志"):
        assert name not in text
    assert {d.who for d in records.decisions} <= {"李委员", "张书记", "赵督导"}


def test_listing_costs_the_same_however_many_members(branch_cast, evaluated, django_assert_num_queries):
    for username in ("member3", "member5"):
        user = getattr(branch_cast, username)
        registration = _write(evaluated, user, "认真学习。")
        registration_transition(registration=registration, name="submit", actor=user, roles=frozenset({"author"}))
    with django_assert_num_queries(4):
        records = phase_records(evaluated.meeting, PROVIDER)
    assert len(records.documents) == 7
