"""What every form page shares: the error summary at its top and the one-time token."""

from django import forms, template
from django.forms.formsets import BaseFormSet

from organizations.once import FIELD, TokenInput, new_token

register = template.Library()


def _anchor(bound) -> str:
    """The id of the input a link to this field should land on (its first choice for lists)."""
    widget = bound.field.widget
    if isinstance(widget, (forms.RadioSelect, forms.CheckboxSelectMultiple)):
        return f"{bound.auto_id}_0"
    if isinstance(widget, forms.MultiWidget):
        return f"{bound.auto_id}_0"
    return bound.id_for_label or bound.auto_id


def _form_items(form, prefix_label=""):
    for message in form.non_field_errors():
        yield prefix_label + message, ""
    for name, errors in form.errors.items():
        if name == forms.forms.NON_FIELD_ERRORS or name not in form.fields:
            continue
        bound = form[name]
        hidden = bound.is_hidden
        # A row that names its person in the field's own label (attendance: "刘芳 缺席原因")
        # is named so in the summary too, rather than by its number.
        own = bound.field.widget.attrs.get("aria-label")
        for message in errors:
            if own:
                label = f"{own}："
            else:
                label = f"{prefix_label}{bound.label}：" if bound.label else prefix_label
            yield label + message, "" if hidden else _anchor(bound)


def error_items(*things) -> list[tuple[str, str]]:
    """(message, id of the field to link to or "") for every error of forms and formsets."""
    items = []
    for thing in things:
        if not thing or not getattr(thing, "is_bound", False):
            continue
        if isinstance(thing, BaseFormSet):
            items.extend((m, "") for m in thing.non_form_errors())
            for index, form in enumerate(thing.forms, start=1):
                items.extend(_form_items(form, prefix_label=f"第{index}项 "))
        else:
            items.extend(_form_items(thing))
    return items


@register.inclusion_tag("_error_summary.html")
def error_summary(*things):
    """The GOV.UK error summary: a box at the top that links to each field with an error.

    A page with several forms names them all once at its top; the shared field include
    asks again for its own form and gets nothing the second time, so no page shows two.
    """
    fresh = [t for t in things if t and not getattr(t, "_error_summary_shown", False)]
    for thing in fresh:
        thing._error_summary_shown = True
    return {"items": error_items(*fresh)}


@register.simple_tag
def form_token():
    """A one-time token for a create form written by hand (see ``organizations.once``)."""
    return TokenInput().render(FIELD, new_token())
