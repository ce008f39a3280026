"""The meeting, its aspects, its stages and its milestones."""

from datetime import date

from django.conf import settings
from django.db import models
from django.utils import timezone

from organizations.models import Organization


class MeetingKind(models.TextChoices):
    DEMOCRATIC_LIFE = "democratic_life", "民主生活会"
    ORGANIZATION_LIFE = "organization_life", "组织生活会"


class Stage(models.TextChoices):
    PREPARING = "preparing", "筹备"
    PLAN_REVIEW = "plan_review", "方案报审"
    PRE_MEETING = "pre_meeting", "会前准备"
    CONVENE_REQUESTED = "convene_requested", "报请召开"
    CONVENE_APPROVED = "convene_approved", "已同意召开"
    HELD = "held", "已召开"
    RECTIFYING = "rectifying", "整改落实"
    ARCHIVED = "archived", "已归档"
    HALTED = "halted", "叫停"

    @classmethod
    def main_line(cls) -> list["Stage"]:
        """The stages in the order a meeting normally passes them (叫停 is a detour)."""
        return [
            cls.PREPARING,
            cls.PLAN_REVIEW,
            cls.PRE_MEETING,
            cls.CONVENE_REQUESTED,
            cls.CONVENE_APPROVED,
            cls.HELD,
            cls.RECTIFYING,
            cls.ARCHIVED,
        ]

    @classmethod
    def open_stages(cls) -> list[str]:
        return [s for s in cls.values if s != cls.ARCHIVED]


class AspectTemplate(models.Model):
    """A reusable list of aspects to check against (对照检查的方面).

    Templates without an organisation ship with the system (from the seeds); an office
    copies one into its own organisation to edit it. The aspects change every year — the
    upper level publishes them in its notice — so a template says which year's notice
    it follows and where it comes from, and nobody takes an old year's for this one's.
    """

    name = models.CharField("名称", max_length=100)
    kind = models.CharField("适用会议", max_length=30, choices=MeetingKind.choices)
    organization = models.ForeignKey(
        Organization,
        verbose_name="所属组织",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="aspect_templates",
    )
    year = models.PositiveSmallIntegerField(
        "年度", null=True, blank=True, help_text="依据的上级通知所属年度；为空表示年度不详"
    )
    source = models.CharField("出处", max_length=200, blank=True, help_text="上级通知或参照方案的标题")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "对照检查方面模板"
        verbose_name_plural = "对照检查方面模板"
        ordering = ["organization_id", "id"]

    def __str__(self):
        return self.name

    @property
    def is_shipped(self) -> bool:
        return self.organization_id is None

    @property
    def year_label(self) -> str:
        return f"{self.year}年度" if self.year else "年度不详"

    def is_dated_for(self, year: int) -> bool:
        """Is this template from before `year` (or of no known year)? Then using it for a
        meeting of `year` needs the office's word."""
        return self.year is None or self.year < year


class AspectTemplateItem(models.Model):
    template = models.ForeignKey(
        AspectTemplate, on_delete=models.CASCADE, related_name="items", verbose_name="模板"
    )
    order = models.PositiveIntegerField("序号")
    title = models.CharField("方面", max_length=200)
    description = models.TextField("具体内容", blank=True)

    class Meta:
        verbose_name = "模板方面"
        verbose_name_plural = "模板方面"
        ordering = ["template", "order"]

    def __str__(self):
        return self.title


class MeetingQuerySet(models.QuerySet):
    def visible_to(self, user):
        from ..access import visible_meetings

        return visible_meetings(user, self)


class Meeting(models.Model):
    """One democratic life meeting or organisation life meeting of one organisation."""

    organization = models.ForeignKey(
        Organization, verbose_name="组织", on_delete=models.PROTECT, related_name="meetings"
    )
    kind = models.CharField("会议类型", max_length=30, choices=MeetingKind.choices)
    year = models.PositiveIntegerField("年度")
    is_special = models.BooleanField("专题会议", default=False)
    title = models.CharField("会议名称", max_length=200)
    theme = models.TextField("会议主题", blank=True)
    stage = models.CharField("阶段", max_length=30, choices=Stage.choices, default=Stage.PREPARING)
    held_on = models.DateField("召开日期", null=True, blank=True)
    # Fixed by the upper 组织部 when it agrees to convene (同意召开); cleared when it
    # postpones or the meeting is prepared anew (meetings.workflow).
    agreed_on = models.DateField("同意召开日期", null=True, blank=True)
    # Bumped on every edit: a form carries the version it was loaded with, so two people
    # editing the same meeting cannot silently overwrite each other.
    version = models.PositiveIntegerField("版本", default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="创建人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = "会议"
        verbose_name_plural = "会议"
        ordering = ["-year", "-created_at"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("meetings:detail", args=[self.pk])


class MeetingAspect(models.Model):
    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="aspects", verbose_name="会议"
    )
    order = models.PositiveIntegerField("序号")
    title = models.CharField("方面", max_length=200)
    description = models.TextField("具体内容", blank=True)

    class Meta:
        verbose_name = "对照检查方面"
        verbose_name_plural = "对照检查方面"
        ordering = ["meeting", "order"]

    def __str__(self):
        return self.title


class StageChange(models.Model):
    """The recorded history of a meeting's stages: who moved it, when, and why."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="stage_changes", verbose_name="会议"
    )
    from_stage = models.CharField("原阶段", max_length=30, choices=Stage.choices, blank=True)
    to_stage = models.CharField("新阶段", max_length=30, choices=Stage.choices)
    action = models.CharField("操作", max_length=40)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.TextField("说明", blank=True)
    at = models.DateTimeField("时间", default=timezone.now)
    # History entered afterwards (the phases were done on paper): the move skipped its
    # readiness checks, and the record says so.
    on_paper = models.BooleanField("补录", default=False)

    class Meta:
        verbose_name = "阶段变更"
        verbose_name_plural = "阶段变更"
        ordering = ["meeting", "at", "id"]


class MilestoneKind(models.TextChoices):
    PLAN = "plan", "方案报审"
    STUDY = "study", "学习研讨"
    OPINIONS = "opinions", "征求意见"
    TALKS = "talks", "谈心谈话"
    MATERIALS = "materials", "对照检查材料"
    MEETING = "meeting", "召开会议"
    REPORT = "report", "召开情况报告"
    RECTIFICATION = "rectification", "整改落实"


class MilestoneStatus(models.TextChoices):
    DONE = "done", "已完成"
    DONE_LATE = "done_late", "逾期完成"
    OVERDUE = "overdue", "已逾期"
    DUE_SOON = "due_soon", "即将到期"
    PENDING = "pending", "未到期"
    UNSCHEDULED = "unscheduled", "未定日期"


class Milestone(models.Model):
    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="milestones", verbose_name="会议"
    )
    kind = models.CharField("节点", max_length=30, choices=MilestoneKind.choices)
    due_date = models.DateField("截止日期", null=True, blank=True)
    done_at = models.DateTimeField("完成时间", null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="确认人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = "时间节点"
        verbose_name_plural = "时间节点"
        ordering = ["meeting", "id"]  # created in MilestoneKind order: the natural sequence
        constraints = [
            models.UniqueConstraint(fields=["meeting", "kind"], name="unique_milestone_kind")
        ]

    def __str__(self):
        return self.get_kind_display()

    def status(self, today: date | None = None) -> str:
        today = today or timezone.localdate()
        if self.done_at:
            done_day = timezone.localtime(self.done_at).date()
            if self.due_date and done_day > self.due_date:
                return MilestoneStatus.DONE_LATE
            return MilestoneStatus.DONE
        if self.due_date is None:
            return MilestoneStatus.UNSCHEDULED
        if self.due_date < today:
            return MilestoneStatus.OVERDUE
        if (self.due_date - today).days <= 3:
            return MilestoneStatus.DUE_SOON
        return MilestoneStatus.PENDING

    def status_label(self) -> str:
        return MilestoneStatus(self.status()).label

    @property
    def is_done(self) -> bool:
        return self.done_at is not None


class PhaseWaiver(models.Model):
    """The office's statement that a phase does not apply to this meeting (不适用), and why.

    A one-person team has nobody to talk to: its talks phase is waived rather than shown
    as done by default. A waived phase counts as satisfied when asking to convene.
    """

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="waivers", verbose_name="会议"
    )
    phase = models.CharField("环节", max_length=40)  # the key of a registered checklist
    reason = models.TextField("不适用的理由")
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="标注人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField("标注时间", default=timezone.now)

    class Meta:
        verbose_name = "环节不适用"
        verbose_name_plural = "环节不适用"
        constraints = [
            models.UniqueConstraint(fields=["meeting", "phase"], name="unique_phase_waiver")
        ]

    def __str__(self):
        return f"{self.meeting}：{self.phase}不适用"
