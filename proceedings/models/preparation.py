"""The preparation report (准备工作情况报告), the application to convene (召开申请) and each
sending of the two to the upper level with its decision (seeds 000 §四(二)1, 004).

The report is compiled from the phases' records (proceedings.preparation) and then edited
by the office; what was sent is frozen in a ConveningRequest, so a later edit never
changes what the upper level decided on.
"""

from django.conf import settings
from django.db import models

from meetings.models import Meeting

# Seed 002 方案1 §四, 方案8 (三)2: the plan and the preparation materials reach the upper
# level x days before the meeting; 10 where the seeds give a number.
DEFAULT_LEAD_DAYS = 10


class PreparationReport(models.Model):
    """The office's working copy of the report: compiled sections, then edited text.

    `sections` is a list of {"key", "heading", "text"}; `figures` the figures each
    section quoted when it was compiled ({key: {"section", "label", "phrase"}}), so the
    page can say which figure changed since ("数据已更新") and put the new one in.
    """

    meeting = models.OneToOneField(
        Meeting, on_delete=models.CASCADE, related_name="preparation_report", verbose_name="会议"
    )
    title = models.CharField("标题", max_length=200)
    sections = models.JSONField("正文", default=list)
    figures = models.JSONField("引用的数据", default=dict)
    # Optimistic lock: two offices editing never silently overwrite each other.
    version = models.PositiveIntegerField("版本", default=1)
    compiled_at = models.DateTimeField("生成时间")
    compiled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name="生成人"
    )
    updated_at = models.DateTimeField("修改时间")
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name="修改人"
    )

    class Meta:
        verbose_name = "准备工作情况报告"
        verbose_name_plural = "准备工作情况报告"

    def __str__(self):
        return self.title


class ConveningApplication(models.Model):
    """The application to convene: proposed time, place, attendees, agenda (seed 004)."""

    meeting = models.OneToOneField(
        Meeting, on_delete=models.CASCADE, related_name="convening_application", verbose_name="会议"
    )
    proposed_at = models.DateTimeField("拟召开时间", null=True, blank=True)
    place = models.CharField("会议地点", max_length=100, blank=True)
    attendees = models.TextField("参加人员", blank=True)
    agenda = models.TextField("会议议程", blank=True, help_text="每行一项议程")
    lead_days = models.PositiveSmallIntegerField(
        "提前报送天数",
        default=DEFAULT_LEAD_DAYS,
        help_text="方案和准备情况须在会前若干天报上级审核",
    )
    version = models.PositiveIntegerField("版本", default=1)
    updated_at = models.DateTimeField("修改时间")
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name="修改人"
    )

    class Meta:
        verbose_name = "召开申请"
        verbose_name_plural = "召开申请"

    def __str__(self):
        return f"{self.meeting}召开申请"

    def agenda_lines(self) -> list[str]:
        return [line.strip() for line in self.agenda.splitlines() if line.strip()]


class RequestStatus(models.TextChoices):
    PENDING = "pending", "待审核"
    APPROVED = "approved", "同意召开"
    POSTPONED = "postponed", "暂缓召开"
    HALTED = "halted", "叫停"


class ConveningRequest(models.Model):
    """One sending of the report and the application (报请召开), frozen, and the decision.

    Made by the `request_convening` move and decided by `approve_convening` or
    `postpone` (proceedings.convening hooks them); the reason of a postponement is what
    the office reads on its page.
    """

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="convening_requests", verbose_name="会议"
    )
    number = models.PositiveIntegerField("第几次报请")
    report = models.JSONField("报告内容")  # {"title", "sections"}
    application = models.JSONField("申请内容")  # see convening.application_content
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name="报送人"
    )
    sent_at = models.DateTimeField("报送时间")
    days_ahead = models.IntegerField("距拟召开日期天数", null=True, blank=True)
    status = models.CharField("审核结果", max_length=10, choices=RequestStatus.choices, default=RequestStatus.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name="审核人",
    )
    decided_at = models.DateTimeField("审核时间", null=True, blank=True)
    agreed_on = models.DateField("同意召开日期", null=True, blank=True)
    reason = models.TextField("意见", blank=True)

    class Meta:
        verbose_name = "报请召开记录"
        verbose_name_plural = "报请召开记录"
        ordering = ["meeting", "number"]
        constraints = [models.UniqueConstraint(fields=["meeting", "number"], name="unique_convening_request_number")]

    def __str__(self):
        return f"第{self.number}次报请召开"
