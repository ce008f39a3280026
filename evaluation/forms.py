from django import forms

from documents.sources import cite

from .models import SelfJudgement

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class SwitchForm(forms.Form):
    enabled = forms.BooleanField(label="本次组织生活会同时开展民主评议党员", required=False)
    due_date = forms.DateField(
        label="自我评价截止日期", required=False, widget=DATE_WIDGET,
        help_text="党员撰写自我鉴定、填写登记表并经支部审定的截止日期。",
    )


class SelfAssessmentForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    self_assessment = forms.CharField(
        label="自我鉴定（党性分析）",
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=(
            "对照党员标准和评议内容，联系个人思想和工作实际，对一年来的思想、工作、学习等情况作全面、"
            f"客观、实事求是的总结，肯定成绩，找出差距，明确努力方向（{cite('002', piece=3)}）。"
        ),
    )
    self_judgement = forms.ChoiceField(
        label="自我评价", required=False, choices=[("", "（请选择）"), *SelfJudgement.choices],
        help_text="在是否合格上进行自我认定。",
    )


class OpinionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    text = forms.CharField(label="意见", required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 4}))


class NoteForm(forms.Form):
    note = forms.CharField(label="说明", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
