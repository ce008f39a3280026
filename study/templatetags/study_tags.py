from django import template

from ..selectors import hours_text

register = template.Library()


@register.filter
def hours(value) -> str:
    """Hours as people write them: 2.5, 3 (not 2.50, 3.0)."""
    if value in (None, ""):
        return ""
    return hours_text(value)
