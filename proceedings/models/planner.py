"""The criticism planner's own record: what a member plans to raise of a colleague.

Criticisms planned in a confirmed heart-to-heart talk stay in `talks` (PlannedCriticism,
read through `talks.selectors.planned_criticisms`); a member who has more to say, or did
not name it in the talk, writes it here. `proceedings.planner` reads both into one matrix.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse

from meetings.models import Meeting
from organizations.models import Person


class CriticismPlan(models.Model):
    """One criticism a member plans to raise of a colleague at the meeting (拟在会上开展的批评意见)."""

    meeting = models.ForeignKey(
        Meeting, verbose_name="会议", on_delete=models.CASCADE, related_name="criticism_plans"
    )
    giver = models.ForeignKey(Person, verbose_name="提出人", on_delete=models.PROTECT, related_name="+")
    receiver = models.ForeignKey(Person, verbose_name="被批评人", on_delete=models.PROTECT, related_name="+")
    text = models.TextField("拟提出的批评意见")
    # Two tabs of the same member: a stale save is refused, never silently lost.
    version = models.PositiveIntegerField("版本", default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="填写账号", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField("填写时间", auto_now_add=True)
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    class Meta:
        verbose_name = "拟在会上开展的批评意见"
        verbose_name_plural = "拟在会上开展的批评意见"
        ordering = ["meeting", "giver", "receiver", "id"]
        indexes = [models.Index(fields=["meeting", "giver"], name="criticism_plan_giver")]

    def __str__(self):
        return f"{self.giver}→{self.receiver}：{self.text[:20]}"

    def get_absolute_url(self):
        return reverse("proceedings:planner_mine", args=[self.meeting_id]) + f"#r-{self.receiver_id}"
