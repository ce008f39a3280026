"""The situation report after the meeting (召开情况报告) and the notice (通报).

Seeds 000 §四(三)4, 002 方案2 / 方案8, 003 §六(一)(二): within 15 days of the meeting the
office reports how it went to the upper level, and the meeting is notified (通报) to the
subordinate organisations and the members. The report is compiled from the minutes and
the preparation figures, then edited section by section (each with its own optimistic
lock), sent, and acknowledged by the supervising level; the text as sent is frozen, and
the stamped paper copy (a scan) is kept beside it.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

from meetings.models import Meeting


class ReportState(models.TextChoices):
    DRAFT = "draft", "草稿"
    SENT = "sent", "已报送"
    ACKNOWLEDGED = "acknowledged", "上级已阅知"


class SectionKey(models.TextChoices):
    """The report's sections, in the order they are printed: an opening paragraph, then
    the numbered sections 一、二、…"""

    OPENING = "opening", "导语"
    PREPARATION = "preparation", "会前准备情况"
    PROCEEDINGS = "proceedings", "会议召开情况"
    CRITICISM = "criticism", "开展批评和自我批评情况"
    SUPERVISION = "supervision", "上级到会指导点评情况"
    PROBLEMS = "problems", "查摆的主要问题"
    NEXT_STEPS = "next_steps", "下一步工作打算"


def _scan_path(instance, filename):
    # The stored name is ours, never the uploader's: it cannot collide or climb directories.
    stamp = timezone.now().strftime("%Y%m%d%H%M%S")
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"uploads/situation_reports/{instance.meeting_id}/{instance.pk}-{stamp}.{extension}"


class SituationReport(models.Model):
    """The situation report of one held meeting (one per held day: after a 叫停 the
    meeting is held again and reported again, and the first report stays)."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="situation_reports", verbose_name="会议"
    )
    held_on = models.DateField("会议召开日期")
    state = models.CharField("状态", max_length=20, choices=ReportState.choices, default=ReportState.DRAFT)
    addressee = models.CharField("主送机关", max_length=100, blank=True)
    compiled_at = models.DateTimeField("生成时间", default=timezone.now)
    compiled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="生成人", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    sent_at = models.DateTimeField("报送时间", null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="报送人", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    # The sections as sent, frozen: {"addressee": …, "sections": [[key, heading, text], …]}.
    sent_text = models.JSONField("报送文本", null=True, blank=True)
    acknowledged_at = models.DateTimeField("阅知时间", null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="阅知人", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    acknowledgement_note = models.TextField("阅知意见", blank=True)
    # The stamped, signed report as it went out on paper (扫描件), kept beside the generated one.
    scan = models.FileField("盖章扫描件", upload_to=_scan_path, blank=True)
    scan_name = models.CharField("扫描件原文件名", max_length=200, blank=True)
    scan_size = models.PositiveIntegerField("扫描件大小", default=0)
    scan_uploaded_at = models.DateTimeField("扫描件上传时间", null=True, blank=True)
    scan_uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="扫描件上传人", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    # The notice (通报) to the subordinate organisations and the members: once issued,
    # the members may read it (the report itself stays with the office, secretary, upper level).
    notice_issued_at = models.DateTimeField("通报印发时间", null=True, blank=True)
    notice_issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="通报印发人", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    notice_scope = models.CharField("通报范围", max_length=200, blank=True)

    class Meta:
        verbose_name = "召开情况报告"
        verbose_name_plural = "召开情况报告"
        ordering = ["meeting", "-held_on"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "held_on"], name="unique_situation_report_per_held_day")
        ]

    def __str__(self):
        return f"{self.meeting}召开情况报告"

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("proceedings:report", args=[self.meeting_id])

    @property
    def is_draft(self) -> bool:
        return self.state == ReportState.DRAFT

    @property
    def is_sent(self) -> bool:
        return self.state in (ReportState.SENT, ReportState.ACKNOWLEDGED)


class ReportSection(models.Model):
    """One numbered section of the report, edited with an optimistic lock."""

    report = models.ForeignKey(SituationReport, on_delete=models.CASCADE, related_name="sections")
    key = models.CharField("部分", max_length=30, choices=SectionKey.choices)
    order = models.PositiveSmallIntegerField("序号")
    text = models.TextField("内容", blank=True)
    # The text as compiled from the records: the page shows when the office's wording
    # differs, and when the records have changed since ("数据已更新").
    compiled_text = models.TextField("生成的内容", blank=True)
    # Bumped on every save: a save made from version n is refused once it is n+1.
    version = models.PositiveIntegerField("版本", default=1)
    updated_at = models.DateTimeField("保存时间", auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "召开情况报告部分"
        verbose_name_plural = "召开情况报告部分"
        ordering = ["report", "order"]
        constraints = [models.UniqueConstraint(fields=["report", "key"], name="unique_report_section")]

    def __str__(self):
        return self.get_key_display()

    @property
    def edited(self) -> bool:
        return self.text != self.compiled_text


class ReportEvent(models.Model):
    """Who moved the report, when, and why (生成、报送、阅知、上传扫描件、印发通报)."""

    report = models.ForeignKey(SituationReport, on_delete=models.CASCADE, related_name="events")
    action = models.CharField("操作", max_length=40)
    from_state = models.CharField("原状态", max_length=20, choices=ReportState.choices, blank=True)
    to_state = models.CharField("新状态", max_length=20, choices=ReportState.choices, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="操作人", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField("说明", blank=True)
    at = models.DateTimeField("时间", default=timezone.now)

    class Meta:
        verbose_name = "召开情况报告记录"
        verbose_name_plural = "召开情况报告记录"
        ordering = ["report", "at", "id"]
