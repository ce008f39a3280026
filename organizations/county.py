"""The organisations and people of the measuring county (`manage.py seed_county`).

Everything is written with bulk_create and nothing goes through the per-object services,
so the rows those services would have made alongside (guardian's object permissions,
Person.name_key) are computed here, by the same rules: `expected_org_perms` decides the
permissions, `name_sort_key` the sort key. One password hash is computed once and given
to every account: hashing 9,000 passwords with Argon2 would take longer than the rest.

Deterministic: the one source of chance is `County.rng` (random.Random(seed)); dates are
relative to `County.today` (timezone.localdate() when the command runs).
"""

import random
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from guardian.models import UserObjectPermission

from .models import (
    Department,
    DepartmentKind,
    Organization,
    OrganizationKind,
    Person,
    StaffKind,
    StaffRole,
    SupervisionGroup,
    SupervisorBody,
    TeamMembership,
    TeamPosition,
)
from .ordering import name_sort_key

COUNTY_PASSWORD = "County@2026!"
COUNTY_NAME = "白云县"  # not seed_demo's 青山县: --force may add a county beside the demo
BATCH = 2000

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍鹏辉建国文红梅志林波宇浩凯健俊帆帅旭宁琳晨雪婷颖倩慧佳欣怡晓燕海峰亮斌松涵鑫博昊"
UNITS = [
    "县人民政府办公室", "县发展和改革局", "县教育局", "县科学技术局", "县工业和信息化局", "县公安局",
    "县民政局", "县司法局", "县财政局", "县人力资源和社会保障局", "县自然资源局", "县生态环境局",
    "县住房和城乡建设局", "县交通运输局", "县水利局", "县农业农村局", "县商务局", "县文化和旅游局",
    "县卫生健康委员会", "县退役军人事务局", "县应急管理局", "县审计局", "县市场监督管理局", "县统计局",
    "县医疗保障局", "县林业局", "县城市管理局", "县乡村振兴局", "县信访局", "县数据局",
]
TOWNS = "东城西城南关北关河口石桥龙泉清水白沙青石柳林桃源新安永和长乐太平安定兴隆"
DEPARTMENTS = [("办公室", DepartmentKind.OFFICE), ("综合科", DepartmentKind.SECTION),
               ("政策法规科", DepartmentKind.SECTION), ("财务科", DepartmentKind.SECTION),
               ("业务一科", DepartmentKind.SECTION), ("业务二科", DepartmentKind.SECTION),
               ("服务中心", DepartmentKind.CENTER)]
CN = "一二三四五六七八九十"
PLACES = ["镇", "街道", "乡", "工业园区", "社区"]

# (username, role printed in the summary); each is taken by the first body that has it.
ROLE_ACCOUNTS = [
    ("county_supervisor", "县委组织部 上级督导（督导全县组织）"),
    ("county_jiwei", "县纪委 上级督导"),
    ("county_office_1", "第一个党组的办公室"),
    ("county_secretary_1", "第一个党组的书记"),
    ("county_member_1", "第一个党组的班子成员"),
    ("county_branch_office_1", "第一个党总支的办公室"),
    ("county_branch_member_1", "第一个党总支的班子成员（委员）"),
    ("county_group_1", "县委第一督导组组长（只督导所派驻的约10个组织）"),
]

# 督导组 the county committee sends: how many organisations each one is assigned (disjoint),
# and how many of the county's cadres sit in it beside its leader.
GROUP_ORGS = 10
GROUPS_AT_MOST = 4


def cn_number(n: int) -> str:
    if n <= 10:
        return CN[n - 1]
    if n < 20:
        return "十" + CN[n - 11]
    tens, ones = divmod(n, 10)
    return CN[tens - 1] + "十" + (CN[ones - 1] if ones else "")


@dataclass
class County:
    """What seed_county builds, handed to every phase's builder (meetings.builders.register_county)."""

    seed: int
    orgs: int
    today: date
    rng: random.Random = None
    password_hash: str = ""
    counts: Counter = field(default_factory=Counter)
    organizations: list = field(default_factory=list)  # in tree order, the county first
    people: dict = field(default_factory=lambda: defaultdict(list))  # org id → [Person] working there
    team: dict = field(default_factory=lambda: defaultdict(list))  # org id → [Person] in rank order
    branch_members: dict = field(default_factory=lambda: defaultdict(list))  # branch id → [Person]
    office: dict = field(default_factory=dict)  # org id → the office Person
    accounts: dict = field(default_factory=dict)  # username → role text
    meetings: list = field(default_factory=list)
    supervisors: dict = field(default_factory=dict)  # SupervisorBody → the county's supervisor

    def __post_init__(self):
        self.rng = self.rng or random.Random(self.seed)

    def bulk(self, model, rows, **kwargs):
        """bulk_create in batches, counted for the summary; returns the rows (with pks)."""
        rows = list(rows)
        model.objects.bulk_create(rows, batch_size=BATCH, **kwargs)
        self.counts[model._meta.label] += len(rows)
        return rows

    def name(self) -> str:
        rng = self.rng
        given = rng.choice(GIVEN) + (rng.choice(GIVEN) if rng.random() < 0.7 else "")
        return rng.choice(SURNAMES) + given

    def meetings_in(self, *stages) -> list:
        return [m for m in self.meetings if m.stage in stages]


def _tree(county: County) -> list[tuple[str, str, str, int | None]]:
    """(name, short name, kind, parent index) for every organisation, the county first.

    About one body in ten under the county committee is a 党组/党委/党工委; each has
    党支部 directly and, when large enough, a 党总支 with branches of its own.
    """
    rng, total = county.rng, county.orgs
    rows = [(f"中共{COUNTY_NAME}委员会", f"{COUNTY_NAME}委", OrganizationKind.COMMITTEE, None)]
    tops = max(1, round((total - 1) / 10))
    remaining = total - 1 - tops
    top_kinds = [OrganizationKind.PARTY_GROUP, OrganizationKind.COMMITTEE, OrganizationKind.WORKING_COMMITTEE]
    for t in range(tops):
        if t < len(UNITS):
            unit = UNITS[t]
        else:  # then the townships: 16 names, each with a 镇, a 街道, a 乡...
            k = t - len(UNITS)
            pair = TOWNS[(k % 16) * 2:(k % 16) * 2 + 2]
            unit = pair + (PLACES[k // 16] if k // 16 < len(PLACES) else f"第{k // 16}片区")
        kind = top_kinds[0] if t < len(UNITS) else (top_kinds[1] if t % 3 else top_kinds[2])
        suffix = {OrganizationKind.PARTY_GROUP: "党组", OrganizationKind.COMMITTEE: "委员会",
                  OrganizationKind.WORKING_COMMITTEE: "工作委员会"}[kind]
        top_index = len(rows)
        rows.append((f"中共{COUNTY_NAME}{unit}{suffix}", f"{unit.removeprefix('县')}{'党组' if kind == top_kinds[0] else '党委'}", kind, 0))
        share = remaining // (tops - t)
        remaining -= share
        if share >= 3:
            general_index = len(rows)
            rows.append((f"中共{COUNTY_NAME}{unit}机关总支部委员会", f"{unit.removeprefix('县')}党总支",
                         OrganizationKind.GENERAL_BRANCH, top_index))
            under_general = max(1, (share - 1) // 2 + rng.randint(0, 1))
            under_general = min(under_general, share - 1)
            for b in range(1, share):
                parent = general_index if b <= under_general else top_index
                rows.append((f"中共{COUNTY_NAME}{unit}第{cn_number(b)}支部委员会", f"{unit.removeprefix('县')}第{cn_number(b)}支部",
                             OrganizationKind.BRANCH, parent))
        else:
            for b in range(1, share + 1):
                rows.append((f"中共{COUNTY_NAME}{unit}第{cn_number(b)}支部委员会", f"{unit.removeprefix('县')}第{cn_number(b)}支部",
                             OrganizationKind.BRANCH, top_index))
    return rows


TEAM_SIZE = {OrganizationKind.COMMITTEE: 7, OrganizationKind.PARTY_GROUP: 7, OrganizationKind.WORKING_COMMITTEE: 6,
             OrganizationKind.GENERAL_BRANCH: 5, OrganizationKind.BRANCH: 3}
STAFF_SIZE = {OrganizationKind.COMMITTEE: 24, OrganizationKind.PARTY_GROUP: 24, OrganizationKind.WORKING_COMMITTEE: 20,
              OrganizationKind.GENERAL_BRANCH: 6, OrganizationKind.BRANCH: 13}


def build_organizations(county: County) -> None:
    county.password_hash = make_password(COUNTY_PASSWORD)
    orgs = []
    for order, (name, short, kind, parent) in enumerate(_tree(county)):
        org = Organization(name=name, short_name=short, kind=kind, order=order,
                           parent=orgs[parent] if parent is not None else None)
        # One level at a time would need the parent's pk first; save() per row keeps the
        # tree simple and costs 500 inserts (a second), not the 500,000 rows below.
        org.save()
        orgs.append(org)
    county.counts[Organization._meta.label] += len(orgs)
    county.organizations = orgs
    _build_people(county)
    _build_permissions(county)
    _build_groups(county)


def _unit_branches(org, orgs_by_parent) -> list:
    """The branches where the people of a unit hold their party membership."""
    found, frontier = [], [org]
    while frontier:
        nxt = []
        for o in frontier:
            for child in orgs_by_parent.get(o.pk, []):
                if child.kind == OrganizationKind.BRANCH:
                    found.append(child)
                nxt.append(child)
        frontier = nxt
    return found


def _build_people(county: County) -> None:
    rng = county.rng
    User = get_user_model()
    orgs_by_parent = defaultdict(list)
    for org in county.organizations:
        if org.parent_id:
            orgs_by_parent[org.parent_id].append(org)
    departments = []
    for org in county.organizations:
        if org.kind in (OrganizationKind.PARTY_GROUP, OrganizationKind.COMMITTEE, OrganizationKind.WORKING_COMMITTEE) and org.parent_id:
            departments += [Department(organization=org, name=n, kind=k, order=i)
                            for i, (n, k) in enumerate(DEPARTMENTS[: rng.randint(4, len(DEPARTMENTS))], start=1)]
    county.bulk(Department, departments)
    depts_of = defaultdict(list)
    for d in departments:
        depts_of[d.organization_id].append(d)

    # (person, username or None, seat position or None, rank, staff kind or None, body)
    plan, usernames = [], Counter()

    def username(prefix: str) -> str:
        usernames[prefix] += 1
        return f"{prefix}_{usernames[prefix]}"

    root = county.organizations[0]
    for prefix, body, title in (("county_supervisor", SupervisorBody.ORGANIZATION_DEPARTMENT, "县委组织部副部长"),
                                ("county_jiwei", SupervisorBody.DISCIPLINE, "县纪委监委室主任")):
        person = Person(name=county.name(), organization=root, title=title, branch=None)
        plan.append((person, prefix, None, 0, StaffKind.SUPERVISOR, body))
    for org in county.organizations:
        level = "county_committee" if org.pk == root.pk else "county" if org.parent_id == root.pk else "county_branch"
        branches = [org] if org.kind == OrganizationKind.BRANCH else _unit_branches(org, orgs_by_parent)
        branch_of = (lambda i, branches=branches: branches[i % len(branches)] if branches else None)
        role_prefix, seat_prefix, member_prefix = f"{level}_office", f"{level}_secretary", f"{level}_member"
        office = Person(name=county.name(), organization=org, title="党务工作者", branch=branch_of(0),
                        department=(depts_of[org.pk] or [None])[0])
        plan.append((office, username(role_prefix), None, 0, StaffKind.OFFICE, ""))
        for rank in range(1, TEAM_SIZE[org.kind] + 1):
            position = (TeamPosition.SECRETARY if rank == 1 else TeamPosition.DEPUTY_SECRETARY if rank == 2
                        else TeamPosition.SECONDED if rank == 7 else TeamPosition.MEMBER)
            person = Person(name=county.name(), organization=org, title="班子成员", branch=branch_of(rank),
                            email=f"p{org.pk}_{rank}@county.example")
            prefix = seat_prefix if rank == 1 else member_prefix
            plan.append((person, username(prefix), position, rank, None, ""))
        for n in range(STAFF_SIZE[org.kind] + rng.randint(-2, 2)):
            dept = depts_of[org.pk][n % len(depts_of[org.pk])] if depts_of[org.pk] else None
            person = Person(name=county.name(), organization=org, title="干部", department=dept,
                            branch=branch_of(n), is_party_member=rng.random() < 0.85)
            plan.append((person, username("county_person"), None, 0, None, ""))

    users = [User(username=u, first_name=p.name, email=p.email, password=county.password_hash)
             for p, u, *_ in plan if u]
    county.bulk(User, users)
    user_of = {u.username: u for u in users}
    people = []
    for person, uname, *_ in plan:
        person.user = user_of.get(uname)
        person.name_key = name_sort_key(person.name)  # what Person.save would have set
        people.append(person)
    county.bulk(Person, people)

    seats, roles, oversees = [], [], []
    Oversees = TeamMembership.oversees.through
    for person, uname, position, rank, staff_kind, body in plan:
        county.people[person.organization_id].append(person)
        if person.branch_id and person.is_party_member:
            county.branch_members[person.branch_id].append(person)
        if position:
            seats.append(TeamMembership(organization_id=person.organization_id, person=person, position=position, rank=rank))
            county.team[person.organization_id].append(person)
        if staff_kind:
            roles.append(StaffRole(organization_id=person.organization_id, person=person, kind=staff_kind, body=body))
            if staff_kind == StaffKind.OFFICE:
                county.office.setdefault(person.organization_id, person)
            else:
                county.supervisors[body] = person
    county.bulk(TeamMembership, seats)
    county.bulk(StaffRole, roles)
    for seat in seats:
        depts = depts_of.get(seat.organization_id, [])
        if depts and seat.position != TeamPosition.SECONDED:
            oversees.append(Oversees(teammembership_id=seat.pk, department_id=depts[seat.rank % len(depts)].pk))
    county.bulk(Oversees, oversees)
    heads = []
    for org_id, depts in depts_of.items():
        staff = [p for p in county.people[org_id] if p.title == "干部"]
        for i, d in enumerate(depts):
            if staff:
                d.head = staff[i % len(staff)]
                heads.append(d)
    Department.objects.bulk_update(heads, ["head"], batch_size=BATCH)
    _name_role_accounts(county)


def _build_groups(county: County) -> None:
    """A few 督导组 of the county committee (002 #1 §四), 2–3 members each, every one
    assigned to about ten organisations of its own; the leader of each gets a login
    (county_group_N) that sees exactly those. Its own random source, so that the rows
    every later builder draws stay what they were before the groups came."""
    rng = random.Random(f"groups-{county.seed}")
    root = county.organizations[0]
    below = county.organizations[1:]
    count = max(1, min(GROUPS_AT_MOST, len(below) // (GROUP_ORGS * 10)))
    targets = rng.sample(below, min(len(below), count * GROUP_ORGS))
    cadres = [p for p in county.people[root.pk] if p.title == "干部"]
    names = [f"县委第{cn_number(n)}督导组" for n in range(1, count + 1)]
    leaders = [Person(name=rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN), organization=root,
                      title=f"{name}组长") for name in names]
    users = [get_user_model()(username=f"county_group_{n}", first_name=p.name, password=county.password_hash)
             for n, p in enumerate(leaders, start=1)]
    county.bulk(get_user_model(), users)
    for person, user in zip(leaders, users):
        person.user = user
        person.name_key = name_sort_key(person.name)
    county.bulk(Person, leaders)
    groups = county.bulk(SupervisionGroup, [SupervisionGroup(sent_by=root, name=name) for name in names])
    Members, Assigned = SupervisionGroup.members.through, SupervisionGroup.organizations.through
    members, assigned = [], []
    for n, (group, leader) in enumerate(zip(groups, leaders)):
        others = rng.sample(cadres, min(len(cadres), rng.randint(1, 2)))
        members += [Members(supervisiongroup_id=group.pk, person_id=p.pk) for p in [leader, *others]]
        assigned += [Assigned(supervisiongroup_id=group.pk, organization_id=o.pk)
                     for o in targets[n * GROUP_ORGS:(n + 1) * GROUP_ORGS]]
    county.bulk(Members, members)
    county.bulk(Assigned, assigned)
    county.accounts.update({k: v for k, v in ROLE_ACCOUNTS if k == "county_group_1"})


def _name_role_accounts(county: County) -> None:
    """The accounts of each role printed in the summary (those this size of county has)."""
    wanted = dict(ROLE_ACCOUNTS)
    known = set(get_user_model().objects.filter(username__in=list(wanted)).values_list("username", flat=True))
    county.accounts = {k: v for k, v in wanted.items() if k in known}


def _build_permissions(county: County) -> None:
    """The rows person_permissions_sync would write, by its own rule (expected_org_perms)."""
    org_type = ContentType.objects.get_for_model(Organization)
    perms = dict(Permission.objects.filter(content_type=org_type).values_list("codename", "id"))
    seat_orgs, role_orgs = defaultdict(list), defaultdict(list)
    for org_id, members in county.team.items():
        for p in members:
            seat_orgs[p.pk].append(org_id)
    for role in StaffRole.objects.values("person_id", "organization_id", "kind"):
        codename = "manage_organization" if role["kind"] == StaffKind.OFFICE else "supervise_organization"
        role_orgs[role["person_id"]].append((codename, role["organization_id"]))
    rows = []
    for people in county.people.values():
        for p in people:
            if not p.user_id:
                continue
            wanted = set(role_orgs[p.pk]) | {("take_part", o) for o in seat_orgs[p.pk]}
            if p.branch_id and p.is_party_member:
                wanted.add(("take_part", p.branch_id))
            rows += [UserObjectPermission(user_id=p.user_id, permission_id=perms[c], content_type=org_type, object_pk=str(o))
                     for c, o in sorted(wanted)]
    county.bulk(UserObjectPermission, rows)
