"""What every server process needs on its first requests, done when it starts.

A gunicorn worker that has just started answered its first pages several times slower
than the rest: each template is compiled on its first use (the cached loader keeps it
afterwards, in production), and the first list of people sorted 按姓氏笔画 read the stroke
table (organizations.ordering, some 100,000 lines) in the middle of someone's request.
Measured on the county: a meeting's first page in a new process took 1.2 s, the same page
for the next meeting 0.25 s. The WSGI module asks for both before the worker serves.

Then the garbage collector is told what it need not look at (`settle_collector`). A full
collection walks every object the process holds, and the ~160,000 of a warm worker
(modules, compiled templates, URL patterns) are never garbage: every seventh or eighth
overview of the county paid ~60 ms for one, which was the page's whole p95 tail (in
process, 25 loads: 50 ms each, and 115 ms every seventh). Frozen at start, those objects
are never walked again; and a young generation of 20,000 rather than 700 objects lets a
request's own short-lived objects go by reference counting before a collection is even
due (the same 25 loads: 48–58 ms, no spike).
"""

import gc
import logging
from pathlib import Path

log = logging.getLogger(__name__)


def warm() -> None:
    from django.conf import settings

    from organizations.ordering import _stroke_table

    _stroke_table()
    if not settings.DEBUG:  # the cached loader keeps what is compiled (DEBUG reloads anyway)
        _compile_templates()


# Allocations before a young collection; then, as by default, ten young collections per
# middle one and ten middle ones per full one.
GC_THRESHOLDS = (20_000, 10, 10)


def settle_collector() -> None:
    """After warm(), before the first request: what the process has loaded is moved out of
    the collector's sight for good (gc.freeze), and collections run less often."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)


def _compile_templates() -> None:
    from django.template import engines
    from django.template.loaders.app_directories import get_app_template_dirs

    for engine in engines.all():
        dirs = [Path(d) for d in engine.engine.dirs] + [Path(d) for d in get_app_template_dirs("templates")]
        for root in dirs:
            for path in sorted(root.rglob("*.html")):
                try:
                    engine.get_template(path.relative_to(root).as_posix())
                except Exception:  # shown where it is used, as before: never a worker that fails to start
                    log.exception("template %s not compiled at start", path)
