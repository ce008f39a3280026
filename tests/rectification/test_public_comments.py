"""Comments from the public on a disclosed item: anonymous (no identity, no time), kept
with the shared anonymous-write helper, shown to the office beside the item, and taken
into the next meeting's opinions."""

import logging

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client

from anonymity.models import PendingRow
from anonymity.nonce import nonce_issue
from anonymity.writes import anonymous_flush, check_anonymous_model
from feedback.models import Opinion
from feedback.services import solicitation_open
from meetings.models import MeetingKind
from rectification.disclosure import comment_scope, comment_take, item_key
from rectification.models import Disclosure, PublicComment
from rectification.phase_disclosure import comments_panel
from tests.factories import MeetingFactory

from .disclosure_fixtures import disclosure_cast, published  # noqa: F401

SENDER_IP = "203.0.113.77"
SENDER_AGENT = "Mozilla/5.0 (Android 14; 测试手机) sender-fingerprint"
COMMENT_COLUMNS = {"id", "item_id", "text", "received_on", "taken_into"}


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def _url(disclosure, item):
    return f"/rectification/p/{disclosure.token}/c/{item_key(disclosure, item.pk)}/"


def _post(client, disclosure, item, text="排队时间还是长，周末能否开窗口？", **extra):
    return client.post(_url(disclosure, item), {"text": text, "nonce": nonce_issue(), **extra},
                       REMOTE_ADDR=SENDER_IP, HTTP_USER_AGENT=SENDER_AGENT)


def _flush(disclosure):
    anonymous_flush(scope=comment_scope(disclosure))


def test_the_comment_table_has_only_the_columns_we_reasoned_about(db):
    with connection.cursor() as cursor:
        columns = {c.name for c in connection.introspection.get_table_description(cursor, PublicComment._meta.db_table)}
    assert columns == COMMENT_COLUMNS
    check_anonymous_model(PublicComment)  # a random key, a date and no time


def test_a_visitor_leaves_a_comment_that_holds_no_identity(cast, login, published, disclosure_cast, caplog):
    client = login(cast.member)  # even someone logged in stays anonymous here
    assert client.get(_url(published, disclosure_cast.queue)).status_code == 200
    with caplog.at_level(logging.DEBUG):
        response = _post(client, published, disclosure_cast.queue)
    assert response.status_code == 302 and response["Location"].endswith(f"/p/{published.token}/thanks/")
    # Waiting for its batch, not yet in the table.
    assert not PublicComment.objects.exists()
    assert PendingRow.objects.filter(scope=comment_scope(published)).count() == 1
    _flush(published)
    [comment] = PublicComment.objects.all()
    assert comment.item == disclosure_cast.queue and comment.text == "排队时间还是长，周末能否开窗口？"
    stored = " ".join(str(getattr(comment, f.attname)) for f in PublicComment._meta.concrete_fields)
    logged = " ".join(r.getMessage() for r in caplog.records)
    for trace in (SENDER_IP, SENDER_AGENT, "sender-fingerprint", cast.member.username, client.session.session_key):
        assert trace not in stored and trace not in logged


def test_too_long_a_comment_is_refused_with_a_message_and_kept_on_the_page(client, published, disclosure_cast):
    text = "长" * 1001
    response = _post(client, published, disclosure_cast.queue, text=text)
    assert response.status_code == 400
    page = response.content.decode()
    assert "留言最多1000字" in page and text in page
    assert not PendingRow.objects.exists()


def test_an_expired_page_keeps_what_was_typed(published, disclosure_cast):
    client = Client(enforce_csrf_checks=True)
    response = _post(client, published, disclosure_cast.queue, text="请公开办理时限")
    assert response.status_code == 403
    page = response.content.decode()
    assert "页面停留时间较长已失效" in page and "请公开办理时限" in page
    assert not PendingRow.objects.exists()


def test_a_flood_is_throttled_with_the_opinion_forms_limits(client, settings, published, disclosure_cast):
    settings.FEEDBACK_RATE_PER_CLIENT = 2
    assert _post(client, published, disclosure_cast.queue, text="一").status_code == 302
    assert _post(client, published, disclosure_cast.queue, text="二").status_code == 302
    response = _post(client, published, disclosure_cast.queue, text="三")
    assert response.status_code == 429 and "提交过于频繁" in response.content.decode()
    assert PendingRow.objects.count() == 2


def test_the_same_page_sent_twice_is_kept_once(client, published, disclosure_cast):
    data = {"text": "双击了两次", "nonce": nonce_issue()}
    assert client.post(_url(published, disclosure_cast.queue), data).status_code == 302
    again = client.post(_url(published, disclosure_cast.queue), data)
    assert "已经提交过" in again.content.decode()
    assert PendingRow.objects.count() == 1


def test_a_bot_is_thanked_and_nothing_is_kept(client, published, disclosure_cast):
    assert _post(client, published, disclosure_cast.queue, website="http://spam").status_code == 302
    assert not PendingRow.objects.exists()


def test_no_comment_on_an_undisclosed_item_or_when_comments_are_off_or_after_withdrawal(
    client, published, disclosure_cast
):
    assert _post(client, published, disclosure_cast.meetings).status_code == 404
    Disclosure.objects.filter(pk=published.pk).update(accepts_comments=False)
    assert client.get(_url(published, disclosure_cast.queue)).status_code == 404
    Disclosure.objects.filter(pk=published.pk).update(accepts_comments=True, withdrawn_at="2026-01-01T00:00Z")
    response = _post(client, published, disclosure_cast.queue)
    assert "公示暂未开放" in response.content.decode()
    assert not PendingRow.objects.exists()


def test_the_office_and_the_secretary_see_comments_beside_the_item_and_members_do_not(
    cast, client, published, disclosure_cast
):
    from rectification.access import get_item_for_user

    _post(client, published, disclosure_cast.study, text="调研要到村里去")
    _flush(published)
    for user in (cast.office, cast.secretary):
        item, access = get_item_for_user(user, disclosure_cast.study.pk)
        context = comments_panel(item, access, None)
        assert [c.text for c in context["comments"]] == ["调研要到村里去"]
        assert context["can_take"] == (user == cast.office)
    item, access = get_item_for_user(cast.member, disclosure_cast.study.pk)  # its owner
    assert comments_panel(item, access, None) is None


def test_the_disclosure_page_lists_the_comments_with_counts(cast, client, login, published, disclosure_cast):
    _post(client, published, disclosure_cast.queue, text="窗口要延时")
    _post(client, published, disclosure_cast.queue, text="自助机太少")
    _flush(published)
    page = login(cast.office).get(f"/rectification/{published.meeting_id}/disclosure/").content.decode()
    assert "群众留言（2）" in page and "窗口要延时" in page and "自助机太少" in page


def test_yesterdays_comments_are_written_when_the_office_looks(cast, client, login, published, disclosure_cast):
    _post(client, published, disclosure_cast.queue, text="昨天的留言")
    PendingRow.objects.update(day="2026-01-01")
    page = login(cast.office).get(f"/rectification/{published.meeting_id}/disclosure/").content.decode()
    assert "昨天的留言" in page and not PendingRow.objects.exists()


def _comment(client, published, item, text="周末开窗口"):
    _post(client, published, item, text=text)
    _flush(published)
    return PublicComment.objects.get(text=text)


def test_a_comment_is_taken_into_the_next_meetings_opinions(cast, client, login, published, disclosure_cast):
    comment = _comment(client, published, disclosure_cast.queue)
    office = login(cast.office)
    response = office.post(f"/rectification/comments/{comment.pk}/take/", follow=True)
    assert "本组织下一次同类会议尚未创建" in response.content.decode()
    following = MeetingFactory(organization=cast.gov, kind=MeetingKind.DEMOCRATIC_LIFE, year=2027,
                               title="2027年度县政府办党组民主生活会")
    response = office.post(f"/rectification/comments/{comment.pk}/take/", follow=True)
    assert "尚未启动或已结束征求意见" in response.content.decode()
    solicitation = solicitation_open(meeting=following, actor=cast.office)
    office.post(f"/rectification/comments/{comment.pk}/take/")
    [opinion] = Opinion.objects.filter(solicitation=solicitation)
    assert "周末开窗口" in opinion.content and opinion.sender_name == ""
    comment.refresh_from_db()
    assert comment.taken_into == f"2027年度县政府办党组民主生活会 {opinion.code}"
    office.post(f"/rectification/comments/{comment.pk}/take/")
    assert Opinion.objects.filter(solicitation=solicitation).count() == 1


def test_a_double_click_takes_a_comment_into_the_opinions_once(cast, client, published, disclosure_cast):
    comment = _comment(client, published, disclosure_cast.queue)
    following = MeetingFactory(organization=cast.gov, kind=MeetingKind.DEMOCRATIC_LIFE, year=2027,
                               title="2027年度县政府办党组民主生活会")
    solicitation = solicitation_open(meeting=following, actor=cast.office)
    # Both requests read the comment before either has taken it.
    first, second = [PublicComment.objects.select_related("item__rectification_list__meeting").get(pk=comment.pk)
                     for _ in range(2)]
    comment_take(comment=first, actor=cast.office)
    with pytest.raises(ValidationError, match="这条留言已转为意见"):
        comment_take(comment=second, actor=cast.office)
    assert Opinion.objects.filter(solicitation=solicitation).count() == 1


def test_only_the_office_takes_a_comment(cast, client, login, published, disclosure_cast):
    comment = _comment(client, published, disclosure_cast.queue)
    assert Client().post(f"/rectification/comments/{comment.pk}/take/").status_code == 302  # to log in
    assert login(cast.secretary).post(f"/rectification/comments/{comment.pk}/take/").status_code == 403
    assert login(cast.outsider).post(f"/rectification/comments/{comment.pk}/take/").status_code == 404
    comment.refresh_from_db()
    assert comment.taken_into == ""


def test_the_item_page_shows_the_comments_to_the_office_and_not_to_the_owner(cast, client, login, published,
                                                                             disclosure_cast):
    _comment(client, published, disclosure_cast.study, text="调研要到村里去")
    url = f"/rectification/item/{disclosure_cast.study.pk}/"
    office_page = login(cast.office).get(url).content.decode()
    assert "群众留言（1）" in office_page and "调研要到村里去" in office_page
    owner_page = login(cast.member).get(url)
    assert owner_page.status_code == 200 and "调研要到村里去" not in owner_page.content.decode()
