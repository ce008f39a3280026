"""The axe-core check itself: a page with a WCAG A/AA violation fails the test that saw it,
whether the test went there itself or a click took it there."""

import pytest

from .accessibility import AccessibilityViolation

pytestmark = pytest.mark.browser

CLEAN = """<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>正常</title>
<script src="/static/django_htmx/htmx-2.min.js"></script></head>
<body><main><h1>正常页面</h1><p>说明文字。<a href="/axe-probe/bad/">下一页</a></p></main></body></html>"""
# Grey on white (2.3:1) and an input without a label: two level-A/AA failures.
BAD = """<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>有问题</title></head>
<body><main><h1>有问题的页面</h1><p style="color:#aaa">浅灰色文字</p><input type="text"></main></body></html>"""


@pytest.fixture
def probe(page, live_server, monkeypatch):
    monkeypatch.delenv("AXE_REPORT", raising=False)  # these tests are about failing
    page.route(f"{live_server.url}/axe-probe/", lambda route: route.fulfill(body=CLEAN, content_type="text/html"))
    page.route(f"{live_server.url}/axe-probe/bad/", lambda route: route.fulfill(body=BAD, content_type="text/html"))
    return page


def test_a_clean_page_passes(probe):
    probe.goto("/axe-probe/")
    probe.get_by_role("heading", name="正常页面").click()


def test_a_page_the_test_went_to_is_checked_before_the_next_step(probe):
    probe.goto("/axe-probe/bad/")
    with pytest.raises(AccessibilityViolation) as failure:
        probe.get_by_role("heading").click()
    assert "color-contrast" in str(failure.value) and "label" in str(failure.value)


def test_a_page_a_click_led_to_is_checked_too(probe):
    probe.goto("/axe-probe/")
    # The first call after the new page's load event checks it, whichever call that is.
    with pytest.raises(AccessibilityViolation, match="/axe-probe/bad/"):
        probe.get_by_role("link", name="下一页").click()
        probe.wait_for_url("**/axe-probe/bad/")
        probe.get_by_role("heading", name="有问题的页面").click()


def test_a_part_of_the_page_htmx_swapped_in_is_checked_too(probe, live_server):
    probe.route(f"{live_server.url}/axe-probe/part/", lambda route: route.fulfill(
        body='<p style="color:#bbb">换入的浅灰色文字</p>', content_type="text/html"))
    probe.goto("/axe-probe/")
    probe.get_by_role("heading", name="正常页面").click()  # the clean page passes
    with pytest.raises(AccessibilityViolation, match="color-contrast"):
        probe.evaluate("() => htmx.ajax('GET', '/axe-probe/part/', {target: 'main', swap: 'beforeend'})")
        probe.get_by_text("换入的浅灰色文字").wait_for()
        # The swap settles (and reports itself) a moment after its text appears.
        probe.wait_for_function("() => window.__axeSwaps >= 1")
        probe.get_by_role("heading", name="正常页面").click()
