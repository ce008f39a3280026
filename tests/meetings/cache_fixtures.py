"""The shared cache on (meetings.checklist_cache), for the test modules that import it."""

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def checklist_cache_on(settings):
    """Autouse where imported: every test of the module runs with the cache on and empty."""
    settings.CHECKLIST_CACHE = True
    cache.clear()
    yield
    cache.clear()
