"""The matrix's cells, rendered in Python.

A branch of 40 has 1,600 cells; through the template engine (or format_html per cell)
they took most of the page's time. Names are escaped once per person; everything else in
a cell is one of a few fixed strings.
"""

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

from talks.coverage import Cell

register = template.Library()


@register.simple_tag
def matrix_cells(coverage, row, pair_url_prefix: str):
    """The <td>s of one row; `pair_url_prefix` is the meeting's talks URL (…/meeting/<id>/)."""
    me = escape(row.person.name)
    prefix = escape(pair_url_prefix)
    cells = []
    for column in coverage.columns:
        if column.pk == row.pk:
            cells.append('<td class="cell self"></td>')
            continue
        status = coverage.status(row.pk, column.pk)
        if status is None or status.state == Cell.NONE:
            cells.append('<td class="cell none"></td>')
            continue
        classes = f"cell {status.state}"
        label = f"{me}与{escape(column.person.name)}：{status.label}"
        title = label
        if not status.is_required:
            classes += " extra"
            title += "（不在应谈范围）"
        if status.is_priority:
            classes += " priority"
            title += "，书记重点谈"
        cells.append(
            f'<td class="{classes}"><a href="{prefix}pair/{row.pk}/{column.pk}/" '
            f'title="{title}" aria-label="{label}">{status.glyph}</a></td>'
        )
    return mark_safe("".join(cells))  # every piece above is escaped or a fixed string
