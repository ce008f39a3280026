"""Meeting mode's log: every press of the recorder, kept once, as it was made.

The slots' times (`Slot.started_at`, `ended_at`, `paused_at`, `paused_seconds`) are what
this log says when replayed (proceedings.mode); the log itself is the evidence, and what
makes a press that reaches the server twice, or late, harmless.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

from ..mode_replay import Move
from .agenda import Sitting, Slot


class ModeEvent(models.Model):
    """One press in meeting mode: start, pause, resume, next or stop of a slot."""

    sitting = models.ForeignKey(Sitting, on_delete=models.CASCADE, related_name="mode_events", verbose_name="会次")
    # Made by the recorder's page (or by the server for a press without JavaScript): the
    # same press sent again carries the same id and is not stored twice.
    client_id = models.UUIDField("记录编号")
    seq = models.PositiveIntegerField("本机序号", default=0)
    move = models.CharField("操作", max_length=10, choices=Move.CHOICES)
    slot = models.ForeignKey(Slot, on_delete=models.CASCADE, related_name="mode_events", verbose_name="发言")
    at = models.DateTimeField("操作时间")
    received_at = models.DateTimeField("收到时间", default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name="记录人",
    )

    class Meta:
        verbose_name = "会议模式记录"
        verbose_name_plural = "会议模式记录"
        ordering = ["sitting", "at", "seq", "id"]
        constraints = [models.UniqueConstraint(fields=["sitting", "client_id"], name="unique_mode_event")]

    def __str__(self):
        return f"{Move.LABELS.get(self.move, self.move)} {self.at:%H:%M:%S}"
