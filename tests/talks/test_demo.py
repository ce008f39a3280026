"""The demo county's talks: the 县政府办党组 halfway through its 四必谈."""

from django.contrib.auth import get_user_model
from django.core.management import call_command

from meetings.models import Meeting
from talks.coverage import meeting_coverage
from talks.models import PairNote, Talk, TalkParticipant, TalkState
from talks.phase import talks_to_do

from .test_rules import only_the_talks_demo


def test_the_demo_has_representatives_talks_in_every_state_and_an_excused_pair(db, monkeypatch):
    only_the_talks_demo(monkeypatch)
    call_command("seed_demo")
    meeting = Meeting.objects.get(
        title__contains="专题民主生活会", organization__short_name="县政府办党组"
    )
    assert set(
        TalkParticipant.objects.filter(meeting=meeting, is_representative=True).values_list(
            "person__name", flat=True
        )
    ) == {"彭丽", "董雪", "曾强", "袁斌"}
    states = sorted(Talk.objects.filter(meeting=meeting).values_list("state", flat=True))
    assert states == sorted([TalkState.CONFIRMED] * 3 + [TalkState.RECORDED, TalkState.PLANNED])
    assert PairNote.objects.get(meeting=meeting).reason.startswith("吴静同志挂职期间")
    coverage = meeting_coverage(meeting)
    assert (coverage.total.required, coverage.total.done, coverage.total.excused) == (43, 3, 1)

    member = get_user_model().objects.get(username="member")
    assert "待确认" in [item.kind for item in talks_to_do(member)]
    branch_meeting = Meeting.objects.get(title__contains="第一党支部")
    assert (
        meeting_coverage(branch_meeting).priority.required == 2
    )  # 冯涛 (新发展) and 蒋红 (年老体弱)

    call_command("seed_demo")
    assert Talk.objects.filter(meeting=meeting).count() == 5
