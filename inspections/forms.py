"""Forms of the materials. Each editable block is a small form of its own, carrying the
version it was loaded at; its prefix makes its fields unique on the editor page."""

from django import forms

from organizations import dateorder
from organizations.models import Person

from .models import CAUSE_PROMPTS, MeasureTerm, SectionKey

TEXTAREA = {"rows": 6, "class": "ed-text"}


class BlockForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class SectionForm(BlockForm):
    text = forms.CharField(label="内容", required=False, widget=forms.Textarea(attrs=TEXTAREA))

    def __init__(self, *args, key: str, **kwargs):
        super().__init__(*args, prefix=f"section-{key}", **kwargs)
        self.fields["text"].label = SectionKey(key).label
        prompt = CAUSE_PROMPTS.get(key)
        if prompt:
            self.fields["text"].help_text = f"剖析{prompt}。"
        if key == SectionKey.PREFACE:
            self.fields["text"].help_text = "简要说明学习研讨、征求意见、谈心谈话和查摆问题的情况。"
            self.fields["text"].widget.attrs["rows"] = 4


def _choice(pk, label):
    return (str(pk), label)


class ProblemForm(BlockForm):
    title = forms.CharField(label="问题", max_length=200, required=False,
                            widget=forms.TextInput(attrs={"class": "ed-title", "placeholder": "一句话概括问题"}))
    details = forms.CharField(
        label="具体表现和典型事例", required=False, widget=forms.Textarea(attrs={**TEXTAREA, "rows": 7}),
        help_text="写清具体的人、事、时间和数字，见人见事见思想。",
    )
    aspect = forms.TypedChoiceField(label="所属方面", required=False, coerce=int, empty_value=None)

    def __init__(self, *args, problem_id: int, aspects, **kwargs):
        super().__init__(*args, prefix=f"problem-{problem_id}", **kwargs)
        self.fields["aspect"].choices = [("", "（未归类）")] + [_choice(a.pk, f"{a.order}. {a.title}") for a in aspects]


class MeasureForm(BlockForm):
    content = forms.CharField(label="整改措施", required=False,
                              widget=forms.Textarea(attrs={**TEXTAREA, "rows": 3}))
    term = forms.ChoiceField(label="整改类型", choices=MeasureTerm.choices)
    deadline = forms.DateField(label="完成时限", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    problem = forms.TypedChoiceField(label="针对问题", required=False, coerce=int, empty_value=None)

    def __init__(self, *args, measure_id: int, problems, **kwargs):
        super().__init__(*args, prefix=f"measure-{measure_id}", **kwargs)
        self.fields["problem"].choices = [("", "（不指定）")] + [
            _choice(p.pk, p.title or "（未命名问题）") for p in problems
        ]

    def clean(self):
        data = super().clean()
        # A deadline already past when typed is a slip; one kept from before is left alone.
        dateorder.not_past(self, "deadline", was=self.initial.get("deadline"), why="：整改时限应是今后的日期")
        return data


class AnswerForm(BlockForm):
    problem = forms.TypedChoiceField(label="在以下问题中查摆", required=False, coerce=int, empty_value=None)
    text = forms.CharField(label="回应", required=False, widget=forms.Textarea(attrs={**TEXTAREA, "rows": 3}),
                           help_text="说明对这条意见的认识和整改打算；已作为问题查摆的，可在上方选择该问题。")

    def __init__(self, *args, routing_id: int, problems, **kwargs):
        super().__init__(*args, prefix=f"answer-{routing_id}", **kwargs)
        self.fields["problem"].choices = [("", "（不指定问题）")] + [
            _choice(p.pk, p.title or "（未命名问题）") for p in problems
        ]


class NewProblemForm(forms.Form):
    aspect = forms.IntegerField(required=False)


class NewMeasureForm(forms.Form):
    problem = forms.IntegerField(required=False)


class TransitionForm(forms.Form):
    note = forms.CharField(label="意见说明", required=False, widget=forms.Textarea(attrs={"rows": 4}))


class CommentForm(forms.Form):
    section = forms.CharField(widget=forms.HiddenInput)
    text = forms.CharField(label="意见", widget=forms.Textarea(attrs={"rows": 3}), max_length=4000)


class DrafterForm(forms.Form):
    drafter = forms.ModelChoiceField(label="起草人", queryset=Person.objects.none(), required=False,
                                     empty_label="办公室起草")

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["drafter"].queryset = Person.objects.filter(organization=organization, user__isnull=False).in_official_order(organization)
        self.fields["drafter"].help_text = "在书记领导下起草；未指定时由办公室起草。"
