from django import forms

from documents.sources import cite
from organizations.once import OnceForm

from .models import SelfJudgement

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class SwitchForm(forms.Form):
    enabled = forms.BooleanField(label="本次组织生活会同时开展民主评议党员", required=False)
    due_date = forms.DateField(
        label="自我评价截止日期", required=False, widget=DATE_WIDGET,
        help_text="党员撰写自我鉴定、填写登记表并经支部审定的截止日期。",
    )


class SelfAssessmentForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    self_assessment = forms.CharField(
        label="自我鉴定（党性分析）",
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=(
            "对照党员标准和评议内容，联系个人思想和工作实际，对一年来的思想、工作、学习等情况作全面、"
            f"客观、实事求是的总结，肯定成绩，找出差距，明确努力方向（{cite('002', piece=3)}）。"
        ),
    )
    self_judgement = forms.ChoiceField(
        label="自我评价", required=False, choices=[("", "（请选择）"), *SelfJudgement.choices],
        help_text="在是否合格上进行自我认定。",
    )


class OpinionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    text = forms.CharField(label="意见", required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 4}))


class LeaveForm(forms.Form):
    on_leave = forms.BooleanField(label="已向支部书记请假，不能参加评议大会", required=False)
    read_by = forms.ModelChoiceField(label="书面材料代为宣读人", required=False, queryset=None,
                                     empty_label="（请选择）")

    def __init__(self, *args, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["read_by"].queryset = people
        self.fields["read_by"].label_from_instance = lambda p: p.name

    def clean(self):
        data = super().clean()
        if data.get("on_leave") and not data.get("read_by"):
            self.add_error("read_by", "请选择代为宣读书面材料的同志。")
        return data


class NoteForm(forms.Form):
    note = forms.CharField(label="说明", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


# --- scoring ------------------------------------------------------------------------------


class RoundForm(forms.Form):
    access = forms.ChoiceField(label="评分方式", widget=forms.RadioSelect, choices=[])
    minimum_voters = forms.IntegerField(
        label="公布结果的最少评分人数", min_value=3, max_value=500, initial=5,
        help_text="评分人数少于此数时不显示统计结果，以免推算出个人的评分。",
    )
    with_committee = forms.BooleanField(label="同时填写基层党组织民主评议表（评议支部委员会）", required=False,
                                        initial=True)

    def __init__(self, *args, **kwargs):
        from .models import RoundAccess

        super().__init__(*args, **kwargs)
        self.fields["access"].choices = RoundAccess.choices
        self.fields["access"].initial = RoundAccess.ACCOUNTS


class ItemsForm(forms.Form):
    """The five items' titles and points (方案3 §三: 每项xx分)."""

    def __init__(self, *args, items=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.items = list(items)
        for item in self.items:
            self.fields[f"title_{item.order}"] = forms.CharField(
                label=f"第{item.order}项名称", max_length=40, initial=item.title)
            self.fields[f"points_{item.order}"] = forms.IntegerField(
                label=f"第{item.order}项分值", min_value=1, max_value=100, initial=item.max_points)

    def values(self) -> list[tuple[str, int]]:
        return [(self.cleaned_data[f"title_{i.order}"], self.cleaned_data[f"points_{i.order}"]) for i in self.items]


class CodesForm(forms.Form):
    count = forms.IntegerField(label="生成评分码的数量", min_value=1, max_value=500,
                               help_text="按到会党员人数生成，可略多几张备用；评分码只显示这一次，请当即打印。")


class CodeEntryForm(forms.Form):
    code = forms.CharField(label="评分码", max_length=20, help_text="评分码印在发给您的纸条上，不区分大小写。")


def _score_field(person, item):
    label = f"{person.name}：{item.title}"
    bounds = f"“{person.name}”的“{item.title}”须填写0至{item.max_points}之间的整数。"
    return forms.IntegerField(
        label=label, min_value=0, max_value=item.max_points,
        error_messages={"required": f"请为“{person.name}”的“{item.title}”打分。", "invalid": bounds,
                        "min_value": bounds, "max_value": bounds},
        widget=forms.NumberInput(attrs={"min": 0, "max": item.max_points, "inputmode": "numeric",
                                        "data-points": item.max_points}),
    )


class SheetForm(OnceForm):
    """One 评分表: five points for each member, and the committee's ratings if asked.

    On paper entry (`paper=True`) it carries the office's one-time token, so a double click
    does not enter one sheet twice; on a phone, the participation or the code does that."""

    code = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, people=(), items=(), with_committee=False, paper=False, **kwargs):
        from .models import COMMITTEE_ASPECTS, CommitteeRating

        super().__init__(*args, **kwargs)
        if not paper:
            del self.fields["form_token"]
        self.people, self.items = list(people), list(items)
        for person in self.people:
            for item in self.items:
                self.fields[f"s_{person.pk}_{item.order}"] = _score_field(person, item)
        self.aspects = COMMITTEE_ASPECTS if with_committee else []
        for i, aspect in enumerate(self.aspects, start=1):
            self.fields[f"c_{i}"] = forms.TypedChoiceField(
                label=aspect, choices=CommitteeRating.choices, coerce=int, widget=forms.RadioSelect,
                error_messages={"required": f"请评议支部委员会的“{aspect}”。"},
            )

    def rows(self):
        """Per member: the person and their five bound fields, for the template."""
        return [(p, [self[f"s_{p.pk}_{i.order}"] for i in self.items]) for p in self.people]

    def committee_fields(self):
        return [self[f"c_{i}"] for i in range(1, len(self.aspects) + 1)]

    def sheet(self):
        from .scoring import Sheet

        data = self.cleaned_data
        return Sheet(
            scores={p.pk: [data[f"s_{p.pk}_{i.order}"] for i in self.items] for p in self.people},
            committee=[data[f"c_{i}"] for i in range(1, len(self.aspects) + 1)] if self.aspects else None,
        )

    def totals(self):
        data = self.cleaned_data
        return [(p, [data[f"s_{p.pk}_{i.order}"] for i in self.items],
                 sum(data[f"s_{p.pk}_{i.order}"] for i in self.items)) for p in self.people]


# --- verdicts -----------------------------------------------------------------------------


class VerdictForm(forms.Form):
    grade = forms.ChoiceField(label="评定等次", choices=[])
    # The label says when a reason is needed; no help text (the card has no room for one).
    reason = forms.CharField(label="理由", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        from .models import Grade

        super().__init__(*args, **kwargs)
        self.fields["grade"].choices = [("", "（请选择）"), *Grade.choices]


class FollowUpForm(forms.Form):
    handling = forms.ChoiceField(label="处理方式", required=False, choices=[])
    text = forms.CharField(label="表扬或处理情况", max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        from .models import Handling

        super().__init__(*args, **kwargs)
        self.fields["handling"].choices = [("", "（不合格党员须选择）"), *Handling.choices]


class CommentForm(forms.Form):
    text = forms.CharField(label="我对初步评定意见的意见", max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
