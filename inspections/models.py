"""Self-inspection materials (对照检查材料) and speech outlines (个人发言提纲).

Seeds 001 §三(四), 002 方案 #4 (3)–5, 003 §四, 004: the team's material is drafted under
the secretary and approved by them; every member writes their own outline ("写清问题、写清
原因、写清措施"); the secretary reviews each one (审阅把关) and the upper level reviews them
before the meeting may be held.

A material is edited in blocks — a text section, one problem, one measure, one answer —
each with its own version number, so that two tabs or two people editing different blocks
never collide, and two editing the same block are told instead of overwriting each other.
Every submission freezes the whole material as a version (JSON) for review and printing.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from feedback.models import OpinionRouting
from meetings.models import Meeting, MeetingAspect
from organizations.models import OrganizationKind, Person


class MaterialKind(models.TextChoices):
    TEAM = "team", "班子对照检查材料"
    PERSONAL = "personal", "个人发言提纲"


class MaterialState(models.TextChoices):
    DRAFT = "draft", "草稿"
    SUBMITTED = "submitted", "待书记审阅"
    RETURNED = "returned", "退回修改"
    UPPER_REVIEW = "upper_review", "待上级审核"
    APPROVED = "approved", "已通过"

    @classmethod
    def editable(cls) -> set[str]:
        """States in which the author (or the team's drafters) may change the text."""
        return {cls.DRAFT, cls.RETURNED}

    @classmethod
    def secretary_passed(cls) -> set[str]:
        return {cls.UPPER_REVIEW, cls.APPROVED}


def team_body(org) -> str:
    """领导班子 of a party group or committee; 委员会 of a branch (seed 002: 支部委员会对照检查)."""
    return "委员会" if org.kind in OrganizationKind.branch_kinds() else "领导班子"


class Material(models.Model):
    """The team's self-inspection material or one member's speech outline for one meeting."""

    meeting = models.ForeignKey(
        Meeting, verbose_name="会议", on_delete=models.CASCADE, related_name="materials"
    )
    kind = models.CharField("材料类型", max_length=10, choices=MaterialKind.choices)
    author = models.ForeignKey(
        Person,
        verbose_name="撰写人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="outlines",
        help_text="个人发言提纲的本人；班子材料为空",
    )
    drafter = models.ForeignKey(
        Person,
        verbose_name="起草人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="drafted_materials",
        help_text="班子材料的指定起草人；为空时由办公室起草",
    )
    state = models.CharField(
        "状态", max_length=20, choices=MaterialState.choices, default=MaterialState.DRAFT
    )
    # When the text was first written (未开始 until then), and the review milestones: they
    # decide who may see the material (see inspections/access.py).
    started_at = models.DateTimeField("开始撰写", null=True, blank=True)
    edited_at = models.DateTimeField("最近修改", null=True, blank=True)
    first_submitted_at = models.DateTimeField("首次提交", null=True, blank=True)
    passed_on_at = models.DateTimeField("首次报上级", null=True, blank=True)
    approved_at = models.DateTimeField("审核通过", null=True, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "对照检查材料"
        verbose_name_plural = "对照检查材料"
        ordering = ["meeting", "kind", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "author"],
                condition=Q(kind="personal"),
                name="one_outline_per_author",
            ),
            models.UniqueConstraint(
                fields=["meeting"], condition=Q(kind="team"), name="one_team_material"
            ),
            models.CheckConstraint(
                condition=Q(kind="team", author__isnull=True) | Q(kind="personal", author__isnull=False),
                name="outline_has_author",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("inspections:material", args=[self.pk])

    @property
    def is_team(self) -> bool:
        return self.kind == MaterialKind.TEAM

    @property
    def owner_label(self) -> str:
        return self.meeting.organization.display_name + team_body(self.meeting.organization) if self.is_team else self.author.name

    @property
    def title(self) -> str:
        """As printed: "XXX同志2026年度民主生活会个人发言提纲"."""
        meeting = self.meeting
        occasion = f"{meeting.year}年度{'专题' if meeting.is_special else ''}{meeting.get_kind_display()}"
        if self.is_team:
            org = meeting.organization
            return f"{org.display_name}{team_body(org)}{occasion}对照检查材料"
        return f"{self.author.name}同志{occasion}个人发言提纲"


class EditedBlock(models.Model):
    """What every editable block has: an optimistic lock and who saved it last."""

    # Bumped on every save: a save made from version n is refused once it is n+1.
    version = models.PositiveIntegerField("版本", default=1)
    updated_at = models.DateTimeField("保存时间", auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        abstract = True


class SectionKey(models.TextChoices):
    """The text sections of a material; problems, measures and answers are rows."""

    PREFACE = "preface", "前言"
    LAST_YEAR = "last_year", "上年度整改措施落实情况"
    # Root causes (党性分析, seed 004: "深刻剖析思想、政治、组织、作风、纪律上存在的问题").
    CAUSE_THOUGHT = "cause_thought", "思想方面"
    CAUSE_POLITICAL = "cause_political", "政治方面"
    CAUSE_STYLE = "cause_style", "作风方面"
    CAUSE_ABILITY = "cause_ability", "能力方面"
    CAUSE_INTEGRITY = "cause_integrity", "廉政方面"

    @classmethod
    def causes(cls) -> list["SectionKey"]:
        return [cls.CAUSE_THOUGHT, cls.CAUSE_POLITICAL, cls.CAUSE_STYLE, cls.CAUSE_ABILITY, cls.CAUSE_INTEGRITY]


CAUSE_PROMPTS = {
    SectionKey.CAUSE_THOUGHT: "理论学习、理想信念、思想认识上的差距",
    SectionKey.CAUSE_POLITICAL: "政治站位、党性修养、政治能力上的差距",
    SectionKey.CAUSE_STYLE: "宗旨意识、群众观点、工作作风上的差距",
    SectionKey.CAUSE_ABILITY: "本领能力、担当作为、斗争精神上的差距",
    SectionKey.CAUSE_INTEGRITY: "纪律规矩、廉洁自律、管党治党责任上的差距",
}


class MaterialSection(EditedBlock):
    material = models.ForeignKey(Material, on_delete=models.CASCADE, related_name="sections")
    key = models.CharField("部分", max_length=20, choices=SectionKey.choices)
    text = models.TextField("内容", blank=True)

    class Meta:
        verbose_name = "材料段落"
        verbose_name_plural = "材料段落"
        constraints = [
            models.UniqueConstraint(fields=["material", "key"], name="unique_material_section")
        ]


class Problem(EditedBlock):
    """A problem found under one aspect, with its concrete manifestations (见人见事见思想)."""

    material = models.ForeignKey(Material, on_delete=models.CASCADE, related_name="problems")
    # SET_NULL: re-editing the plan recreates the aspects; the text must survive that.
    aspect = models.ForeignKey(
        MeetingAspect, verbose_name="方面", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    order = models.PositiveIntegerField("序号", default=0)
    title = models.CharField("问题", max_length=200, blank=True)
    details = models.TextField("具体表现和典型事例", blank=True)

    class Meta:
        verbose_name = "查摆的问题"
        verbose_name_plural = "查摆的问题"
        ordering = ["material", "order", "id"]

    def __str__(self):
        return self.title or "（未命名问题）"


class MeasureTerm(models.TextChoices):
    """Seed 000 §四(三)1, 002: 立行立改 and 长久立 (建章立制)."""

    IMMEDIATE = "immediate", "立行立改"
    DEADLINE = "deadline", "限期整改"
    LONG_TERM = "long_term", "长期坚持"


class Measure(EditedBlock):
    """A rectification measure: one item, with a deadline, that the rectification phase
    turns into a line of the rectification list (整改清单)."""

    material = models.ForeignKey(Material, on_delete=models.CASCADE, related_name="measures")
    order = models.PositiveIntegerField("序号", default=0)
    content = models.TextField("整改措施", blank=True)
    term = models.CharField("整改类型", max_length=20, choices=MeasureTerm.choices, default=MeasureTerm.DEADLINE)
    deadline = models.DateField("完成时限", null=True, blank=True)
    problem = models.ForeignKey(
        Problem, verbose_name="针对问题", null=True, blank=True, on_delete=models.SET_NULL, related_name="measures"
    )

    class Meta:
        verbose_name = "整改措施"
        verbose_name_plural = "整改措施"
        ordering = ["material", "order", "id"]


class OpinionAnswer(EditedBlock):
    """The answer to one opinion routed to the author (or, for the team material, to the
    team): in words, or by naming the problem of the material that takes it up."""

    material = models.ForeignKey(Material, on_delete=models.CASCADE, related_name="answers")
    routing = models.ForeignKey(OpinionRouting, on_delete=models.CASCADE, related_name="+")
    text = models.TextField("回应", blank=True)
    problem = models.ForeignKey(
        Problem, verbose_name="在以下问题中查摆", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "意见回应"
        verbose_name_plural = "意见回应"
        constraints = [
            models.UniqueConstraint(fields=["material", "routing"], name="unique_answer_per_routing")
        ]

    @property
    def is_answered(self) -> bool:
        return bool(self.text.strip() or self.problem_id)


class VersionOutcome(models.TextChoices):
    PENDING = "pending", "待审阅"
    WITHDRAWN = "withdrawn", "已撤回"
    RETURNED = "returned", "书记退回"
    PASSED_ON = "passed_on", "待上级审核"
    UPPER_RETURNED = "upper_returned", "上级退回"
    APPROVED = "approved", "审核通过"
    REOPENED = "reopened", "通过后重新修改"


class MaterialVersion(models.Model):
    """The material as submitted, frozen: what reviewers read, compare and print."""

    material = models.ForeignKey(Material, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField("第几版")
    content = models.JSONField("内容")
    # What the quality hints said when it was submitted: the board shows it without
    # recomputing the similarity of every material.
    hints = models.JSONField("质量提示", default=list)
    chars = models.PositiveIntegerField("字数", default=0)
    note = models.TextField("提交说明", blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField("提交时间")
    # Set when the secretary passes this version to the upper level (the supervisor reads
    # only versions passed on); for the secretary's own outline, when submitted.
    passed_on_at = models.DateTimeField("报上级时间", null=True, blank=True)
    outcome = models.CharField(
        "审阅结果", max_length=20, choices=VersionOutcome.choices, default=VersionOutcome.PENDING
    )

    class Meta:
        verbose_name = "材料版本"
        verbose_name_plural = "材料版本"
        ordering = ["material", "number"]
        constraints = [
            models.UniqueConstraint(fields=["material", "number"], name="unique_material_version")
        ]

    def __str__(self):
        return f"第{self.number}版"


class MaterialEvent(models.Model):
    """The history of a material's states: who moved it, when, and why."""

    material = models.ForeignKey(Material, on_delete=models.CASCADE, related_name="events")
    version = models.ForeignKey(MaterialVersion, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    transition = models.CharField("操作代码", max_length=20)
    action = models.CharField("操作", max_length=40)
    from_state = models.CharField("原状态", max_length=20, choices=MaterialState.choices)
    to_state = models.CharField("新状态", max_length=20, choices=MaterialState.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="操作人", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField("说明", blank=True)
    at = models.DateTimeField("时间")

    class Meta:
        verbose_name = "材料流转记录"
        verbose_name_plural = "材料流转记录"
        ordering = ["material", "at", "id"]


class ReviewComment(models.Model):
    """A reviewer's comment on one section of one submitted version (审阅意见)."""

    material = models.ForeignKey(Material, on_delete=models.CASCADE, related_name="comments")
    version = models.ForeignKey(MaterialVersion, on_delete=models.CASCADE, related_name="comments")
    section_key = models.CharField("部分", max_length=40)
    section_title = models.CharField("部分名称", max_length=200)
    text = models.TextField("意见")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="审阅人", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    role = models.CharField("身份", max_length=20)  # 书记 / 上级
    created_at = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        verbose_name = "审阅意见"
        verbose_name_plural = "审阅意见"
        ordering = ["material", "created_at", "id"]


class ReviewerMark(models.Model):
    """The last version a reviewer opened, and the one before it: each reviewer is shown
    the changes since the version they last saw, and reloading does not lose that."""

    material = models.ForeignKey(Material, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    number = models.PositiveIntegerField("最近阅看的版本")
    previous = models.PositiveIntegerField("此前阅看的版本", null=True, blank=True)
    seen_at = models.DateTimeField("阅看时间")

    class Meta:
        verbose_name = "阅看记录"
        verbose_name_plural = "阅看记录"
        constraints = [
            models.UniqueConstraint(fields=["material", "user"], name="unique_reviewer_mark")
        ]
