"""The office's 公示 form and the public's comment form."""

from django import forms

from .disclosure import COMMENT_MAX
from .models import Disclosure


class DisclosureForm(forms.ModelForm):
    """The period, the wording and the items (checkboxes over the approved lists' items)."""

    items = forms.MultipleChoiceField(
        label="公开的整改事项", required=False, widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "所选事项不在已批准的整改清单中（可能刚被退回修改），请刷新页面后重新选择"},
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Disclosure
        fields = ["title", "intro", "starts_on", "ends_on", "contact", "accepts_comments"]
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "ends_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "intro": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "contact": "如：电话 0000-1234567，或意见箱位置",
            "intro": "公示页面和公示通知开头的说明，可不填",
        }

    def __init__(self, *args, candidates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["items"].choices = [(str(item.pk), item.problem) for item in candidates]

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends <= starts:
            self.add_error("ends_on", "公示结束日期应晚于开始日期")
        return data

    def disclosure_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class PublicCommentForm(forms.Form):
    text = forms.CharField(
        label="您的意见建议", max_length=COMMENT_MAX, widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "请填写留言内容", "max_length": f"留言最多{COMMENT_MAX}字，请精简后再提交"},
    )
    # A field no person sees: a bot that fills it is told "thank you" and nothing is kept.
    website = forms.CharField(label="网址（请勿填写）", required=False)
    nonce = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["website"].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})

    def clean_text(self):
        text = self.cleaned_data["text"].strip()
        if not text:
            raise forms.ValidationError("请填写留言内容")
        return text

    @property
    def is_bot(self) -> bool:
        return bool(self.data.get("website"))
