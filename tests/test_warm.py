"""A server process does at start what its first requests would otherwise wait for
(config.warm, called by the WSGI module)."""

from django.template import engines

from config.warm import warm
from organizations.ordering import _stroke_table


def test_the_stroke_table_and_the_templates_are_ready_before_the_first_request(settings):
    settings.DEBUG = False
    _stroke_table.cache_clear()
    loader = engines["django"].engine.template_loaders[0]
    loader.reset()
    warm()
    assert _stroke_table.cache_info().currsize == 1
    cached = loader.get_template_cache
    assert "meetings/my_work.html" in cached and "oversight/overview.html" in cached
