"""A meeting's archive package (归档包): one BagIt bag per meeting, built by a task."""

from django.conf import settings
from django.db import models


class PackageStatus(models.TextChoices):
    PENDING = "pending", "排队中"
    RUNNING = "running", "生成中"
    DONE = "done", "已完成"
    FAILED = "failed", "失败"


def _upload_to(instance, filename):
    return f"archives/{instance.meeting_id}/{filename}"


class ArchivePackage(models.Model):
    """The archive of one meeting's cycle: what the bag holds, where it is, whether it is
    still the bag that was made (the last verification)."""

    meeting = models.OneToOneField(
        "meetings.Meeting", verbose_name="会议", on_delete=models.CASCADE, related_name="archive_package"
    )
    status = models.CharField("状态", max_length=10, choices=PackageStatus.choices, default=PackageStatus.PENDING)
    done_files = models.PositiveIntegerField("已完成文件数", default=0)
    total_files = models.PositiveIntegerField("文件总数", default=0)
    error = models.TextField("失败原因", blank=True)
    file = models.FileField("归档包", upload_to=_upload_to, blank=True)
    size = models.PositiveBigIntegerField("大小", default=0)
    sha256 = models.CharField("SHA-256", max_length=64, blank=True)
    # Of what the bag holds (every document's content, every file's bytes, every decision):
    # the same digest is the same archive, kept instead of being made again.
    content_digest = models.CharField("内容摘要", max_length=64, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="申请人", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField("申请时间")
    task_id = models.CharField("任务编号", max_length=64, blank=True)
    started_at = models.DateTimeField("开始时间", null=True, blank=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)
    verified_at = models.DateTimeField("最近校验时间", null=True, blank=True)
    verified_ok = models.BooleanField("最近校验结果", null=True)
    verified_problems = models.TextField("校验发现的问题", blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="校验人", null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "归档包"
        verbose_name_plural = "归档包"

    def __str__(self):
        return f"{self.meeting}（归档包）"

    @property
    def is_finished(self) -> bool:
        return self.status in (PackageStatus.DONE, PackageStatus.FAILED)

    @property
    def percent(self) -> int:
        if self.status == PackageStatus.DONE:
            return 100
        return self.done_files * 100 // self.total_files if self.total_files else 0
