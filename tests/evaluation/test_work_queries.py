"""What the evaluation's "my work" reads for a plain member: not the counts that wait on others."""

from evaluation.phase import evaluation_to_do
from meetings import progress


def test_a_plain_member_does_not_read_the_submitted_counts(branch_cast, evaluation, django_assert_num_queries):
    member = branch_cast.member5
    progress.work_providers(member)  # the request's permissions and person, read once
    assert member.person
    # The evaluations, their seats, offices, own registration, group opinions; 6 with the
    # submitted counts, which only the branch's secretary and office are shown.
    with django_assert_num_queries(5):
        titles = [i.title for i in evaluation_to_do(member)]
    assert titles == ["民主评议党员：撰写并提交自我鉴定"]


def test_the_secretary_still_reads_them(branch_cast, evaluation):
    from tests.evaluation.test_registration import _submitted

    _submitted(evaluation, branch_cast.member5)
    assert "审定党员自我鉴定：1份待审定" in [i.title for i in evaluation_to_do(branch_cast.secretary)]
