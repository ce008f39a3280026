"""The democratic evaluation of party members (民主评议党员) held with a 组织生活会.

Seed 002 方案3 §二–§四: every party member of the branch takes part; probationary members
take part without a grade. Before the meeting each writes a self-assessment and judges
themself on the 登记表; the branch approves the text. The 党小组 and the masses outside
the party give their opinions on the same 登记表.
"""

import uuid

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
    # 征求全体党员意见: the committee's proposed grades are shown to every member from then on.
    grades_shown_at = models.DateTimeField("初步评定意见征求党员意见时间", null=True, blank=True)
    # 方案3 §五(四): the branch's written report on the evaluation, in its own words.
    report_text = models.TextField("民主评议党员工作总结", blank=True)
    report_version = models.PositiveIntegerField("总结版本", default=1)

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

    # 方案3 §四(二): 对于互评内容的记录采取不记名方式进行 — what the others said, never who said it
    # (unlike the attributed criticisms of the meeting's minutes).
    mutual_record = models.TextField("会上互评情况（不记名）", blank=True)
    mutual_version = models.PositiveIntegerField("互评记录版本", default=1)
    mutual_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="互评记录人", null=True, on_delete=models.SET_NULL, related_name="+",
    )
    mutual_at = models.DateTimeField("互评记录时间", null=True, blank=True)

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


# --- the anonymous scoring (方案3 §三, §四(二)) -------------------------------------------

# 方案3 §三: the five items of the evaluation, "每项xx分": the branch sets the points.
DEFAULT_ITEMS = [
    ("坚定政治方向", "坚决贯彻执行党的基本路线和各项方针政策，增强“四个意识”，维护党中央权威，做政治上的明白人。"),
    ("做合格党员", "讲政治有信念、讲规矩有纪律、讲道德有品行、讲奉献有作为；立足本职，勤奋工作，创造一流业绩。"),
    ("学习创新、顾全大局", "认真学习，敢于创新，正确处理国家、集体、个人利益关系，个人利益服从党和人民的利益。"),
    ("遵规守纪、廉洁自律", "执行党的决议和工作部署，遵守党的纪律和规章制度，以身作则，廉洁自律，积极参加支部活动。"),
    ("联系群众、模范带头", "密切联系群众，宣传党的主张，反映群众意见，发挥先锋模范作用，得到群众认可。"),
]
DEFAULT_POINTS = 20
ITEM_COUNT = 5

# 方案3 §五(二): members evaluate the branch committee's work and style (基层党组织民主评议表).
COMMITTEE_ASPECTS = [
    "贯彻落实上级决策部署",
    "组织生活和党员教育管理",
    "联系服务党员群众",
    "班子团结和工作作风",
    "落实全面从严治党责任、廉洁自律",
]


class CommitteeRating(models.IntegerChoices):
    GOOD = 1, "好"
    FAIR = 2, "较好"
    AVERAGE = 3, "一般"
    POOR = 4, "差"


class ScoringItem(models.Model):
    """One of the five items of the 评分表, with the points the branch gives it."""

    evaluation = models.ForeignKey(Evaluation, verbose_name="民主评议", on_delete=models.CASCADE, related_name="items")
    order = models.PositiveSmallIntegerField("序号")
    title = models.CharField("评议项目", max_length=40)
    description = models.TextField("内容", blank=True)
    max_points = models.PositiveSmallIntegerField("分值", default=DEFAULT_POINTS)

    class Meta:
        verbose_name = "评分项目"
        verbose_name_plural = "评分项目"
        ordering = ["evaluation", "order"]
        constraints = [models.UniqueConstraint(fields=["evaluation", "order"], name="unique_scoring_item_order")]

    def __str__(self):
        return self.title


class RoundState(models.TextChoices):
    PREPARING = "preparing", "准备中"
    OPEN = "open", "评分中"
    CLOSED = "closed", "已结束"


class RoundAccess(models.TextChoices):
    ACCOUNTS = "accounts", "党员登录本人账号评分"
    CODES = "codes", "一次性评分码（随机发放）"


class ScoringRound(models.Model):
    """One on-the-spot anonymous scoring (现场不记名评分) of the members and the committee.

    Who has scored is kept in Participation (accounts) or as a used BallotCode (codes);
    what was scored is kept in Ballot and CommitteeBallot rows, written through
    `anonymity.writes` in one shuffled batch when the round closes. The two never share a
    key, a time or a transaction.
    """

    evaluation = models.ForeignKey(Evaluation, verbose_name="民主评议", on_delete=models.CASCADE, related_name="rounds")
    access = models.CharField("评分方式", max_length=20, choices=RoundAccess.choices, default=RoundAccess.ACCOUNTS)
    state = models.CharField("状态", max_length=20, choices=RoundState.choices, default=RoundState.PREPARING)
    minimum_voters = models.PositiveSmallIntegerField("公布结果的最少评分人数", default=5)
    with_committee = models.BooleanField("同时评议支部委员会（基层党组织民主评议表）", default=True)
    token = models.CharField("扫码地址", max_length=40, unique=True)
    # How many paper sheets the office entered: they count as voters, and are anonymous.
    paper_sheets = models.PositiveIntegerField("纸质评分表份数", default=0)
    opened_at = models.DateTimeField("开始时间", null=True, blank=True)
    closed_at = models.DateTimeField("结束时间", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="创建人", null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "评分轮次"
        verbose_name_plural = "评分轮次"
        ordering = ["evaluation", "id"]

    def __str__(self):
        return f"{self.evaluation.meeting}：现场评分"

    @property
    def scope(self) -> str:
        from anonymity.writes import held_scope

        return held_scope(f"evaluation-round:{self.pk}")


class RoundSubject(models.Model):
    """Who is scored in this round: the branch's members when the round opened, in order."""

    round = models.ForeignKey(ScoringRound, verbose_name="评分轮次", on_delete=models.CASCADE, related_name="subjects")
    person = models.ForeignKey(Person, verbose_name="被评议党员", on_delete=models.PROTECT, related_name="+")
    order = models.PositiveIntegerField("顺序")

    class Meta:
        verbose_name = "被评议党员"
        verbose_name_plural = "被评议党员"
        ordering = ["round", "order"]
        constraints = [models.UniqueConstraint(fields=["round", "person"], name="unique_round_subject")]


class Participation(models.Model):
    """This member has scored in this round (so nobody scores twice). Nothing of what
    they scored, and no time: only that they did."""

    round = models.ForeignKey(ScoringRound, verbose_name="评分轮次", on_delete=models.CASCADE,
                              related_name="participations")
    person = models.ForeignKey(Person, verbose_name="已评分党员", on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = "已评分记录"
        verbose_name_plural = "已评分记录"
        constraints = [models.UniqueConstraint(fields=["round", "person"], name="unique_round_participation")]


class BallotCode(models.Model):
    """A one-time ballot code, printed for the round and handed out at random in the room.

    Only a keyed digest of the code is stored (anonymity.keys): the codes themselves are
    shown once, to be printed. No person is ever attached to a code.
    """

    round = models.ForeignKey(ScoringRound, verbose_name="评分轮次", on_delete=models.CASCADE, related_name="codes")
    digest = models.CharField("评分码摘要", max_length=64, unique=True)
    used = models.BooleanField("已使用", default=False)

    class Meta:
        verbose_name = "评分码"
        verbose_name_plural = "评分码"


class Ballot(models.Model):
    """One voter's scores for one member on the five items: an anonymous row.

    A random key, the round, the member scored and the points; no voter, no date, no time.
    A voter's ballots for the different members are written as separate rows, shuffled
    among everyone's, so they cannot be put back together into one voter's sheet either.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    round = models.ForeignKey(ScoringRound, verbose_name="评分轮次", on_delete=models.CASCADE, related_name="ballots")
    subject = models.ForeignKey(Person, verbose_name="被评议党员", on_delete=models.CASCADE, related_name="+")
    score_1 = models.PositiveSmallIntegerField("第一项得分")
    score_2 = models.PositiveSmallIntegerField("第二项得分")
    score_3 = models.PositiveSmallIntegerField("第三项得分")
    score_4 = models.PositiveSmallIntegerField("第四项得分")
    score_5 = models.PositiveSmallIntegerField("第五项得分")

    class Meta:
        verbose_name = "评分票"
        verbose_name_plural = "评分票"

    @property
    def scores(self) -> list[int]:
        return [self.score_1, self.score_2, self.score_3, self.score_4, self.score_5]


class CommitteeBallot(models.Model):
    """One voter's 基层党组织民主评议表: a rating of the branch committee on each aspect."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    round = models.ForeignKey(ScoringRound, verbose_name="评分轮次", on_delete=models.CASCADE,
                              related_name="committee_ballots")
    rating_1 = models.PositiveSmallIntegerField("第一项", choices=CommitteeRating.choices)
    rating_2 = models.PositiveSmallIntegerField("第二项", choices=CommitteeRating.choices)
    rating_3 = models.PositiveSmallIntegerField("第三项", choices=CommitteeRating.choices)
    rating_4 = models.PositiveSmallIntegerField("第四项", choices=CommitteeRating.choices)
    rating_5 = models.PositiveSmallIntegerField("第五项", choices=CommitteeRating.choices)

    class Meta:
        verbose_name = "基层党组织民主评议票"
        verbose_name_plural = "基层党组织民主评议票"

    @property
    def ratings(self) -> list[int]:
        return [self.rating_1, self.rating_2, self.rating_3, self.rating_4, self.rating_5]


# --- the verdict (方案3 §四(三)(四)) ----------------------------------------------------


class Grade(models.TextChoices):
    EXCELLENT = "excellent", "优秀"
    QUALIFIED = "qualified", "合格"
    BASIC = "basic", "基本合格"
    UNQUALIFIED = "unqualified", "不合格"

    @classmethod
    def needs_reason(cls) -> set[str]:
        return {cls.BASIC, cls.UNQUALIFIED}

    @classmethod
    def needs_upper_approval(cls) -> set[str]:
        """对确定为优秀党员和不合格党员的，要报上级党委审批."""
        return {cls.EXCELLENT, cls.UNQUALIFIED}


class VerdictState(models.TextChoices):
    PROPOSED = "proposed", "支委会初步意见"
    FIXED = "fixed", "支部已确定"
    UPPER_REVIEW = "upper_review", "报上级审批"
    APPROVED = "approved", "上级已审批"


class Handling(models.TextChoices):
    """方案3 §四(四): 对于不合格的党员，应区分性质，进行严肃的批评教育并做出妥善处理."""

    CRITICISM = "criticism", "批评教育"
    CORRECT_IN_TIME = "correct", "限期改正"
    PERSUADE_TO_LEAVE = "persuade", "劝其退党"
    REMOVE = "remove", "除名"


class Verdict(models.Model):
    """The committee's grade for one member: proposed, shown to all members, fixed, and for
    优秀 and 不合格 approved by the upper committee; then the recognition or the handling."""

    registration = models.OneToOneField(
        Registration, verbose_name="登记表", on_delete=models.CASCADE, related_name="verdict"
    )
    grade = models.CharField("评定等次", max_length=20, choices=Grade.choices)
    reason = models.TextField("理由", blank=True)
    state = models.CharField("状态", max_length=20, choices=VerdictState.choices, default=VerdictState.PROPOSED)
    upper_note = models.TextField("上级审批意见", blank=True)
    follow_up = models.TextField("表扬或处理情况", blank=True)
    handling = models.CharField("处理方式", max_length=20, choices=Handling.choices, blank=True)
    followed_up_at = models.DateTimeField("表扬或处理记录时间", null=True, blank=True)
    version = models.PositiveIntegerField("版本", default=1)

    class Meta:
        verbose_name = "评定等次"
        verbose_name_plural = "评定等次"


class VerdictEvent(models.Model):
    verdict = models.ForeignKey(Verdict, verbose_name="评定等次", on_delete=models.CASCADE, related_name="events")
    action = models.CharField("操作", max_length=40)
    grade = models.CharField("等次", max_length=20, choices=Grade.choices)
    from_state = models.CharField("原状态", max_length=20, choices=VerdictState.choices, blank=True)
    to_state = models.CharField("新状态", max_length=20, choices=VerdictState.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="操作人", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField("说明", blank=True)
    at = models.DateTimeField("时间", default=timezone.now)

    class Meta:
        verbose_name = "评定记录"
        verbose_name_plural = "评定记录"
        ordering = ["verdict", "at", "id"]


class GradeComment(models.Model):
    """A member's view on the proposed grades (征求全体党员意见), read by the committee."""

    evaluation = models.ForeignKey(Evaluation, verbose_name="民主评议", on_delete=models.CASCADE,
                                   related_name="grade_comments")
    author = models.ForeignKey(Person, verbose_name="党员", on_delete=models.CASCADE, related_name="+")
    text = models.TextField("意见")
    at = models.DateTimeField("时间", default=timezone.now)

    class Meta:
        verbose_name = "对初步评定意见的意见"
        verbose_name_plural = "对初步评定意见的意见"
        ordering = ["evaluation", "at", "id"]
