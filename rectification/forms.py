"""Forms of the lists: an item (with its first measures when added), a measure, a move.

The rules of an item live in `services.item_rules`; the forms only read the input, and the
views hand the service's ValidationError back to the form, field by field.
"""

from django import forms

from inspections.models import MeasureTerm



def _date():
    # ISO, as a date input expects: the locale's 2027/03/31 would show an empty field.
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ItemForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)
    problem = forms.CharField(label="问题", widget=forms.Textarea(attrs={"rows": 3}),
                              error_messages={"required": "请填写问题。"})
    target = forms.CharField(label="整改目标", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    term = forms.ChoiceField(label="整改类型", choices=MeasureTerm.choices, initial=MeasureTerm.DEADLINE,
                             help_text="立行立改：30天内完成；限期整改：写明完成时限；长期坚持：建章立制，填写下次复查日期。")
    deadline = forms.DateField(label="完成时限", required=False, widget=_date())
    next_review = forms.DateField(label="下次复查", required=False, widget=_date(),
                                  help_text="长期坚持的事项填写")
    responsible = forms.TypedChoiceField(label="责任人", required=False, coerce=int, empty_value=None)
    lead_department = forms.CharField(label="牵头部门", required=False, max_length=100)
    cooperating = forms.CharField(label="配合部门", required=False, max_length=200)
    disclosed = forms.BooleanField(label="在公示中公开整改情况", required=False)
    measures = forms.CharField(
        label="整改措施", required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text="每行一条；添加后可在事项页逐条修改、增加。",
    )

    def __init__(self, *args, rlist, people=(), adding=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.people = {p.pk: p for p in people}
        if rlist.is_team:
            self.fields["responsible"].choices = [("", "（由牵头部门负责）")] + [(p.pk, p.name) for p in people]
            self.fields["responsible"].help_text = "班子成员或牵头部门至少填写一项"
        else:
            # A personal item is its owner's: no choice to make (seed 001 §五(二)).
            for name in ("responsible", "lead_department", "cooperating"):
                del self.fields[name]
        if not adding:
            del self.fields["measures"]

    def item_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("version", None)
        measures = [line.strip() for line in data.pop("measures", "").splitlines() if line.strip()]
        if "responsible" in data:
            data["responsible"] = self.people.get(data["responsible"])
        return {**data, "measures": measures} if "measures" in self.fields else data


class MeasureForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)
    content = forms.CharField(label="整改措施", widget=forms.Textarea(attrs={"rows": 2}),
                              error_messages={"required": "请填写整改措施。"})
    deadline = forms.DateField(label="完成时限", required=False, widget=_date(),
                               help_text="不填则与事项相同")


class TransitionForm(forms.Form):
    note = forms.CharField(label="说明", required=False, widget=forms.Textarea(attrs={"rows": 4}))
