"""A held scope (a round's ballot box) is written only when the round closes: not by the
batch size, not by the job after midnight."""

from datetime import timedelta

import pytest
from django.utils import timezone

from anonymity.models import PendingRow
from anonymity.writes import anonymous_flush, anonymous_flush_due, anonymous_write, held_scope
from evaluation.models import CommitteeBallot, RoundAccess
from evaluation.scoring import round_create

pytestmark = pytest.mark.django_db


def _ballot(round):
    return CommitteeBallot(round_id=round.pk, rating_1=1, rating_2=1, rating_3=1, rating_4=1, rating_5=1)


def test_held_rows_wait_past_the_batch_size_and_past_midnight(settings, branch_cast, evaluation):
    settings.ANONYMOUS_BATCH_SIZE = 2
    round = round_create(evaluation=evaluation, access=RoundAccess.ACCOUNTS, minimum_voters=5,
                         with_committee=True, actor=branch_cast.office)
    assert round.scope == held_scope(f"evaluation-round:{round.pk}")
    for _ in range(3):
        anonymous_write(_ballot(round), scope=round.scope)
    assert not CommitteeBallot.objects.exists()
    PendingRow.objects.update(day=timezone.localdate() - timedelta(days=1))
    assert anonymous_flush_due() == 0
    assert anonymous_flush_due(scope=round.scope) == 0
    assert anonymous_flush(before=timezone.localdate()) == 0  # the whole-table flush leaves them too
    assert PendingRow.objects.count() == 3
    assert anonymous_flush(scope=round.scope) == 3
    assert CommitteeBallot.objects.count() == 3
