"""Forms of the preparation report, the application to convene and the upper level's decision."""

from django import forms
from django.utils import timezone

from organizations import dateorder


class ReportEditForm(forms.Form):
    """One textarea per section of the report, and the version the page was loaded at."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, sections: list[dict], **kwargs):
        super().__init__(*args, **kwargs)
        self.sections = sections
        for section in sections:
            self.fields[f"s_{section['key']}"] = forms.CharField(
                label=section["heading"] or ("开头" if section["key"] == "preface" else "结尾"),
                initial=section["text"],
                max_length=5000,
                widget=forms.Textarea(attrs={"rows": 6 if section["heading"] else 3}),
                error_messages={"required": "此段不能为空；不需要的内容请删改文字。"},
            )

    def texts(self) -> dict[str, str]:
        return {s["key"]: self.cleaned_data[f"s_{s['key']}"] for s in self.sections}


class VersionForm(forms.Form):
    """A button on a report that was loaded at a version (refresh one figure, recompile a section)."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    key = forms.CharField(max_length=80, widget=forms.HiddenInput)


class ApplicationForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    proposed_at = forms.DateTimeField(
        label="拟召开时间",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        error_messages={"required": "请填写拟召开时间。", "invalid": "请按“年-月-日 时:分”填写拟召开时间。"},
    )
    place = forms.CharField(label="会议地点", max_length=100, error_messages={"required": "请填写会议地点。"})
    attendees = forms.CharField(
        label="参加人员",
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="出席、列席、到会指导，每类一行；默认取自工作方案。",
    )
    agenda = forms.CharField(
        label="会议议程",
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="每行一项议程；默认取自获批的工作方案。",
        error_messages={"required": "请填写会议议程。"},
    )
    lead_days = forms.IntegerField(
        label="提前报送天数",
        min_value=0,
        max_value=60,
        help_text="方案和准备情况须在会前若干天报上级审核（一般为10天）；拟召开日期不足时页面会提示。",
        error_messages={"required": "请填写提前报送天数。"},
    )

    def clean(self):
        data = super().clean()
        proposed = data.get("proposed_at")
        if proposed and timezone.localtime(proposed).date() < timezone.localdate():
            self.add_error("proposed_at", "拟召开时间不能早于今天。")
        return data


class ApproveForm(forms.Form):
    agreed_on = forms.DateField(
        label="同意召开日期",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": "请填写同意召开的日期。", "invalid": "请按“年-月-日”填写日期。"},
    )
    note = forms.CharField(label="审核意见（可选）", required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))

    def clean(self):
        data = super().clean()
        dateorder.not_past(self, "agreed_on", why="：同意召开的日期不能早于今天")
        return data


class PostponeForm(forms.Form):
    reason = forms.CharField(
        label="意见说明",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="写明暂缓召开的原因和需要完善的事项，办公室在准备页面看到。",
        error_messages={"required": "请写明暂缓召开的原因。"},
    )
