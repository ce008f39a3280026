"""The overview's cells, rendered in Python: a page of 50 organisations has 400 cells, and an
include per pill cost the page as much as building the whole overview; a tag per cell
still cost a third of it. So one tag renders a row's cells, and each distinct pill (a
county has a few dozen: 逾期N天 for each N, with its due date) is rendered once per process."""

from functools import lru_cache
from html import escape

from django import template
from django.utils.safestring import mark_safe

register = template.Library()

_NONE = '<span class="muted">—</span>'


@lru_cache(maxsize=4096)
def _pill(status) -> str:
    """未开始 · 进行中 · 已完成 · 临期 · 逾期N天 · 不适用 as a pill: the colour repeats the
    text; the meeting page's own pills' classes (one vocabulary, one look)."""
    title = f' title="截止 {status.due_date.year}年{status.due_date.month}月{status.due_date.day}日"' if status.due_date else ""
    detail = f' <span class="muted small">{escape(status.detail)}</span>' if status.detail else ""
    return f'<span class="pill {status.css}"{title}>{escape(status.label)}</span>{detail}'


def _cell(cell, org_name: str) -> str:
    """One column of one row: its own status (with a chase box when it may be chased) and,
    when its subtree is worse, the subtree's worst beside it."""
    parts = []
    if cell.own is not None:
        pill = _pill(cell.own)
        if cell.chaseable and cell.meeting_id:
            pill = (f'<label class="ov-pick"><input type="checkbox" name="target" value="{escape(str(cell.target))}" '
                    f'aria-label="催办{org_name}：{escape(cell.label)}">{pill}</label>')
        parts.append(pill)
    if cell.below_is_worse:
        parts.append(f'<div class="ov-below">下级：{_pill(cell.below)}</div>')
    return "".join(parts) or _NONE


@register.simple_tag
def overview_cells(cells, org_name):
    """A row's status cells, each in its <td>."""
    name = escape(str(org_name))
    return mark_safe("".join(f'<td class="ov-cell">{_cell(cell, name)}</td>' for cell in cells))
