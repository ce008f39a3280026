"""Every input of this phase goes through one of these forms."""

import uuid

from django import forms
from django.utils import timezone

from meetings.dates import meeting_day
from organizations import dateorder
from organizations.once import OnceForm

from .models import Channel, OpinionKind, OpinionSource, OpinionState, Solicitation
from .selectors import person_label

CONTENT_MAX = 2000
TEAM = "team"


def clean_text(value: str) -> str:
    """Line ends as one, the ends trimmed; every other character kept as written (odd ones
    are refused, with their place, by organizations.textcheck before this runs)."""
    return (value or "").replace("\r\n", "\n").strip()


def target_choices(candidates) -> list[tuple[str, str]]:
    return [(TEAM, "领导班子（整体）")] + [(str(p.pk), person_label(p)) for p in candidates]


def aspect_choices(aspects, empty: str) -> list[tuple[str, str]]:
    return [("", empty)] + [(str(a.pk), f"{a.order}. {a.title}") for a in aspects]


class PlainErrors:
    """Every field's errors in the form's own words: "意见内容不能超过2000字", never
    Django's "确保该变量包含不超过 2000 字符". `plain_names` names each field as a person
    would say it; a field left out falls back to its label."""

    plain_names: dict[str, str] = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, messages in _plain_messages(type(self)).items():
            # Each instance's fields are copies (their error_messages too): the shared
            # messages are copied in, never the class's fields changed.
            self.fields[name].error_messages.update(messages)


def _plain_messages(form_class) -> dict[str, dict[str, str]]:
    """The plain messages of every declared field, worked out once per form class: they
    follow from the class alone (its fields' labels, kinds and lengths), and the public
    form is built at every submission. A field a form adds in its own __init__ (after
    this mixin's) never had them, and still has not."""
    cached = form_class.__dict__.get("_plain_messages_cache")
    if cached is None:
        cached = {}
        for name, field in form_class.base_fields.items():
            plain = form_class.plain_names.get(name) or str(field.label or name).split("（")[0]
            messages = {
                "required": f"请填写{plain}。",
                "invalid_choice": f"所选{plain}已不在可选范围内，请重新选择。",
                "invalid": f"{plain}的格式不对，请重新填写。",
                "null_characters_not_allowed": f"{plain}中有空字符（通常来自复制粘贴），请删除后重新填写。",
            }
            if isinstance(field, forms.ChoiceField):
                messages["required"] = f"请选择{plain}。"
            if isinstance(field, forms.DateField):
                messages["invalid"] = f"{plain}的格式不对，请按“2026-01-05”的格式填写。"
            if getattr(field, "max_length", None):
                messages["max_length"] = f"{plain}不能超过{field.max_length}字（现为%(show_value)d字）。"
            cached[name] = messages
        # Two threads may both work it out; either result is the same.
        form_class._plain_messages_cache = cached
    return cached


class _ContentMixin:
    def clean_content(self):
        content = clean_text(self.cleaned_data["content"])
        if "\ufffd" in content:
            raise forms.ValidationError("内容中有无法识别的字符（可能是编码错误），请检查后重新填写。")
        if len(content) < 2:
            raise forms.ValidationError("请填写意见建议的具体内容。")
        return content


class SolicitationForm(forms.ModelForm):
    channels = forms.MultipleChoiceField(
        label="征求方式",
        choices=Channel.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text="座谈会、个别访谈等线下收集的意见由办公室录入或用 Excel 导入；网上征求使用系统生成的链接和二维码（在征求意见概览中下载、打印）。",
    )

    class Meta:
        model = Solicitation
        fields = ["starts_on", "ends_on", "channels", "audience", "intro", "form_open"]
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "ends_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "audience": forms.Textarea(attrs={"rows": 2}),
            "intro": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "audience": "如：党员、干部、群众、服务对象、“两代表一委员”、离退休干部。",
            "intro": "显示在网上征求意见表的顶部。",
            "form_open": "关闭后，扫码打开的页面只显示“征求意见已结束”。",
        }

    def __init__(self, *args, meeting=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.meeting = meeting

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", "截止日期不能早于开始日期。")
        if self.meeting is not None:
            dateorder.not_after(self, "ends_on", meeting_day(self.meeting), "：征求意见须在会前完成")
        return data


class PublicOpinionForm(PlainErrors, _ContentMixin, forms.Form):
    """The online form: whom it concerns, optionally an aspect, the words; name optional."""

    plain_names = {"target": "意见反映的对象", "aspect": "涉及方面", "content": "意见内容",
                   "source": "身份", "sender_name": "姓名", "sender_contact": "联系方式"}

    target = forms.ChoiceField(label="反映对象", widget=forms.RadioSelect, initial=TEAM)
    aspect = forms.ChoiceField(label="涉及方面（可不选）", required=False)
    content = forms.CharField(
        label="意见建议",
        max_length=CONTENT_MAX,
        widget=forms.Textarea(attrs={"rows": 7, "placeholder": "请具体写明问题或建议，可举实例。"}),
    )
    source = forms.ChoiceField(
        label="您的身份（可不选）",
        required=False,
        choices=[("", "不愿透露")] + OpinionSource.choices,
    )
    sender_name = forms.CharField(label="姓名（可不填）", max_length=40, required=False)
    sender_contact = forms.CharField(label="联系方式（可不填）", max_length=60, required=False)
    # A field people never see (hidden by the stylesheet); bots fill in every field.
    website = forms.CharField(label="网址（请勿填写）", required=False)
    # One submission per page, however often 提交 is pressed (anonymity.nonce). A text
    # field, not a hidden one, inside a `hidden` block: on Back a browser that fetches the
    # page again restores the text fields changed on it (public_form.js makes this one
    # count as changed on 提交), so the page's nonce comes back with the words it was sent
    # with; browsers never restore hidden inputs.
    nonce = forms.CharField(
        label="页面编号", required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "aria-hidden": "true"}),
    )

    def __init__(self, *args, candidates, aspects, **kwargs):
        super().__init__(*args, **kwargs)
        self.candidates = {str(p.pk): p for p in candidates}
        self.aspects = {str(a.pk): a for a in aspects}
        self.fields["target"].choices = target_choices(candidates)
        self.fields["aspect"].choices = aspect_choices(aspects, "不确定 / 其他")
        self.fields["website"].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})

    def clean_sender_name(self):
        return clean_text(self.cleaned_data["sender_name"])

    def clean_sender_contact(self):
        return clean_text(self.cleaned_data["sender_contact"])

    @property
    def is_bot(self) -> bool:
        return bool(self.data.get("website"))

    def submission(self) -> dict:
        data = self.cleaned_data
        return {
            "content": data["content"],
            "addressed_member": self.candidates.get(data["target"]),
            "aspect": self.aspects.get(data["aspect"]),
            "source": data["source"],
            "sender_name": data["sender_name"],
            "sender_contact": data["sender_contact"],
        }


class OpinionEntryForm(PlainErrors, _ContentMixin, OnceForm):
    """One opinion gathered offline, typed in by the office."""

    plain_names = {"channel": "征求方式", "source": "提出人类别", "received_on": "收到日期",
                   "target": "反映对象", "aspect": "涉及方面", "content": "意见内容",
                   "sender_name": "提出人", "sender_contact": "联系方式"}

    channel = forms.ChoiceField(label="征求方式", choices=Channel.choices)
    source = forms.ChoiceField(
        label="提出人类别", required=False, choices=[("", "未注明")] + OpinionSource.choices
    )
    received_on = forms.DateField(
        label="收到日期", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    target = forms.ChoiceField(label="反映对象", initial=TEAM)
    aspect = forms.ChoiceField(label="涉及方面", required=False)
    content = forms.CharField(
        label="意见建议内容（照录原文）", max_length=CONTENT_MAX, widget=forms.Textarea(attrs={"rows": 6})
    )
    sender_name = forms.CharField(label="提出人（可不填）", max_length=40, required=False)
    sender_contact = forms.CharField(label="联系方式（可不填）", max_length=60, required=False)

    def __init__(self, *args, candidates, aspects, **kwargs):
        super().__init__(*args, **kwargs)
        self.candidates = {str(p.pk): p for p in candidates}
        self.aspects = {str(a.pk): a for a in aspects}
        self.fields["target"].choices = target_choices(candidates)
        self.fields["aspect"].choices = aspect_choices(aspects, "（梳理时再定）")
        self.fields["received_on"].initial = timezone.localdate()

    def clean_received_on(self):
        value = self.cleaned_data["received_on"]
        if value > timezone.localdate():
            raise forms.ValidationError("收到日期不能晚于今天。")
        return value

    def entry_fields(self) -> dict:
        data = self.cleaned_data
        return {
            "content": data["content"],
            "channel": data["channel"],
            "source": data["source"],
            "received_on": data["received_on"],
            "addressed_member": self.candidates.get(data["target"]),
            "aspect": self.aspects.get(data["aspect"]),
            "sender_name": clean_text(data["sender_name"]),
            "sender_contact": clean_text(data["sender_contact"]),
        }


STATE_FILTERS = [("active", "全部（不含已合并）")] + OpinionState.choices


class OpinionFilterForm(forms.Form):
    state = forms.ChoiceField(label="状态", required=False, choices=STATE_FILTERS)
    aspect = forms.ChoiceField(label="方面", required=False)
    concern = forms.ChoiceField(label="反映对象", required=False)
    addressed = forms.ChoiceField(label="提出人所选", required=False)
    kind = forms.ChoiceField(label="类别", required=False, choices=[("", "全部")] + OpinionKind.choices)
    channel = forms.ChoiceField(label="方式", required=False, choices=[("", "全部")] + Channel.choices)
    source = forms.ChoiceField(
        label="来源", required=False, choices=[("", "全部")] + OpinionSource.choices
    )
    q = forms.CharField(label="关键词", required=False, max_length=50)

    def __init__(self, *args, candidates, aspects, **kwargs):
        super().__init__(*args, **kwargs)
        people = [(str(p.pk), p.name) for p in candidates]
        self.fields["aspect"].choices = (
            [("", "全部")] + aspect_choices(aspects, "")[1:] + [("none", "未归入方面")]
        )
        self.fields["concern"].choices = [("", "全部"), (TEAM, "领导班子")] + people + [("none", "尚未分配")]
        self.fields["addressed"].choices = [("", "全部"), (TEAM, "领导班子")] + people

    def filters(self) -> dict:
        """The valid filters; anything unrecognised is dropped, not an error."""
        if self.is_valid():
            data = dict(self.cleaned_data)
        else:
            data = {k: v for k, v in self.cleaned_data.items() if k not in self.errors}
        data["state"] = data.get("state") or "active"
        return data


class ConcernsFields(forms.Form):
    """Whom an opinion concerns: the team and/or members (several may be chosen)."""

    team = forms.BooleanField(label="领导班子", required=False)
    members = forms.MultipleChoiceField(
        label="班子成员", required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.candidates = {str(p.pk): p for p in candidates}
        self.fields["members"].choices = [(str(p.pk), p.name) for p in candidates]

    def chosen_members(self) -> tuple:
        return tuple(self.candidates[pk] for pk in self.cleaned_data.get("members", []))


class ClassifyForm(ConcernsFields):
    """One opinion's classification, on its own page."""

    aspect = forms.ChoiceField(label="方面", required=False)
    kind = forms.ChoiceField(label="类别", choices=OpinionKind.choices, widget=forms.RadioSelect)

    field_order = ["aspect", "kind", "team", "members"]

    def __init__(self, *args, aspects, **kwargs):
        super().__init__(*args, **kwargs)
        self.aspects = {str(a.pk): a for a in aspects}
        self.fields["aspect"].choices = aspect_choices(aspects, "（未归入方面）")

    def clean(self):
        data = super().clean()
        if not data.get("team") and not data.get("members"):
            raise forms.ValidationError("请选择这条意见反映的对象：领导班子和/或班子成员。")
        return data

    def chosen_aspect(self):
        return self.aspects.get(self.cleaned_data.get("aspect") or "")


BULK_ACTIONS = [
    ("classify", "应用分类"),
    ("merge", "合并为一条"),
    ("set_aside", "搁置"),
    ("restore", "恢复"),
]
KEEP = "keep"
MAX_SELECTED = 2000


class UUIDListField(forms.Field):
    """Opinion ids ticked in the list; whose they are is checked by the services."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value):
        values = value if isinstance(value, (list, tuple)) else ([value] if value else [])
        if len(values) > MAX_SELECTED:
            raise forms.ValidationError(f"一次最多处理 {MAX_SELECTED} 条，请用筛选条件分批处理。")
        try:
            return list(dict.fromkeys(uuid.UUID(str(v)) for v in values))
        except ValueError:
            raise forms.ValidationError("所选意见无效，请刷新页面后重试。") from None


class BulkForm(ConcernsFields):
    """An action on the selected opinions, or on all that match the list's filters."""

    action = forms.ChoiceField(choices=BULK_ACTIONS)
    ids = UUIDListField(required=False)
    scope = forms.ChoiceField(required=False, choices=[("", "所选"), ("all", "全部符合条件")])
    aspect = forms.ChoiceField(label="方面", required=False)
    kind = forms.ChoiceField(
        label="类别", required=False, choices=[(KEEP, "（不变）")] + OpinionKind.choices
    )
    concerns = forms.ChoiceField(
        label="反映对象",
        required=False,
        choices=[(KEEP, "（不变）"), ("from_sender", "按提出人所选"), ("chosen", "指定为下列对象")],
    )
    reason = forms.CharField(label="搁置原因", required=False, max_length=200)

    def __init__(self, *args, aspects, **kwargs):
        super().__init__(*args, **kwargs)
        self.aspects = {str(a.pk): a for a in aspects}
        self.fields["aspect"].choices = (
            [(KEEP, "（不变）")] + aspect_choices(aspects, "")[1:] + [("", "（未归入方面）")]
        )

    def clean(self):
        data = super().clean()
        if not data.get("ids") and data.get("scope") != "all":
            raise forms.ValidationError("请先勾选要处理的意见。")
        if data.get("action") == "set_aside" and not (data.get("reason") or "").strip():
            self.add_error("reason", "搁置意见须写明原因。")
        if data.get("concerns") == "chosen" and not data.get("team") and not data.get("members"):
            self.add_error("concerns", "请勾选反映对象：领导班子和/或班子成员。")
        keeps = (data.get("aspect") == KEEP, data.get("kind") in (KEEP, ""), data.get("concerns") in (KEEP, ""))
        if data.get("action") == "classify" and all(keeps):
            # Applying nothing would report the opinions as classified while nothing changed.
            raise forms.ValidationError("方面、类别、反映对象都选了“（不变）”，没有可应用的分类：请至少选择一项。")
        return data
