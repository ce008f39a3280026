from proceedings.models import Criticism, SupervisorComment


def test_the_held_meeting_has_criticisms_and_a_comment_in_its_minutes(held_meeting):
    assert held_meeting.stage == "rectifying" and held_meeting.held_on.isoformat() == "2026-12-10"
    givers = sorted(Criticism.objects.filter(sitting__meeting=held_meeting).values_list("giver__name", flat=True))
    assert givers == ["张书记", "张书记", "李委员"]
    assert SupervisorComment.objects.filter(sitting__meeting=held_meeting).count() == 1
