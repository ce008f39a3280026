"""The rectification lists (整改清单) and their items, with where each item came from.

Seeds 000 §四(三)1–3 ("明确整改目标、重点、措施、时限、责任人"), 001 §五(二) ("个人整改方案由本人
亲自制定"), 002 方案7 (备案 within 15 days), 003 §六(三), 004. A team list and one personal
list per member for each meeting; a list is versioned like the materials (submitted,
returned, approved, frozen; a change after approval is a new version with a reason).

An item is one problem to fix, with several measures. It keeps the link to what it came
from (a problem or measure of the approved material, a criticism of the minutes, a routed
opinion, the supervisor's 点评, an upper inspection's finding, an earlier meeting's item)
so that coverage can be shown and the history read. An unfinished item carried into the
next meeting stays the same row with the same history (`carried_*`).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from feedback.models import OpinionRouting
from inspections.models import EditedBlock, Measure, MeasureTerm, Problem
from meetings.models import Meeting
from organizations.models import Person
from proceedings.models import Criticism, SupervisorComment


class ListKind(models.TextChoices):
    TEAM = "team", "领导班子整改清单"
    PERSONAL = "personal", "个人整改清单"


class ListState(models.TextChoices):
    DRAFT = "draft", "草稿"
    SUBMITTED = "submitted", "待书记审批"
    RETURNED = "returned", "退回修改"
    UPPER_REVIEW = "upper_review", "待上级审批"
    APPROVED = "approved", "已批准"

    @classmethod
    def editable(cls) -> set[str]:
        return {cls.DRAFT, cls.RETURNED}


class RectificationList(models.Model):
    """The team's list (drafted by the office) or one member's own (drafted by them)."""

    meeting = models.ForeignKey(Meeting, verbose_name="会议", on_delete=models.CASCADE, related_name="rectification_lists")
    kind = models.CharField("清单类型", max_length=10, choices=ListKind.choices)
    owner = models.ForeignKey(
        Person, verbose_name="本人", null=True, blank=True, on_delete=models.PROTECT, related_name="rectification_lists",
        help_text="个人整改清单的本人；班子清单为空",
    )
    state = models.CharField("状态", max_length=20, choices=ListState.choices, default=ListState.DRAFT)
    # Bumped on every save of the list's own fields (optimistic lock, as for a block).
    version = models.PositiveIntegerField("版本", default=1)
    started_at = models.DateTimeField("开始起草", null=True, blank=True)
    # The milestones that decide who reads the list (rectification/access.py).
    first_submitted_at = models.DateTimeField("首次提交", null=True, blank=True)
    passed_on_at = models.DateTimeField("首次报上级", null=True, blank=True)
    submitted_at = models.DateTimeField("最近提交", null=True, blank=True)
    approved_at = models.DateTimeField("批准时间", null=True, blank=True)
    # 备案 (seed 002 方案7): the approved plan sent to the upper 组织部 for the record.
    filed_at = models.DateTimeField("报送备案", null=True, blank=True)
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="备案报送人", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "整改清单"
        verbose_name_plural = "整改清单"
        ordering = ["meeting", "kind", "id"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "owner"], condition=Q(kind="personal"), name="one_personal_list"),
            models.UniqueConstraint(fields=["meeting"], condition=Q(kind="team"), name="one_team_list"),
            models.CheckConstraint(
                condition=Q(kind="team", owner__isnull=True) | Q(kind="personal", owner__isnull=False),
                name="personal_list_has_owner",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("rectification:list", args=[self.pk])

    @property
    def is_team(self) -> bool:
        return self.kind == ListKind.TEAM

    @property
    def title(self) -> str:
        """As printed: "XXX同志2026年度民主生活会个人整改清单"."""
        meeting = self.meeting
        occasion = f"{meeting.year}年度{'专题' if meeting.is_special else ''}{meeting.get_kind_display()}"
        if self.is_team:
            from inspections.models import team_body

            org = meeting.organization
            return f"{org.display_name}{team_body(org)}{occasion}整改清单"
        return f"{self.owner.name}同志{occasion}个人整改清单"


class VersionOutcome(models.TextChoices):
    PENDING = "pending", "待审批"
    WITHDRAWN = "withdrawn", "已撤回"
    RETURNED = "returned", "退回修改"
    PASSED_ON = "passed_on", "待上级审批"
    UPPER_RETURNED = "upper_returned", "上级退回"
    APPROVED = "approved", "已批准"
    SUPERSEDED = "superseded", "已被新版本替代"


class ListVersion(models.Model):
    """The list as submitted, frozen (JSON of its items and measures): what is reviewed,
    approved, printed and filed. A change after approval starts a new version with a reason."""

    rectification_list = models.ForeignKey(RectificationList, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField("第几版")
    content = models.JSONField("内容")
    reason = models.TextField("修改原因", blank=True, help_text="批准后再修改时必须写明")
    note = models.TextField("提交说明", blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    submitted_at = models.DateTimeField("提交时间")
    outcome = models.CharField("审批结果", max_length=20, choices=VersionOutcome.choices, default=VersionOutcome.PENDING)

    class Meta:
        verbose_name = "整改清单版本"
        verbose_name_plural = "整改清单版本"
        ordering = ["rectification_list", "number"]
        constraints = [models.UniqueConstraint(fields=["rectification_list", "number"], name="unique_list_version")]

    def __str__(self):
        return f"第{self.number}版"


class ListEvent(models.Model):
    """The history of a list's states: who moved it, when, and why (comments on return)."""

    rectification_list = models.ForeignKey(RectificationList, on_delete=models.CASCADE, related_name="events")
    version = models.ForeignKey(ListVersion, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    transition = models.CharField("操作代码", max_length=20)
    action = models.CharField("操作", max_length=40)
    from_state = models.CharField("原状态", max_length=20, choices=ListState.choices)
    to_state = models.CharField("新状态", max_length=20, choices=ListState.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="操作人", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField("说明", blank=True)
    at = models.DateTimeField("时间")

    class Meta:
        verbose_name = "整改清单流转记录"
        verbose_name_plural = "整改清单流转记录"
        ordering = ["rectification_list", "at", "id"]


class ItemStatus(models.TextChoices):
    OPEN = "open", "整改中"
    CLOSING = "closing", "待销号"
    CLOSED = "closed", "已销号"


class Item(EditedBlock):
    """One problem to rectify (整改事项), with its target, measures, deadline and owner."""

    rectification_list = models.ForeignKey(
        RectificationList, verbose_name="整改清单", on_delete=models.CASCADE, related_name="items"
    )
    order = models.PositiveIntegerField("序号", default=0)
    problem = models.TextField("问题")
    target = models.TextField("整改目标", blank=True)
    term = models.CharField("整改类型", max_length=20, choices=MeasureTerm.choices, default=MeasureTerm.DEADLINE)
    deadline = models.DateField("完成时限", null=True, blank=True, help_text="长期坚持的事项填写复查日期")
    # 长期坚持 items have review dates (回头看) instead of a deadline.
    next_review = models.DateField("下次复查", null=True, blank=True)
    responsible = models.ForeignKey(
        Person, verbose_name="责任人", null=True, blank=True, on_delete=models.PROTECT, related_name="rectification_items"
    )
    responsible_text = models.CharField("责任人（其他）", max_length=100, blank=True)
    lead_department = models.CharField("牵头部门", max_length=100, blank=True)
    cooperating = models.CharField("配合部门", max_length=200, blank=True)
    disclosed = models.BooleanField("公开", default=False, help_text="在公示中公开整改情况")
    status = models.CharField("状态", max_length=20, choices=ItemStatus.choices, default=ItemStatus.OPEN)
    closed_at = models.DateTimeField("销号时间", null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="销号核验人", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    # Carried into the organisation's next meeting of the same kind (003 §六(三)): the same
    # row, open, its history kept. `carried_to` is filled once that meeting exists.
    carried_at = models.DateTimeField("转入下一次", null=True, blank=True)
    carry_reason = models.TextField("转入原因", blank=True)
    carried_to = models.ForeignKey(
        Meeting, verbose_name="转入会议", null=True, blank=True, on_delete=models.SET_NULL, related_name="carried_items"
    )
    # The meeting it was last carried out of: until `carried_to` exists the item still
    # answers to that one (and is read-only once it is archived).
    carried_from = models.ForeignKey(
        Meeting, verbose_name="转出会议", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = "整改事项"
        verbose_name_plural = "整改事项"
        ordering = ["rectification_list", "order", "id"]
        indexes = [
            models.Index(fields=["status", "deadline"]),
            models.Index(fields=["carried_to", "status"]),
        ]

    def __str__(self):
        return self.problem[:40]

    def get_absolute_url(self):
        return reverse("rectification:item", args=[self.pk])

    @property
    def responsible_label(self) -> str:
        return self.responsible.name if self.responsible_id else self.responsible_text


class MeasureStatus(models.TextChoices):
    """A status that implies a percentage: 未启动 0, 推进中 (its own percent), 已完成 100."""

    NOT_STARTED = "not_started", "未启动"
    IN_PROGRESS = "in_progress", "推进中"
    DONE = "done", "已完成"


class ItemMeasure(EditedBlock):
    """One measure of an item (整改措施), checkable on its own."""

    item = models.ForeignKey(Item, verbose_name="整改事项", on_delete=models.CASCADE, related_name="measures")
    order = models.PositiveIntegerField("序号", default=0)
    content = models.TextField("整改措施")
    deadline = models.DateField("完成时限", null=True, blank=True)
    status = models.CharField("进展", max_length=20, choices=MeasureStatus.choices, default=MeasureStatus.NOT_STARTED)
    percent = models.PositiveSmallIntegerField("完成百分比", default=0)

    class Meta:
        verbose_name = "整改措施"
        verbose_name_plural = "整改措施"
        ordering = ["item", "order", "id"]
        constraints = [models.CheckConstraint(condition=Q(percent__lte=100), name="measure_percent_at_most_100")]


class UpperFinding(models.Model):
    """A problem fed back by 巡视巡察 or another upper-level inspection, entered by the office
    (seeds 002, 004), to be rectified like the others."""

    meeting = models.ForeignKey(Meeting, verbose_name="会议", on_delete=models.CASCADE, related_name="upper_findings")
    source = models.CharField("反馈来源", max_length=100, help_text="如：县委第二巡察组")
    text = models.TextField("反馈问题")
    member = models.ForeignKey(
        Person, verbose_name="涉及成员", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        help_text="为空表示反映班子的问题",
    )
    received_on = models.DateField("反馈日期", null=True, blank=True)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    entered_at = models.DateTimeField("录入时间", auto_now_add=True)
    # Two people editing the same finding are told, not overwritten (rectification.findings).
    version = models.PositiveIntegerField("版本", default=1)

    class Meta:
        verbose_name = "上级反馈问题"
        verbose_name_plural = "上级反馈问题"
        ordering = ["meeting", "entered_at", "id"]

    def __str__(self):
        return self.text[:40]


class SourceKind(models.TextChoices):
    PROBLEM = "problem", "对照检查查摆的问题"
    MEASURE = "measure", "对照检查的整改措施"
    CRITICISM = "criticism", "会上的批评意见"
    OPINION = "opinion", "征求到的意见建议"
    COMMENT = "comment", "督导点评"
    FINDING = "finding", "巡视巡察等反馈问题"
    CARRIED = "carried", "上次会议未完成事项"


class ItemSource(models.Model):
    """Where an item came from, the link kept. Several sources may be merged into one item.

    Exactly one of the source columns is set, as `kind` says. `quote` keeps the source's
    words as they were when taken, should the source change or go.
    """

    item = models.ForeignKey(Item, verbose_name="整改事项", on_delete=models.CASCADE, related_name="sources")
    kind = models.CharField("来源", max_length=20, choices=SourceKind.choices)
    problem = models.ForeignKey(Problem, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    measure = models.ForeignKey(Measure, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    criticism = models.ForeignKey(Criticism, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    routing = models.ForeignKey(OpinionRouting, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    comment = models.ForeignKey(SupervisorComment, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    finding = models.ForeignKey(UpperFinding, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    earlier_item = models.ForeignKey(Item, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    quote = models.TextField("来源原文", blank=True)
    # Added to an item that was already there (合并), rather than the source it was made from (列入).
    merged = models.BooleanField("合并", default=False)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    added_at = models.DateTimeField("添加时间", auto_now_add=True)

    class Meta:
        verbose_name = "整改事项来源"
        verbose_name_plural = "整改事项来源"
        ordering = ["item", "id"]
        constraints = [
            # One source turned into (or merged into) an item once per list's item.
            models.UniqueConstraint(fields=["item", "criticism"], condition=Q(criticism__isnull=False), name="item_source_criticism_once"),
            models.UniqueConstraint(fields=["item", "routing"], condition=Q(routing__isnull=False), name="item_source_routing_once"),
        ]


class SetAside(models.Model):
    """A criticism, routed opinion, 点评 or finding deliberately not turned into an item,
    with the written reason (coverage: nothing is left silently uncovered)."""

    meeting = models.ForeignKey(Meeting, verbose_name="会议", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField("来源", max_length=20, choices=SourceKind.choices)
    criticism = models.ForeignKey(Criticism, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    routing = models.ForeignKey(OpinionRouting, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    comment = models.ForeignKey(SupervisorComment, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    finding = models.ForeignKey(UpperFinding, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    reason = models.TextField("不列入清单的原因")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        verbose_name = "不列入整改的说明"
        verbose_name_plural = "不列入整改的说明"
        constraints = [
            models.UniqueConstraint(fields=["criticism"], condition=Q(criticism__isnull=False), name="set_aside_criticism_once"),
            models.UniqueConstraint(fields=["routing"], condition=Q(routing__isnull=False), name="set_aside_routing_once"),
            models.UniqueConstraint(fields=["comment"], condition=Q(comment__isnull=False), name="set_aside_comment_once"),
            models.UniqueConstraint(fields=["finding"], condition=Q(finding__isnull=False), name="set_aside_finding_once"),
        ]
