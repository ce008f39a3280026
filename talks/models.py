"""Heart-to-heart talks (谈心谈话) before a meeting: who takes part, the records, the pairs.

Who must talk to whom is not stored: `talks.rules.required_pairs` derives it from the
organisation (team, positions, 分管 departments, branches) and from the few per-meeting
facts kept here — the representatives the office names, the seed-002 flags, the pairs the
office adds or excuses.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from meetings.models import Meeting
from organizations.models import Person


def pair_key(a_id: int, b_id: int) -> tuple[int, int]:
    """The one spelling of a pair: the smaller person id first."""
    return (a_id, b_id) if a_id < b_id else (b_id, a_id)


class TalkParticipant(models.Model):
    """One person's per-meeting facts for the talks.

    - 党员代表: for a 民主生活会 the office names party-member representatives of the
      branches the team members belong to (seed 001 "四必谈": 常委与本人组织关系所在党支部
      党员代表必谈); the person's branch is `person.branch`.
    - For a 组织生活会 the seed-002 flags: the branch secretary talks with new,
      transferred-in, struggling, elderly and disciplined members personally (重点谈);
      mobile and elderly members may talk by video or phone.
    - It is also what the "all of this person's records" PDF is made from.
    """

    meeting = models.ForeignKey(
        Meeting, verbose_name="会议", on_delete=models.CASCADE, related_name="talk_participants"
    )
    person = models.ForeignKey(
        Person, verbose_name="人员", on_delete=models.CASCADE, related_name="talk_participations"
    )
    is_representative = models.BooleanField("党员代表", default=False)
    is_new = models.BooleanField("新发展党员", default=False)
    is_transferred_in = models.BooleanField("新转入党员", default=False)
    is_struggling = models.BooleanField("生活困难党员", default=False)
    is_elderly = models.BooleanField("年老体弱党员", default=False)
    is_disciplined = models.BooleanField("受到处分处置党员", default=False)
    is_mobile = models.BooleanField("流动党员", default=False)

    # Seed 002 方案(三)#2 and 方案(一)#2: the secretary must talk with these in person.
    PRIORITY_FLAGS = (
        "is_new",
        "is_transferred_in",
        "is_struggling",
        "is_elderly",
        "is_disciplined",
    )
    # Seed 002 (一)#2: 对流动党员、年老体弱党员，要通过视频、短信、微信等方式…
    REMOTE_FLAGS = ("is_elderly", "is_mobile")
    FLAGS = PRIORITY_FLAGS + ("is_mobile",)

    class Meta:
        verbose_name = "谈话对象信息"
        verbose_name_plural = "谈话对象信息"
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="unique_talk_participant")
        ]

    def __str__(self):
        return f"{self.meeting} · {self.person}"

    def get_absolute_url(self):
        return reverse("talks:mine", args=[self.meeting_id]) + f"?person={self.person_id}"

    @property
    def is_priority(self) -> bool:
        return any(getattr(self, f) for f in self.PRIORITY_FLAGS)

    @property
    def may_talk_remotely(self) -> bool:
        return any(getattr(self, f) for f in self.REMOTE_FLAGS)

    def flag_labels(self) -> list[str]:
        return [str(self._meta.get_field(f).verbose_name) for f in self.FLAGS if getattr(self, f)]


class PairNoteKind(models.TextChoices):
    ADDED = "added", "办公室增加"
    EXCUSED = "excused", "免谈"


class PairNote(models.Model):
    """The office's word on one pair: add it to the required ones, or excuse it.

    An excused pair (a member on long leave) is shown as excused, never as done.
    """

    meeting = models.ForeignKey(
        Meeting, verbose_name="会议", on_delete=models.CASCADE, related_name="talk_pair_notes"
    )
    kind = models.CharField("类型", max_length=10, choices=PairNoteKind.choices)
    person_a = models.ForeignKey(
        Person, verbose_name="人员甲", on_delete=models.CASCADE, related_name="+"
    )
    person_b = models.ForeignKey(
        Person, verbose_name="人员乙", on_delete=models.CASCADE, related_name="+"
    )
    reason = models.TextField("原因")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("时间", default=timezone.now)

    class Meta:
        verbose_name = "谈话对象调整"
        verbose_name_plural = "谈话对象调整"
        ordering = ["meeting", "created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "kind", "person_a", "person_b"], name="unique_pair_note"
            ),
            models.CheckConstraint(
                condition=Q(person_a__lt=F("person_b")), name="pair_note_ordered"
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}：{self.person_a}—{self.person_b}"

    @property
    def key(self) -> tuple[int, int]:
        return (self.person_a_id, self.person_b_id)


class TalkState(models.TextChoices):
    PLANNED = "planned", "已约谈"
    RECORDED = "recorded", "待确认"
    CONFIRMED = "confirmed", "已确认"
    DISPUTED = "disputed", "对方未确认"
    CANCELLED = "cancelled", "已取消"

    @classmethod
    def open_states(cls) -> list[str]:
        """A talk in one of these is still being arranged, written or confirmed."""
        return [cls.PLANNED, cls.RECORDED, cls.DISPUTED]


class TalkMode(models.TextChoices):
    IN_PERSON = "in_person", "一对一、面对面"
    VIDEO = "video", "视频"
    PHONE = "phone", "电话、微信等"


class TalkQuerySet(models.QuerySet):
    def live(self):
        return self.exclude(state=TalkState.CANCELLED)

    def of_person(self, person_id: int):
        return self.filter(Q(person_a_id=person_id) | Q(person_b_id=person_id))


class Talk(models.Model):
    """One heart-to-heart talk and its record (谈心谈话记录表).

    Either of the two records it; the other adds their own part (TalkPart) and confirms
    it, or says it did not happen.
    Only a confirmed talk counts. The content is confidential: the two, the team's
    secretary and the office read it — `talks.access.get_talk_for_user` decides.
    """

    meeting = models.ForeignKey(
        Meeting, verbose_name="会议", on_delete=models.CASCADE, related_name="talks"
    )
    person_a = models.ForeignKey(
        Person, verbose_name="谈话一方", on_delete=models.PROTECT, related_name="+"
    )
    person_b = models.ForeignKey(
        Person, verbose_name="谈话另一方", on_delete=models.PROTECT, related_name="+"
    )
    initiator = models.ForeignKey(
        Person, verbose_name="发起人", on_delete=models.PROTECT, related_name="+"
    )
    state = models.CharField(
        "状态", max_length=12, choices=TalkState.choices, default=TalkState.PLANNED
    )
    talked_on = models.DateField("谈话日期")
    place = models.CharField("谈话地点", max_length=100)
    mode = models.CharField(
        "谈话方式", max_length=12, choices=TalkMode.choices, default=TalkMode.IN_PERSON
    )
    # The four headings of seed 001's "四必谈" content; the fourth, the criticisms one plans
    # to raise at the meeting, is kept as separate items (PlannedCriticism).
    team_problems = models.TextField("班子集体的问题", blank=True)
    own_problems = models.TextField("自身的问题及整改的打算", blank=True)
    other_shortcomings = models.TextField("对方的不足和改进的建议", blank=True)
    # Who wrote the record; None when the office entered it from the paper form.
    recorded_by = models.ForeignKey(
        Person,
        verbose_name="记录人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="录入账号",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="确认人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    confirmed_at = models.DateTimeField("确认时间", null=True, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = TalkQuerySet.as_manager()

    class Meta:
        verbose_name = "谈心谈话记录"
        verbose_name_plural = "谈心谈话记录"
        ordering = ["meeting", "talked_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(person_a__lt=F("person_b")), name="talk_pair_ordered"
            ),
        ]
        indexes = [models.Index(fields=["meeting", "person_a", "person_b"])]

    def __str__(self):
        return f"{self.person_a}与{self.person_b}谈心谈话（{self.talked_on:%Y-%m-%d}）"

    def get_absolute_url(self):
        return reverse("talks:detail", args=[self.pk])

    @property
    def key(self) -> tuple[int, int]:
        return (self.person_a_id, self.person_b_id)

    @property
    def people(self) -> list[Person]:
        return [self.person_a, self.person_b]

    def other(self, person_id: int) -> Person:
        return self.person_b if person_id == self.person_a_id else self.person_a

    @property
    def is_open(self) -> bool:
        return self.state in TalkState.open_states()

    @property
    def is_confirmed(self) -> bool:
        return self.state == TalkState.CONFIRMED


class TalkPart(models.Model):
    """The other side's own part of the same record (seed 001 "四必谈": each side's own
    problems and plans, the other's shortcomings, the criticisms each plans to raise).

    The record is written by one of the two; the other adds their part here before they
    confirm it, so that what they said is theirs, in their words, and not only the
    recorder's account of it. Their planned criticisms are PlannedCriticism rows tied to
    this part.
    """

    talk = models.ForeignKey(Talk, verbose_name="谈话", on_delete=models.CASCADE, related_name="parts")
    person = models.ForeignKey(Person, verbose_name="填写人", on_delete=models.PROTECT, related_name="+")
    team_problems = models.TextField("对班子集体问题的补充", blank=True)
    own_problems = models.TextField("自身的问题及整改的打算", blank=True)
    other_shortcomings = models.TextField("对方的不足和改进的建议", blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="填写账号", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField("填写时间", auto_now=True)

    class Meta:
        verbose_name = "谈话另一方的内容"
        verbose_name_plural = "谈话另一方的内容"
        ordering = ["talk", "id"]
        constraints = [models.UniqueConstraint(fields=["talk", "person"], name="one_part_per_person")]

    def __str__(self):
        return f"{self.person}：{self.talk}"

    @property
    def is_empty(self) -> bool:
        return not (self.team_problems or self.own_problems or self.other_shortcomings)


class PlannedCriticism(models.Model):
    """A criticism one side plans to raise at the meeting (拟在会上开展批评的问题).

    Kept apart from the record's text: the meeting phase gathers them to prepare the
    order of criticism and self-criticism.
    """

    talk = models.ForeignKey(
        Talk, verbose_name="谈话", on_delete=models.CASCADE, related_name="criticisms"
    )
    critic = models.ForeignKey(
        Person, verbose_name="提出人", on_delete=models.PROTECT, related_name="+"
    )
    target = models.ForeignKey(
        Person, verbose_name="被批评人", on_delete=models.PROTECT, related_name="+"
    )
    content = models.TextField("拟提出的批评意见")
    order = models.PositiveIntegerField("序号", default=1)
    # Set when the other side wrote it in their own part; empty when the recorder did.
    part = models.ForeignKey(
        TalkPart, verbose_name="填写于", null=True, blank=True, on_delete=models.CASCADE, related_name="criticisms"
    )

    class Meta:
        verbose_name = "拟在会上开展的批评"
        verbose_name_plural = "拟在会上开展的批评"
        ordering = ["talk", "order", "id"]

    def __str__(self):
        return f"{self.critic}→{self.target}：{self.content[:20]}"


class TalkEvent(models.Model):
    """The record's history: who moved it, when, and why."""

    talk = models.ForeignKey(
        Talk, verbose_name="谈话", on_delete=models.CASCADE, related_name="events"
    )
    from_state = models.CharField("原状态", max_length=12, choices=TalkState.choices, blank=True)
    to_state = models.CharField("新状态", max_length=12, choices=TalkState.choices)
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

    class Meta:
        verbose_name = "谈话记录变更"
        verbose_name_plural = "谈话记录变更"
        ordering = ["talk", "at", "id"]
