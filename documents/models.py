"""Files the system generated (PDF, Word, Excel), kept and listed with who asked for them."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone


class FileFormat(models.TextChoices):
    PDF = "pdf", "PDF"
    DOCX = "docx", "Word"
    XLSX = "xlsx", "Excel"


class FileStatus(models.TextChoices):
    PENDING = "pending", "排队中"
    RUNNING = "running", "生成中"
    DONE = "done", "已完成"
    FAILED = "failed", "失败"


def _upload_to(instance, filename):
    return f"generated/{instance.created_at:%Y/%m}/{filename}"


class GeneratedFile(models.Model):
    kind = models.CharField("文书类型", max_length=60)
    format = models.CharField("格式", max_length=10, choices=FileFormat.choices)
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    source = GenericForeignKey("content_type", "object_id")
    # Hash of the document's content at request time: asking again for the same content
    # returns the same file instead of generating a second one.
    content_hash = models.CharField("内容摘要", max_length=64)
    title = models.CharField("标题", max_length=200)
    status = models.CharField(
        "状态", max_length=10, choices=FileStatus.choices, default=FileStatus.PENDING
    )
    error = models.TextField("错误", blank=True)
    file = models.FileField("文件", upload_to=_upload_to, blank=True)
    size = models.PositiveIntegerField("大小", default=0)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="生成人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("申请时间", auto_now_add=True)
    # A job can die with its worker: these let the next request or the periodic job tell a
    # row whose job is lost from one still queued or running (documents/services.py).
    queued_at = models.DateTimeField("排队时间", default=timezone.now)
    started_at = models.DateTimeField("开始生成时间", null=True, blank=True)
    attempts = models.PositiveSmallIntegerField("生成次数", default=0)
    task_id = models.CharField("任务编号", max_length=64, blank=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)

    class Meta:
        verbose_name = "生成文件"
        verbose_name_plural = "生成文件"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "format", "content_type", "object_id", "content_hash"],
                name="unique_generated_content",
            )
        ]

    def __str__(self):
        return self.title

    @property
    def filename(self) -> str:
        return f"{self.title}.{self.format}"

    @property
    def is_finished(self) -> bool:
        return self.status in (FileStatus.DONE, FileStatus.FAILED)
