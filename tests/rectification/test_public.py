"""The public 公示 page: by its token, no login; only the disclosed items of approved
lists, only during the period, and nothing internal."""

import re
from datetime import timedelta

from django.utils import timezone

from rectification.disclosure import public_items
from rectification.models import Disclosure, Item, ItemMeasure

from .disclosure_fixtures import (  # noqa: F401
    EVIDENCE_NAME,
    GIVER_QUOTE,
    REFUSAL_NOTE,
    disclosure_cast,
    open_disclosure,
    published,
    team_item,
)


def _page(client, disclosure):
    return client.get(f"/rectification/p/{disclosure.token}/")


def test_the_public_page_shows_the_disclosed_items_with_their_status_and_progress(client, published):
    response = _page(client, published)
    assert response.status_code == 200
    page = response.content.decode()
    for shown in ("群众办事排队时间长、跑腿多", "一般事项一次办结", "推行一窗受理", "推进中，已完成约60%",
                  "公开办事指南", "已完成", "王委员", "县政务服务中心", "2027年3月31日", "整改中",
                  "调查研究不够深入", "李委员", "电话 0000-1234567"):
        assert shown in page, shown


def test_nothing_undisclosed_or_unapproved_is_on_it(client, published):
    page = _page(client, published).content.decode()
    assert "内部会议多" not in page  # not marked public
    assert "批评与自我批评辣味不足" not in page  # marked, but its list is not approved


def test_nothing_internal_is_on_it(cast, client, published, disclosure_cast):
    page = _page(client, published).content.decode()
    # A criticism's giver, the sources' texts, evidence, refusal notes, other names.
    for internal in ("张书记", GIVER_QUOTE, "窗口办事要跑三趟", EVIDENCE_NAME, "rectification/evidence",
                     REFUSAL_NOTE, "已走访两个乡镇", "王办公", "赵督导"):
        assert internal not in page, internal
    # No internal id: every link on the page is the 公示's own, by its token.
    links = re.findall(r'(?:href|action)="([^"]+)"', page)
    assert links and all(link.startswith(f"/rectification/p/{published.token}/") or link.startswith("/static/")
                         for link in links), links
    for item in (disclosure_cast.queue, disclosure_cast.study):
        assert f"/{item.pk}/" not in page


def test_the_status_reads_as_the_public_would(client, published, disclosure_cast):
    Item.objects.filter(pk=disclosure_cast.queue.pk).update(status="closed")
    Item.objects.filter(pk=disclosure_cast.study.pk).update(term="long_term", deadline=None)
    page = _page(client, published).content.decode()
    assert "已销号" in page and "长期坚持" in page


def test_an_item_only_asked_to_close_reads_as_still_being_verified(client, published, disclosure_cast):
    Item.objects.filter(pk=disclosure_cast.queue.pk).update(status="closing")
    [queue] = [item for item in public_items(published) if item.problem.startswith("群众办事排队")]
    assert queue.status == "整改中（待核验）"
    page = _page(client, published).content.decode()
    assert '<span class="pill">整改中（待核验）</span>' in page
    Item.objects.filter(pk=disclosure_cast.queue.pk).update(status="closed")
    assert '<span class="pill done">已销号</span>' in _page(client, published).content.decode()


def test_before_the_period_nothing_is_shown(client, cast, disclosure_cast, held_meeting):
    today = timezone.localdate()
    disclosure = open_disclosure(held_meeting, starts_on=today + timedelta(days=2), ends_on=today + timedelta(days=9))
    response = _page(client, disclosure)
    assert response.status_code == 200
    page = response.content.decode()
    assert "公示尚未开始" in page and "群众办事排队时间长" not in page


def test_after_the_period_nothing_is_shown(client, disclosure_cast, held_meeting):
    today = timezone.localdate()
    disclosure = open_disclosure(held_meeting, starts_on=today - timedelta(days=9), ends_on=today - timedelta(days=1))
    page = _page(client, disclosure).content.decode()
    assert "公示已结束" in page and "群众办事排队时间长" not in page


def test_an_unpublished_disclosure_shows_nothing(client, disclosure_cast, held_meeting):
    disclosure = open_disclosure(held_meeting, published_at=None)
    page = _page(client, disclosure).content.decode()
    assert "公示暂未开放" in page and "群众办事排队时间长" not in page


def test_after_withdrawal_nothing_is_shown_and_nothing_is_kept_in_a_cache(client, published):
    open_response = _page(client, published)
    assert "public" not in open_response["Cache-Control"] and "private" in open_response["Cache-Control"]
    assert "no-cache" in open_response["Cache-Control"]
    Disclosure.objects.filter(pk=published.pk).update(withdrawn_at=timezone.now())
    response = _page(client, published)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    page = response.content.decode()
    assert "公示暂未开放" in page and "群众办事排队时间长" not in page


def test_an_unknown_token_answers_404(client, published):
    response = client.get("/rectification/p/not-a-token/")
    assert response.status_code == 404 and "链接无效" in response.content.decode()


def test_a_logged_in_member_sees_the_same_public_page(login, cast, published):
    page = _page(login(cast.member), published).content.decode()
    assert "群众办事排队时间长" in page and "张书记" not in page


def test_the_public_page_costs_the_same_queries_for_5_and_50_items(client, published, disclosure_cast,
                                                                  same_queries_at_5_and_50):
    team = disclosure_cast.team

    def grow(n):
        have = Item.objects.filter(rectification_list=team, disclosed=True).count()
        for i in range(have, n):
            item = team_item(team, f"公开事项{i}", 10 + i, disclosed=True, responsible=disclosure_cast.queue.responsible)
            ItemMeasure.objects.create(item=item, content=f"措施{i}")

    count, response = same_queries_at_5_and_50(grow, lambda: _page(client, published))
    assert "公开事项49" in response.content.decode()
    assert count <= 4
