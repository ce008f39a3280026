"""The meeting moves to 已归档 only when every item it holds is closed or carried over with a
reason (issue 13); the 整改落实 milestone follows the same rule; the checklist shows the counts."""

import pytest
from django.utils import timezone

from meetings.models import MilestoneKind, Stage
from meetings.progress import meeting_checklist
from meetings.workflow import TransitionError
from rectification.carryover import archive_blockers, item_carry, item_carry_undo, rectification_milestone_sync
from rectification.models import Item, ItemStatus

from .carryover_fixtures import (  # noqa: F401
    DRAFT_TEXT,
    archive,
    draft,
    force_archived,
    item_add,
    lists,
    next_year,
    unapproved_list,
)


def _close(*items):
    Item.objects.filter(pk__in=[i.pk for i in items]).update(status=ItemStatus.CLOSED, closed_at=timezone.now())


def _milestone(meeting):
    return meeting.milestones.get(kind=MilestoneKind.RECTIFICATION)


def test_archiving_is_refused_while_items_are_neither_closed_nor_carried(cast, lists, held_meeting):
    Item.objects.filter(pk=lists.chair.pk).update(status=ItemStatus.CLOSING)
    assert archive_blockers(held_meeting) == [
        "尚有4项整改事项既未销号、也未转入下一次会议（整改中3项、待销号1项），不能归档："
        "请逐项销号，或在“转入下一次会议”页写明原因后转入"
    ]
    with pytest.raises(TransitionError, match="尚有4项整改事项"):
        archive(held_meeting, cast)
    held_meeting.refresh_from_db()
    assert held_meeting.stage == Stage.RECTIFYING


def test_the_items_of_lists_not_approved_are_not_counted_as_the_meetings(cast, lists, draft, held_meeting):
    # 王委员's draft (never submitted) and 刘委员's waiting list: not items to close or carry.
    Item.objects.filter(pk=lists.chair.pk).update(status=ItemStatus.CLOSING)
    assert archive_blockers(held_meeting)[0].startswith("尚有4项整改事项既未销号、也未转入下一次会议（整改中3项、待销号1项）")


def test_lists_not_approved_hold_the_archive_without_showing_their_text(cast, lists, draft, held_meeting):
    _close(lists.team_member, lists.team_dept, lists.chair, lists.mine_open)
    reasons = archive_blockers(held_meeting)
    assert reasons == ["有2份个人整改清单尚未批准，不能归档：请督促本人提交、书记审批后再逐项销号或转入下一次会议"]
    assert not rectification_milestone_sync(meeting=held_meeting, actor=cast.office)
    with pytest.raises(TransitionError, match="2份个人整改清单尚未批准"):
        archive(held_meeting, cast)
    row = next(r for r in _section(held_meeting).items if r.label == "整改事项全部销号或转入下一次会议")
    assert (row.done, row.detail) == (False, "共5项：已销号5项，转入下一次0项；另有2份整改清单尚未批准")
    assert DRAFT_TEXT not in "".join(reasons) + row.detail


def test_a_team_list_not_approved_holds_the_archive_too(cast, held_meeting):
    team = unapproved_list(held_meeting, None)
    item_add(team, "政务服务事项办理时限偏长。")
    assert archive_blockers(held_meeting) == [
        "领导班子整改清单尚未批准，不能归档：请提交审批后再逐项销号或转入下一次会议"
    ]


def test_an_empty_list_not_approved_holds_nothing(cast, lists, held_meeting, team7):
    unapproved_list(held_meeting, team7.people[2])
    _close(lists.team_member, lists.team_dept, lists.chair, lists.mine_open)
    assert archive_blockers(held_meeting) == []


def test_a_carried_item_without_a_reason_holds_the_archive(cast, lists, held_meeting):
    _close(lists.team_member, lists.team_dept, lists.chair)
    item_carry(item=lists.mine_open, reason="跨年度推进", actor=cast.office)
    Item.objects.filter(pk=lists.mine_open.pk).update(carry_reason="")
    assert archive_blockers(held_meeting) == ["有1项转入下一次会议的整改事项未写明原因，不能归档"]


def test_the_meeting_is_archived_once_every_item_is_closed_or_carried(cast, lists, held_meeting):
    _close(lists.team_member, lists.team_dept, lists.chair)
    assert not _milestone(held_meeting).is_done
    item_carry(item=lists.mine_open, reason="跨年度推进", actor=cast.office)
    assert archive_blockers(held_meeting) == []
    assert _milestone(held_meeting).is_done  # ticked by the last carry
    archive(held_meeting, cast)
    held_meeting.refresh_from_db()
    assert held_meeting.stage == Stage.ARCHIVED


def test_undoing_a_carry_takes_the_milestone_back(cast, lists, held_meeting):
    _close(lists.team_member, lists.team_dept, lists.chair)
    item_carry(item=lists.mine_open, reason="跨年度推进", actor=cast.office)
    item_carry_undo(item=lists.mine_open, actor=cast.office)
    assert not _milestone(held_meeting).is_done
    with pytest.raises(TransitionError, match="尚有1项"):
        archive(held_meeting, cast)


def test_the_milestone_sync_ticks_it_when_all_are_closed(cast, lists, held_meeting):
    assert rectification_milestone_sync(meeting=held_meeting, actor=cast.office) is False
    _close(lists.team_member, lists.team_dept, lists.chair, lists.mine_open)
    assert rectification_milestone_sync(meeting=held_meeting, actor=cast.office) is True
    assert _milestone(held_meeting).done_by == cast.office


def test_a_meeting_without_items_is_not_settled_by_the_sync(cast, held_meeting):
    assert rectification_milestone_sync(meeting=held_meeting, actor=cast.office) is False


def test_the_next_meeting_holds_the_carried_items_until_they_are_closed_or_carried_on(cast, lists, held_meeting):
    _close(lists.team_member, lists.team_dept, lists.chair)
    item_carry(item=lists.mine_open, reason="跨年度推进", actor=cast.office)
    force_archived(held_meeting)
    following = next_year(cast)
    assert archive_blockers(following)[0].startswith("尚有1项整改事项")
    _close(lists.mine_open)
    assert archive_blockers(following) == []


def _section(meeting):
    return next(s for s in meeting_checklist(meeting) if s.key == "carryover")


def test_the_checklist_shows_the_counts(cast, lists, held_meeting):
    _close(lists.team_member)
    item_carry(item=lists.mine_open, reason="跨年度推进", actor=cast.office)
    [row] = _section(held_meeting).items
    assert (row.label, row.done) == ("整改事项全部销号或转入下一次会议", False)
    assert row.detail == "共5项：已销号2项，转入下一次1项，尚未销号2项"


def test_the_next_meetings_checklist_counts_its_old_accounts(cast, lists, held_meeting):
    item_carry(item=lists.mine_open, reason="跨年度推进", actor=cast.office)
    following = next_year(cast)
    rows = {row.label: row for row in _section(following).items}
    assert rows["上次会议转入的旧账全部销号"].detail == "转入1项，已销号0项"


def test_a_meeting_in_preparation_without_old_accounts_has_no_such_section(cast, meeting):
    assert all(s.key != "carryover" for s in meeting_checklist(meeting))


@pytest.mark.parametrize("role", ["office", "secretary", "member", "supervisor"])
def test_the_checklists_carry_links_open_for_whoever_sees_them(cast, login, lists, held_meeting, role):
    import re

    item_carry(item=lists.mine_open, reason="跨年度推进", actor=cast.office)
    following = next_year(cast)
    client = login(getattr(cast, role))
    for meeting in (held_meeting, following):
        page = client.get(f"/meetings/{meeting.pk}/").content.decode()
        section = page.split('id="phase-carryover"', 1)[1].split("</ul>", 1)[0]
        links = set(re.findall(r'<a [^>]*href="(/[^"#]*)"', section))
        assert ("/carry/" in "".join(links)) == (role == "office" and meeting == held_meeting)
        refused = {url: client.get(url).status_code for url in links}
        assert {url: status for url, status in refused.items() if status in (403, 404)} == {}


def test_the_office_confirms_the_milestone_on_the_carry_page_once_all_are_closed(cast, login, lists, held_meeting):
    client = login(cast.office)
    url = f"/rectification/{held_meeting.pk}/carry/settle/"
    client.post(url)
    assert not _milestone(held_meeting).is_done  # items still open: refused
    _close(lists.team_member, lists.team_dept, lists.chair, lists.mine_open)
    assert "确认整改落实已完成" in client.get(f"/rectification/{held_meeting.pk}/carry/").content.decode()
    client.post(url)
    assert _milestone(held_meeting).is_done
    assert login(cast.secretary).post(url).status_code == 403
