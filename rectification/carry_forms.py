"""The forms of carry-over: several items carried at once, with a shared reason allowed;
a 回头看 with its reason."""

from django import forms


class CarryForm(forms.Form):
    """One checkbox and one reason per unfinished item, and a reason shared by all ticked
    items that have none of their own."""

    shared_reason = forms.CharField(
        label="统一的转入原因", required=False, widget=forms.Textarea(attrs={"rows": 2}),
        help_text="勾选的事项未单独填写原因的，使用此原因。",
    )

    def __init__(self, *args, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = list(items)
        for item in self.items:
            self.fields[f"carry_{item.pk}"] = forms.BooleanField(label="转入下一次", required=False)
            self.fields[f"reason_{item.pk}"] = forms.CharField(
                label="转入原因", required=False, widget=forms.Textarea(attrs={"rows": 2}),
            )

    def rows(self):
        return [(item, self[f"carry_{item.pk}"], self[f"reason_{item.pk}"]) for item in self.items]

    def clean(self):
        data = super().clean()
        shared = (data.get("shared_reason") or "").strip()
        chosen = []
        for number, item in enumerate(self.items, start=1):
            if not data.get(f"carry_{item.pk}"):
                continue
            reason = (data.get(f"reason_{item.pk}") or "").strip() or shared
            if not reason:
                self.add_error(f"reason_{item.pk}", f"第{number}项：请填写转入原因，或在上方填写统一的转入原因")
            chosen.append((item, reason))
        if not chosen and not self.errors:
            raise forms.ValidationError("请勾选要转入下一次会议的事项")
        data["chosen"] = chosen
        return data


class ReexamineForm(forms.Form):
    reason = forms.CharField(
        label="回头看发现的问题", widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "请写明回头看发现的问题，即重新整改的原因"},
    )
