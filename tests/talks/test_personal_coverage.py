"""One person's own pairs, computed without the roster's whole matrix ("my work", issue 11)."""

from talks.coverage import coverages, meeting_coverage
from talks.selectors import personal_lines

from .conftest import branch_meeting_with


def _lines(coverage, pid):
    return [(line.other.pk, line.status.state, line.status.is_priority) for line in personal_lines(coverage, pid)]


def test_a_persons_own_coverage_gives_the_same_lines_as_the_whole_matrix(cast):
    branch = branch_meeting_with(12, parent=cast.gov)
    whole = meeting_coverage(branch.meeting)
    for someone in (branch.people[0], branch.people[1], branch.people[7]):  # secretary, committee, member
        own = coverages([branch.meeting], person_id=someone.pk)[branch.meeting.pk]
        assert _lines(own, someone.pk) == _lines(whole, someone.pk)
        assert all(someone.pk in key for key in own.pairs)  # the others' pairs are not built
        assert own.total.required == 11 < whole.total.required


def test_a_persons_own_coverage_reads_only_their_talks(cast):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    branch = branch_meeting_with(12, parent=cast.gov)
    member = branch.people[7]
    with CaptureQueriesContext(connection) as queries:
        coverages([branch.meeting], person_id=member.pk)
    [talks] = [q["sql"] for q in queries if 'FROM "talks_talk"' in q["sql"]]
    assert f'"person_a_id" = {member.pk}' in talks and f'"person_b_id" = {member.pk}' in talks
