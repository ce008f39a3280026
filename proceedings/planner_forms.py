"""The criticism planner's forms: one criticism of one colleague, added or changed."""

from django import forms

from organizations.once import OnceForm

from .planner import MAX_CHARS

TEXT_HELP = "写清对方的什么问题、有哪些具体表现（事例、时间、数字），点出在思想、政治、作风等方面的危害。"


def _text_field():
    return forms.CharField(
        label="拟提出的批评意见",
        max_length=MAX_CHARS,
        help_text=TEXT_HELP,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "请填写拟提出的批评意见。"},
    )


class PlanForm(OnceForm):
    """A new planned criticism of one colleague (the page has one such form per colleague)."""

    receiver = forms.TypedChoiceField(label="被批评人", coerce=int, widget=forms.HiddenInput)
    text = _text_field()

    def __init__(self, *args, receivers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.receivers = {p.pk: p for p in receivers}
        self.fields["receiver"].choices = [(p.pk, p.name) for p in receivers]

    def clean_receiver(self):
        return self.receivers[self.cleaned_data["receiver"]]


class PlanEditForm(forms.Form):
    text = _text_field()
    version = forms.IntegerField(widget=forms.HiddenInput)


class HintPreviewForm(forms.Form):
    """The text being typed, for the hints shown beside it (htmx)."""

    text = forms.CharField(required=False, max_length=MAX_CHARS * 2)
    receiver = forms.IntegerField(required=False)


class CriticsFromPlanForm(forms.Form):
    """The office confirms: each member's critics become those who plan to criticise them."""
