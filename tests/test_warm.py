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


def test_a_server_process_freezes_what_it_loaded_and_collects_less_often():
    # In a process of its own: freezing this test run's objects would outlive the test.
    import os
    import subprocess
    import sys
    from pathlib import Path

    from config.warm import GC_THRESHOLDS

    probe = "import gc, config.wsgi; print(gc.get_freeze_count(), *gc.get_threshold())"
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", "DEBUG": "0",
           "SECRET_KEY": "warm-test-not-a-real-secret-key-0123456789abcdef", "ALLOWED_HOSTS": "testserver"}
    out = subprocess.run([sys.executable, "-c", probe], cwd=Path(__file__).resolve().parents[1], env=env,
                         capture_output=True, text=True, check=True).stdout.split()
    frozen, *thresholds = map(int, out)
    assert frozen > 10_000  # the modules, templates and URL patterns of a warm worker
    assert tuple(thresholds) == GC_THRESHOLDS
