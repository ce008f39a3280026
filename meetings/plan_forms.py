from django import forms
from django.core.validators import MinValueValidator
from django.db.models import Q
from django.forms import BaseFormSet, formset_factory

from django.utils import timezone

from organizations import dateorder
from organizations.models import Department, Person

from .dates import AFTER_MEETING, BEFORE_MEETING
from .models import MilestoneKind, StepPhase, WorkPlan


def plan_people(meeting):
    """People who can appear in the plan: the organisation's own, its team, its branch members."""
    org = meeting.organization
    return (
        Person.objects.filter(Q(organization=org) | Q(team_seats__organization=org) | Q(branch=org))
        .distinct()
        .in_official_order(org)
    )


class PlanForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    theme = forms.CharField(label="会议主题", widget=forms.Textarea(attrs={"rows": 3}))
    starts_at = forms.DateTimeField(
        label="会议时间",
        required=False,
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )

    class Meta:
        model = WorkPlan
        fields = [
            "basis",
            "starts_at",
            "duration",
            "place",
            "guiding_leaders",
            "attendees",
            "non_voting",
            "non_voting_note",
            "chair",
            "recorder",
            "speech_minutes",
            "criticism_minutes",
        ]
        widgets = {
            "basis": forms.Textarea(attrs={"rows": 3}),
            "attendees": forms.CheckboxSelectMultiple,
            "non_voting": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        people = plan_people(meeting)
        for name in ("attendees", "non_voting", "chair", "recorder"):
            self.fields[name].queryset = people
        for name in ("speech_minutes", "criticism_minutes"):
            # min_value set after the field is made adds no validator: add the rule itself
            self.fields[name].validators.append(MinValueValidator(1, message="请填写大于0的分钟数。"))
            self.fields[name].widget.attrs["min"] = 1

    def clean(self):
        data = super().clean()
        both = set(data.get("attendees") or []) & set(data.get("non_voting") or [])
        if both:
            self.add_error("non_voting", f"{'、'.join(p.name for p in both)}已在出席人员中，不能同时列席。")
        return data


class StepForm(forms.Form):
    # an initial value, so that the blank row for a new step counts as untouched
    phase = forms.ChoiceField(label="阶段", choices=StepPhase.choices, initial=StepPhase.BEFORE)
    title = forms.CharField(label="步骤", max_length=100)
    text = forms.CharField(label="内容", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    milestone = forms.ChoiceField(
        label="对应节点", required=False, choices=[("", "—")] + list(MilestoneKind.choices)
    )
    due_date = forms.DateField(
        label="完成时间", required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )


class BaseStepFormSet(BaseFormSet):
    def clean(self):
        if any(self.errors):
            return
        seen = {}
        for form in self.forms:
            data = form.cleaned_data
            if not data or data.get("DELETE") or not data.get("milestone"):
                continue
            if data["milestone"] in seen:
                raise forms.ValidationError(
                    f"“{MilestoneKind(data['milestone']).label}”节点同时对应了“{seen[data['milestone']]}”和“{data['title']}”两个步骤，请只保留一个。"
                )
            seen[data["milestone"]] = data["title"]


class AgendaForm(forms.Form):
    text = forms.CharField(label="议程", max_length=300)


class DutyForm(forms.Form):
    task = forms.CharField(label="任务", widget=forms.Textarea(attrs={"rows": 2}))
    department = forms.ModelChoiceField(label="责任部门", queryset=Department.objects.none(), required=False)
    person = forms.ModelChoiceField(label="责任人", queryset=Person.objects.none(), required=False)
    deadline = forms.DateField(
        label="完成时限", required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    def __init__(self, *args, meeting=None, **kwargs):
        super().__init__(*args, **kwargs)
        if meeting is not None:
            self.fields["department"].queryset = Department.objects.filter(organization=meeting.organization)
            self.fields["person"].queryset = plan_people(meeting)

    def clean(self):
        data = super().clean()
        # A duty newly given a deadline already past would be overdue the moment it is
        # saved; a deadline kept from an earlier save is left alone.
        dateorder.not_past(self, "deadline", was=self.initial.get("deadline"), why="：新填写的完成时限不能早于今天")
        return data


class ChineseFormSet(BaseFormSet):
    default_error_messages = {
        **BaseFormSet.default_error_messages,
        "too_few_forms": "至少需要填写%(num)d项。",
        "too_many_forms": "最多%(num)d项。",
    }


class StepFormSetBase(BaseStepFormSet, ChineseFormSet):
    pass


StepFormSet = formset_factory(StepForm, formset=StepFormSetBase, extra=1, can_delete=True, max_num=30, validate_max=True)
AgendaFormSet = formset_factory(
    AgendaForm, formset=ChineseFormSet, extra=1, can_delete=True, min_num=1, validate_min=True, max_num=15, validate_max=True
)
DutyFormSet = formset_factory(DutyForm, formset=ChineseFormSet, extra=1, can_delete=True, max_num=40, validate_max=True)


def plan_dates_check(form, steps, meeting) -> bool:
    """Each step's date in order with the meeting it prepares or follows; False if not.

    The meeting day is the one typed in this same form (else the day it was held): a plan
    whose approval falls after its own meeting is refused here, not saved in silence.
    """
    starts_at = form.cleaned_data.get("starts_at")
    if meeting.held_on:
        day = dateorder.Mark("会议召开日期", meeting.held_on)
    elif starts_at:
        day = dateorder.Mark("会议时间", timezone.localtime(starts_at).date())
    else:
        return True
    ok = True
    for step in steps.forms:
        data = getattr(step, "cleaned_data", None)
        if not data or data.get("DELETE") or not data.get("due_date"):
            continue
        milestone, phase = data.get("milestone"), data.get("phase")
        if milestone in BEFORE_MEETING or (not milestone and phase == StepPhase.BEFORE):
            ok &= not dateorder.not_after(step, "due_date", day, "：会前的步骤须在会议之前完成")
        elif milestone in AFTER_MEETING or (not milestone and phase == StepPhase.AFTER):
            ok &= not dateorder.not_before(step, "due_date", day, "：会后的步骤在会议之后进行")
        elif milestone == MilestoneKind.MEETING and data["due_date"] != day.day:
            # The meeting's time wins when the plan is saved: a different date would vanish.
            step.add_error(
                "due_date",
                f"与{day.label}（{dateorder.day_text(day.day)}）不一致：“召开会议”节点的日期以会议时间为准，请核对。",
            )
            ok = False
    return ok


def kept(formset) -> list[dict]:
    return [f.cleaned_data for f in formset.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]
