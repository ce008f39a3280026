"""Guards a review found missing: no new sitting while halted, no presses once the minutes
are finished, no 登记表 started on an archived meeting."""

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from meetings.models import Meeting, Stage
from proceedings.mode import mode_refusal
from proceedings.rotation import RotationError, sitting_prepare


def test_a_halted_meeting_gets_no_new_sitting_until_it_is_prepared_and_agreed_again(cast, ready_meeting):
    Meeting.objects.filter(pk=ready_meeting.pk).update(stage=Stage.HALTED)
    ready_meeting.refresh_from_db()
    with pytest.raises(RotationError, match="叫停"):
        sitting_prepare(meeting=ready_meeting, actor=cast.office)
    assert not ready_meeting.sittings.exists()


def test_meeting_mode_takes_no_presses_once_the_minutes_are_finished(sitting):
    assert mode_refusal(sitting.meeting, sitting) == ""
    sitting.minutes_finished_at = timezone.now()
    assert "会议记录已完成" in mode_refusal(sitting.meeting, sitting)


def test_no_registration_is_started_on_an_archived_meeting(cast):
    from evaluation.models import Evaluation, Registration
    from evaluation.services import registration_for

    from ..evaluation.conftest import make_branch_cast, make_life_meeting

    branch_cast = make_branch_cast(cast)
    meeting = make_life_meeting(branch_cast)
    evaluation = Evaluation.objects.create(meeting=meeting)
    Meeting.objects.filter(pk=meeting.pk).update(stage=Stage.ARCHIVED)
    evaluation.meeting.refresh_from_db()
    with pytest.raises(PermissionDenied):
        registration_for(evaluation=evaluation, person=branch_cast.member.person)
    assert not Registration.objects.exists()
