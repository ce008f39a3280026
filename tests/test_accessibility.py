"""Accessibility rules checked without a browser (GB/T 37668-2019, WCAG 2.0 AA).

The browser tests run axe-core on every page they visit (tests/browser/accessibility.py);
these cover every template and field, visited or not.
"""

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django import forms
from django.conf import settings
from django.template.loader import render_to_string

ROOT = Path(settings.BASE_DIR)
TEMPLATES = sorted((ROOT / "templates").rglob("*.html"))
CSS = (ROOT / "static" / "css" / "app.css").read_text(encoding="utf-8")


class Sample(forms.Form):
    title = forms.CharField(label="标题", max_length=5, help_text="不超过5字。")
    day = forms.DateField(label="日期", help_text="如 2026-12-30。")
    done = forms.BooleanField(label="已完成", help_text="勾选表示已完成。")
    kinds = forms.MultipleChoiceField(label="类别", choices=[("a", "甲")], widget=forms.CheckboxSelectMultiple)


class _Ids(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids, self.refs = set(), []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        for name in ("aria-describedby", "aria-labelledby", "for"):
            self.refs += [(tag, name, ref) for ref in (attrs.get(name) or "").split()]


def _dangling(html):
    parser = _Ids()
    parser.feed(html)
    return [ref for ref in parser.refs if ref[2] not in parser.ids]


@pytest.mark.parametrize("template", ["_form_fields.html", "talks/_field.html", "meetings/_plan_field.html"])
@pytest.mark.parametrize("data", [None, {"title": "太长的一个标题", "day": "明天"}], ids=["blank", "with-errors"])
def test_help_and_errors_have_the_ids_aria_describedby_names(template, data):
    form = Sample(data=data)
    html = "".join(render_to_string(template, {"form": form, "field": field}) for field in form)
    assert "aria-describedby" in html
    assert not _dangling(html)


def test_a_formset_s_errors_have_the_ids_aria_describedby_names():
    formset = forms.formset_factory(Sample, extra=0)(
        data={"form-TOTAL_FORMS": "1", "form-INITIAL_FORMS": "0", "form-0-title": "太长的一个标题"}
    )
    html = render_to_string("_formset.html", {"formset": formset})
    assert "_error" in html and not _dangling(html)


class _Nesting(HTMLParser):
    """Nu HTML Checker's content-model errors that a template can make by hand."""

    PHRASING_ONLY = {"span", "p", "label", "button", "a"}
    BLOCKS = {"form", "div", "p", "ul", "ol", "dl", "table", "section", "fieldset", "h1", "h2", "h3"}
    VOID = {"input", "br", "img", "meta", "link", "hr", "source", "col", "wbr"}

    def __init__(self):
        super().__init__()
        self.stack, self.found = [], []

    def handle_starttag(self, tag, attrs):
        if tag in self.VOID:
            return
        parent = self.stack[-1] if self.stack else None
        if tag in self.BLOCKS and any(t in ("span", "p") for t in self.stack[-3:] if t != "a"):
            if not (tag in {"div", "p"} and "button" in self.stack):
                self.found.append(f"<{tag}> inside <{'/'.join(self.stack[-3:])}> line {self.getpos()[0]}")
        if parent == "dl" and tag not in {"dt", "dd", "div", "template"}:
            self.found.append(f"<{tag}> directly inside <dl> line {self.getpos()[0]}")
        if parent == "div" and len(self.stack) > 1 and self.stack[-2] == "dl" and tag not in {"dt", "dd"}:
            self.found.append(f"<{tag}> inside a <dl>'s group line {self.getpos()[0]}")
        if tag == "span" and dict(attrs).get("aria-label") and not dict(attrs).get("role"):
            self.found.append(f"aria-label on a bare <span> line {self.getpos()[0]}")
        self.stack.append(tag)

    def handle_endtag(self, tag):
        if tag in self.stack:
            while self.stack and self.stack.pop() != tag:
                pass


TEMPLATE_SYNTAX = re.compile(r"{#.*?#}|{%.*?%}|{{.*?}}", re.DOTALL)


def test_no_template_nests_blocks_where_html_allows_only_text():
    found = []
    for path in TEMPLATES:
        parser = _Nesting()
        parser.feed(TEMPLATE_SYNTAX.sub("", path.read_text(encoding="utf-8")))
        found += [f"{path.relative_to(ROOT)}: {f}" for f in parser.found]
    assert not found


def _luminance(hex_colour):
    channels = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(a, b):
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def _colour(value, variables):
    value = value.strip()
    match = re.fullmatch(r"var\((--[\w-]+)\)", value)
    value = variables.get(match.group(1)) if match else value
    if value and re.fullmatch(r"#[0-9a-fA-F]{3}", value):
        value = "#" + "".join(c * 2 for c in value[1:])
    return value


def test_every_pill_reads_at_4_5_to_1():
    variables = dict(re.findall(r"(--[\w-]+):\s*(#[0-9a-fA-F]{6})", CSS))
    weak = []
    for selector, body in re.findall(r"([^{}]*\.pill[^{}]*)\{([^}]*)\}", CSS):
        bg, fg = re.search(r"background:\s*([^;]+)", body), re.search(r"(?<!-)color:\s*([^;]+)", body)
        if bg and fg:
            pair = _colour(bg.group(1), variables), _colour(fg.group(1), variables)
            if all(c and re.fullmatch(r"#[0-9a-fA-F]{6}", c) for c in pair) and _contrast(*pair) < 4.5:
                weak.append(f"{selector.strip()}: {_contrast(*pair):.2f}")
    assert not weak


def test_the_focus_ring_stands_out_from_a_white_page():
    variables = dict(re.findall(r"(--[\w-]+):\s*(#[0-9a-fA-F]{6})", CSS))
    rings = re.findall(r"focus[^{]*\{[^}]*outline:\s*\d+px solid ([^;]+);", CSS)
    assert rings
    assert all(_contrast(_colour(ring, variables), "#ffffff") >= 3 for ring in rings)


def test_links_are_underlined_unless_drawn_as_controls():
    assert re.search(r"(?m)^a \{[^}]*text-decoration: underline", CSS)
