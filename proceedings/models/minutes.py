"""The minutes of a sitting (会议记录): attendance, each criticism as its own item, the
members' 说明 and the supervisor's 点评.

Each criticism is attributed to giver and receiver because the rectification phase turns
them into list items; they are seen by the office, the secretary, the person criticised
and the supervisor — not by the other members (proceedings/access.py).
"""

from django.conf import settings
from django.db import models

from organizations.models import Person

from .agenda import AgendaItem, Sitting, Slot


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", "出席"
    LEAVE = "leave", "请假"
    NON_VOTING = "non_voting", "列席"
    GUIDING = "guiding", "到会指导"


class Attendance(models.Model):
    """One person's attendance at a sitting. 应到 = 出席 + 请假 (the members expected);
    实到 = 出席. A guest the system does not know is recorded by name."""

    sitting = models.ForeignKey(Sitting, on_delete=models.CASCADE, related_name="attendance", verbose_name="会次")
    person = models.ForeignKey(
        Person, verbose_name="人员", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField("姓名或单位", max_length=100, blank=True)
    status = models.CharField("出席情况", max_length=20, choices=AttendanceStatus.choices)
    reason = models.CharField("请假事由", max_length=200, blank=True)
    order = models.PositiveIntegerField("顺序", default=0)

    class Meta:
        verbose_name = "出席情况"
        verbose_name_plural = "出席情况"
        ordering = ["sitting", "order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["sitting", "person"], condition=models.Q(person__isnull=False), name="unique_attendance_person"
            )
        ]

    def __str__(self):
        return f"{self.label}：{self.get_status_display()}"

    @property
    def label(self) -> str:
        return self.person.name if self.person else self.name


class Criticism(models.Model):
    """One criticism raised at the sitting, attributed to giver and receiver."""

    sitting = models.ForeignKey(Sitting, on_delete=models.CASCADE, related_name="criticisms", verbose_name="会次")
    slot = models.ForeignKey(
        Slot, verbose_name="发言", null=True, blank=True, on_delete=models.SET_NULL, related_name="criticisms"
    )
    giver = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+", verbose_name="批评人")
    receiver = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+", verbose_name="被批评人")
    text = models.TextField("批评意见")
    order = models.PositiveIntegerField("顺序", default=0)
    created_at = models.DateTimeField("记录时间", auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    version = models.PositiveIntegerField("版本", default=1)

    class Meta:
        verbose_name = "批评意见"
        verbose_name_plural = "批评意见"
        ordering = ["sitting", "order", "id"]
        constraints = [models.CheckConstraint(condition=~models.Q(giver=models.F("receiver")), name="criticism_not_self")]

    def __str__(self):
        return f"{self.giver}→{self.receiver}"


class ExplanationTopic(models.TextChoices):
    """Seed 001 §三(二)2, 003 §五: what each member explains at the meeting."""

    OPINIONS = "opinions", "对征求到的意见建议的说明"
    INSPECTION = "inspection", "对巡视巡察反馈问题的说明"
    TALK_INQUIRY = "talk_inquiry", "对组织约谈函询问题的说明"
    PERSONAL_MATTERS = "personal_matters", "对个人有关事项的说明"


class Explanation(models.Model):
    """A member's 说明 at the sitting on one topic."""

    sitting = models.ForeignKey(Sitting, on_delete=models.CASCADE, related_name="explanations", verbose_name="会次")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+", verbose_name="成员")
    topic = models.CharField("事项", max_length=20, choices=ExplanationTopic.choices)
    text = models.TextField("说明")
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    version = models.PositiveIntegerField("版本", default=1)

    class Meta:
        verbose_name = "情况说明"
        verbose_name_plural = "情况说明"
        ordering = ["sitting", "person", "topic"]
        constraints = [
            models.UniqueConstraint(fields=["sitting", "person", "topic"], name="unique_explanation_topic")
        ]


class SupervisorComment(models.Model):
    """The supervising leader's 点评, entered by the supervisor, as its own agenda item."""

    sitting = models.ForeignKey(Sitting, on_delete=models.CASCADE, related_name="comments", verbose_name="会次")
    agenda_item = models.ForeignKey(
        AgendaItem, verbose_name="议程", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name="点评人"
    )
    # Name and body as printed ("县委第一督导组 赵督导"), kept should the account change.
    author_label = models.CharField("点评人", max_length=100)
    text = models.TextField("点评意见")
    created_at = models.DateTimeField("点评时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    version = models.PositiveIntegerField("版本", default=1)

    class Meta:
        verbose_name = "督导点评"
        verbose_name_plural = "督导点评"
        ordering = ["sitting", "created_at", "id"]
