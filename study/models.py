"""The study before the meeting (学习研讨): sessions, who attended, and the materials studied.

Seeds 000 §四(二)2, 001 §三(一), 002 and 003 §四(一): self-study, central study group and
collective study; each session recorded with its date, form, materials, attendees and
speakers.
"""

from django.conf import settings
from django.db import models

from meetings.models import Meeting
from organizations.models import Organization, Person


class MaterialKind(models.TextChoices):
    SPEECH = "speech", "讲话"
    DOCUMENT = "document", "文件"
    REGULATION = "regulation", "党内法规"
    BOOK = "book", "书籍"
    FILM = "film", "影视资料"

    @classmethod
    def rank(cls, value: str) -> int:
        """Position in the order above, for listing the library by kind."""
        return cls.values.index(value) if value in cls.values else len(cls.values)


class StudyMaterial(models.Model):
    """An item of an organisation's study library, picked by sessions instead of retyped."""

    organization = models.ForeignKey(
        Organization, verbose_name="组织", on_delete=models.CASCADE, related_name="study_materials"
    )
    title = models.CharField("名称", max_length=200)
    kind = models.CharField("类别", max_length=20, choices=MaterialKind.choices)
    issuer = models.CharField("发布机关或出处", max_length=100, blank=True)
    issued_on = models.DateField("日期", null=True, blank=True)
    notes = models.TextField("备注", blank=True)
    # Archived materials stay on the sessions that studied them but are no longer offered.
    is_archived = models.BooleanField("已归档", default=False)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "学习材料"
        verbose_name_plural = "学习材料"
        ordering = ["organization", "is_archived", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "title"], name="unique_study_material_title"
            )
        ]

    def __str__(self):
        return self.title


class StudyForm(models.TextChoices):
    SELF = "self", "个人自学"
    CENTRAL_GROUP = "central_group", "中心组学习"
    COLLECTIVE = "collective", "集中学习研讨"
    PARTY_LECTURE = "party_lecture", "专题党课"
    WARNING_FILM = "warning_film", "观看警示教育片"
    OTHER = "other", "其他"

    @classmethod
    def group_choices(cls) -> list[tuple[str, str]]:
        """The forms the office records for the whole team (everything but self-study)."""
        return [(value, label) for value, label in cls.choices if value != cls.SELF]


class StudySession(models.Model):
    """One study session of a meeting's participants, or one person's self-study (个人自学)."""

    meeting = models.ForeignKey(
        Meeting, verbose_name="会议", on_delete=models.CASCADE, related_name="study_sessions"
    )
    form = models.CharField("学习形式", max_length=20, choices=StudyForm.choices)
    held_on = models.DateField("日期")
    start_time = models.TimeField("开始时间", null=True, blank=True)
    hours = models.DecimalField("时长（小时）", max_digits=4, decimal_places=1)
    topic = models.CharField("学习主题", max_length=200)
    location = models.CharField("地点", max_length=100, blank=True)
    materials = models.ManyToManyField(
        StudyMaterial, verbose_name="学习材料", blank=True, related_name="sessions"
    )
    summary = models.TextField("学习情况小结", blank=True)
    # Set for self-study only: the one person who studied, and who may edit the record.
    owner = models.ForeignKey(
        Person,
        verbose_name="自学人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="self_study_sessions",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="记录人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "学习研讨"
        verbose_name_plural = "学习研讨"
        ordering = ["meeting", "held_on", "start_time", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(form="self", owner__isnull=False)
                | (~models.Q(form="self") & models.Q(owner__isnull=True)),
                name="self_study_has_owner",
            )
        ]

    def __str__(self):
        return f"{self.held_on:%Y-%m-%d} {self.get_form_display()}：{self.topic}"

    @property
    def is_self_study(self) -> bool:
        return self.form == StudyForm.SELF

    # The counts below read `attendances.all()`: prefetch it (selectors.sessions_for).

    @property
    def expected_count(self) -> int:
        return len(self.attendances.all())

    @property
    def present_count(self) -> int:
        return sum(1 for row in self.attendances.all() if row.present)

    @property
    def absentees(self) -> list["StudyAttendance"]:
        return [row for row in self.attendances.all() if not row.present]

    @property
    def speakers(self) -> list["StudyAttendance"]:
        return [row for row in self.attendances.all() if row.spoke]


class StudyAttendance(models.Model):
    """One expected attendee of a session: present or absent (with the reason), and
    whether they spoke (交流发言).

    The rows are fixed when the session is recorded, so a later change of the team does
    not rewrite who was expected at past sessions.
    """

    session = models.ForeignKey(
        StudySession, verbose_name="学习研讨", on_delete=models.CASCADE, related_name="attendances"
    )
    person = models.ForeignKey(
        Person, verbose_name="人员", on_delete=models.PROTECT, related_name="study_attendances"
    )
    order = models.PositiveIntegerField("排序", default=0)
    present = models.BooleanField("出席", default=True)
    absence_reason = models.CharField("缺席原因", max_length=100, blank=True)
    # Seed 002 方案（三）: those who miss a collective session are briefed and given the
    # materials afterwards (补学).
    made_up = models.BooleanField("已补学", default=False)
    speech_topic = models.CharField("交流发言题目", max_length=200, blank=True)

    class Meta:
        verbose_name = "出勤"
        verbose_name_plural = "出勤"
        ordering = ["session", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["session", "person"], name="unique_study_attendance")
        ]

    def __str__(self):
        return f"{self.person} {'出席' if self.present else '缺席'}"

    @property
    def spoke(self) -> bool:
        return bool(self.speech_topic)
