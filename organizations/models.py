"""Party bodies, their departments, the people in them and the roles those people hold."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Case, F, OuterRef, Subquery, Value, When

from .ordering import NAME_KEY_LENGTH, name_sort_key


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
    # Once something is overdue its reminders repeat every so many days (see
    # notifications.schedule); each organisation chooses how insistent to be.
    overdue_reminder_days = models.PositiveSmallIntegerField(
        "逾期提醒间隔（天）",
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(30)],
        help_text="事项逾期后，每隔几天再提醒一次。",
    )

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


def order_officially(queryset, *, organization=None, person: str = "", first=()):
    """Order rows that are people, or point at one, in the official order (organizations.ordering).

    organization: the body whose team comes first in rank order (书记 first) — an
    Organization, its id, or a path from the rows to an organisation id (e.g.
    "meeting__organization_id"); None orders by name strokes only. person: the path from
    the rows to the person ("" for Person rows). first: order terms that go before.
    """
    prefix = f"{person}__" if person else ""
    by_name = (*first, f"{prefix}name_key", f"{prefix}pk" if person else "pk")
    if organization is None:
        return queryset.order_by(*by_name)
    org = OuterRef(organization) if isinstance(organization, str) else getattr(organization, "pk", organization)
    seats = TeamMembership.objects.filter(organization=org, person=OuterRef(person or "pk"))
    return queryset.annotate(
        _seat_first=Subquery(seats.annotate(k=_SECRETARY_FIRST).values("k")[:1]),
        _seat_rank=Subquery(seats.values("rank")[:1]),
    ).order_by(
        *first,
        F("_seat_first").asc(nulls_last=True),
        F("_seat_rank").asc(nulls_last=True),
        *by_name[len(first):],
    )


class PersonQuerySet(models.QuerySet):
    def in_official_order(self, organization=None):
        """With an organisation: its team first in rank order, the 书记 first; everyone else
        按姓氏笔画 (organizations.ordering)."""
        return order_officially(self, organization=organization)


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
    party_group = models.ForeignKey(
        "PartyGroup",
        verbose_name="所在党小组",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="members",
    )
    phone = models.CharField("手机", max_length=20, blank=True)
    email = models.EmailField("邮箱", blank=True)
    # 按姓氏笔画 as a text the database can sort by; derived from name, never edited.
    name_key = models.CharField(
        "姓氏笔画排序", max_length=NAME_KEY_LENGTH, editable=False, db_index=True, default=""
    )

    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = "人员"
        verbose_name_plural = "人员"
        ordering = ["organization", "name_key", "id"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        # Kept here rather than in a service: a sort key that drifts from the name puts one
        # person out of order in every list, and admin, factories and services all save.
        self.name_key = name_sort_key(self.name)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "name" in update_fields:
            kwargs["update_fields"] = {*update_fields, "name_key"}
        super().save(*args, **kwargs)


class PartyGroup(models.Model):
    """A party group (党小组) of a branch: its members meet under their 组长, who writes the
    group's opinion on each member in the democratic evaluation (seed 002 方案3 §四(二))."""

    branch = models.ForeignKey(
        Organization, verbose_name="所属支部", on_delete=models.CASCADE, related_name="party_groups"
    )
    name = models.CharField("名称", max_length=40)
    leader = models.ForeignKey(
        Person, verbose_name="组长", null=True, blank=True, on_delete=models.SET_NULL, related_name="led_groups"
    )
    order = models.PositiveIntegerField("排序", default=0)

    class Meta:
        verbose_name = "党小组"
        verbose_name_plural = "党小组"
        ordering = ["branch", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["branch", "name"], name="unique_party_group_name")]

    def __str__(self):
        return self.name


class TeamPosition(models.TextChoices):
    """The seat, whatever the body; `team_title` says what the seat is called in a body."""

    SECRETARY = "secretary", "书记"
    DEPUTY_SECRETARY = "deputy_secretary", "副书记"
    MEMBER = "member", "委员"
    SECONDED = "seconded", "挂职"


_SECRETARY_FIRST = Case(
    When(position=TeamPosition.SECRETARY, then=Value(0)),
    default=Value(1),
    output_field=models.IntegerField(),
)


class TeamMembershipQuerySet(models.QuerySet):
    def in_rank_order(self):
        """书记 first, then 排序, then the person's name strokes (the Meta ordering too)."""
        return self.order_by(*TEAM_ORDER)


TEAM_ORDER = (_SECRETARY_FIRST.asc(), "rank", "person__name_key", "id")


# What a body calls itself in its members' titles: 党组书记, 党委委员, 支部委员…
_TITLE_PREFIX = {
    OrganizationKind.COMMITTEE: "党委",
    OrganizationKind.PARTY_GROUP: "党组",
    OrganizationKind.WORKING_COMMITTEE: "党工委",
    OrganizationKind.GENERAL_BRANCH: "党总支",
    OrganizationKind.BRANCH: "支部",
}


def team_title(kind: str, position: str) -> str:
    """The title of a team seat in a body of this kind: a 党组's members are 党组成员,
    a 党委's are 党委委员, a branch's are 支部委员 (the official usage; "委员" alone
    would call a 党组成员 a committee member)."""
    prefix = _TITLE_PREFIX.get(kind, "")
    if position == TeamPosition.MEMBER:
        return prefix + ("成员" if kind == OrganizationKind.PARTY_GROUP else "委员")
    if position == TeamPosition.SECONDED:
        return "挂职班子成员"
    return prefix + TeamPosition(position).label


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

    objects = TeamMembershipQuerySet.as_manager()

    class Meta:
        verbose_name = "班子成员"
        verbose_name_plural = "班子成员"
        ordering = ["organization", *TEAM_ORDER]
        constraints = [
            models.UniqueConstraint(fields=["organization", "person"], name="unique_team_seat")
        ]

    def __str__(self):
        return f"{self.organization.display_name} {self.title} {self.person}"

    @property
    def title(self) -> str:
        return team_title(self.organization.kind, self.position)

    @property
    def is_principal(self) -> bool:
        return self.position == TeamPosition.SECRETARY


class StaffKind(models.TextChoices):
    OFFICE = "office", "办公室（党务工作者）"
    SUPERVISOR = "supervisor", "上级督导（组织部、纪委、督导组）"


class SupervisorBody(models.TextChoices):
    """Which upper body a supervising official works for; the rules tell them apart.

    Seed 000 §四(二)1: the plan goes to the upper 纪委 *and* 组织部 for approval; §五: the
    application to convene goes to the 组织部; a 督导组 guides and may postpone (002 #1 §四).
    """

    ORGANIZATION_DEPARTMENT = "organization_department", "组织部"
    DISCIPLINE = "discipline", "纪委"
    SUPERVISION_GROUP = "supervision_group", "督导组"

    @classmethod
    def from_text(cls, text: str) -> str:
        """The body a free-text unit names ("县纪委监委" → 纪委); 组织部 when it names none."""
        text = text or ""
        if "纪" in text or "监委" in text:
            return cls.DISCIPLINE
        if "督导" in text:
            return cls.SUPERVISION_GROUP
        return cls.ORGANIZATION_DEPARTMENT


class StaffRole(models.Model):
    """Staff work for an organisation: its office, or — for an upper body — supervision."""

    organization = models.ForeignKey(
        Organization, verbose_name="组织", on_delete=models.CASCADE, related_name="staff"
    )
    person = models.ForeignKey(
        Person, verbose_name="人员", on_delete=models.CASCADE, related_name="staff_roles"
    )
    kind = models.CharField("角色", max_length=20, choices=StaffKind.choices)
    unit = models.CharField("部门", max_length=40, blank=True, help_text="办公室所在部门，如：综合科")
    body = models.CharField(
        "上级机构",
        max_length=30,
        choices=SupervisorBody.choices,
        blank=True,
        help_text="上级督导人员所在的机构：组织部、纪委或督导组",
    )

    class Meta:
        verbose_name = "工作人员"
        verbose_name_plural = "工作人员"
        ordering = ["organization", "kind", "person__name_key", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "person", "kind"], name="unique_staff_role"
            )
        ]

    def __str__(self):
        return f"{self.organization.display_name} {self.get_kind_display()} {self.person}"

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.kind == StaffKind.SUPERVISOR and not self.body:
            raise ValidationError({"body": "上级督导人员须选择所在机构：组织部、纪委或督导组。"})


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


class SupervisionGroup(models.Model):
    """督导组: sent by a body above (seed 001 "联系我市的省委督导组", 002 "镇党委将派出督导组")
    to particular organisations; its members see and chase exactly those, not the whole
    tree below the body that sent it."""

    name = models.CharField("名称", max_length=100)
    sent_by = models.ForeignKey(
        Organization, verbose_name="派出组织", on_delete=models.CASCADE, related_name="sent_groups"
    )
    members = models.ManyToManyField(
        Person, verbose_name="成员", related_name="supervision_groups", blank=True
    )
    organizations = models.ManyToManyField(
        Organization, verbose_name="督导对象", related_name="supervision_groups", blank=True
    )
    is_active = models.BooleanField("在督导中", default=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "督导组"
        verbose_name_plural = "督导组"
        ordering = ["sent_by", "name", "id"]

    def __str__(self):
        return self.name
