"""The forms of following an item: a progress report on a measure (with evidence files),
and the note of a closing move."""

from django import forms
from django.utils import timezone

from organizations.once import OnceForm

from .evidence import ACCEPT, KINDS_TEXT
from .models import MeasureStatus


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        return [super(MultipleFileField, self).clean(f, initial) for f in files]


class ProgressForm(OnceForm):
    on = forms.DateField(label="日期", widget=forms.DateInput(attrs={"type": "date"}),
                         help_text="这次进展发生的日期")
    text = forms.CharField(label="进展情况", max_length=5000, widget=forms.Textarea(attrs={"rows": 4}),
                           help_text="写明做了什么、取得了什么效果")
    status = forms.ChoiceField(label="进展状态", choices=MeasureStatus.choices)
    percent = forms.IntegerField(label="完成百分比", required=False, min_value=0, max_value=100,
                                 help_text="“推进中”须填写 1–99；未启动记 0，已完成记 100")
    files = MultipleFileField(label="佐证材料", required=False,
                              widget=MultipleFileInput(attrs={"accept": ACCEPT}))

    def __init__(self, *args, limit_mb: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["files"].help_text = f"可选多个文件：{KINDS_TEXT}，每个不超过 {limit_mb} MB"
        if not self.is_bound:
            self.initial.setdefault("on", timezone.localdate().isoformat())


class MoveForm(forms.Form):
    note = forms.CharField(label="说明", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, transition, **kwargs):
        super().__init__(*args, **kwargs)
        if transition.needs_note:
            self.fields["note"].required = True
            self.fields["note"].label = "理由"
