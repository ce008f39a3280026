"""One Chromium per test session, a fresh context (cookies, storage) per test.

Playwright cannot download browsers here; it drives Debian's Chromium. The tests run
against pytest-django's live server, which makes every test transactional: the database
is flushed after each one, taking the data the migrations shipped with it.
"""

import importlib
import os
from pathlib import Path

# Playwright's sync API runs an event loop in this thread; Django refuses ORM calls from a
# thread with a running loop unless told that this is deliberate.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

import pytest  # noqa: E402

from . import accessibility  # noqa: E402
from .helpers import LAPTOP  # noqa: E402

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing: install Debian's chromium (make installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(autouse=True)
def _shipped_aspect_templates(transactional_db):
    """Ship the aspect templates again after the previous test's flush removed them.

    Not `django_db_serialized_rollback`: once Playwright runs an event loop in this thread,
    Django hands the test a fresh connection object that lacks the serialized contents.
    """
    from django.apps import apps

    migration = importlib.import_module("meetings.migrations.0002_shipped_aspect_templates")
    migration.ship(apps, None)
    importlib.import_module("meetings.migrations.0005_aspect_template_year").fill(apps, None)


@pytest.fixture
def new_page(browser, live_server):
    """Open a page in a fresh context: another person, or the same one in another browser.

    Every page it opens is checked with axe-core after each load (see accessibility.py).
    """
    contexts, pages = [], []
    accessibility.install()

    def _new_page(viewport=LAPTOP):
        context = browser.new_context(
            base_url=live_server.url, viewport=viewport, locale="zh-CN", accept_downloads=True
        )
        context.set_default_timeout(10_000)
        contexts.append(context)
        pages.append(accessibility.watch(context.new_page(), live_server.url))
        return pages[-1]

    yield _new_page
    # The page each person ended on has not been checked by a later call.
    for page in pages:
        accessibility.check_now(page)
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page):
    return new_page()
