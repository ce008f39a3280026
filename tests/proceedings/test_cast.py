def test_the_team_has_seven_members_in_rank_order(ready_meeting, team7):
    from organizations.models import TeamMembership

    names = [m.person.name for m in TeamMembership.objects.filter(organization=ready_meeting.organization).in_rank_order()]
    assert names == ["张书记", "李委员", "王委员", "刘委员", "陈委员", "杨委员", "黄委员"]
