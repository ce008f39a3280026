"""The choice widgets drawn in Python print exactly what Django's own templates print."""

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.translation import gettext_lazy

from organizations.models import Person
from organizations.widget_render import FastChoiceRenderer
from tests.factories import PersonFactory

CHOICES = [("", "请选择"), (1, "张<三>"), (2, gettext_lazy("是")), ("组", [(3, "李四"), (4, "王 & 五")])]


class Everything(forms.Form):
    one = forms.ChoiceField(choices=CHOICES)
    many = forms.MultipleChoiceField(choices=CHOICES[1:])
    ticks = forms.MultipleChoiceField(choices=CHOICES[1:], widget=forms.CheckboxSelectMultiple(attrs={"class": "choice-list"}))
    radios = forms.ChoiceField(choices=CHOICES[1:], widget=forms.RadioSelect)
    off = forms.ChoiceField(choices=CHOICES, disabled=True, required=False)
    plain = forms.MultipleChoiceField(choices=CHOICES[1:3], widget=forms.CheckboxSelectMultiple(attrs={"id": ""}))


def _both(form, name):
    """(what the page prints with the project's renderer, what Django's templates print)."""
    ours_renderer = form.renderer
    assert isinstance(ours_renderer, FastChoiceRenderer)  # settings.FORM_RENDERER
    ours = form[name].as_widget()
    form.renderer = DjangoTemplates()
    stock = form[name].as_widget()
    form.renderer = ours_renderer
    return ours, stock


@pytest.mark.parametrize("data", [None, {"one": "3", "many": ["1", "4"], "ticks": ["2"], "radios": "4", "plain": ["1"]}])
@pytest.mark.parametrize("name", list(Everything.base_fields))
def test_each_choice_widget_prints_what_the_stock_template_prints(name, data):
    ours, stock = _both(Everything(data=data), name)
    assert ours == stock


def test_the_choice_widgets_do_not_go_through_the_templates(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("a template was rendered")

    monkeypatch.setattr(DjangoTemplates, "render", refuse)
    form = Everything(data={"one": "1"})
    for name in ("one", "many", "ticks", "radios"):
        assert "张&lt;三&gt;" in FastChoiceRenderer().render(
            form.fields[name].widget.template_name, form.fields[name].widget.get_context(name, form[name].value(), {"id": f"id_{name}"})
        )


def test_people_from_the_database_print_as_with_the_templates(db):
    for name in ("王一", "李二", "张三"):
        PersonFactory(name=name)

    class People(forms.Form):
        who = forms.ModelMultipleChoiceField(queryset=Person.objects.order_by("pk"), widget=forms.CheckboxSelectMultiple)
        one = forms.ModelChoiceField(queryset=Person.objects.order_by("pk"))

    form = People(data={"who": [Person.objects.first().pk]})
    for name in ("who", "one"):
        ours, stock = _both(form, name)
        assert ours == stock and "李二" in ours


def test_a_label_the_template_engine_would_format_is_left_to_it():
    class Numbers(forms.Form):
        n = forms.ChoiceField(choices=[(1, 1000), (2, 2000)])

    ours, stock = _both(Numbers(), "n")
    assert ours == stock
