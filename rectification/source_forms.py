"""Forms of the sources part: a one-click move names its source (kind and pk), a set-aside
its reason, a merge its item; an upper finding is entered and edited with its version."""

from django import forms

from .models import SourceKind, UpperFinding
from .sources import COLUMN


class SourceForm(forms.Form):
    kind = forms.ChoiceField(choices=[(k, k) for k in COLUMN], widget=forms.HiddenInput)
    pk = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    next = forms.CharField(required=False, widget=forms.HiddenInput)


class TakeForm(SourceForm):
    # 班子清单 (the office) or 本人清单 (the member the source concerns).
    target = forms.ChoiceField(choices=[("team", "班子清单"), ("mine", "本人清单")], widget=forms.HiddenInput)


class MergeForm(SourceForm):
    item = forms.IntegerField(label="合并到", min_value=1)


class SetAsideForm(SourceForm):
    reason = forms.CharField(
        label="不列入清单的原因", max_length=1000, widget=forms.Textarea(attrs={"rows": 3}),
        help_text="例如：已在上年度整改完成；属上级部门职责，已转报；与第×项重复。",
        error_messages={"required": "请写明不列入整改清单的原因"},
    )

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError("请写明不列入整改清单的原因")
        return reason


class FindingForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = UpperFinding
        fields = ["source", "text", "member", "received_on"]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 4}),
            "received_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        error_messages = {
            "source": {"required": "请填写反馈来源，如：县委第二巡察组"},
            "text": {"required": "请填写反馈的问题"},
        }

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        from organizations.models import Person

        self.fields["member"].queryset = Person.objects.filter(
            team_seats__organization=meeting.organization
        ).order_by("team_seats__rank", "pk")
        self.fields["member"].empty_label = "（反映班子的问题）"
        self.fields["member"].label = "涉及成员"


KIND_LABELS = dict(SourceKind.choices)
