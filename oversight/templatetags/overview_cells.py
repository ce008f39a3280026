"""The overview's status pills and cells, rendered in Python: a page of 50 organisations has
400 cells, and an include per pill cost the page as much as building the whole overview."""

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

register = template.Library()


@register.simple_tag
def status_pill(status):
    """未开始 · 进行中 · 已完成 · 临期 · 逾期N天 · 不适用 as a pill: the colour repeats the text."""
    if status is None:
        return ""
    classes = f"pill {status.css}"  # the meeting page's own pills: one vocabulary, one look
    title = format_html(' title="截止 {}年{}月{}日"', status.due_date.year, status.due_date.month, status.due_date.day) if status.due_date else ""
    detail = format_html(' <span class="muted small">{}</span>', status.detail) if status.detail else ""
    return format_html('<span class="{}"{}>{}</span>{}', classes, title, status.label, detail)


@register.simple_tag
def overview_cell(cell, org_name):
    """One column of one row: its own status (with a chase box when it may be chased) and,
    when its subtree is worse, the subtree's worst beside it."""
    parts = []
    if cell.own is not None:
        pill = status_pill(cell.own)
        if cell.chaseable and cell.meeting_id:
            pill = format_html(
                '<label class="ov-pick"><input type="checkbox" name="target" value="{}" aria-label="催办{}：{}">{}</label>',
                cell.target, org_name, cell.label, pill,
            )
        parts.append(pill)
    if cell.below_is_worse:
        parts.append(format_html('<div class="ov-below">下级：{}</div>', status_pill(cell.below)))
    if not parts:
        parts.append(mark_safe('<span class="muted">—</span>'))
    return format_html_join("", "{}", ((part,) for part in parts))
