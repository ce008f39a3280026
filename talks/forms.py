from django import forms
from django.forms import formset_factory

from documents.sources import cite
from meetings.dates import meeting_day
from organizations import dateorder
from organizations.once import OnceForm

from .models import TalkMode, TalkParticipant

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")

# The two sides of a talk on a form: "a" and "b". Who they are depends on who fills it in:
# a participant is "a" and picks "b"; the office picks both; an existing record has both.
SIDES = (("a", "甲"), ("b", "乙"))


def person_label(person) -> str:
    return f"{person.name}（{person.title}）" if person.title else person.name


class TalkForm(OnceForm):
    """A talk record: when, where, how, who started it, and seed 001's four headings."""

    person_a = forms.TypedChoiceField(label="谈话一方", coerce=int)
    person_b = forms.TypedChoiceField(label="谈话对象", coerce=int)
    initiator = forms.ChoiceField(label="发起人", choices=SIDES, widget=forms.RadioSelect)
    talked_on = forms.DateField(label="谈话日期", widget=DATE_WIDGET)
    place = forms.CharField(label="谈话地点", max_length=100)
    mode = forms.ChoiceField(
        label="谈话方式",
        choices=TalkMode.choices,
        initial=TalkMode.IN_PERSON,
        help_text=f"须一对一、面对面；流动党员、年老体弱党员可通过视频、电话等方式（参照{cite('002', piece=4)}）。",
    )
    team_problems = forms.CharField(
        label="一、班子集体的问题",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="谈班子在思想、政治、作风、能力、廉政等方面存在的突出问题。",
    )
    own_problems = forms.CharField(
        label="二、自身的问题及整改的打算",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="主动“交底子”：把自己摆进去、把职责摆进去、把工作摆进去，讲清整改打算。",
    )
    other_shortcomings = forms.CharField(
        label="三、对方的不足和改进的建议",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="“照镜子”“扯袖子”：直接点出对方的缺点和不足，提出改进建议。",
    )

    def __init__(self, *args, people=(), me=None, pair=None, meeting=None, **kwargs):
        """people: (group label, [Person]) to choose from; me: the participant filling it in;
        pair: the two people of an existing record (then nobody is chosen)."""
        super().__init__(*args, **kwargs)
        self.pair, self.meeting = pair, meeting
        choices = [
            (group, [(p.pk, person_label(p)) for p in members])
            for group, members in people
            if members
        ]
        if pair:
            del self.fields["person_a"], self.fields["person_b"]
            names = (pair[0].name, pair[1].name)
        elif me:
            del self.fields["person_a"]
            self.fields["person_b"].choices = [("", "请选择谈话对象")] + choices
            names = (f"{me.name}（本人）", "对方")
        else:
            self.fields["person_a"].choices = [("", "请选择")] + choices
            self.fields["person_b"].choices = [("", "请选择")] + choices
            self.fields["person_b"].label = "谈话另一方"
            names = ("谈话一方", "谈话另一方")
        self.fields["initiator"].choices = [("a", names[0]), ("b", names[1])]
        self.side_names = names

    def clean(self):
        data = super().clean()
        if (
            "person_a" in self.fields
            and data.get("person_a")
            and data.get("person_a") == data.get("person_b")
        ):
            self.add_error("person_b", "请选择另一个人：谈心谈话是两个人之间一对一进行的。")
        if self.meeting is not None:
            dateorder.not_after(self, "talked_on", meeting_day(self.meeting), "：谈心谈话在会前进行")
        return data


class CriticismForm(forms.Form):
    """One criticism planned for the meeting (拟在会上开展批评的问题), kept as its own item."""

    critic = forms.ChoiceField(label="提出人", choices=SIDES)
    content = forms.CharField(
        label="拟在会上提出的批评意见", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, side_names=("甲", "乙"), **kwargs):
        super().__init__(*args, **kwargs)
        a, b = side_names
        self.fields["critic"].choices = [("a", f"{a}对{b}"), ("b", f"{b}对{a}")]


CriticismFormSet = formset_factory(CriticismForm, extra=2, max_num=12, validate_max=True)


def criticisms_from(formset) -> list[tuple[str, str]]:
    """(side, content) of the rows that say something; blank rows are left out."""
    return [
        (f.cleaned_data["critic"], f.cleaned_data["content"].strip())
        for f in formset.forms
        if f.cleaned_data.get("content", "").strip()
    ]


class PartForm(forms.Form):
    """The other side's own part of a record: seed 001's headings, in their own words."""

    own_problems = forms.CharField(
        label="一、自身的问题及整改的打算",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="主动“交底子”：把自己摆进去、把职责摆进去、把工作摆进去，讲清整改打算。",
    )
    other_shortcomings = forms.CharField(
        label="二、对方的不足和改进的建议",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="直接点出对方的缺点和不足，提出改进建议。",
    )
    team_problems = forms.CharField(
        label="三、对班子集体问题的补充",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="记录中没有写到、您认为班子存在的问题；没有可不填。",
    )


class PartCriticismForm(forms.Form):
    content = forms.CharField(
        label="拟在会上对对方提出的批评意见", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


PartCriticismFormSet = formset_factory(PartCriticismForm, extra=2, max_num=6, validate_max=True)


class NoteForm(forms.Form):
    note = forms.CharField(label="说明", required=False, widget=forms.Textarea(attrs={"rows": 3}))


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label="原因",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="如：该同志长期病假、脱产学习，经党组（支部）研究同意免谈。",
        error_messages={"required": "免谈须填写原因。"},
    )


class PairAddForm(forms.Form):
    person_a = forms.TypedChoiceField(label="人员甲", coerce=int)
    person_b = forms.TypedChoiceField(label="人员乙", coerce=int)
    reason = forms.CharField(label="原因", max_length=500, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, people=(), **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", "请选择")] + [(p.pk, person_label(p)) for p in people]
        self.fields["person_a"].choices = choices
        self.fields["person_b"].choices = choices

    def clean(self):
        data = super().clean()
        if data.get("person_a") and data.get("person_a") == data.get("person_b"):
            self.add_error("person_b", "请选择两个不同的人。")
        return data


class RepresentativesForm(forms.Form):
    representatives = forms.ModelMultipleChoiceField(
        label="党员代表", queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["representatives"]
        field.queryset = candidates
        field.label_from_instance = lambda p: (
            f"{p.name}（{p.branch.display_name}{'，' + p.title if p.title else ''}）"
        )


class FlagsForm(forms.Form):
    """Seed 002's flags: one checkbox per member and flag, named "<person id>-<flag>"."""

    FLAG_LABELS = [
        (f, TalkParticipant._meta.get_field(f).verbose_name) for f in TalkParticipant.FLAGS
    ]

    def __init__(self, *args, members, current, **kwargs):
        super().__init__(*args, **kwargs)
        self.members = members
        for person in members:
            for flag, label in self.FLAG_LABELS:
                self.fields[f"{person.pk}-{flag}"] = forms.BooleanField(
                    label=f"{person.name}：{label}",
                    required=False,
                    initial=flag in current.get(person.pk, set()),
                )

    def rows(self):
        for person in self.members:
            yield person, [self[f"{person.pk}-{flag}"] for flag, _ in self.FLAG_LABELS]

    def flags(self) -> dict[int, set[str]]:
        return {
            person.pk: {
                flag for flag, _ in self.FLAG_LABELS if self.cleaned_data.get(f"{person.pk}-{flag}")
            }
            for person in self.members
        }
