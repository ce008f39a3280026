"""Following an item to the end: progress on each measure with evidence, 销号 by a verifier
who is not the owner, reopening at the 回头看 — every step in the item's history."""

import uuid

from django.conf import settings
from django.db import models

from .lists import Item, ItemMeasure, ItemStatus, MeasureStatus


class ProgressReport(models.Model):
    """What the owner reports on one measure: the date, what was done, where it stands."""

    measure = models.ForeignKey(ItemMeasure, verbose_name="整改措施", on_delete=models.CASCADE, related_name="reports")
    on = models.DateField("日期")
    text = models.TextField("进展情况")
    status = models.CharField("进展", max_length=20, choices=MeasureStatus.choices)
    percent = models.PositiveSmallIntegerField("完成百分比")
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="报告人", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField("报告时间", auto_now_add=True)

    class Meta:
        verbose_name = "整改进展"
        verbose_name_plural = "整改进展"
        ordering = ["measure", "-on", "-id"]


def evidence_path(instance, filename):
    # A random name under MEDIA_ROOT (outside the web root, never served by URL): the
    # original name is kept in a column, not trusted as a path.
    return f"rectification/evidence/{uuid.uuid4().hex}"


class Evidence(models.Model):
    """A file proving progress (PDF, image, Word, Excel): type checked by content, size
    limited, served only through the permission-checked view."""

    report = models.ForeignKey(ProgressReport, verbose_name="整改进展", on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField("文件", upload_to=evidence_path)
    name = models.CharField("文件名", max_length=200)
    content_type = models.CharField("类型", max_length=100)
    size = models.PositiveBigIntegerField("大小")
    sha256 = models.CharField("SHA-256", max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        verbose_name = "佐证材料"
        verbose_name_plural = "佐证材料"
        ordering = ["report", "id"]

    def __str__(self):
        return self.name


class ItemEvent(models.Model):
    """The history of an item: created, changed, reported on, asked to close, closed,
    refused, reopened, carried over — who, when, why."""

    item = models.ForeignKey(Item, verbose_name="整改事项", on_delete=models.CASCADE, related_name="events")
    action = models.CharField("操作代码", max_length=20)
    label = models.CharField("操作", max_length=40)
    from_status = models.CharField("原状态", max_length=20, choices=ItemStatus.choices, blank=True)
    to_status = models.CharField("新状态", max_length=20, choices=ItemStatus.choices, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="操作人", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField("说明", blank=True)
    at = models.DateTimeField("时间")

    class Meta:
        verbose_name = "整改事项记录"
        verbose_name_plural = "整改事项记录"
        ordering = ["item", "at", "id"]
