"""The meeting's agenda, its sittings and the rotation of criticism and self-criticism.

Seeds 000 §四(二)2–3 and 001 §四: the agenda of the meeting (five items in 000, four in
001/004), the secretary first gives their self-criticism and every other member criticises
them, then the next member, in an order the office sets. Seed 002 #3: a member absent with
leave stays in the rotation; their written material may be read by a colleague.

The agenda belongs to the meeting; the slots belong to one sitting (会次). A sitting that
the supervisor halts (叫停) stays with its slots and minutes; the meeting, prepared again,
is held in a new sitting.
"""

from django.conf import settings
from django.db import models

from meetings.models import Meeting
from organizations.models import Person


class AgendaKind(models.TextChoices):
    """What an agenda item is, so that meeting mode knows what to run."""

    REPORT = "report", "通报整改和征求意见情况"
    SELF_INSPECTION = "self_inspection", "班子对照检查"
    ROTATION = "rotation", "批评和自我批评"
    SUPERVISOR = "supervisor", "到会指导领导讲话（点评）"
    SUMMARY = "summary", "总结讲话"
    OTHER = "other", "其他"


class AgendaItem(models.Model):
    """One item of the meeting's agenda, taken from the approved plan and reordered by the office."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items", verbose_name="会议")
    order = models.PositiveIntegerField("序号")
    kind = models.CharField("类型", max_length=20, choices=AgendaKind.choices, default=AgendaKind.OTHER)
    title = models.CharField("议程", max_length=300)
    speaker = models.ForeignKey(
        Person, verbose_name="发言人", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Who speaks when it is nobody of the system (到会指导的领导, 指导组): shown as is.
    speaker_text = models.CharField("发言人（其他）", max_length=100, blank=True)
    minutes_limit = models.PositiveSmallIntegerField("时长（分钟）", null=True, blank=True)
    # The phase that proposed the item through proceedings.agenda.register_agenda_item;
    # "" for the plan's own items and those the office adds.
    source = models.CharField("来源", max_length=40, blank=True)
    version = models.PositiveIntegerField("版本", default=1)

    class Meta:
        verbose_name = "会议议程"
        verbose_name_plural = "会议议程"
        ordering = ["meeting", "order", "id"]

    def __str__(self):
        return self.title

    @property
    def speaker_label(self) -> str:
        return self.speaker.name if self.speaker else self.speaker_text


class RotationSeat(models.Model):
    """A member's place in the rotation, in the order the office sets (the secretary first)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="rotation_seats", verbose_name="会议")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+", verbose_name="成员")
    order = models.PositiveIntegerField("顺序")

    class Meta:
        verbose_name = "发言顺序"
        verbose_name_plural = "发言顺序"
        ordering = ["meeting", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["meeting", "person"], name="unique_rotation_seat")]


class CriticAssignment(models.Model):
    """Above nine members (a branch of 30 has 870 criticism slots) the office assigns each
    member's critics: at least two each, everyone criticising at least one colleague."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="critic_assignments", verbose_name="会议")
    giver = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+", verbose_name="批评人")
    receiver = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+", verbose_name="被批评人")

    class Meta:
        verbose_name = "批评人安排"
        verbose_name_plural = "批评人安排"
        ordering = ["meeting", "id"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "giver", "receiver"], name="unique_critic_assignment"),
            models.CheckConstraint(condition=~models.Q(giver=models.F("receiver")), name="critic_not_self"),
        ]


class SittingStatus(models.TextChoices):
    PREPARED = "prepared", "待召开"
    IN_PROGRESS = "in_progress", "进行中"
    HELD = "held", "已召开"
    HALTED = "halted", "已叫停"


class Sitting(models.Model):
    """One sitting of the meeting. A halted (叫停) sitting keeps its slots and minutes; the
    meeting held again gets a new sitting with the next number."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="sittings", verbose_name="会议")
    number = models.PositiveSmallIntegerField("第几次")
    status = models.CharField("状态", max_length=20, choices=SittingStatus.choices, default=SittingStatus.PREPARED)
    place = models.CharField("地点", max_length=100, blank=True)
    started_at = models.DateTimeField("开始时间", null=True, blank=True)
    ended_at = models.DateTimeField("结束时间", null=True, blank=True)
    chair = models.ForeignKey(
        Person, verbose_name="主持人", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorder = models.ForeignKey(
        Person, verbose_name="记录人", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    halted_at = models.DateTimeField("叫停时间", null=True, blank=True)
    halt_reason = models.TextField("叫停原因", blank=True)
    halted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    minutes_finished_at = models.DateTimeField("记录完成时间", null=True, blank=True)
    minutes_finished_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    version = models.PositiveIntegerField("版本", default=1)

    class Meta:
        verbose_name = "会次"
        verbose_name_plural = "会次"
        ordering = ["meeting", "number"]
        constraints = [models.UniqueConstraint(fields=["meeting", "number"], name="unique_sitting_number")]

    def __str__(self):
        return f"{self.meeting.title}（第{self.number}次）"

    @property
    def is_halted(self) -> bool:
        return self.status == SittingStatus.HALTED

    @property
    def minutes_finished(self) -> bool:
        return self.minutes_finished_at is not None


class SlotKind(models.TextChoices):
    ITEM = "item", "议程"
    SELF = "self", "自我批评"
    CRITICISM = "criticism", "批评"


class SlotStatus(models.TextChoices):
    PENDING = "pending", "未开始"
    RUNNING = "running", "发言中"
    PAUSED = "paused", "暂停"
    DONE = "done", "已发言"
    LEAVE = "leave", "请假"


class Slot(models.Model):
    """One turn of the sitting: an agenda item, a self-criticism, or one member's criticism
    of the member whose round it is (`subject`). Kept for an absent member too: their
    self-criticism read by `read_by`, their criticisms of others marked 请假."""

    sitting = models.ForeignKey(Sitting, on_delete=models.CASCADE, related_name="slots", verbose_name="会次")
    agenda_item = models.ForeignKey(AgendaItem, on_delete=models.PROTECT, related_name="slots", verbose_name="议程")
    order = models.PositiveIntegerField("顺序")
    kind = models.CharField("类型", max_length=20, choices=SlotKind.choices)
    speaker = models.ForeignKey(
        Person, verbose_name="发言人", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    subject = models.ForeignKey(
        Person, verbose_name="对象", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField("状态", max_length=20, choices=SlotStatus.choices, default=SlotStatus.PENDING)
    read_by = models.ForeignKey(
        Person, verbose_name="代读人", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    limit_minutes = models.PositiveSmallIntegerField("限时（分钟）", null=True, blank=True)
    started_at = models.DateTimeField("开始时间", null=True, blank=True)
    ended_at = models.DateTimeField("结束时间", null=True, blank=True)
    # The pause under way began at paused_at; paused_seconds holds the pauses already over.
    paused_at = models.DateTimeField("暂停时间", null=True, blank=True)
    paused_seconds = models.PositiveIntegerField("暂停时长（秒）", default=0)
    notes = models.TextField("记录", blank=True)
    version = models.PositiveIntegerField("版本", default=1)

    class Meta:
        verbose_name = "发言"
        verbose_name_plural = "发言"
        ordering = ["sitting", "order"]
        constraints = [models.UniqueConstraint(fields=["sitting", "order"], name="unique_slot_order")]

    def __str__(self):
        return self.label

    @property
    def label(self) -> str:
        if self.kind == SlotKind.SELF:
            return f"{self.subject}自我批评"
        if self.kind == SlotKind.CRITICISM:
            return f"{self.speaker}对{self.subject}提出批评"
        return self.agenda_item.title

    @property
    def duration_seconds(self) -> int | None:
        """How long the turn lasted, pauses excluded; None until it has ended."""
        if not (self.started_at and self.ended_at):
            return None
        return max(0, int((self.ended_at - self.started_at).total_seconds()) - self.paused_seconds)
