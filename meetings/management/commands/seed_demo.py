"""Build a believable demo county (names made up): `manage.py seed_demo`.

Running it again changes nothing; `--reset` is not offered on purpose — delete
var/db.sqlite3 for a fresh start.
"""

from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from meetings.access import meeting_access
from django.db.models import F

from meetings.models import AspectTemplate, MeetingKind, Milestone, PlanStep, WorkPlan
from meetings.plan_review import plan_decide
from meetings.plans import plan_sync_milestones
from meetings.builders import build_phase_demos
from meetings.services import meeting_create, milestones_schedule
from meetings.workflow import meeting_transition
from organizations.models import (
    Department,
    Organization,
    OrganizationKind,
    StaffKind,
    SupervisorBody,
    TeamPosition,
)
from organizations.groups import supervision_group_create
from organizations.services import person_create, staff_assign, team_member_add

DEMO_PASSWORD = "Demo@2026!"
COUNTY = "中共青山县委员会"

ACCOUNTS = [
    # (username, who, role)
    ("office", "黄晓燕", "县政府办党组 办公室（党务工作者）"),
    ("secretary", "张建国", "县政府办党组 书记"),
    ("member", "李明", "县政府办党组 成员（副主任）"),
    ("supervisor", "赵立新", "县委组织部 上级督导"),
    ("jiwei", "孙纪平", "县纪委 上级督导"),
    ("dudao", "林国栋", "县委第一督导组 组长（只督导县政府办党组、县交通运输局党总支）"),
    ("branch_office", "马丽", "县交通运输局党总支 办公室"),
    ("branch_member", "郑伟", "县交通运输局机关第一党支部 党员"),
    ("outsider", "陈晓东", "县教育局党组 成员（另一组织）"),
]

GOV_DEPARTMENTS = [
    ("秘书一科", "section"),
    ("秘书二科", "section"),
    ("综合科", "section"),
    ("督查室", "office"),
    ("信息科", "section"),
    ("法制科", "section"),
    ("政务服务中心", "center"),
    ("机关事务中心", "center"),
]

# (name, username or None, position, rank, title, overseen departments)
GOV_TEAM = [
    ("张建国", "secretary", TeamPosition.SECRETARY, 1, "县政府办主任", ["综合科"]),
    ("李明", "member", TeamPosition.MEMBER, 2, "县政府办副主任", ["秘书一科", "督查室"]),
    ("王海涛", "wanghaitao", TeamPosition.MEMBER, 3, "县政府办副主任", ["秘书二科"]),
    ("刘芳", "liufang", TeamPosition.MEMBER, 4, "县政府办副主任", ["信息科", "法制科"]),
    ("陈志强", "chenzhiqiang", TeamPosition.MEMBER, 5, "县政府办副主任", ["政务服务中心"]),
    ("周文华", "zhouwenhua", TeamPosition.MEMBER, 6, "机关事务中心主任", ["机关事务中心"]),
    ("吴静", "wujing", TeamPosition.SECONDED, 7, "县政府办副主任（挂职）", []),
]

GOV_DEPARTMENT_HEADS = [
    ("秘书一科", "何俊"),
    ("秘书二科", "林晓"),
    ("综合科", "郭宏"),
    ("督查室", "罗刚"),
    ("信息科", "梁燕"),
    ("法制科", "宋涛"),
    ("政务服务中心", "唐敏"),
    ("机关事务中心", "韩磊"),
]


class Command(BaseCommand):
    help = "建立演示数据：一个县的组织、人员、会议（名称均为虚构）。重复运行不会重复建立。"

    def handle(self, *args, **options):
        if Organization.objects.filter(name=COUNTY).exists():
            self.stdout.write("演示数据已存在，未做改动。")
        else:
            # The demo's own stage moves would otherwise e-mail every demo account.
            with override_settings(
                EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"
            ), transaction.atomic():
                self._build()
            self.stdout.write(self.style.SUCCESS("演示数据已建立。"))
        self._print_accounts()

    def _print_accounts(self):
        self.stdout.write("")
        self.stdout.write(f"演示账号（密码均为 {DEMO_PASSWORD}）：")
        for username, name, role in ACCOUNTS:
            self.stdout.write(f"  {username:<15} {name:<6} {role}")
        self.stdout.write("")

    # --- building ----------------------------------------------------------------------

    def _person(self, name, org, username=None, **extra):
        return person_create(
            name=name,
            organization=org,
            username=username,
            password=DEMO_PASSWORD if username else None,
            **extra,
        )

    def _build(self):
        county = Organization.objects.create(
            name=COUNTY, short_name="青山县委", kind=OrganizationKind.COMMITTEE
        )
        supervisor = self._person("赵立新", county, "supervisor", title="县委组织部副部长")
        staff_assign(
            person=supervisor, organization=county, kind=StaffKind.SUPERVISOR,
            body=SupervisorBody.ORGANIZATION_DEPARTMENT,
        )
        jiwei = self._person("孙纪平", county, "jiwei", title="县纪委监委党风政风监督室主任")
        staff_assign(person=jiwei, organization=county, kind=StaffKind.SUPERVISOR, body=SupervisorBody.DISCIPLINE)

        gov = self._build_gov(county)
        transport = self._build_transport(county)
        edu = self._build_edu(county)
        self._build_group(county, gov, transport)
        context = self._build_meetings(gov, transport, edu)
        build_phase_demos(context)

    def _build_gov(self, county):
        """The county government office party group of seed 004: seven members."""
        gov = Organization.objects.create(
            name="中共青山县人民政府办公室党组",
            short_name="县政府办党组",
            kind=OrganizationKind.PARTY_GROUP,
            parent=county,
            order=1,
        )
        branches = [
            Organization.objects.create(
                name=f"中共青山县人民政府办公室机关第{n}支部委员会",
                short_name=f"县政府办第{n}支部",
                kind=OrganizationKind.BRANCH,
                parent=gov,
                order=i,
            )
            for i, n in enumerate(("一", "二"), start=1)
        ]
        departments = {
            name: Department.objects.create(organization=gov, name=name, kind=kind, order=i)
            for i, (name, kind) in enumerate(GOV_DEPARTMENTS, start=1)
        }
        office = self._person(
            "黄晓燕", gov, "office", department=departments["综合科"], title="综合科科员",
            branch=branches[0],
        )
        staff_assign(person=office, organization=gov, kind=StaffKind.OFFICE, unit="综合科")
        for index, (name, username, position, rank, title, oversees) in enumerate(GOV_TEAM):
            person = self._person(
                name, gov, username, title=title, branch=branches[index % 2],
                email=f"{username}@qingshan.example" if username else "",
            )
            team_member_add(
                person=person,
                organization=gov,
                position=position,
                rank=rank,
                oversees=[departments[d] for d in oversees],
            )
        for index, (dept_name, head_name) in enumerate(GOV_DEPARTMENT_HEADS):
            head = self._person(
                head_name, gov, department=departments[dept_name], title=f"{dept_name}负责人",
                branch=branches[index % 2],
            )
            Department.objects.filter(pk=departments[dept_name].pk).update(head=head)
        for n, name in enumerate(["彭丽", "曾强", "董雪", "袁斌"]):
            self._person(name, gov, title="科员", branch=branches[n % 2])
        return gov

    def _build_transport(self, county):
        """A 局党总支 with branches, as in seed 002."""
        general = Organization.objects.create(
            name="中共青山县交通运输局总支部委员会",
            short_name="县交通运输局党总支",
            kind=OrganizationKind.GENERAL_BRANCH,
            parent=county,
            order=2,
        )
        first, second = (
            Organization.objects.create(
                name=f"中共青山县交通运输局机关第{n}支部委员会",
                short_name=f"交通局第{n}支部",
                kind=OrganizationKind.BRANCH,
                parent=general,
                order=i,
            )
            for i, n in enumerate(("一", "二"), start=1)
        )
        office = self._person("马丽", general, "branch_office", title="党总支组织委员", branch=first)
        staff_assign(person=office, organization=general, kind=StaffKind.OFFICE)
        staff_assign(person=office, organization=first, kind=StaffKind.OFFICE)
        committee = [
            ("高志远", "gaozhiyuan", TeamPosition.SECRETARY, "党总支书记"),
            ("许文", "xuwen", TeamPosition.DEPUTY_SECRETARY, "党总支副书记"),
            ("马丽", None, TeamPosition.MEMBER, "党总支组织委员"),
        ]
        for rank, (name, username, position, title) in enumerate(committee, start=1):
            person = office if username is None else self._person(
                name, general, username, title=title, branch=first
            )
            team_member_add(person=person, organization=general, position=position, rank=rank)
        branch_secretary = self._person("郑伟", general, "branch_member", title="第一支部书记", branch=first)
        team_member_add(person=branch_secretary, organization=first, position=TeamPosition.SECRETARY, rank=1)
        for n, name in enumerate(["冯涛", "蒋红", "沈杰", "韦玲", "杜鹏", "潘悦"]):
            self._person(name, general, title="干部", branch=first if n < 3 else second)
        return general

    def _build_group(self, county, gov, transport):
        """A 督导组 the county sends to two organisations (002 #1 §四): its members see
        those two, not the 教育局 beside them nor the branches below the 党总支."""
        leader = self._person("林国栋", county, "dudao", title="县委第一督导组组长")
        member = self._person("许红梅", county, title="县委第一督导组成员")
        supervision_group_create(
            sent_by=county, name="县委第一督导组", members=[leader, member], organizations=[gov, transport]
        )

    def _build_edu(self, county):
        edu = Organization.objects.create(
            name="中共青山县教育局党组",
            short_name="县教育局党组",
            kind=OrganizationKind.PARTY_GROUP,
            parent=county,
            order=3,
        )
        office = self._person("姚敏", edu, "edu_office", title="办公室主任")
        staff_assign(person=office, organization=edu, kind=StaffKind.OFFICE)
        for rank, (name, username, position) in enumerate(
            [("钱永平", "qianyongping", TeamPosition.SECRETARY), ("陈晓东", "outsider", TeamPosition.MEMBER)],
            start=1,
        ):
            person = self._person(name, edu, username, title="局领导")
            team_member_add(person=person, organization=edu, position=position, rank=rank)
        return edu

    # --- meetings ----------------------------------------------------------------------

    def _actor(self, username):
        return get_user_model().objects.get(username=username)

    def _move(self, meeting, username, *names, note="", on_date=None, on_paper=False):
        user = self._actor(username)
        for name in names:
            meeting_transition(
                meeting=meeting,
                name=name,
                actor=user,
                access=meeting_access(user, meeting),
                note=note if name in ("return_plan", "halt", "postpone") else "",
                on_date=on_date,
                check_readiness=not on_paper,
            )

    def _decide(self, meeting, username, approve=True, note=""):
        """One upper body's decision on the plan (the 纪委 and the 组织部 each decide)."""
        user = self._actor(username)
        plan_decide(meeting=meeting, access=meeting_access(user, meeting), actor=user, approve=approve, comment=note)

    def _schedule(self, meeting, start: date):
        offsets = {"plan": 0, "study": 20, "opinions": 25, "talks": 30, "materials": 35, "meeting": 40, "rectification": 160}
        milestones_schedule(
            meeting=meeting, dates={k: start + timedelta(days=d) for k, d in offsets.items()}
        )

    def _build_meetings(self, gov, transport, edu):
        five = AspectTemplate.objects.get(name__contains="五个带头", organization=None)
        branch_four = AspectTemplate.objects.get(name__contains="四个方面", organization=None)
        seven = AspectTemplate.objects.get(name__contains="七个方面", organization=None)
        office = self._actor("office")
        today = timezone.localdate()
        theme = (
            "深入学习贯彻习近平新时代中国特色社会主义思想，加强政治建设，提高政治能力，"
            "坚守人民情怀，勇于担当作为。"
        )

        current = meeting_create(
            organization=gov, kind=MeetingKind.DEMOCRATIC_LIFE, year=today.year, is_special=True,
            title=f"县政府办党组{today.year}年度专题民主生活会", theme=theme, template=five,
            created_by=office,
        )
        self._schedule(current, today - timedelta(days=12))
        meeting_day = today - timedelta(days=12) + timedelta(days=40)
        WorkPlan.objects.filter(meeting=current).update(
            starts_at=timezone.make_aware(datetime.combine(meeting_day, time(9, 0))),
            place="县政府办三楼会议室",
        )
        plan_sync_milestones(plan=WorkPlan.objects.get(meeting=current))
        self._move(current, "office", "submit_plan")
        self._decide(current, "jiwei", note="同意。")
        self._decide(current, "supervisor", approve=False, note="请补充征求意见的范围，明确到会指导领导。")
        # The office revises what the supervisor asked for; the diff shows it.
        WorkPlan.objects.filter(meeting=current).update(guiding_leaders="县委第二督导组", version=F("version") + 1)
        PlanStep.objects.filter(plan__meeting=current, milestone="opinions").update(
            text="采取召开座谈会、发放征求意见表、个别访谈等方式，广泛听取党员、干部、群众、服务对象和“两代表一委员”"
            "的意见建议，并原汁原味向领导班子和党员领导干部本人反馈。"
        )
        self._move(current, "office", "submit_plan")
        self._decide(current, "supervisor", note="同意。")
        self._decide(current, "jiwei", note="同意，请按方案抓好落实。")

        last_year = meeting_create(
            organization=gov, kind=MeetingKind.DEMOCRATIC_LIFE, year=today.year - 1,
            title=f"县政府办党组{today.year - 1}年度民主生活会", theme=theme, template=five,
            created_by=office,
        )
        self._schedule(last_year, date(today.year - 1, 12, 1))
        self._move(last_year, "office", "submit_plan")
        self._decide(last_year, "jiwei")
        self._decide(last_year, "supervisor")
        Milestone.objects.filter(meeting=last_year, kind__in=["study", "opinions", "talks", "materials"]).update(
            done_at=timezone.now(), done_by=office
        )
        # Last year's phases were done on paper, before the system: no readiness checks.
        self._move(last_year, "office", "request_convening", on_paper=True)
        self._move(last_year, "supervisor", "approve_convening", on_paper=True)
        self._move(last_year, "office", "record_held", on_date=date(today.year - 1, 12, 28), on_paper=True)
        self._move(last_year, "office", "start_rectification")
        Milestone.objects.filter(meeting=last_year, kind="report").update(
            done_at=timezone.now() - timedelta(days=300), done_by=office
        )
        Milestone.objects.filter(meeting=last_year, kind="rectification").update(
            due_date=today + timedelta(days=40)
        )

        transport_meeting = meeting_create(
            organization=transport, kind=MeetingKind.ORGANIZATION_LIFE, year=today.year, is_special=True,
            title=f"县交通运输局党总支{today.year}年度“深化以案促改，净化政治生态”专题组织生活会",
            theme="深化以案促改，净化政治生态", template=seven, created_by=self._actor("branch_office"),
        )
        self._schedule(transport_meeting, today + timedelta(days=2))

        branch = Organization.objects.get(short_name="交通局第一支部")
        branch_meeting = meeting_create(
            organization=branch, kind=MeetingKind.ORGANIZATION_LIFE, year=today.year,
            title=f"交通局机关第一党支部{today.year}年度组织生活会",
            theme="学党史、悟思想、办实事、开新局", template=branch_four,
            created_by=self._actor("branch_office"),
        )
        self._schedule(branch_meeting, today - timedelta(days=1))
        self._move(branch_meeting, "branch_office", "submit_plan")

        edu_meeting = meeting_create(
            organization=edu, kind=MeetingKind.DEMOCRATIC_LIFE, year=today.year,
            title=f"县教育局党组{today.year}年度民主生活会", theme=theme, template=five,
            created_by=self._actor("edu_office"),
        )
        self._schedule(edu_meeting, today - timedelta(days=3))
        self._move(edu_meeting, "edu_office", "submit_plan")
        # Half-way through joint approval: the 纪委 agreed, the 组织部 has yet to decide.
        self._decide(edu_meeting, "jiwei", note="同意。")

        # Named objects for the phases' demo builders (meetings.builders.register_demo).
        return {
            "today": today,
            "county": gov.parent,
            "gov": gov,
            "transport": transport,
            "transport_branch": branch,
            "edu": edu,
            "gov_meeting": current,  # 会前准备: the phases' work happens here
            "gov_last_year": last_year,  # 整改落实
            "transport_meeting": transport_meeting,  # 筹备
            "branch_meeting": branch_meeting,  # 方案报审
            "edu_meeting": edu_meeting,  # 方案报审
            "users": {u.username: u for u in get_user_model().objects.all()},
        }
