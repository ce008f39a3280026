"""Soliciting opinions (征求意见): the solicitation, the opinions, where they are routed.

Seeds 000 §三3, 001 §三(二), 002 #4 2, 004: opinions are gathered through forums, forms,
interviews, boxes, field visits, letters and an online form; the office sorts them
(梳理汇总), splits them by aspect and by the leader they concern (分解至每位班子成员) and
feeds them back verbatim (原汁原味) to the team and to each member, who must answer them.

Anonymity (DOMAIN.md "Confidentiality"): an opinion sent through the online form is one
row holding what the sender wrote and chose, and nothing about the sender. See
`Opinion` for what is deliberately *not* stored and why.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from meetings.models import Meeting, MeetingAspect
from organizations.models import Person


class Channel(models.TextChoices):
    """征求方式 (seeds 000, 002 #4 2, 004)."""

    FORUM = "forum", "座谈会"
    FORM = "form", "征求意见表"
    INTERVIEW = "interview", "个别访谈"
    BOX = "box", "意见箱"
    VISIT = "visit", "下基层调研"
    LETTER = "letter", "征求意见函"
    ONLINE = "online", "网上征求"


class OpinionSource(models.TextChoices):
    """Who the opinion came from, as a category, never as a person (seeds 002, 004)."""

    PARTY_MEMBER = "party_member", "党员"
    CADRE = "cadre", "干部"
    MASSES = "masses", "群众"
    SERVICE_USER = "service_user", "服务对象"
    REPRESENTATIVE = "representative", "“两代表一委员”"
    RETIREE = "retiree", "离退休干部"
    NON_PARTY = "non_party", "党外人士"
    OTHER = "other", "其他"


class OpinionKind(models.TextChoices):
    OPINION = "opinion", "意见"
    SUGGESTION = "suggestion", "建议"
    PROBLEM = "problem", "问题反映"


class OpinionState(models.TextChoices):
    NEW = "new", "待梳理"
    SORTED = "sorted", "已梳理"
    RELEASED = "released", "已反馈"
    MERGED = "merged", "已合并"
    SET_ASIDE = "set_aside", "已搁置"

    @classmethod
    def editable(cls) -> set[str]:
        """States in which the office may still classify, merge or set an opinion aside."""
        return {cls.NEW, cls.SORTED}


class ResponseStatus(models.TextChoices):
    PENDING = "pending", "未回应"
    ANSWERED = "answered", "已回应"


class Solicitation(models.Model):
    """The opinion-gathering of one meeting: its period, channels, audience and public link."""

    meeting = models.OneToOneField(
        Meeting, verbose_name="会议", on_delete=models.CASCADE, related_name="solicitation"
    )
    starts_on = models.DateField("开始日期", null=True, blank=True)
    ends_on = models.DateField("截止日期", null=True, blank=True)
    channels = models.JSONField("征求方式", default=list, blank=True)
    audience = models.TextField("征求对象和范围", blank=True)
    intro = models.TextField("网上征求意见说明", blank=True)
    form_open = models.BooleanField("开放网上征求意见表", default=True)
    # The unguessable part of the public link; renewing it retires the printed QR codes.
    token = models.CharField("链接口令", max_length=64, unique=True)
    # Bumped by every change the office makes to the opinions: with the number of opinions
    # it tells whether a generated summary is still current (public submissions never
    # write to this row, so they leave no timestamp here).
    version = models.PositiveIntegerField("版本", default=1)
    released_at = models.DateTimeField("首次反馈时间", null=True, blank=True)
    last_released_at = models.DateTimeField("最近反馈时间", null=True, blank=True)
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="反馈人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="创建人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "征求意见"
        verbose_name_plural = "征求意见"

    def __str__(self):
        return f"{self.meeting.title}征求意见"

    def get_absolute_url(self):
        return reverse("feedback:overview", args=[self.pk])

    def channel_labels(self) -> list[str]:
        return [Channel(c).label for c in Channel.values if c in self.channels]


class Opinion(models.Model):
    """One opinion or suggestion, in the words it was given.

    What is *not* here, on purpose, so that an anonymous opinion cannot be traced:
    no user, no IP address, no user agent, no session, no time of day. The key is a
    random UUID rather than a sequence, and `received_on` is a date: a sequence number or
    a timestamp could be lined up with a web server's access log (which does hold
    addresses) to tell who posted which opinion. Nothing is created alongside an online
    opinion (no event, no notification) for the same reason; the office learns of new
    online opinions in a daily count. Name and contact are stored only when the sender
    chose to give them. Online opinions are written in shuffled batches
    (`anonymity.writes`), so not even the table's physical order (rowid, ctid, xmin) says
    in which order they were sent.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    solicitation = models.ForeignKey(
        Solicitation, verbose_name="征求意见", on_delete=models.CASCADE, related_name="opinions"
    )
    content = models.TextField("意见建议内容")
    channel = models.CharField("征求方式", max_length=20, choices=Channel.choices)
    source = models.CharField("提出人类别", max_length=20, choices=OpinionSource.choices, blank=True)
    received_on = models.DateField("收到日期")
    # What the sender chose: a member, or (empty) the team as a whole.
    addressed_member = models.ForeignKey(
        Person,
        verbose_name="提出人所选反映对象",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    suggested_aspect = models.ForeignKey(
        MeetingAspect,
        verbose_name="提出人所选方面",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    sender_name = models.CharField("提出人", max_length=40, blank=True)
    sender_contact = models.CharField("联系方式", max_length=60, blank=True)

    # Sorting (梳理) by the office.
    state = models.CharField(
        "状态", max_length=20, choices=OpinionState.choices, default=OpinionState.NEW
    )
    aspect = models.ForeignKey(
        MeetingAspect,
        verbose_name="方面",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    kind = models.CharField("类别", max_length=20, choices=OpinionKind.choices, blank=True)
    # A merged duplicate points at the opinion that stands for its group; the group is
    # counted once and every text in it is fed back word for word.
    duplicate_of = models.ForeignKey(
        "self",
        verbose_name="合并至",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="duplicates",
    )
    set_aside_reason = models.TextField("搁置原因", blank=True)
    # The office clerk who typed in a paper or spoken opinion; never set by the online form.
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="录入人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = "意见建议"
        verbose_name_plural = "意见建议"
        ordering = ["-received_on", "id"]
        indexes = [models.Index(fields=["solicitation", "state"])]

    def __str__(self):
        return f"{self.code} {self.content[:20]}"

    def get_absolute_url(self):
        return reverse("feedback:opinion", args=[self.pk])

    @property
    def code(self) -> str:
        """A short reference for people to quote (编号); random, so it reveals no order."""
        return self.id.hex[:8].upper()

    @property
    def is_anonymous(self) -> bool:
        return not (self.sender_name or self.sender_contact)

    @property
    def is_editable(self) -> bool:
        return self.state in OpinionState.editable()


class OpinionRouting(models.Model):
    """An opinion routed to the team (no member) or to one member, who must answer it.

    The drafting phase records the answer here (seed 002 #4 2 (1)(2): every opinion about
    the team and about oneself is answered in the self-inspection material).
    """

    opinion = models.ForeignKey(
        Opinion, verbose_name="意见建议", on_delete=models.CASCADE, related_name="routings"
    )
    member = models.ForeignKey(
        Person,
        verbose_name="班子成员",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="opinion_routings",
        help_text="为空表示反映班子的意见",
    )
    response_status = models.CharField(
        "回应情况", max_length=20, choices=ResponseStatus.choices, default=ResponseStatus.PENDING
    )
    response = models.TextField("回应内容", blank=True)
    responded_at = models.DateTimeField("回应时间", null=True, blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="回应人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = "意见分解"
        verbose_name_plural = "意见分解"
        ordering = ["opinion_id", "member_id"]
        constraints = [
            models.UniqueConstraint(fields=["opinion", "member"], name="unique_opinion_member"),
            models.UniqueConstraint(
                fields=["opinion"], condition=Q(member__isnull=True), name="unique_opinion_team"
            ),
        ]

    def __str__(self):
        return f"{self.opinion.code} → {self.member or '班子'}"

    @property
    def is_team(self) -> bool:
        return self.member_id is None


class OpinionEvent(models.Model):
    """What the office did to an opinion: who, when, from which state to which, and why."""

    opinion = models.ForeignKey(
        Opinion, verbose_name="意见建议", on_delete=models.CASCADE, related_name="events"
    )
    action = models.CharField("操作", max_length=40)
    from_state = models.CharField("原状态", max_length=20, choices=OpinionState.choices)
    to_state = models.CharField("新状态", max_length=20, choices=OpinionState.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField("时间")
    note = models.TextField("说明", blank=True)

    class Meta:
        verbose_name = "意见处理记录"
        verbose_name_plural = "意见处理记录"
        ordering = ["opinion_id", "at", "id"]


class FeedbackReceipt(models.Model):
    """A member opened the opinions fed back to them (反馈到人): when, last."""

    solicitation = models.ForeignKey(
        Solicitation, verbose_name="征求意见", on_delete=models.CASCADE, related_name="receipts"
    )
    person = models.ForeignKey(
        Person, verbose_name="班子成员", on_delete=models.CASCADE, related_name="+"
    )
    seen_at = models.DateTimeField("阅知时间")

    class Meta:
        verbose_name = "反馈阅知"
        verbose_name_plural = "反馈阅知"
        constraints = [
            models.UniqueConstraint(fields=["solicitation", "person"], name="unique_feedback_receipt")
        ]
