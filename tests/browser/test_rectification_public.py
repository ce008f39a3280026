"""The 公示 as people use it (issue 13, "Done means"): the office marks items public and
publishes; on a phone the public page, opened by its link, shows the disclosed items and
nothing else; a visitor leaves a comment; after the night's flush the office reads it
beside the item."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from anonymity.writes import anonymous_flush
from rectification.disclosure import comment_scope
from rectification.models import Disclosure, Item
from tests.proceedings.conftest import ready_meeting, sitting, team7  # noqa: F401
from tests.rectification.conftest import held_meeting  # noqa: F401
from tests.rectification.disclosure_fixtures import GIVER_QUOTE, REFUSAL_NOTE, disclosure_cast  # noqa: F401

from .helpers import assert_fits_width, log_in, screenshot

pytestmark = pytest.mark.browser
PHONE_375 = {"width": 375, "height": 812}


def test_the_office_publishes_a_disclosure_and_a_visitor_comments_from_a_phone(cast, held_meeting, disclosure_cast,
                                                                              new_page):
    Item.objects.update(disclosed=False)
    office = new_page()
    log_in(office, cast.office)
    office.goto(f"/rectification/{held_meeting.pk}/")
    office.get_by_role("link", name="整改公示").click()
    expect(office.get_by_role("heading", name="整改公示", exact=True)).to_be_visible()
    # The item from the public's opinions is marked as their concern; tick it and 李委员's.
    expect(office.locator("tr", has_text="群众办事排队时间长").get_by_text("群众关心")).to_be_visible()
    office.get_by_label("群众办事排队时间长、跑腿多").check()
    office.get_by_label("调查研究不够深入").check()
    today = timezone.localdate()
    office.get_by_label("公示开始").fill(today.isoformat())
    office.get_by_label("公示结束").fill((today + timedelta(days=7)).isoformat())
    office.get_by_label("意见反馈方式").fill("电话 0000-1234567")
    office.get_by_role("button", name="保存公示设置").click()
    expect(office.get_by_text("公示设置已保存。")).to_be_visible()
    office.get_by_role("button", name="发布公示").click()
    expect(office.get_by_text("公示已发布。")).to_be_visible()
    screenshot(office, "rectification-disclosure-office")
    office.screenshot(path="/tmp/disclosure-office.png", full_page=True)
    link = office.locator("a[href*='/rectification/p/']").first.get_attribute("href")
    token = Disclosure.objects.get().token
    assert link.endswith(f"/rectification/p/{token}/")

    visitor = new_page(viewport=PHONE_375)
    visitor.goto(f"/rectification/p/{token}/")
    expect(visitor.get_by_role("heading", name="群众办事排队时间长、跑腿多")).to_be_visible()
    expect(visitor.get_by_role("heading", name="调查研究不够深入")).to_be_visible()
    expect(visitor.get_by_text("推进中，已完成约60%")).to_be_visible()
    body = visitor.locator("body").inner_text()
    for internal in ("内部会议多", "批评与自我批评辣味不足", "张书记", GIVER_QUOTE, REFUSAL_NOTE, "走访台账扫描件"):
        assert internal not in body, internal
    assert_fits_width(visitor)
    screenshot(visitor, "rectification-public-phone")
    visitor.screenshot(path="/tmp/disclosure-phone.png", full_page=True)

    visitor.locator("li", has_text="群众办事排队时间长").get_by_role("link", name="我要留言").click()
    visitor.get_by_label("您的意见建议").fill("周末能不能也开一个窗口？")
    visitor.get_by_role("button", name="提交留言").click()
    expect(visitor.get_by_role("heading", name="留言已收到")).to_be_visible()
    assert_fits_width(visitor)
    visitor.screenshot(path="/tmp/disclosure-thanks.png", full_page=True)

    # The night's job writes the day's comments as one shuffled batch.
    anonymous_flush(scope=comment_scope(Disclosure.objects.get()))
    office.goto(f"/rectification/item/{disclosure_cast.queue.pk}/")
    panel = office.locator("#public-comments")
    expect(panel).to_contain_text("周末能不能也开一个窗口？")
    expect(panel.get_by_role("button", name="转为下一次会议的意见")).to_be_visible()
    screenshot(office, "rectification-item-comments")
    office.screenshot(path="/tmp/disclosure-item.png", full_page=True)

    # Withdrawn, the same link shows no item.
    office.goto(f"/rectification/{held_meeting.pk}/disclosure/")
    office.get_by_role("button", name="撤回公示").click()
    expect(office.get_by_text("公示已撤回，公开页面不再显示任何事项。")).to_be_visible()
    visitor.goto(f"/rectification/p/{token}/")
    expect(visitor.get_by_role("heading", name="公示暂未开放")).to_be_visible()
    assert "群众办事排队时间长" not in visitor.locator("body").inner_text()
