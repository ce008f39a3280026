"""The democratic evaluation of party members (民主评议党员) held with a 组织生活会.

Seed 002 方案3 §二–§四: every party member of the branch takes part; probationary members
take part without a grade. Before the meeting each writes a self-assessment and judges
themself on the 登记表; the branch approves the text. The 党小组 and the masses outside
the party give their opinions on the same 登记表.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

from meetings.models import Meeting
from organizations.models import Person


class Evaluation(models.Model):
    """The office's switch: this 组织生活会 is held together with 民主评议党员."""

    meeting = models.OneToOneField(
        Meeting, verbose_name="会议", on_delete=models.CASCADE, related_name="evaluation"
    )
    enabled = models.BooleanField("开展民主评议党员", default=True)
    # The phase's own milestone: the self-evaluation stage ends on this day (方案3 §四(一)).
    due_date = models.DateField("自我评价截止日期", null=True, blank=True)
    enabled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="开启人", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    enabled_at = models.DateTimeField("开启时间", default=timezone.now)

    class Meta:
        verbose_name = "民主评议党员"
        verbose_name_plural = "民主评议党员"

    def __str__(self):
        return f"{self.meeting}：民主评议党员"


class RegistrationState(models.TextChoices):
    DRAFT = "draft", "填写中"
    SUBMITTED = "submitted", "待支部审定"
    RETURNED = "returned", "退回修改"
    APPROVED = "approved", "支部已审定"


class SelfJudgement(models.TextChoices):
    """方案3 §四(一): 在是否合格上进行自我认定."""

    QUALIFIED = "qualified", "合格"
    BASIC = "basic", "基本合格"
    UNQUALIFIED = "unqualified", "不合格"


class Registration(models.Model):
    """One member's 民主评议党员登记表: the self-assessment and the opinions on it.

    Three people write here, each their own part, each with its own version: the member
    (自我鉴定), the 党小组组长 (党小组评议意见) and the office (群众评议意见).
    """

    evaluation = models.ForeignKey(
        Evaluation, verbose_name="民主评议", on_delete=models.CASCADE, related_name="registrations"
    )
    person = models.ForeignKey(Person, verbose_name="党员", on_delete=models.PROTECT, related_name="+")
    state = models.CharField(
        "状态", max_length=20, choices=RegistrationState.choices, default=RegistrationState.DRAFT
    )
    self_assessment = models.TextField("自我鉴定（党性分析）", blank=True)
    self_judgement = models.CharField("自我评价", max_length=20, choices=SelfJudgement.choices, blank=True)
    version = models.PositiveIntegerField("版本", default=1)
    updated_at = models.DateTimeField("保存时间", null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="保存人", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # 因特殊情况不能参加评议大会的党员，会前要向支部书记请假，其书面发言材料委托他人宣读.
    on_leave = models.BooleanField("请假", default=False)
    read_by = models.ForeignKey(
        Person, verbose_name="代为宣读人", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    group_opinion = models.TextField("党小组评议意见", blank=True)
    group_version = models.PositiveIntegerField("党小组意见版本", default=1)
    group_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="党小组意见填写人", null=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    group_at = models.DateTimeField("党小组意见填写时间", null=True, blank=True)

    outside_opinion = models.TextField("群众评议意见", blank=True)
    outside_version = models.PositiveIntegerField("群众意见版本", default=1)
    outside_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="群众意见录入人", null=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    outside_at = models.DateTimeField("群众意见录入时间", null=True, blank=True)

    class Meta:
        verbose_name = "民主评议党员登记表"
        verbose_name_plural = "民主评议党员登记表"
        ordering = ["evaluation", "person__name_key", "id"]
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "person"], name="unique_evaluation_registration")
        ]

    def __str__(self):
        return f"{self.person}的登记表"


class RegistrationEvent(models.Model):
    """Who moved a 登记表 from state to state, when, and why."""

    registration = models.ForeignKey(
        Registration, verbose_name="登记表", on_delete=models.CASCADE, related_name="events"
    )
    action = models.CharField("操作", max_length=40)
    from_state = models.CharField("原状态", max_length=20, choices=RegistrationState.choices)
    to_state = models.CharField("新状态", max_length=20, choices=RegistrationState.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="操作人", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField("说明", blank=True)
    # The text as it was submitted or approved: what the branch approved stays readable.
    text = models.TextField("当时的自我鉴定", blank=True)
    at = models.DateTimeField("时间", default=timezone.now)

    class Meta:
        verbose_name = "登记表记录"
        verbose_name_plural = "登记表记录"
        ordering = ["registration", "at", "id"]
