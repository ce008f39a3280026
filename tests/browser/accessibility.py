"""axe-core on every page the browser tests visit (GB/T 37668-2019, i.e. WCAG 2.0 A/AA).

A test cannot forget the check: every page opened through the `new_page` fixture watches
its own `load` events and htmx swaps, and the first Playwright call on that page (or on a
locator of it) after one runs axe on the document as it then stands, before the call acts. The last
page is checked when the test ends. A violation fails the test at the call that found it.

The check runs between the test's own steps, never concurrently with them: axe sees a page
that has settled, and a click cannot destroy the document under it. A page whose structure
already passed (same address, same tags and classes) is not checked again, so a journey
that returns to its list page pays once; one that failed is checked every time.

Besides axe's wcag2a/wcag2aa rules, two checks axe leaves to a person or to the Nu HTML
Checker (OWN_CHECKS): ids named by aria-describedby/labelledby/for that no element has,
and blocks (a form, a paragraph, a list) inside a span.

Set AXE_REPORT=<file> to append every violation to that file (one JSON object a line)
instead of failing: one run then lists everything, for the lead's rerun after merging.
"""

import functools
import hashlib
import json
import os
from pathlib import Path

from playwright.sync_api import Error, Locator, Page

AXE_JS = (Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js").read_text()
# GB/T 37668-2019 follows WCAG 2.0 at level AA; axe tags those rules wcag2a and wcag2aa.
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa"]}, "resultTypes": ["violations"]}
# Calls that inspect the page without acting on it, or belong to the checker itself.
_PASSIVE = {"on", "once", "remove_listener", "url", "context", "is_closed", "evaluate", "main_frame", "page"}
_checked: set[str] = set()
# __axeSwaps counts settled swaps so a test can wait until the report has been sent.
HTMX_SWAPS = (
    "document.addEventListener('htmx:afterSettle', () => {"
    " window.__axeChanged && window.__axeChanged();"
    " window.__axeSwaps = (window.__axeSwaps || 0) + 1; });"
)
# Two checks axe leaves to review or to the Nu HTML Checker, in axe's result shape: an
# aria-describedby (Django adds one for each help text and error) or label naming an id
# no element has, and a block (a form, a paragraph) inside a span, which is phrasing only.
OWN_CHECKS = """() => {
  const node = (el) => ({target: [el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
                          (el.name ? '[name=' + el.name + ']' : '')], failureSummary: el.outerHTML.slice(0, 160)});
  const missing = [];
  for (const el of document.querySelectorAll('[aria-describedby], [aria-labelledby], [aria-errormessage], label[for]')) {
    for (const attr of ['aria-describedby', 'aria-labelledby', 'aria-errormessage', 'for']) {
      const ids = (el.getAttribute(attr) || '').split(/\\s+/).filter(Boolean);
      if (ids.some((id) => !document.getElementById(id))) missing.push(node(el));
    }
  }
  const blocks = Array.from(document.querySelectorAll(
    'span :is(form, div, p, ul, ol, dl, table, section, fieldset, h1, h2, h3, h4, h5, h6)'), node);
  const out = [];
  if (missing.length) out.push({id: 'idref-exists', impact: 'serious', nodes: missing,
    help: 'aria-describedby / aria-labelledby / label for must name an element that exists', helpUrl: ''});
  if (blocks.length) out.push({id: 'block-in-span', impact: 'moderate', nodes: blocks,
    help: 'a span holds phrasing content only (no form, div, p, list or table)', helpUrl: ''});
  return out;
}"""


class AccessibilityViolation(AssertionError):
    pass


class _Watch:
    """One page's checker: a flag set by `load`, cleared by a check."""

    def __init__(self, page: Page, base_url: str):
        self.page, self.base_url, self.dirty, self.busy = page, base_url, False, False
        page.on("load", self._loaded)
        # An htmx swap changes the page without a load: it reports itself the same way.
        page.expose_function("__axeChanged", self._loaded)
        page.add_init_script(HTMX_SWAPS)

    def _loaded(self, *_):
        # Only a flag: Playwright calls made from an event handler would race the test.
        self.dirty = True

    def check(self):
        if not self.dirty or self.busy or self.page.is_closed():
            return
        self.busy = True
        try:
            self.dirty = False
            if self.page.url.startswith(self.base_url):
                self._run()
        finally:
            self.busy = False

    def _run(self):
        for attempt in range(3):
            try:
                self.page.wait_for_load_state("load")
                shape = self.page.evaluate(
                    "() => location.href + Array.from(document.querySelectorAll('*'),"
                    " e => e.tagName + '.' + e.className + (e.type || '')).join()"
                )
                key = hashlib.sha1(shape.encode()).hexdigest()
                if key in _checked:
                    return
                if not self.page.evaluate("() => !!window.axe"):
                    self.page.evaluate(AXE_JS)
                violations = self.page.evaluate("o => axe.run(document, o).then(r => r.violations)", AXE_OPTIONS)
                violations += self.page.evaluate(OWN_CHECKS)
                break
            except Error as error:  # the page moved on while being checked: check where it is now
                if "context was destroyed" not in str(error) or attempt == 2:
                    raise
        if violations:
            self._report(violations)  # not remembered: every test that shows it fails
        else:
            _checked.add(key)

    def _report(self, violations):
        url = self.page.url.removeprefix(self.base_url)
        report = os.environ.get("AXE_REPORT")
        if report:
            with open(report, "a", encoding="utf-8") as out:
                for v in violations:
                    targets = [" ".join(map(str, n["target"])) for n in v["nodes"]]
                    row = {"url": url, "rule": v["id"], "impact": v["impact"], "count": len(targets)}
                    out.write(json.dumps(row | {"targets": targets[:5]}, ensure_ascii=False) + "\n")
            return
        lines = [f"axe-core: {len(violations)} WCAG 2.0 A/AA violation(s) on {url}"]
        for v in violations:
            lines.append(f"- {v['id']} ({v['impact']}): {v['help']}  {v['helpUrl']}")
            for node in v["nodes"][:5]:
                summary = (node["failureSummary"] or "").strip().splitlines() or [""]
                lines.append(f"    {' '.join(map(str, node['target']))}: {summary[-1].strip()}")
        raise AccessibilityViolation("\n".join(lines))


def watch(page: Page, base_url: str) -> Page:
    page._axe_watch = _Watch(page, base_url)
    return page


def check_now(page: Page):
    watch_ = getattr(page, "_axe_watch", None)
    if watch_ is not None:
        watch_.check()


def _before(owner):
    def wrap(method):
        @functools.wraps(method)
        def checked(self, *args, **kwargs):
            check_now(owner(self))
            return method(self, *args, **kwargs)

        return checked

    return wrap


def install():
    """Make every acting method of Page and Locator check the page first (once a session)."""
    if getattr(Page, "_axe_installed", False):
        return
    for cls, owner in ((Page, lambda p: p), (Locator, lambda loc: loc.page)):
        for name in dir(cls):
            attr = cls.__dict__.get(name)
            if name.startswith("_") or name in _PASSIVE or not callable(attr):
                continue
            setattr(cls, name, _before(owner)(attr))
    Page._axe_installed = True
