"""The overview's filters as a GET form: the page, the Excel and the JSON read them alike."""

from datetime import date

from django import forms

from meetings.models import MeetingKind, Stage
from meetings.status import status_columns

from .overview import COUNT_CODES, OverviewFilters, Sort, code_label


class OverviewFilterForm(forms.Form):
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100, required=False)
    kind = forms.ChoiceField(label="会议类型", required=False)
    stage = forms.ChoiceField(label="阶段", required=False)
    column = forms.ChoiceField(label="环节", required=False)
    status = forms.ChoiceField(label="状态", required=False)
    overdue = forms.BooleanField(label="仅看逾期", required=False)
    q = forms.CharField(label="组织名称", max_length=50, required=False, strip=True)
    under = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    sort = forms.ChoiceField(label="排序", choices=Sort.CHOICES, required=False)
    flat = forms.BooleanField(label="平铺显示全部下级", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", "全部类型"), *MeetingKind.choices]
        self.fields["stage"].choices = [("", "全部阶段"), *Stage.choices]
        # Read when the form is made, not imported: the phases register their columns at start-up.
        self.fields["column"].choices = [("", "任一环节"), *((c.key, c.label) for c in status_columns())]
        self.fields["status"].choices = [("", "全部状态"), *((code, code_label(code)) for code in COUNT_CODES)]
        self.fields["q"].widget.attrs.update(placeholder="输入名称查找", type="search")

    def filters(self, *, today: date) -> OverviewFilters:
        """The filters asked for; a field that did not validate counts as not asked (the
        page shows its error beside it)."""
        self.is_valid()  # once: a bound form remembers its errors
        data = getattr(self, "cleaned_data", {})
        return OverviewFilters(
            year=data.get("year") or today.year,
            kind=data.get("kind") or "",
            stage=data.get("stage") or "",
            overdue_only=bool(data.get("overdue")),
            column=data.get("column") or "",
            status=data.get("status") or "",
            q=data.get("q") or "",
            under=data.get("under"),
            sort=data.get("sort") or Sort.TREE,
            flat=bool(data.get("flat")),
        )


def filters_from(query, *, today: date) -> tuple[OverviewFilters, OverviewFilterForm]:
    """The filters of a request's GET (`request.GET`), and the bound form for the page."""
    data = query.copy()
    if not data.get("year"):
        data["year"] = str(today.year)  # shown in the form as well as used
    form = OverviewFilterForm(data)
    form.is_valid()
    return form.filters(today=today), form
