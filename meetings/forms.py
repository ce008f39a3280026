from django import forms
from django.db.models import F, Q
from django.forms import BaseFormSet, formset_factory
from django.utils import timezone

from organizations import dateorder
from organizations.dateorder import day_text
from organizations.models import Organization
from organizations.once import OnceForm

from . import dates
from .models import AspectTemplate, Meeting, MeetingKind, MilestoneKind


class MeetingCreateForm(OnceForm):
    organization = forms.ModelChoiceField(
        label="组织", queryset=Organization.objects.none(), empty_label=None
    )
    kind = forms.ChoiceField(label="会议类型", choices=MeetingKind.choices)
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    is_special = forms.BooleanField(label="专题会议", required=False)
    title = forms.CharField(label="会议名称", max_length=200)
    theme = forms.CharField(label="会议主题", widget=forms.Textarea(attrs={"rows": 3}), required=False)
    template = forms.ModelChoiceField(
        label="对照检查方面模板",
        queryset=AspectTemplate.objects.none(),
        required=False,
        empty_label="（不使用模板，稍后填写）",
        help_text="括号内是模板依据的上级通知年度。对照检查的方面每年由上级确定，请以今年的通知为准。",
    )
    # Shown, as a checkbox, only once the office is told the template is of an earlier year.
    dated_template_ok = forms.BooleanField(
        label="我已核对今年上级的通知，仍使用这个往年的模板（创建后可修改方面）",
        required=False,
        widget=forms.HiddenInput,
    )
    # Shown only once a same-named meeting is found: creating it again is then a choice.
    confirm_duplicate = forms.BooleanField(
        label="确认再创建一次同名会议", required=False, widget=forms.HiddenInput
    )

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations
        template = self.fields["template"]
        template.queryset = AspectTemplate.objects.filter(
            Q(organization__isnull=True) | Q(organization__in=organizations)
        ).select_related("organization").prefetch_related("items").order_by(F("year").desc(nulls_last=True), "organization_id", "id")
        template.label_from_instance = template_label
        self.fields["year"].initial = timezone.localdate().year
        self.fields["title"].widget.attrs["placeholder"] = "如：2026年度民主生活会"

    def clean(self):
        data = super().clean()
        template, kind, year = data.get("template"), data.get("kind"), data.get("year")
        if template and kind and template.kind != kind:
            self.add_error(
                "template",
                f"“{template.name}”适用于{template.get_kind_display()}，与所选会议类型不一致。",
            )
        elif template and year and template.is_dated_for(year) and not data.get("dated_template_ok"):
            # A warning the office answers, not a refusal: the upper level may repeat
            # last year's aspects. The checkbox appears with it.
            when = f"是{template.year}年度的" if template.year else "没有注明年度"
            self.add_error("template", (
                f"“{template.name}”{when}（出处：{template.source or '未注明'}），本次是{year}年度的会议。"
                "对照检查的方面每年由上级确定，请核对今年上级的通知；如确需沿用，请勾选下方的确认后再创建。"
            ))
            self.fields["dated_template_ok"].widget = forms.CheckboxInput()
        self._ask_before_a_duplicate(data)
        return data

    def _ask_before_a_duplicate(self, data):
        """A second meeting of the same organisation, kind, year and title is confirmed first.

        Three identical meetings give every member three identical to-dos; yet a 专题
        meeting may well be held twice in a year, so this asks rather than refuses.
        """
        keys = ("organization", "kind", "year", "title")
        if any(not data.get(k) for k in keys) or data.get("confirm_duplicate"):
            return
        same = Meeting.objects.filter(**{k: data[k] for k in keys}).order_by("created_at").first()
        if same is None:
            return
        self.fields["confirm_duplicate"].widget = forms.CheckboxInput()
        self.add_error(
            "title",
            f"本组织{data['year']}年度已有一次同名的{same.get_kind_display()}“{same.title}”"
            f"（{day_text(timezone.localtime(same.created_at))}创建）。如确需再开一次（如专题会议），"
            "请勾选下方“确认再创建一次同名会议”后再保存；否则请修改会议名称。",
        )


def template_label(template: AspectTemplate) -> str:
    """"党史学习教育专题民主生活会“五个带头”（2021年度 · 系统内置）": the year first seen."""
    owner = "系统内置" if template.is_shipped else template.organization.display_name
    return f"{template.name}（{template.year_label} · {owner}）"


class MeetingEditForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = Meeting
        fields = ["title", "year", "is_special", "theme"]
        widgets = {"theme": forms.Textarea(attrs={"rows": 4})}


class AspectForm(forms.Form):
    title = forms.CharField(label="方面", max_length=200)
    description = forms.CharField(
        label="具体内容", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class BaseAspectFormSet(BaseFormSet):
    default_error_messages = {
        **BaseFormSet.default_error_messages,
        "too_few_forms": "至少需要一个对照检查方面。",
        "too_many_forms": "对照检查方面最多%(num)d个。",
    }


AspectFormSet = formset_factory(
    AspectForm,
    formset=BaseAspectFormSet,
    extra=1,
    can_delete=True,
    min_num=1,
    validate_min=True,
    max_num=20,
    validate_max=True,
)


def aspects_from(formset) -> list[tuple[str, str]]:
    return [
        (f.cleaned_data["title"], f.cleaned_data.get("description", ""))
        for f in formset.forms
        if f.cleaned_data and not f.cleaned_data.get("DELETE")
    ]


class MilestonesForm(forms.Form):
    """One date field per milestone kind, in the order the meeting's own dates allow."""

    def __init__(self, *args, milestones, meeting=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.milestones, self.meeting = list(milestones), meeting
        for m in self.milestones:
            self.fields[m.kind] = forms.DateField(
                label=MilestoneKind(m.kind).label,
                required=False,
                initial=m.due_date,
                widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            )

    def clean(self):
        data = super().clean()
        if self.meeting is None:
            return data
        meeting = self.meeting
        in_plan = dates.plan_day(meeting)
        typed = data.get(MilestoneKind.MEETING)
        if in_plan and typed and typed != in_plan.day and not meeting.held_on:
            # The plan is where the meeting's time is set; a different date here would be
            # overwritten by the plan's next save without a word.
            self.add_error(
                MilestoneKind.MEETING,
                f"与{in_plan.label}（{dateorder.day_text(in_plan.day)}）不一致：会议时间以工作方案为准，请在工作方案中修改。",
            )
        if meeting.held_on:
            day = dateorder.Mark("会议召开日期", meeting.held_on)
        elif typed:
            day = dateorder.Mark("“召开会议”节点日期", typed)
        else:
            day = in_plan
        refused = set()
        for kind in dates.BEFORE_MEETING:
            if kind in self.fields and dateorder.not_after(self, kind, day, "：该项须在会前完成"):
                refused.add(kind)
        for kind in dates.AFTER_MEETING:
            if kind in self.fields and dateorder.not_before(self, kind, day, "：该项在会议之后进行"):
                refused.add(kind)
        for m in self.milestones:
            if m.kind not in refused and not m.is_done and m.kind in self.cleaned_data:
                dateorder.not_past(self, m.kind, was=m.due_date, why="：未完成的节点请安排今天或以后的日期")
        return data


class TransitionForm(forms.Form):
    note = forms.CharField(label="说明", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    on_date = forms.DateField(
        label="召开日期",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def clean(self):
        data = super().clean()
        dateorder.not_future(self, "on_date", "：请在会议召开之后再登记")
        return data


class TemplateEditForm(forms.Form):
    name = forms.CharField(label="模板名称", max_length=100)
    year = forms.IntegerField(
        label="年度", min_value=2000, max_value=2100, required=False,
        help_text="所依据的上级通知的年度，如：2027。新建会议时选用往年的模板会有提示。",
    )
    source = forms.CharField(
        label="出处", max_length=200, required=False,
        help_text="上级通知的标题，如：《关于认真开好2027年度县以上党和国家机关党员领导干部民主生活会的通知》",
    )


class WaiverForm(forms.Form):
    """A phase that does not apply to this meeting, and why (shown on the checklist)."""

    phase = forms.ChoiceField(label="环节")
    reason = forms.CharField(
        label="不适用的理由",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "请写明不适用的理由。", "max_length": "理由不能超过500字。"},
        help_text="如：班子仅一人，没有应谈对象。",
    )

    def __init__(self, *args, phases, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["phase"].choices = phases
        self.fields["phase"].error_messages["invalid_choice"] = "请选择环节。"
