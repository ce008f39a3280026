"""The work plan (工作方案) of a meeting and its submissions to the upper level.

Layout and content follow seed 000 (一、会议时间 二、参会人员 三、会议主题 四、方法步骤
五、职责分工); branch plans follow seed 002.
"""

from django.conf import settings
from django.db import models

from organizations.models import Department, Person, SupervisorBody

from .core import Meeting, MilestoneKind


class WorkPlan(models.Model):
    meeting = models.OneToOneField(
        Meeting, on_delete=models.CASCADE, related_name="plan", verbose_name="会议"
    )
    basis = models.TextField(
        "制定依据",
        blank=True,
        help_text="如：根据《……关于开好……民主生活会的通知》的要求，经……研究，决定……",
    )
    starts_at = models.DateTimeField("会议时间", null=True, blank=True)
    duration = models.CharField("会期", max_length=40, blank=True, default="半天")
    place = models.CharField("地点", max_length=100, blank=True)
    attendees = models.ManyToManyField(
        Person, verbose_name="出席人员", blank=True, related_name="+"
    )
    non_voting = models.ManyToManyField(
        Person, verbose_name="列席人员", blank=True, related_name="+"
    )
    non_voting_note = models.CharField(
        "其他列席人员", max_length=200, blank=True, help_text="如：全体挂职干部"
    )
    guiding_leaders = models.CharField(
        "到会指导", max_length=200, blank=True, help_text="如：县委第一督导组"
    )
    chair = models.ForeignKey(
        Person, verbose_name="主持人", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorder = models.ForeignKey(
        Person, verbose_name="记录人", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    speech_minutes = models.PositiveSmallIntegerField("个人发言（分钟）", default=15)
    criticism_minutes = models.PositiveSmallIntegerField("批评发言（分钟）", default=5)
    # Optimistic lock, as on Meeting: two offices editing never silently overwrite.
    version = models.PositiveIntegerField("版本", default=1)
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "工作方案"
        verbose_name_plural = "工作方案"

    def __str__(self):
        return f"{self.meeting.title}工作方案"


class StepPhase(models.TextChoices):
    BEFORE = "before", "会前准备"
    DURING = "during", "召开会议"
    AFTER = "after", "会后有关工作"


class PlanStep(models.Model):
    """One step of the method (方法步骤); a step tied to a milestone sets its date."""

    plan = models.ForeignKey(WorkPlan, on_delete=models.CASCADE, related_name="steps")
    phase = models.CharField("阶段", max_length=10, choices=StepPhase.choices)
    order = models.PositiveIntegerField("序号")
    title = models.CharField("步骤", max_length=100)
    text = models.TextField("内容", blank=True)
    milestone = models.CharField(
        "对应节点", max_length=30, choices=MilestoneKind.choices, blank=True
    )
    due_date = models.DateField("完成时间", null=True, blank=True)

    class Meta:
        verbose_name = "方法步骤"
        verbose_name_plural = "方法步骤"
        ordering = ["plan", "order"]  # grouped by phase when printed


class PlanAgendaItem(models.Model):
    plan = models.ForeignKey(WorkPlan, on_delete=models.CASCADE, related_name="agenda")
    order = models.PositiveIntegerField("序号")
    text = models.CharField("议程", max_length=300)

    class Meta:
        verbose_name = "会议议程"
        verbose_name_plural = "会议议程"
        ordering = ["plan", "order"]


class PlanDuty(models.Model):
    """A line of the division of duties (职责分工): a task, who does it, by when."""

    plan = models.ForeignKey(WorkPlan, on_delete=models.CASCADE, related_name="duties")
    order = models.PositiveIntegerField("序号")
    task = models.TextField("任务")
    department = models.ForeignKey(
        Department, verbose_name="责任部门", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    person = models.ForeignKey(
        Person, verbose_name="责任人", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    deadline = models.DateField("完成时限", null=True, blank=True)
    done_at = models.DateTimeField("完成时间", null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "职责分工"
        verbose_name_plural = "职责分工"
        ordering = ["plan", "order"]

    @property
    def responsible_label(self) -> str:
        parts = [p for p in (self.department and self.department.name, self.person and self.person.name) if p]
        return "、".join(parts) or "未指定"


class SubmissionStatus(models.TextChoices):
    PENDING = "pending", "待审批"
    APPROVED = "approved", "已批准"
    RETURNED = "returned", "已退回"
    WITHDRAWN = "withdrawn", "已撤回"


class PlanSubmission(models.Model):
    """A frozen version of the plan as sent to the upper level, with the decision on it."""

    plan = models.ForeignKey(WorkPlan, on_delete=models.CASCADE, related_name="submissions")
    number = models.PositiveIntegerField("第几次报审")
    content = models.JSONField("方案内容")  # the plan's sections as text, frozen
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField("报审时间")
    status = models.CharField(
        "审批结果", max_length=10, choices=SubmissionStatus.choices, default=SubmissionStatus.PENDING
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField("审批时间", null=True, blank=True)
    comment = models.TextField("审批意见", blank=True)

    class Meta:
        verbose_name = "方案报审记录"
        verbose_name_plural = "方案报审记录"
        ordering = ["plan", "number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="unique_submission_number")
        ]

    def __str__(self):
        return f"第{self.number}次报审"


class PlanDecision(models.Model):
    """One upper body's decision on one submission: the 纪委 and the 组织部 each decide."""

    submission = models.ForeignKey(
        PlanSubmission, on_delete=models.CASCADE, related_name="decisions", verbose_name="报审"
    )
    body = models.CharField("审批机构", max_length=30, choices=SupervisorBody.choices)
    status = models.CharField(
        "审批结果",
        max_length=10,
        choices=[(SubmissionStatus.APPROVED, "同意"), (SubmissionStatus.RETURNED, "退回修改")],
    )
    comment = models.TextField("审批意见", blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField("审批时间")

    class Meta:
        verbose_name = "方案审批意见"
        verbose_name_plural = "方案审批意见"
        ordering = ["submission", "decided_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["submission", "body"], name="unique_body_decision")
        ]

    def __str__(self):
        return f"{self.get_body_display()}：{self.get_status_display()}"
