"""Choice widgets drawn in Python: the same HTML as Django's own widget templates, without a
template render per option.

A select of 60 people or a list of 150 checkboxes (党员代表, 参会人员) costs Django three
nested template includes per option — most of the talks setup page's time. The form
renderer (settings.FORM_RENDERER) sends the stock templates of <select>, checkbox and
radio lists here and every other template to Django's templates as before. The markup is
the stock templates' own, character for character (tests/organizations/test_widget_render.py
compares them); a widget whose context this does not know, or whose labels are not text,
goes to the templates.
"""

from django.forms.renderers import DjangoTemplates
from django.utils.functional import Promise
from django.utils.html import conditional_escape

SELECT = "django/forms/widgets/select.html"
MULTIPLE = {"django/forms/widgets/checkbox_select.html", "django/forms/widgets/radio.html",
            "django/forms/widgets/multiple_input.html"}
SELECT_OPTION = "django/forms/widgets/select_option.html"
INPUT_OPTIONS = {"django/forms/widgets/checkbox_option.html", "django/forms/widgets/radio_option.html",
                 "django/forms/widgets/input_option.html"}


class FastChoiceRenderer(DjangoTemplates):
    """Django's template renderer, with the choice widgets drawn in Python."""

    def render(self, template_name, context, request=None):
        draw = _DRAW.get(template_name)
        if draw is not None:
            html = draw(context.get("widget"))
            if html is not None:
                return html.strip()
        return super().render(template_name, context, request=request)


class _Unknown(Exception):
    """Something the stock templates would print differently from str(): let them."""


def _text(value) -> str:
    # What {{ value }} prints for text; numbers and dates are localised by the template
    # engine, so those go to it.
    if isinstance(value, (str, Promise)):
        return str(conditional_escape(value))
    raise _Unknown


def _formatted(value) -> str:
    # {{ value|stringformat:'s' }}
    return str(conditional_escape(str(value)))


def _attrs(attrs: dict) -> str:
    # django/forms/widgets/attrs.html
    out = []
    for name, value in attrs.items():
        if value is False:
            continue
        out.append(f" {_text(name)}" if value is True else f' {_text(name)}="{_formatted(value)}"')
    return "".join(out)


def _input(widget: dict) -> str:
    # django/forms/widgets/input.html
    value = f' value="{_formatted(widget["value"])}"' if widget["value"] is not None else ""
    return f'<input type="{_text(widget["type"])}" name="{_text(widget["name"])}"{value}{_attrs(widget["attrs"])}>\n'


def _input_option(option: dict) -> str:
    # django/forms/widgets/input_option.html, through checkbox_option.html / radio_option.html
    if option.get("template_name") not in INPUT_OPTIONS:
        raise _Unknown
    html = _input(option)
    if option["wrap_label"]:
        label_id = option["attrs"].get("id")
        label_for = f' for="{_text(label_id)}"' if label_id else ""
        html = f"<label{label_for}>{html} {_text(option['label'])}</label>"
    html += "\n"  # input_option.html's last line
    if option["template_name"] != "django/forms/widgets/input_option.html":
        html += "\n"  # checkbox_option.html's / radio_option.html's
    return html


def _multiple(widget) -> str | None:
    # django/forms/widgets/multiple_input.html
    if not isinstance(widget, dict) or "optgroups" not in widget:
        return None
    try:
        widget_id = widget["attrs"].get("id")
        css = widget["attrs"].get("class")
        id_attr = f' id="{_text(widget_id)}"' if widget_id else ""
        class_attr = f' class="{_text(css)}"' if css else ""
        parts = [f"<div{id_attr}{class_attr}>"]
        for group, options, _index in widget["optgroups"]:
            if group:
                parts.append(f"\n  <div><label>{_text(group)}</label>")
            for option in options:
                parts.append(f"<div>\n    {_input_option(option)}</div>")
            if group:
                parts.append("\n  </div>")
        parts.append("\n</div>")
        return "".join(parts)
    except (_Unknown, KeyError, TypeError):
        return None


def _select(widget) -> str | None:
    # django/forms/widgets/select.html and select_option.html
    if not isinstance(widget, dict) or "optgroups" not in widget:
        return None
    try:
        parts = [f'<select name="{_text(widget["name"])}"{_attrs(widget["attrs"])}>']
        for group, options, _index in widget["optgroups"]:
            if group:
                parts.append(f'\n  <optgroup label="{_text(group)}">')
            for option in options:
                if option.get("template_name") != SELECT_OPTION:
                    raise _Unknown
                parts.append(f'\n  <option value="{_formatted(option["value"])}"{_attrs(option["attrs"])}>'
                             f'{_text(option["label"])}</option>\n')
            if group:
                parts.append("\n  </optgroup>")
        parts.append("\n</select>")
        return "".join(parts)
    except (_Unknown, KeyError, TypeError):
        return None


_DRAW = {SELECT: _select, **{name: _multiple for name in MULTIPLE}}
