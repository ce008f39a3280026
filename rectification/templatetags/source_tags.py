from django import template

from organizations.dateorder import day_text

register = template.Library()


@register.filter
def day(value) -> str:
    """A date as the seeds write it (2026年12月10日); empty for none."""
    return day_text(value, "") if value else ""
