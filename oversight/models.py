"""What the supervisors add on top of the phases: chasing, comments, read-only API tokens."""

import hashlib

from django.conf import settings
from django.db import models
from django.utils import timezone

from meetings.models import Meeting, MilestoneKind


class Chase(models.Model):
    """催办: one supervisor's reminder to one organisation's office about one meeting's
    phase, sent by hand from the overview. Who chased whom, when, about what."""

    meeting = models.ForeignKey(Meeting, verbose_name="会议", on_delete=models.CASCADE, related_name="chases")
    # A MilestoneKind, or the phase's own status key (evaluation); blank: the meeting as a whole.
    milestone = models.CharField("催办事项", max_length=30, blank=True)
    message = models.TextField("催办内容", blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="催办人", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The supervising body the chaser acted for (组织部, 纪委, 督导组), as on the meeting page.
    body = models.CharField("催办机构", max_length=30, blank=True)
    at = models.DateTimeField("催办时间", default=timezone.now)
    recipients = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name="接收人", related_name="+", blank=True
    )

    class Meta:
        verbose_name = "催办记录"
        verbose_name_plural = "催办记录"
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["meeting", "milestone", "at"])]

    def __str__(self):
        return f"{self.meeting} {self.milestone_label}"

    @property
    def milestone_label(self) -> str:
        if not self.milestone:
            return "整体工作进度"
        return MilestoneKind(self.milestone).label if self.milestone in MilestoneKind.values else self.milestone

    @property
    def body_label(self) -> str:
        return _body_label(self.body)


class Comment(models.Model):
    """督导意见 on an organisation's meeting, seen by its office and its secretary."""

    meeting = models.ForeignKey(Meeting, verbose_name="会议", on_delete=models.CASCADE, related_name="supervisor_comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="提出人", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.CharField("督导机构", max_length=30, blank=True)
    text = models.TextField("督导意见")
    at = models.DateTimeField("提出时间", default=timezone.now)

    class Meta:
        verbose_name = "督导意见"
        verbose_name_plural = "督导意见"
        ordering = ["-at", "-id"]

    def __str__(self):
        return self.text[:30]

    @property
    def body_label(self) -> str:
        return _body_label(self.body)


def _body_label(body: str) -> str:
    from organizations.models import SupervisorBody

    return SupervisorBody(body).label if body in SupervisorBody.values else body


class ApiToken(models.Model):
    """A read-only key for the county's own dashboards: the same permissions as its owner.

    Only the SHA-256 of the key is stored; the key itself is shown once, when made.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="所属用户", on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField("用途", max_length=60)
    prefix = models.CharField("前缀", max_length=8)  # the key's first characters, to tell keys apart
    digest = models.CharField("摘要", max_length=64, unique=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    last_used_at = models.DateTimeField("最近使用", null=True, blank=True)
    revoked_at = models.DateTimeField("注销时间", null=True, blank=True)

    class Meta:
        verbose_name = "接口令牌"
        verbose_name_plural = "接口令牌"
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @staticmethod
    def digest_of(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
