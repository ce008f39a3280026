"""转入下一次 (issue 13; seed 003 §六(三)): an unfinished item is carried with a reason, stays
the same row with its history, and belongs to the organisation's next meeting of the same
kind from the day that meeting exists; 回头看 of an archived meeting's closed item goes
through the next meeting; the next meeting's outlines and preparation report show them."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from inspections.carryover import carryover_items
from meetings.models import MeetingKind, Stage
from proceedings.carryover import last_year_items
from rectification.access import ItemRole, ensure_item_editable, get_item_for_user, governing_meeting
from rectification.carryover import (
    CarryError,
    item_carry,
    item_carry_undo,
    item_reexamine,
    items_carry,
    next_meeting,
)
from rectification.models import Item, ItemEvent, ItemStatus

from .carryover_fixtures import DRAFT_TEXT, draft, force_archived, lists, next_year  # noqa: F401


def test_carrying_keeps_the_item_open_with_its_reason_and_history(cast, lists):
    item = lists.mine_open
    item_carry(item=item, reason="涉及体制调整，年内无法完成。", actor=cast.office)
    row = Item.objects.get(pk=item.pk)
    assert row.status == ItemStatus.OPEN
    assert row.carried_at is not None and row.carry_reason == "涉及体制调整，年内无法完成。"
    assert row.carried_from == lists.mine.meeting and row.carried_to is None
    event = ItemEvent.objects.get(item=item, action="carry")
    assert (event.actor, event.note, event.label) == (cast.office, "涉及体制调整，年内无法完成。", "转入下一次会议")


def test_carrying_needs_a_reason(cast, lists):
    with pytest.raises(CarryError, match="请填写转入下一次会议的原因"):
        item_carry(item=lists.mine_open, reason="  ", actor=cast.office)
    assert Item.objects.get(pk=lists.mine_open.pk).carried_at is None


def test_a_closed_item_is_not_carried(cast, lists):
    with pytest.raises(CarryError, match="已销号"):
        item_carry(item=lists.mine_closed, reason="原因", actor=cast.office)


def test_an_item_is_carried_once(cast, lists):
    item_carry(item=lists.mine_open, reason="原因", actor=cast.office)
    with pytest.raises(CarryError, match="已转入下一次会议"):
        item_carry(item=lists.mine_open, reason="另一个原因", actor=cast.office)
    assert Item.objects.get(pk=lists.mine_open.pk).carry_reason == "原因"


def test_carrying_waits_for_the_rectification_stage(cast, lists, held_meeting):
    held_meeting.__class__.objects.filter(pk=held_meeting.pk).update(stage=Stage.HELD)
    with pytest.raises(CarryError, match="整改落实阶段"):
        item_carry(item=lists.mine_open, reason="原因", actor=cast.office)


def test_several_items_are_carried_all_or_none(cast, lists):
    with pytest.raises(CarryError):
        items_carry(items_reasons=[(lists.mine_open, "原因一"), (lists.mine_closed, "原因二")], actor=cast.office)
    assert not Item.objects.filter(carried_at__isnull=False).exists()


def test_the_next_meeting_takes_the_carried_items_when_it_is_created(cast, lists, held_meeting):
    item_carry(item=lists.mine_open, reason="跨年度推进", actor=cast.office)
    force_archived(held_meeting)
    following = next_year(cast)
    row = Item.objects.get(pk=lists.mine_open.pk)
    assert row.carried_to == following
    assert governing_meeting(row) == following


def test_an_item_carried_after_the_next_meeting_exists_goes_there_at_once(cast, lists, held_meeting):
    following = next_year(cast)
    item_carry(item=lists.chair, reason="跨年度推进", actor=cast.office)
    assert Item.objects.get(pk=lists.chair.pk).carried_to == following


def test_another_organisations_or_kinds_meeting_takes_nothing(cast, lists):
    item_carry(item=lists.chair, reason="跨年度推进", actor=cast.office)
    next_year(cast, kind=MeetingKind.ORGANIZATION_LIFE)
    next_year(cast, organization=cast.edu)
    assert Item.objects.get(pk=lists.chair.pk).carried_to is None


def test_the_next_meeting_is_the_first_created_after_this_one(cast, held_meeting):
    first, second = next_year(cast), next_year(cast, year=2028)
    assert next_meeting(held_meeting) == first
    assert next_meeting(first) == second
    assert next_meeting(second) is None


def test_a_carry_is_undone_while_the_meeting_is_not_archived(cast, lists):
    item_carry(item=lists.mine_open, reason="跨年度推进", actor=cast.office)
    item_carry_undo(item=lists.mine_open, actor=cast.office)
    row = Item.objects.get(pk=lists.mine_open.pk)
    assert (row.carried_at, row.carry_reason, row.carried_from, row.carried_to) == (None, "", None, None)
    assert list(row.events.values_list("action", flat=True)) == ["carry", "carry_undo"]


def test_a_carry_is_not_undone_once_archived(cast, lists, held_meeting):
    item_carry(item=lists.mine_open, reason="跨年度推进", actor=cast.office)
    force_archived(held_meeting)
    with pytest.raises(PermissionDenied, match="已归档"):
        item_carry_undo(item=lists.mine_open, actor=cast.office)


def test_an_item_carried_on_a_second_time_undoes_back_into_the_meeting_it_was_carried_into(cast, lists, held_meeting):
    item_carry(item=lists.mine_open, reason="第一次转入", actor=cast.office)
    force_archived(held_meeting)
    following = next_year(cast)
    following.__class__.objects.filter(pk=following.pk).update(stage=Stage.RECTIFYING)
    following.refresh_from_db()
    item_carry(item=lists.mine_open, reason="第二次转入", actor=cast.office)
    row = Item.objects.get(pk=lists.mine_open.pk)
    assert (row.carried_from, row.carried_to, row.carry_reason) == (following, None, "第二次转入")
    item_carry_undo(item=row, actor=cast.office)
    row.refresh_from_db()
    assert (row.carried_to, row.carry_reason) == (following, "第一次转入")


# --- 回头看 across years ----------------------------------------------------------------


def test_a_closed_item_of_an_archived_meeting_is_reexamined_through_the_next_meeting(cast, lists, held_meeting):
    force_archived(held_meeting)
    following = next_year(cast)
    item_reexamine(item=lists.mine_closed, meeting=following, reason="回头看发现问题反弹。", actor=cast.secretary)
    row = Item.objects.get(pk=lists.mine_closed.pk)
    assert row.status == ItemStatus.OPEN and row.closed_at is None
    assert (row.carried_to, row.carry_reason) == (following, "回头看发现问题反弹。")
    event = row.events.get(action="reexamine")
    assert (event.from_status, event.to_status) == (ItemStatus.CLOSED, ItemStatus.OPEN)


def test_reexamining_across_years_needs_the_meeting_archived(cast, lists, held_meeting):
    following = next_year(cast)
    with pytest.raises(CarryError, match="尚未归档"):
        item_reexamine(item=lists.mine_closed, meeting=following, reason="原因", actor=cast.secretary)


def test_reexamining_goes_only_through_the_next_meeting(cast, lists, held_meeting):
    force_archived(held_meeting)
    next_year(cast)
    later = next_year(cast, year=2028)
    with pytest.raises(CarryError, match="下一次会议"):
        item_reexamine(item=lists.mine_closed, meeting=later, reason="原因", actor=cast.secretary)


def test_reexamining_needs_a_closed_item_and_a_reason(cast, lists, held_meeting):
    force_archived(held_meeting)
    following = next_year(cast)
    with pytest.raises(CarryError, match="原因"):
        item_reexamine(item=lists.mine_closed, meeting=following, reason="", actor=cast.secretary)
    with pytest.raises(CarryError, match="已销号"):
        item_reexamine(item=lists.mine_open, meeting=following, reason="原因", actor=cast.secretary)


# --- access in the next meeting ---------------------------------------------------------


@pytest.fixture
def carried_on(cast, lists, held_meeting):
    """李委员's open item carried, the meeting archived, next year's meeting created."""
    item_carry(item=lists.mine_open, reason="跨年度推进", actor=cast.office)
    force_archived(held_meeting)
    return next_year(cast)


def test_a_carried_item_is_read_by_the_new_meetings_office_and_reported_on_by_its_owner(cast, lists, carried_on):
    item, access = get_item_for_user(cast.office, lists.mine_open.pk)
    assert access.meeting.is_office and access.has(ItemRole.VERIFIER)
    item, access = get_item_for_user(cast.member, lists.mine_open.pk, require=(ItemRole.REPORTER,))
    assert access.has(ItemRole.REPORTER)
    ensure_item_editable(item)  # the old meeting is archived; the item answers to the new one


def test_a_carried_item_is_404_for_an_outsider_and_a_colleague(cast, lists, carried_on, team7):
    with pytest.raises(Http404):
        get_item_for_user(cast.outsider, lists.mine_open.pk)
    with pytest.raises(Http404):
        get_item_for_user(team7.users[2], lists.mine_open.pk)


def test_a_carried_item_waiting_for_the_next_meeting_is_read_only_once_archived(cast, lists, held_meeting):
    item_carry(item=lists.mine_open, reason="跨年度推进", actor=cast.office)
    force_archived(held_meeting)
    item = Item.objects.get(pk=lists.mine_open.pk)
    with pytest.raises(PermissionDenied, match="已归档"):
        ensure_item_editable(item)


def test_an_archived_meetings_item_not_carried_stays_read_only(cast, lists, carried_on):
    with pytest.raises(PermissionDenied):
        ensure_item_editable(Item.objects.get(pk=lists.chair.pk))


# --- the providers ----------------------------------------------------------------------


def test_the_authors_outline_shows_their_carried_items_as_old_accounts(cast, lists, carried_on):
    found = carryover_items(cast.member.person, carried_on)
    assert [(i.title, i.status, i.deadline) for i in found] == [
        ("对分管领域的督促检查不够，跟踪问效不及时。", "旧账·正在整改", "2027年3月31日")
    ]
    assert found[0].detail == "转入原因：跨年度推进"
    assert carryover_items(cast.secretary.person, carried_on) == []


def test_the_team_material_shows_the_teams_carried_items(cast, lists, held_meeting):
    following = next_year(cast)
    item_carry(item=lists.team_dept, reason="需上级统筹", actor=cast.office)
    assert [i.title for i in carryover_items(None, following)] == ["政务服务事项办理时限偏长。"]
    assert carryover_items(cast.member.person, following) == []


def test_the_preparation_report_counts_every_item_of_the_previous_meeting(cast, lists, held_meeting):
    item_carry(item=lists.mine_open, reason="跨年度推进", actor=cast.office)
    for item in (lists.team_member, lists.team_dept, lists.chair):
        Item.objects.filter(pk=item.pk).update(status=ItemStatus.CLOSED)
    force_archived(held_meeting)
    following = next_year(cast)
    found = {i.title: (i.done, i.status) for i in last_year_items(following)}
    assert len(found) == 5
    assert found["对分管领域的督促检查不够，跟踪问效不及时。"] == (False, "转入本次会议继续整改")
    assert found["理论学习不够系统，学用结合不紧。"] == (True, "已完成")
    assert last_year_items(held_meeting) == []  # no meeting before it


def test_the_preparation_report_leaves_out_the_items_of_lists_never_approved(cast, lists, draft, held_meeting):
    # The report goes to the 督导组: a member's unsubmitted draft is not last year's rectification.
    item_carry(item=lists.mine_open, reason="跨年度推进", actor=cast.office)
    force_archived(held_meeting)
    titles = [i.title for i in last_year_items(next_year(cast))]
    assert len(titles) == 5
    assert DRAFT_TEXT not in titles and draft.waiting_item.problem not in titles


def test_an_item_of_a_list_not_approved_is_not_carried(cast, lists, draft):
    for item in (draft.never_item, draft.waiting_item):
        with pytest.raises(CarryError, match="整改清单尚未批准"):
            item_carry(item=item, reason="跨年度推进", actor=cast.office)
    assert not Item.objects.filter(carried_at__isnull=False).exists()


# --- the office's page: carry several at once ------------------------------------------


def _carry_url(meeting):
    return f"/rectification/{meeting.pk}/carry/"


def test_the_carry_page_sends_anonymous_readers_to_log_in(client, held_meeting):
    response = client.get(_carry_url(held_meeting))
    assert response.status_code == 302 and "/login" in response["Location"]


def test_the_carry_page_is_the_offices(cast, login, lists, held_meeting):
    assert login(cast.outsider).get(_carry_url(held_meeting)).status_code == 404
    assert login(cast.member).get(_carry_url(held_meeting)).status_code == 403
    page = login(cast.office).get(_carry_url(held_meeting))
    assert page.status_code == 200
    text = page.content.decode()
    assert "对分管领域的督促检查不够，跟踪问效不及时。" in text and "听取不同意见不够耐心。" in text
    assert "理论学习不够系统" not in text  # closed: nothing to carry


def test_the_carry_page_shows_no_text_of_a_list_not_approved_only_how_many(cast, login, lists, draft,
                                                                           held_meeting):
    client = login(cast.office)
    page = client.get(_carry_url(held_meeting)).content.decode()
    assert "对分管领域的督促检查不够，跟踪问效不及时。" in page
    assert DRAFT_TEXT not in page and draft.waiting_item.problem not in page
    assert "2份个人整改清单尚未批准" in page
    assert "共有整改事项5项" in page  # the approved lists' items only
    client.post(_carry_url(held_meeting), {"shared_reason": "原因", f"carry_{draft.never_item.pk}": "on"})
    assert Item.objects.get(pk=draft.never_item.pk).carried_at is None


def test_the_office_carries_several_items_with_a_shared_reason(cast, login, lists, held_meeting):
    client = login(cast.office)
    response = client.post(_carry_url(held_meeting), {
        "shared_reason": "涉及跨年度工程，需持续推进。",
        f"carry_{lists.mine_open.pk}": "on",
        f"carry_{lists.chair.pk}": "on", f"reason_{lists.chair.pk}": "需上级协调。",
    })
    assert response.status_code == 302
    reasons = dict(Item.objects.filter(carried_at__isnull=False).values_list("pk", "carry_reason"))
    assert reasons == {lists.mine_open.pk: "涉及跨年度工程，需持续推进。", lists.chair.pk: "需上级协调。"}
    page = client.get(_carry_url(held_meeting)).content.decode()
    assert "已转入下一次会议的事项" in page and "撤销转入" in page


def test_a_ticked_item_without_any_reason_saves_nothing_and_says_which(cast, login, lists, held_meeting):
    response = login(cast.office).post(_carry_url(held_meeting), {
        f"carry_{lists.mine_open.pk}": "on", f"reason_{lists.mine_open.pk}": "原因",
        f"carry_{lists.chair.pk}": "on",
    })
    assert response.status_code == 200
    assert "请填写转入原因，或在上方填写统一的转入原因" in response.content.decode()
    assert not Item.objects.filter(carried_at__isnull=False).exists()


def test_nothing_ticked_is_said_plainly(cast, login, lists, held_meeting):
    response = login(cast.office).post(_carry_url(held_meeting), {"shared_reason": "原因"})
    assert "请勾选要转入下一次会议的事项" in response.content.decode()


def test_the_office_undoes_a_carry_from_the_page(cast, login, lists, held_meeting):
    item_carry(item=lists.chair, reason="原因", actor=cast.office)
    response = login(cast.office).post(f"{_carry_url(held_meeting)}{lists.chair.pk}/undo/")
    assert response.status_code == 302
    assert Item.objects.get(pk=lists.chair.pk).carried_at is None


def test_an_archived_meetings_carry_page_refuses_to_carry(cast, login, lists, held_meeting):
    force_archived(held_meeting)
    response = login(cast.office).post(_carry_url(held_meeting), {"shared_reason": "原因",
                                                                  f"carry_{lists.chair.pk}": "on"})
    assert response.status_code == 403
    assert Item.objects.get(pk=lists.chair.pk).carried_at is None


def test_the_carry_page_costs_the_same_queries_for_5_and_50_items(cast, login, lists, held_meeting,
                                                                     same_queries_at_5_and_50):
    from .carryover_fixtures import item_add

    client = login(cast.office)
    Item.objects.all().delete()

    def grow(n):
        for i in range(Item.objects.count(), n):
            item = item_add(lists.mine if i % 2 else lists.team, f"第{i}项整改事项")
            if i % 5 == 0:
                item_carry(item=item, reason="原因", actor=cast.office)

    same_queries_at_5_and_50(grow, lambda: client.get(_carry_url(held_meeting)))


# --- the next meeting's 旧账 page ------------------------------------------------------------


def _carried_url(meeting):
    return f"/rectification/{meeting.pk}/carried/"


def test_the_old_accounts_page_shows_each_reader_what_they_may_read(cast, login, lists, held_meeting, team7):
    for item in (lists.mine_open, lists.chair, lists.team_dept):
        item_carry(item=item, reason="跨年度推进", actor=cast.office)
    force_archived(held_meeting)
    following = next_year(cast)
    assert login(cast.outsider).get(_carried_url(following)).status_code == 404
    office = login(cast.office).get(_carried_url(following)).content.decode()
    assert all(text in office for text in ("督促检查不够", "听取不同意见", "政务服务事项"))
    member = login(cast.member).get(_carried_url(following)).content.decode()
    assert "督促检查不够" in member and "政务服务事项" in member
    assert "听取不同意见" not in member  # a colleague's personal item


def test_the_secretary_reexamines_last_times_closed_item_from_the_page(cast, login, lists, held_meeting):
    force_archived(held_meeting)
    following = next_year(cast)
    client = login(cast.secretary)
    assert "理论学习不够系统" in client.get(_carried_url(following)).content.decode()
    client.post(f"{_carried_url(following)}{lists.mine_closed.pk}/reexamine/", {"reason": ""})
    assert Item.objects.get(pk=lists.mine_closed.pk).status == ItemStatus.CLOSED
    client.post(f"{_carried_url(following)}{lists.mine_closed.pk}/reexamine/", {"reason": "问题反弹。"})
    assert Item.objects.get(pk=lists.mine_closed.pk).carried_to == following
    assert login(cast.member).post(f"{_carried_url(following)}{lists.mine_closed.pk}/reexamine/",
                                   {"reason": "x"}).status_code == 403


def test_the_preparation_reports_draft_names_last_years_unfinished_item(cast, lists, held_meeting):
    from proceedings.preparation import preparation_figures, report_sections

    item_carry(item=lists.mine_open, reason="跨年度推进", actor=cast.office)
    for item in (lists.team_member, lists.team_dept, lists.chair):
        Item.objects.filter(pk=item.pk).update(status=ItemStatus.CLOSED)
    force_archived(held_meeting)
    sections, _ = report_sections(preparation_figures(next_year(cast)))
    [section] = [s for s in sections if s["key"] == "rectification"]
    assert "整改事项共5项，已完成4项，正在整改1项" in section["text"]
    assert "对分管领域的督促检查不够，跟踪问效不及时。（转入本次会议继续整改）" in section["text"]


def test_the_owner_is_told_their_item_goes_on_in_the_next_meeting(cast, lists, held_meeting,
                                                                  django_capture_on_commit_callbacks):
    from notifications.models import Notification

    following = next_year(cast)
    with django_capture_on_commit_callbacks(execute=True):
        item_carry(item=lists.mine_open, reason="跨年度推进", actor=cast.office)
    notice = Notification.objects.get(recipient=cast.member)
    assert f"转入{following.title}继续整改" in notice.body and "原因：跨年度推进" in notice.body
    assert notice.url == f"/rectification/{following.pk}/carried/"


def test_the_old_accounts_page_costs_the_same_queries_for_5_and_50_items(cast, login, lists, held_meeting,
                                                                           same_queries_at_5_and_50):
    from .carryover_fixtures import item_add

    force_archived(held_meeting)
    following = next_year(cast)
    client = login(cast.member)

    def grow(n):
        while Item.objects.filter(carried_to=following).count() < n:
            count = Item.objects.count()
            item = item_add(lists.mine if count % 2 else lists.team, f"第{count}项整改事项")
            Item.objects.filter(pk=item.pk).update(carried_at=held_meeting.created_at, carry_reason="原因",
                                                   carried_from=held_meeting, carried_to=following)

    same_queries_at_5_and_50(grow, lambda: client.get(_carried_url(following)))


def test_the_item_page_panel_says_where_a_carried_item_went(cast, lists, held_meeting):
    from django.template.loader import render_to_string

    from rectification.phase_carryover import carry_panel

    assert carry_panel(lists.mine_open, None, None) is None
    following = next_year(cast)
    item_carry(item=lists.mine_open, reason="跨年度推进", actor=cast.office)
    html = render_to_string("rectification/_carry_panel.html", carry_panel(lists.mine_open, None, None))
    assert f"已转入“{following.title}”继续整改" in html and f"由“{held_meeting.title}”转出" in html
    assert "原因：跨年度推进" in html


def test_the_old_accounts_page_sends_anonymous_readers_to_log_in(client, held_meeting):
    response = client.get(_carried_url(held_meeting))
    assert response.status_code == 302 and "/login" in response["Location"]


def test_the_next_meetings_rectification_page_shows_each_reader_their_old_accounts(cast, login, lists, held_meeting,
                                                                                     team7):
    for item in (lists.mine_open, lists.chair):
        item_carry(item=item, reason="跨年度推进", actor=cast.office)
    force_archived(held_meeting)
    following = next_year(cast)
    office = login(cast.office).get(f"/rectification/{following.pk}/").content.decode()
    assert "旧账" in office and "督促检查不够" in office and "听取不同意见" in office
    member = login(cast.member).get(f"/rectification/{following.pk}/").content.decode()
    assert "督促检查不够" in member and "听取不同意见" not in member  # a colleague's personal item
