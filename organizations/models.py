"""Party bodies, their departments, the people in them and the roles those people hold."""

from django.conf import settings
from django.db import models


class OrganizationKind(models.TextChoices):
    COMMITTEE = "committee", "党委"
    PARTY_GROUP = "party_group", "党组"
    WORKING_COMMITTEE = "working_committee", "党工委"
    GENERAL_BRANCH = "general_branch", "党总支"
    BRANCH = "branch", "党支部"

    @classmethod
    def branch_kinds(cls) -> set[str]:
        """Bodies a member's party membership (组织关系) can sit in."""
        return {cls.GENERAL_BRANCH, cls.BRANCH}


class Organization(models.Model):
    """A party body. Its parent supervises it (审批方案、审核材料、督导)."""

    name = models.CharField("名称", max_length=100, unique=True)
    short_name = models.CharField("简称", max_length=40, blank=True)
    kind = models.CharField("类型", max_length=20, choices=OrganizationKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name="上级组织",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    order = models.PositiveIntegerField("排序", default=0)

    class Meta:
        verbose_name = "组织"
        verbose_name_plural = "组织"
        ordering = ["order", "id"]
        permissions = [
            ("manage_organization", "办公室：管理本组织的会议与名册"),
            ("supervise_organization", "上级：审批、督导下级组织"),
            ("take_part", "班子成员或党员：参加本组织的会议"),
        ]

    def __str__(self):
        return self.name

    @property
    def display_name(self) -> str:
        return self.short_name or self.name


class DepartmentKind(models.TextChoices):
    SECTION = "section", "科室"
    CENTER = "center", "中心"
    OFFICE = "office", "办公室"
    OTHER = "other", "其他"


class Department(models.Model):
    """A department of an organisation's unit; team members oversee (分管) some of them."""

    organization = models.ForeignKey(
        Organization, verbose_name="组织", on_delete=models.CASCADE, related_name="departments"
    )
    name = models.CharField("名称", max_length=60)
    kind = models.CharField(
        "类型", max_length=20, choices=DepartmentKind.choices, default=DepartmentKind.SECTION
    )
    head = models.ForeignKey(
        "Person",
        verbose_name="主要负责人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="headed_departments",
    )
    order = models.PositiveIntegerField("排序", default=0)

    class Meta:
        verbose_name = "部门"
        verbose_name_plural = "部门"
        ordering = ["organization", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "name"], name="unique_department_name")
        ]

    def __str__(self):
        return self.name


class Person(models.Model):
    """Someone the system knows, usually with a login account."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name="登录账号",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
    )
    name = models.CharField("姓名", max_length=40)
    organization = models.ForeignKey(
        Organization,
        verbose_name="所在单位组织",
        on_delete=models.PROTECT,
        related_name="people",
    )
    department = models.ForeignKey(
        Department,
        verbose_name="所在部门",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="people",
    )
    title = models.CharField("职务", max_length=60, blank=True)
    branch = models.ForeignKey(
        Organization,
        verbose_name="组织关系所在支部",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="branch_members",
    )
    is_party_member = models.BooleanField("中共党员", default=True)
    is_probationary = models.BooleanField("预备党员", default=False)
    phone = models.CharField("手机", max_length=20, blank=True)
    email = models.EmailField("邮箱", blank=True)

    class Meta:
        verbose_name = "人员"
        verbose_name_plural = "人员"
        ordering = ["organization", "name", "id"]

    def __str__(self):
        return self.name


class TeamPosition(models.TextChoices):
    SECRETARY = "secretary", "书记"
    DEPUTY_SECRETARY = "deputy_secretary", "副书记"
    MEMBER = "member", "委员"
    SECONDED = "seconded", "挂职"


class TeamMembership(models.Model):
    """A seat in an organisation's leadership team (领导班子 / 支部委员会)."""

    organization = models.ForeignKey(
        Organization, verbose_name="组织", on_delete=models.CASCADE, related_name="team"
    )
    person = models.ForeignKey(
        Person, verbose_name="人员", on_delete=models.CASCADE, related_name="team_seats"
    )
    position = models.CharField("班子职务", max_length=20, choices=TeamPosition.choices)
    rank = models.PositiveIntegerField("排序", default=0, help_text="数字越小排序越靠前")
    oversees = models.ManyToManyField(
        Department, verbose_name="分管部门", blank=True, related_name="overseen_by"
    )

    class Meta:
        verbose_name = "班子成员"
        verbose_name_plural = "班子成员"
        ordering = ["organization", "rank", "id"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "person"], name="unique_team_seat")
        ]

    def __str__(self):
        return f"{self.organization.display_name} {self.get_position_display()} {self.person}"

    @property
    def is_principal(self) -> bool:
        return self.position == TeamPosition.SECRETARY


class StaffKind(models.TextChoices):
    OFFICE = "office", "办公室（党务工作者）"
    SUPERVISOR = "supervisor", "上级督导（组织部、纪委、督导组）"


class StaffRole(models.Model):
    """Staff work for an organisation: its office, or — for an upper body — supervision."""

    organization = models.ForeignKey(
        Organization, verbose_name="组织", on_delete=models.CASCADE, related_name="staff"
    )
    person = models.ForeignKey(
        Person, verbose_name="人员", on_delete=models.CASCADE, related_name="staff_roles"
    )
    kind = models.CharField("角色", max_length=20, choices=StaffKind.choices)
    unit = models.CharField("部门", max_length=40, blank=True, help_text="如：组织部、纪委")

    class Meta:
        verbose_name = "工作人员"
        verbose_name_plural = "工作人员"
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "person", "kind"], name="unique_staff_role"
            )
        ]

    def __str__(self):
        return f"{self.organization.display_name} {self.get_kind_display()} {self.person}"


class FormToken(models.Model):
    """A create form's one-time token, spent by the form's first successful save.

    Back + save again posts the same token: the second save finds it spent and is sent
    to what the first one created instead of making a duplicate (see ``organizations.once``).
    """

    token = models.CharField("令牌", max_length=64, unique=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="提交人", null=True, blank=True,
        on_delete=models.CASCADE, related_name="+",
    )
    url = models.CharField("已创建记录的地址", max_length=300, blank=True)
    created_at = models.DateTimeField("提交时间", auto_now_add=True)

    class Meta:
        verbose_name = "表单提交令牌"
        verbose_name_plural = "表单提交令牌"
