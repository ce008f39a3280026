"""Every input of the study phase goes through one of these forms."""

from decimal import Decimal

from django import forms
from django.db.models import Case, Q, When
from django.forms import BaseFormSet, formset_factory
from django.utils import timezone

from meetings.dates import meeting_day
from organizations import dateorder
from organizations.once import OnceForm

from .models import MaterialKind, StudyForm, StudyMaterial, StudySession
from .services import AttendanceEntry

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME_WIDGET = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class MaterialChoiceField(forms.ModelMultipleChoiceField):
    """The library's materials as checkboxes, grouped under their kind (讲话, 文件…)."""

    widget = forms.CheckboxSelectMultiple(attrs={"class": "choice-list"})

    def group_by_kind(self):
        groups: dict[str, list] = {}
        for material in self.queryset:
            label = material.title + ("（已归档）" if material.is_archived else "")
            groups.setdefault(material.get_kind_display(), []).append((material.pk, label))
        self.choices = list(groups.items())


def offered_materials(organization, chosen_ids=()):
    """The library's live materials by kind, plus any archived one the record already names."""
    by_kind = Case(*[When(kind=v, then=i) for i, v in enumerate(MaterialKind.values)])
    return (
        StudyMaterial.objects.filter(organization=organization)
        .filter(Q(is_archived=False) | Q(pk__in=list(chosen_ids)))
        .order_by(by_kind, "pk")
    )


class _SessionBaseForm(OnceForm, forms.ModelForm):
    hours = forms.DecimalField(
        label="时长（小时）",
        min_value=Decimal("0.5"),
        max_value=Decimal("24"),
        decimal_places=1,
        initial=Decimal("2"),
        error_messages={
            "min_value": "时长至少0.5小时。",
            "max_value": "时长不能超过24小时。",
            "max_decimal_places": "时长最多保留一位小数，如1.5。",
            "invalid": "请填写数字，如1.5。",
        },
    )
    materials = MaterialChoiceField(
        label="学习材料", queryset=StudyMaterial.objects.none(), required=False,
        help_text="从本组织的学习材料库中勾选；库中没有的，请先在材料库中添加。",
    )

    def __init__(self, *args, organization, meeting=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.meeting = meeting
        chosen = self.instance.materials.values_list("pk", flat=True) if self.instance.pk else ()
        self.fields["materials"].queryset = offered_materials(organization, chosen)
        self.fields["materials"].group_by_kind()
        if not self.instance.pk:
            self.fields["held_on"].initial = timezone.localdate()

    def clean_held_on(self):
        held_on = self.cleaned_data["held_on"]
        if held_on > timezone.localdate():
            raise forms.ValidationError("日期不能晚于今天：请在学习之后再记录。")
        return held_on

    def clean(self):
        data = super().clean()
        if self.meeting is not None:
            dateorder.not_after(self, "held_on", meeting_day(self.meeting), "：学习研讨是会前的准备")
        return data


class SessionForm(_SessionBaseForm):
    """A session the office records for the participants (every form but self-study)."""

    form = forms.ChoiceField(label="学习形式", choices=StudyForm.group_choices())

    class Meta:
        model = StudySession
        fields = ["form", "held_on", "start_time", "hours", "location", "topic", "materials", "summary"]
        widgets = {
            "held_on": DATE_WIDGET,
            "start_time": TIME_WIDGET,
            "summary": forms.Textarea(attrs={"rows": 4}),
        }
        labels = {"summary": "学习研讨情况"}
        help_texts = {"summary": "学习的主要内容、研讨交流情况、形成的共识等。"}


class SelfStudyForm(_SessionBaseForm):
    """One person's self-study. The office chooses the person; a member logs their own."""

    person = forms.TypedChoiceField(label="学习人", coerce=int)

    class Meta:
        model = StudySession
        fields = ["held_on", "hours", "topic", "materials", "summary"]
        widgets = {"held_on": DATE_WIDGET, "summary": forms.Textarea(attrs={"rows": 4})}
        labels = {"topic": "自学内容", "summary": "学习心得"}
        help_texts = {"summary": "读书笔记或心得体会的要点：学过留痕。"}

    def __init__(self, *args, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.people = {p.pk: p for p in people or []}
        if people is None:
            del self.fields["person"]
        else:
            self.fields["person"].choices = [("", "请选择")] + [(p.pk, p.name) for p in people]
            self.fields["person"].error_messages.update(
                invalid_choice="请从名单中选择学习人。", required="请选择学习人。"
            )
            self.order_fields(["person"])

    def clean_person(self):
        return self.people[self.cleaned_data["person"]]


class AttendanceForm(forms.Form):
    """One expected attendee. The rule of the seeds: an absentee's reason is recorded."""

    # The person the row was rendered for: if the list changed meanwhile, the row says so.
    person_id = forms.IntegerField(widget=forms.HiddenInput, required=False)
    present = forms.BooleanField(label="出席", required=False)
    absence_reason = forms.CharField(label="缺席原因", max_length=100, required=False)
    speech_topic = forms.CharField(label="交流发言题目", max_length=200, required=False)
    made_up = forms.BooleanField(label="已补学", required=False)

    def __init__(self, *args, person=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.person = person
        if person is not None:
            self.fields["person_id"].initial = person.pk
            # Each row's inputs name the person, for screen readers and for the phone layout.
            for name, field in self.fields.items():
                if name != "person_id":
                    field.widget.attrs["aria-label"] = f"{person.name} {field.label}"
        self.fields["absence_reason"].widget.attrs["placeholder"] = "如：出差、病假、参加上级会议"
        self.fields["speech_topic"].widget.attrs["placeholder"] = "未发言则留空"

    def clean(self):
        data = super().clean()
        posted_for = data.get("person_id")
        if self.person is not None and posted_for is not None and posted_for != self.person.pk:
            raise forms.ValidationError("参加人员名单已变化，请重新打开页面后填写。")
        if not data.get("present"):
            if not data.get("absence_reason", "").strip():
                self.add_error("absence_reason", "缺席的，请填写缺席原因。")
            if data.get("speech_topic"):
                self.add_error("speech_topic", "缺席人员不能作交流发言。")
        return data

    def entry(self) -> AttendanceEntry:
        d = self.cleaned_data
        return AttendanceEntry(
            self.person, bool(d["present"]), d["absence_reason"].strip(),
            d["speech_topic"].strip(), bool(d.get("made_up")),
        )


class BaseAttendanceFormSet(BaseFormSet):
    """One row per expected attendee, in a fixed order: the people come from the server."""

    def __init__(self, *args, people, **kwargs):
        self.people = list(people)
        super().__init__(*args, **kwargs)

    def total_form_count(self):
        return len(self.people)

    def get_form_kwargs(self, index):
        return {"person": self.people[index] if index is not None else None}

    def entries(self) -> list[AttendanceEntry]:
        return [form.entry() for form in self.forms]


AttendanceFormSet = formset_factory(AttendanceForm, formset=BaseAttendanceFormSet, extra=0)


def attendance_formset(data=None, *, people, rows=None):
    """The attendance grid: everyone present by default, or as recorded in `rows`."""
    by_person = {row.person_id: row for row in rows or []}
    initial = []
    for person in people:
        row = by_person.get(person.pk)
        initial.append(
            {
                "present": row.present if row else True,
                "absence_reason": row.absence_reason if row else "",
                "speech_topic": row.speech_topic if row else "",
                "made_up": row.made_up if row else False,
            }
        )
    return AttendanceFormSet(data, people=people, initial=initial, prefix="att")


class MaterialForm(OnceForm, forms.ModelForm):
    class Meta:
        model = StudyMaterial
        fields = ["title", "kind", "issuer", "issued_on", "notes"]
        widgets = {"issued_on": DATE_WIDGET, "notes": forms.Textarea(attrs={"rows": 2})}
        help_texts = {
            "title": "书名、文件名加书名号，如《中国共产党章程》；讲话写明讲话人和场合。",
            "issuer": "如：中共中央、党的十九届六中全会、中央文献出版社。",
        }

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.organization = organization

    def clean(self):
        data = super().clean()
        dateorder.not_future(self, "issued_on", "：请填写材料的发布或出版日期")
        return data

    def clean_title(self):
        title = self.cleaned_data["title"].strip()
        clash = StudyMaterial.objects.filter(organization=self.organization, title=title)
        if self.instance.pk:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError("材料库中已有同名材料。")
        return title
