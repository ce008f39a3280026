"""公示: the items marked public, with their status, published for a period the office sets
(seed 000 "在一定范围公开"; 001 "对于群众普遍关心问题的整改情况…进行公示"), and the public's
anonymous comments on them."""

import secrets
import uuid

from django.conf import settings
from django.db import models

from meetings.models import Meeting

from .lists import Item


def new_token() -> str:
    return secrets.token_urlsafe(16)


class Disclosure(models.Model):
    """One meeting's 公示: its public link and the period it is open."""

    meeting = models.OneToOneField(Meeting, verbose_name="会议", on_delete=models.CASCADE, related_name="disclosure")
    token = models.CharField("公开链接", max_length=40, unique=True, default=new_token)
    title = models.CharField("公示标题", max_length=200, blank=True)
    intro = models.TextField("公示说明", blank=True)
    starts_on = models.DateField("公示开始")
    ends_on = models.DateField("公示结束")
    contact = models.CharField("意见反馈方式", max_length=200, blank=True)
    accepts_comments = models.BooleanField("接受群众留言", default=True)
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    withdrawn_at = models.DateTimeField("撤回时间", null=True, blank=True)
    withdrawn_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    # Bumped on every save by the office (optimistic lock: two offices never silently
    # overwrite each other's choice of items or period).
    version = models.PositiveIntegerField("版本", default=1)

    class Meta:
        verbose_name = "整改公示"
        verbose_name_plural = "整改公示"

    def __str__(self):
        return self.title or f"{self.meeting}整改公示"


class PublicComment(models.Model):
    """A comment from the public on a disclosed item. Anonymous: written through
    `anonymity.writes` (random key, no time, no sender), the date alone kept."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    item = models.ForeignKey(Item, verbose_name="整改事项", on_delete=models.CASCADE, related_name="public_comments")
    text = models.TextField("留言")
    received_on = models.DateField("收到日期")
    # The office's handling: read, or taken into the next meeting's opinions.
    taken_into = models.CharField("转为意见", max_length=100, blank=True, help_text="转入的征求意见（会议）")

    class Meta:
        verbose_name = "群众留言"
        verbose_name_plural = "群众留言"
        ordering = ["item", "received_on"]
