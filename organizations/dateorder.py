"""One way for every form to say that two dates are in the wrong order.

A date a person types is checked against the dates it must precede or follow (the
meeting day above all), and a wrong order is an error next to the field that names both
dates and the rule. Nothing typed is changed: the person decides which date is wrong.
"""

from dataclasses import dataclass
from datetime import date, datetime

from django.utils import timezone


@dataclass(frozen=True)
class Mark:
    """A date another one is measured against, with the words that name it to a person."""

    label: str  # e.g. "会议召开日期", "“召开会议”节点"
    day: date | None


def day_text(day: date | None, empty: str = "未定") -> str:
    """2026年12月8日, as the seeds write a day: no leading zeros. The one such function."""
    return f"{day.year}年{day.month}月{day.day}日" if day else empty


def _as_date(value) -> date | None:
    if isinstance(value, datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


def _label(form, field: str) -> str:
    return form.fields[field].label or field


def _value(form, field: str):
    return _as_date((getattr(form, "cleaned_data", None) or {}).get(field))


def not_after(form, field: str, mark: Mark | None, why: str = "") -> bool:
    """Refuse ``field`` if it falls after ``mark``; True if it was refused."""
    value = _value(form, field)
    if value is None or mark is None or mark.day is None or value <= mark.day:
        return False
    form.add_error(field, f"{_label(form, field)}（{day_text(value)}）晚于{mark.label}（{day_text(mark.day)}）{why}，请核对。")
    return True


def not_before(form, field: str, mark: Mark | None, why: str = "") -> bool:
    """Refuse ``field`` if it falls before ``mark``; True if it was refused."""
    value = _value(form, field)
    if value is None or mark is None or mark.day is None or value >= mark.day:
        return False
    form.add_error(field, f"{_label(form, field)}（{day_text(value)}）早于{mark.label}（{day_text(mark.day)}）{why}，请核对。")
    return True


def not_past(form, field: str, *, was: date | None = None, why: str = "") -> bool:
    """Refuse a newly typed date already past; a date kept from before is left alone."""
    value = _value(form, field)
    today = timezone.localdate()
    if value is None or value >= today or value == _as_date(was):
        return False
    form.add_error(field, f"{_label(form, field)}（{day_text(value)}）已经过去（今天是{day_text(today)}）{why}，请核对。")
    return True


def not_future(form, field: str, why: str = "") -> bool:
    return not_after(form, field, Mark("今天", timezone.localdate()), why)
