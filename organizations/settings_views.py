"""The office's settings for its own organisation: how insistent reminders are."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from .access import get_organization_for_user
from .services import organization_reminders_set


class ReminderSettingsForm(forms.Form):
    overdue_reminder_days = forms.IntegerField(
        label="逾期提醒间隔（天）",
        min_value=1,
        max_value=30,
        help_text="事项到期前和到期当天会发送提醒；逾期后每隔这么多天再提醒一次，直至完成。",
        error_messages={
            "required": "请填写逾期提醒间隔。",
            "invalid": "请填写1至30之间的整数。",
            "min_value": "逾期提醒间隔至少为1天。",
            "max_value": "逾期提醒间隔不能超过30天。",
        },
    )


@login_required
def reminder_settings(request, pk):
    org, _access = get_organization_for_user(request.user, pk, manage=True)
    form = ReminderSettingsForm(
        request.POST or None, initial={"overdue_reminder_days": org.overdue_reminder_days}
    )
    if request.method == "POST" and form.is_valid():
        changed = organization_reminders_set(
            organization=org, overdue_reminder_days=form.cleaned_data["overdue_reminder_days"]
        )
        messages.success(request, "已保存提醒设置。" if changed else "提醒设置没有变化。")
        return redirect("organizations:detail", org.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "organizations/reminder_settings.html", {"org": org, "form": form}, status=status)
