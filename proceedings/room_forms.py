"""Forms of the agenda, the rotation and the minutes (all input passes through one)."""

from datetime import datetime, time

from django import forms
from django.utils import timezone

from organizations.models import Person
from organizations.once import OnceForm

from .models import AgendaKind, AttendanceStatus, ExplanationTopic

TEXTAREA = {"rows": 4}


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class AgendaItemForm(forms.Form):
    title = forms.CharField(label="议程", max_length=300)
    kind = forms.ChoiceField(label="类型", choices=AgendaKind.choices)
    speaker = PersonChoiceField(label="发言人", queryset=Person.objects.none(), required=False)
    speaker_text = forms.CharField(label="发言人（系统外人员或单位）", max_length=100, required=False,
                                   help_text="如：县委第一督导组；选了发言人时可不填")
    minutes_limit = forms.IntegerField(label="时长（分钟）", min_value=1, max_value=600, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, people=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["speaker"].queryset = Person.objects.filter(pk__in=[p.pk for p in people])


class AgendaItemNewForm(OnceForm, AgendaItemForm):
    pass


class RotationOrderForm(forms.Form):
    """One number per member: the office's order of the rotation."""

    def __init__(self, *args, members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.members = list(members)
        for index, person in enumerate(self.members, start=1):
            self.fields[f"order_{person.pk}"] = forms.IntegerField(
                label=person.name, min_value=1, max_value=len(self.members), initial=index)

    def clean(self):
        data = super().clean()
        orders = [data.get(f"order_{p.pk}") for p in self.members]
        if None not in orders and len(set(orders)) != len(orders):
            raise forms.ValidationError("每位成员的顺序号应各不相同。")
        return data

    def ordered_people(self):
        return sorted(self.members, key=lambda p: self.cleaned_data[f"order_{p.pk}"])

    def rows(self):
        return [self[f"order_{p.pk}"] for p in self.members]


class CriticsForm(forms.Form):
    givers = forms.ModelMultipleChoiceField(label="批评人", queryset=Person.objects.none(),
                                            widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, members=(), receiver=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["givers"].queryset = Person.objects.filter(pk__in=[p.pk for p in members if p != receiver])
        self.fields["givers"].label_from_instance = lambda p: p.name

    def clean_givers(self):
        givers = self.cleaned_data["givers"]
        if len(givers) < 2:
            raise forms.ValidationError("每位成员至少安排2名批评人。")
        return givers


class AttendanceForm(forms.Form):
    """One row per person: status, reason, and for a member on leave who reads for them."""

    def __init__(self, *args, rows=(), members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = list(rows)
        member_ids = {m.pk for m in members}
        readers = Person.objects.filter(pk__in=member_ids)
        for row in self.rows:
            self.fields[f"status_{row.pk}"] = forms.ChoiceField(
                label=f"{row.label}出席情况", choices=AttendanceStatus.choices, initial=row.status)
            self.fields[f"reason_{row.pk}"] = forms.CharField(
                label=f"{row.label}请假事由", max_length=200, required=False, initial=row.reason)
            if row.person_id in member_ids:
                field = PersonChoiceField(label=f"{row.label}书面材料代读人", queryset=readers.exclude(pk=row.person_id),
                                          required=False)
                self.fields[f"read_by_{row.pk}"] = field
        self.member_ids = member_ids

    def clean(self):
        data = super().clean()
        for row in self.rows:
            status = data.get(f"status_{row.pk}")
            if status == AttendanceStatus.LEAVE and not (data.get(f"reason_{row.pk}") or "").strip():
                self.add_error(f"reason_{row.pk}", f"{row.label}请假，须写明请假事由。")
            reader = data.get(f"read_by_{row.pk}")
            if reader is not None and status != AttendanceStatus.LEAVE:
                self.add_error(f"read_by_{row.pk}", "出席会议的同志本人发言，无需代读。")
        return data

    def bound_rows(self):
        for row in self.rows:
            yield row, self[f"status_{row.pk}"], self[f"reason_{row.pk}"], (
                self[f"read_by_{row.pk}"] if f"read_by_{row.pk}" in self.fields else None)


class AttendanceAddForm(OnceForm):
    name = forms.CharField(label="姓名或单位", max_length=100)
    status = forms.ChoiceField(label="出席情况", choices=[(AttendanceStatus.NON_VOTING, "列席"),
                                                      (AttendanceStatus.GUIDING, "到会指导")])


def _time_on(day, value: time | None):
    if value is None:
        return None
    return timezone.make_aware(datetime.combine(day, value))


class SlotForm(forms.Form):
    notes = forms.CharField(label="记录", widget=forms.Textarea(attrs={"rows": 6}), required=False)
    started = forms.TimeField(label="开始时间", required=False, help_text="如 09:05",
                              widget=forms.TimeInput(format="%H:%M"))
    ended = forms.TimeField(label="结束时间", required=False, widget=forms.TimeInput(format="%H:%M"))
    version = forms.IntegerField(widget=forms.HiddenInput)

    def clean(self):
        data = super().clean()
        if data.get("started") and data.get("ended") and data["ended"] < data["started"]:
            self.add_error("ended", "结束时间不能早于开始时间。")
        return data

    def times(self, day):
        return _time_on(day, self.cleaned_data.get("started")), _time_on(day, self.cleaned_data.get("ended"))


class CriticismNewForm(OnceForm):
    text = forms.CharField(label="批评意见", widget=forms.Textarea(attrs=TEXTAREA),
                           help_text="一条意见记一项：整改阶段将逐条转为整改清单事项",
                           error_messages={"required": "请填写批评意见。"})


class CriticismForm(forms.Form):
    text = forms.CharField(label="批评意见", widget=forms.Textarea(attrs=TEXTAREA))
    version = forms.IntegerField(widget=forms.HiddenInput)


class ExplanationForm(forms.Form):
    """A member's 说明 on each of the four topics."""

    def __init__(self, *args, existing=None, **kwargs):
        super().__init__(*args, **kwargs)
        existing = existing or {}
        for topic in ExplanationTopic:
            current = existing.get(topic.value)
            self.fields[topic.value] = forms.CharField(label=topic.label, required=False,
                                                       widget=forms.Textarea(attrs=TEXTAREA),
                                                       initial=current.text if current else "")
            self.fields[f"{topic.value}_version"] = forms.IntegerField(
                widget=forms.HiddenInput, initial=current.version if current else 0)

    def topic_fields(self):
        return [self[t.value] for t in ExplanationTopic]


class CommentForm(forms.Form):
    text = forms.CharField(label="点评意见", widget=forms.Textarea(attrs={"rows": 8}),
                           error_messages={"required": "请填写点评意见。"})
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class CommentNewForm(OnceForm, CommentForm):
    pass


class HeldForm(forms.Form):
    held_on = forms.DateField(label="召开日期", widget=forms.DateInput(attrs={"type": "date"}),
                              error_messages={"required": "请填写会议召开日期。"})


class HaltForm(forms.Form):
    reason = forms.CharField(label="叫停原因", widget=forms.Textarea(attrs=TEXTAREA),
                             error_messages={"required": "请写明叫停的原因。"})
