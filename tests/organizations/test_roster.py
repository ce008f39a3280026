"""Roster import from Excel: the template, the checks, the write, and the two-step page."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from guardian.models import UserObjectPermission
from openpyxl import Workbook, load_workbook

from organizations.models import (
    Department,
    OrganizationKind,
    Person,
    StaffKind,
    StaffRole,
    TeamMembership,
    TeamPosition,
)
from organizations.roster import (
    COLUMNS,
    MAX_ROWS,
    roster_apply,
    roster_parse,
    roster_plan,
    roster_template,
)
from organizations.services import staff_assign

from ..factories import DepartmentFactory, OrganizationFactory

HEADERS = [c.header for c in COLUMNS]


def xlsx(rows: list[dict], headers: list[str] = HEADERS) -> bytes:
    """A workbook in memory; each row is {column label: value}."""
    wb = Workbook()
    ws = wb.active
    ws.title = "名册"
    ws.append(headers)
    labels = [h.rstrip("*") for h in headers]
    for row in rows:
        ws.append([row.get(label) for label in labels])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def upload(data: bytes, name: str = "名册.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


@pytest.fixture
def branch(cast):
    return OrganizationFactory(
        name="县政府办机关党支部", kind=OrganizationKind.BRANCH, parent=cast.gov
    )


@pytest.fixture
def good_rows(branch):
    return [
        {
            "姓名": "张书记",
            "用户名": "secretary",
            "班子职务": "书记",
            "班子排序": 1,
            "职务": "主任",
        },
        {
            "姓名": "刘委员",
            "用户名": "liuweiyuan",
            "部门": "办公室",
            "职务": "副主任",
            "班子职务": "委员",
            "班子排序": 3,
            "分管部门": "办公室、财务科，信访科",
            "所在支部": branch.name,
            "手机": 13800138000,
            "邮箱": "liu@example.org",
        },
        {
            "姓名": "周科长",
            "用户名": "zhoukezhang",
            "部门": "财务科",
            "职务": "科长",
            "部门负责人": "是",
            "所在支部": branch.name,
        },
        {
            "姓名": "吴干事",
            "用户名": "wuganshi",
            "部门": "办公室",
            "办公室人员": "是",
            "是否党员": "否",
        },
    ]


def apply(rows, org):
    result = roster_parse(xlsx(rows), organization=org)
    assert result.ok, result.errors
    return roster_apply(organization=org, rows=result.rows, actor=None)


# --- The template -------------------------------------------------------------------------


def test_the_template_parses_cleanly_with_its_example_row(cast):
    result = roster_parse(roster_template(), organization=cast.gov)

    assert result.ok, result.errors
    assert [r.name for r in result.rows] == ["张三"]
    assert set(result.new_departments) == {"办公室", "财务科"}


def test_the_template_explains_every_column(cast):
    wb = load_workbook(io.BytesIO(roster_template()))

    assert wb.sheetnames == ["名册", "说明"]
    explained = [row[0] for row in wb["说明"].iter_rows(min_row=2, values_only=True)]
    assert all(c.label in explained for c in COLUMNS)


# --- A good file --------------------------------------------------------------------------


def test_a_good_file_creates_people_with_their_seats_and_branch(cast, branch, good_rows):
    before = Person.objects.count()

    outcome = apply(good_rows, cast.gov)

    assert Person.objects.count() == before + 3
    assert sorted(outcome.new_accounts) == ["liuweiyuan", "wuganshi", "zhoukezhang"]
    assert len(outcome.updated) == 1  # 张书记 gained a title
    liu = Person.objects.get(user__username="liuweiyuan")
    assert liu.branch == branch and liu.phone == "13800138000" and liu.email == "liu@example.org"
    assert not liu.user.has_usable_password()
    seat = TeamMembership.objects.get(person=liu, organization=cast.gov)
    assert (seat.position, seat.rank) == (TeamPosition.MEMBER, 3)
    assert sorted(d.name for d in seat.oversees.all()) == ["信访科", "办公室", "财务科"]


def test_a_good_file_creates_departments_and_sets_their_heads(cast, good_rows):
    outcome = apply(good_rows, cast.gov)

    assert outcome.new_departments == ["办公室", "财务科", "信访科"]
    finance = Department.objects.get(organization=cast.gov, name="财务科")
    assert finance.head.name == "周科长"
    assert Person.objects.get(user__username="zhoukezhang").department == finance


def test_a_good_file_grants_the_permissions_the_roles_call_for(cast, branch, good_rows):
    apply(good_rows, cast.gov)
    User = get_user_model()

    liu = User.objects.get(username="liuweiyuan")
    assert liu.has_perm("organizations.take_part", cast.gov)
    assert liu.has_perm("organizations.take_part", branch)
    assert not liu.has_perm("organizations.manage_organization", cast.gov)
    wu = User.objects.get(username="wuganshi")
    assert wu.has_perm("organizations.manage_organization", cast.gov)
    assert StaffRole.objects.filter(
        person__user=wu, organization=cast.gov, kind=StaffKind.OFFICE
    ).exists()
    assert not wu.has_perm("organizations.take_part", cast.gov)


def test_a_row_is_the_truth_for_an_existing_person(cast):
    apply([{"姓名": "李委员", "用户名": "member", "职务": "副局长"}], cast.gov)

    member = Person.objects.get(user=cast.member)
    assert member.title == "副局长"
    assert not TeamMembership.objects.filter(person=member).exists()
    assert (
        not get_user_model()
        .objects.get(pk=cast.member.pk)
        .has_perm("organizations.take_part", cast.gov)
    )


def test_the_office_keeps_its_access_when_its_row_leaves_it_out(cast):
    office = Person.objects.get(user=cast.office)
    staff_assign(person=office, organization=cast.edu, kind=StaffKind.OFFICE)

    apply([{"姓名": "王办公", "用户名": "office", "班子职务": "委员", "班子排序": 5}], cast.gov)

    user = get_user_model().objects.get(pk=cast.office.pk)
    assert user.has_perm("organizations.manage_organization", cast.gov)
    assert user.has_perm("organizations.manage_organization", cast.edu)  # roles elsewhere stay
    assert user.has_perm("organizations.take_part", cast.gov)


def test_moving_the_head_of_a_department_clears_the_old_one(cast):
    apply([{"姓名": "周科长", "用户名": "zhou", "部门": "财务科", "部门负责人": "是"}], cast.gov)

    apply([{"姓名": "周科长", "用户名": "zhou", "部门": "信访科", "部门负责人": "是"}], cast.gov)

    heads = dict(Department.objects.filter(organization=cast.gov).values_list("name", "head__name"))
    assert heads == {"财务科": None, "信访科": "周科长"}


def test_changing_the_branch_moves_the_permission_with_it(cast, branch):
    other = OrganizationFactory(
        name="县政府办第二党支部", kind=OrganizationKind.BRANCH, parent=cast.gov
    )
    apply([{"姓名": "甲", "用户名": "jia", "所在支部": branch.name}], cast.gov)

    apply([{"姓名": "甲", "用户名": "jia", "所在支部": other.name}], cast.gov)

    user = get_user_model().objects.get(username="jia")
    assert user.has_perm("organizations.take_part", other)
    assert not user.has_perm("organizations.take_part", branch)


def test_a_new_secretary_can_replace_the_old_one_in_the_same_file(cast):
    apply(
        [
            {"姓名": "张书记", "用户名": "secretary", "班子职务": "委员", "班子排序": 2},
            {"姓名": "李委员", "用户名": "member", "班子职务": "书记", "班子排序": 1},
        ],
        cast.gov,
    )

    seats = TeamMembership.objects.filter(organization=cast.gov).order_by("rank")
    assert [(s.person.name, s.position) for s in seats] == [
        ("李委员", TeamPosition.SECRETARY),
        ("张书记", TeamPosition.MEMBER),
    ]


def test_importing_the_same_file_twice_changes_nothing_the_second_time(cast, good_rows):
    apply(good_rows, cast.gov)
    snapshot = _roster_state(cast.gov)

    outcome = apply(good_rows, cast.gov)

    assert (outcome.created, outcome.updated, outcome.unchanged) == ([], [], len(good_rows))
    assert outcome.new_departments == []
    assert _roster_state(cast.gov) == snapshot


def _roster_state(org):
    return (
        list(Person.objects.order_by("pk").values()),
        list(
            TeamMembership.objects.order_by("pk").values("person", "position", "rank", "oversees")
        ),
        list(Department.objects.order_by("pk").values()),
        list(StaffRole.objects.order_by("pk").values()),
        sorted(UserObjectPermission.objects.values_list("user", "permission", "object_pk")),
    )


def test_the_preview_says_what_would_change(cast):
    result = roster_parse(
        xlsx(
            [
                {"姓名": "李委员", "用户名": "member", "班子职务": "委员", "班子排序": 4},
                {"姓名": "新同志", "用户名": "xintongzhi"},
            ]
        ),
        organization=cast.gov,
    )

    update, create = roster_plan(organization=cast.gov, rows=result.rows)
    assert update.action == "update"
    assert [(c.label, c.before, c.after) for c in update.changes] == [("班子排序", "2", "4")]
    assert create.action == "create" and create.person is None


def test_a_new_head_is_shown_replacing_the_old_one(cast):
    office_dept = DepartmentFactory(
        organization=cast.gov, name="办公室", head=Person.objects.get(user=cast.office)
    )
    result = roster_parse(
        xlsx(
            [
                {
                    "姓名": "新主任",
                    "用户名": "xinzhuren",
                    "部门": office_dept.name,
                    "部门负责人": "是",
                }
            ]
        ),
        organization=cast.gov,
    )

    (plan,) = roster_plan(organization=cast.gov, rows=result.rows)
    assert "办公室（接替王办公）" in [c.after for c in plan.changes]


# --- Bad files ----------------------------------------------------------------------------


def _errors(data, org):
    return [(e.row, e.column, e.reason) for e in roster_parse(data, organization=org).errors]


def test_every_bad_row_is_reported_with_its_row_number_and_reason(cast):
    errors = _errors(
        xlsx(
            [
                {"姓名": "好同志", "用户名": "haotongzhi"},
                {"用户名": "noname"},
                {"姓名": "重复", "用户名": "HaoTongZhi"},
                {"姓名": "邻居", "用户名": "outsider"},
                {"姓名": "错职务", "用户名": "cuo1", "班子职务": "局长", "班子排序": 6},
                {"姓名": "错排序", "用户名": "cuo2", "班子职务": "委员", "班子排序": "第三"},
                {"姓名": "无排序", "用户名": "cuo3", "班子职务": "委员"},
                {"姓名": "错支部", "用户名": "cuo4", "所在支部": "不存在的支部"},
                {"姓名": "错电话", "用户名": "cuo5", "手机": "12345", "邮箱": "not-an-email"},
                {"姓名": "只分管", "用户名": "cuo6", "分管部门": "办公室"},
                {"姓名": "空格名", "用户名": "有 空格"},
            ]
        ),
        cast.gov,
    )

    assert [(row, column) for row, column, _ in errors] == [
        (3, "姓名"),
        (4, "用户名"),
        (5, "用户名"),
        (6, "班子职务"),
        (7, "班子排序"),
        (8, "班子排序"),
        (9, "所在支部"),
        (10, "手机"),
        (10, "邮箱"),
        (11, "分管部门"),
        (12, "用户名"),
    ]
    reasons = {(row, column): reason for row, column, reason in errors}
    assert reasons[(3, "姓名")] == "必填。"
    assert "第2行" in reasons[(4, "用户名")]
    assert "其他单位" in reasons[(5, "用户名")]
    assert "书记、副书记、委员、挂职" in reasons[(6, "班子职务")]


def test_a_bad_file_saves_nothing(cast, login):
    counts = (Person.objects.count(), Department.objects.count(), TeamMembership.objects.count())
    data = xlsx(
        [
            {
                "姓名": "好同志",
                "用户名": "haotongzhi",
                "部门": "新部门",
                "班子职务": "委员",
                "班子排序": 9,
            },
            {"姓名": "坏同志", "用户名": "huaitongzhi", "邮箱": "bad"},
        ]
    )

    response = login(cast.office).post(
        f"/organizations/{cast.gov.pk}/roster/import/", {"file": upload(data)}
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "第 3 行" in page and "不是有效的邮箱地址" in page and "未导入任何数据" in page
    assert (
        Person.objects.count(),
        Department.objects.count(),
        TeamMembership.objects.count(),
    ) == counts


def test_a_second_secretary_is_refused(cast):
    errors = _errors(
        xlsx([{"姓名": "新书记", "用户名": "xinshuji", "班子职务": "书记", "班子排序": 1}]),
        cast.gov,
    )

    assert [(row, column) for row, column, _ in errors] == [(2, "班子职务")]
    assert "张书记" in errors[0][2]


def test_duplicate_ranks_and_two_heads_of_one_department_are_refused(cast):
    errors = _errors(
        xlsx(
            [
                {
                    "姓名": "甲",
                    "用户名": "jia",
                    "班子职务": "副书记",
                    "班子排序": 2,
                    "部门": "办公室",
                    "部门负责人": "是",
                },
                {
                    "姓名": "乙",
                    "用户名": "yi",
                    "班子职务": "委员",
                    "班子排序": 2,
                    "部门": "办公室",
                    "部门负责人": "是",
                },
            ]
        ),
        cast.gov,
    )

    assert [(row, column) for row, column, _ in errors] == [(3, "班子排序"), (3, "部门负责人")]


def test_a_branch_outside_the_organisation_is_refused(cast):
    foreign = OrganizationFactory(
        name="县教育局机关党支部", kind=OrganizationKind.BRANCH, parent=cast.edu
    )

    errors = _errors(xlsx([{"姓名": "甲", "用户名": "jia", "所在支部": foreign.name}]), cast.gov)

    assert [(row, column) for row, column, _ in errors] == [(2, "所在支部")]


def test_a_username_of_an_account_without_a_person_is_refused(cast):
    get_user_model().objects.create_user("admin2")

    errors = _errors(xlsx([{"姓名": "甲", "用户名": "admin2"}]), cast.gov)

    assert errors == [(2, "用户名", "该用户名已被系统中的其他账号使用。")]


@pytest.mark.parametrize(
    "data",
    [b"", b"not a spreadsheet at all", b"PK\x03\x04broken zip", "姓名,用户名\n张三,zs".encode()],
)
def test_a_file_that_is_not_xlsx_gets_a_clear_message(cast, data):
    errors = _errors(data, cast.gov)

    assert len(errors) == 1 and errors[0][0] is None
    assert ".xlsx" in errors[0][2]


def test_missing_and_unknown_columns_are_reported(cast):
    headers = [h for h in HEADERS if h not in ("班子排序", "手机")] + ["备注"]

    errors = _errors(xlsx([{"姓名": "甲", "用户名": "jia"}], headers=headers), cast.gov)

    assert any("无法识别的列“备注”" in reason for _, _, reason in errors)
    assert any("缺少列：班子排序、手机" in reason for _, _, reason in errors)


def test_a_file_with_only_headers_is_reported_as_empty(cast):
    assert _errors(xlsx([]), cast.gov) == [
        (None, "", "文件中没有人员数据：请从第2行起每行填写一人。")
    ]


def test_a_file_with_nothing_at_all_is_reported_as_empty(cast):
    buffer = io.BytesIO()
    Workbook().save(buffer)

    assert "文件为空" in _errors(buffer.getvalue(), cast.gov)[0][2]


def test_more_than_the_limit_of_rows_is_refused(cast):
    rows = [{"姓名": f"同志{i}", "用户名": f"u{i}"} for i in range(MAX_ROWS + 1)]

    errors = _errors(xlsx(rows), cast.gov)

    assert len(errors) == 1 and str(MAX_ROWS) in errors[0][2]


def test_cells_typed_as_numbers_and_blank_rows_are_read_sensibly(cast):
    result = roster_parse(
        xlsx(
            [
                {
                    "姓名": "甲",
                    "用户名": 10086,
                    "手机": 13912345678.0,
                    "班子职务": "挂职",
                    "班子排序": 7.0,
                },
                {},
                {"姓名": "乙", "用户名": "yi", "手机": "0871-6543210"},
            ]
        ),
        organization=cast.gov,
    )

    assert result.ok, result.errors
    first, second = result.rows
    assert (first.username, first.phone, first.rank) == ("10086", "13912345678", 7)
    assert second.line == 4 and second.phone == "0871-6543210"


# --- The pages ----------------------------------------------------------------------------

TEMPLATE_URL = "/organizations/roster/template.xlsx"


def import_url(org):
    return f"/organizations/{org.pk}/roster/import/"


def test_the_template_download_requires_login(client):
    response = client.get(TEMPLATE_URL)

    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_the_template_download_is_for_office_staff(cast, login):
    assert login(cast.member).get(TEMPLATE_URL).status_code == 403


def test_the_office_downloads_the_template(cast, login):
    response = login(cast.office).get(TEMPLATE_URL)

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    assert (
        "%E5%90%8D%E5%86%8C%E5%AF%BC%E5%85%A5%E6%A8%A1%E6%9D%BF.xlsx"
        in response["Content-Disposition"]
    )
    assert roster_parse(response.content, organization=cast.gov).ok


def test_the_import_page_requires_login(cast, client):
    response = client.get(import_url(cast.gov))

    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_the_import_page_is_hidden_from_outsiders(cast, login):
    assert login(cast.outsider).get(import_url(cast.gov)).status_code == 404


@pytest.mark.parametrize("role", ["member", "secretary", "supervisor"])
def test_the_import_page_is_forbidden_to_anyone_but_the_office(cast, login, role):
    assert login(getattr(cast, role)).get(import_url(cast.gov)).status_code == 403


def test_the_office_sees_the_upload_form(cast, login):
    response = login(cast.office).get(import_url(cast.gov))

    assert response.status_code == 200
    assert 'type="file"' in response.content.decode()


def test_uploading_garbage_shows_a_message_not_an_error_page(cast, login):
    response = login(cast.office).post(import_url(cast.gov), {"file": upload(b"\x00\x01garbage")})

    assert response.status_code == 200
    assert "无法读取该文件" in response.content.decode()


def test_uploading_another_file_type_is_refused_by_the_form(cast, login):
    response = login(cast.office).post(
        import_url(cast.gov), {"file": upload(b"a,b", name="名册.csv")}
    )

    assert response.status_code == 200
    assert "只支持 .xlsx 文件" in response.content.decode()


def test_upload_preview_and_confirm_import_the_roster(cast, login, good_rows):
    client = login(cast.office)
    before = Person.objects.count()

    preview = client.post(import_url(cast.gov), {"file": upload(xlsx(good_rows))})

    page = preview.content.decode()
    assert preview.status_code == 200
    assert "确认导入" in page and "将新建部门：办公室、财务科、信访科" in page
    assert Person.objects.count() == before
    token = preview.context["confirm"]["token"].value()

    done = client.post(import_url(cast.gov), {"token": token}, follow=True)

    assert done.redirect_chain == [(f"/organizations/{cast.gov.pk}/", 302)]
    assert "新建 3 人，更新 1 人" in done.content.decode()
    assert Person.objects.count() == before + 3
    assert "roster_import" not in client.session


def test_confirming_twice_or_with_a_wrong_token_saves_nothing(cast, login, good_rows):
    client = login(cast.office)
    client.post(import_url(cast.gov), {"file": upload(xlsx(good_rows))})
    before = Person.objects.count()

    client.post(import_url(cast.gov), {"token": "伪造"})
    response = client.post(import_url(cast.gov), {"token": "forged"}, follow=True)

    assert "已过期" in response.content.decode()
    assert Person.objects.count() == before


def test_a_pending_import_cannot_be_confirmed_for_another_organisation(cast, login, good_rows):
    other = OrganizationFactory(name="县政府办机关党委", parent=cast.gov)
    staff_assign(
        person=Person.objects.get(user=cast.office), organization=other, kind=StaffKind.OFFICE
    )
    client = login(cast.office)
    token = (
        client.post(import_url(cast.gov), {"file": upload(xlsx(good_rows))})
        .context["confirm"]["token"]
        .value()
    )
    before = Person.objects.count()

    client.post(import_url(other), {"token": token})

    assert Person.objects.count() == before


def test_a_second_upload_of_the_same_file_shows_nothing_to_change(cast, login, good_rows):
    client = login(cast.office)
    data = xlsx(good_rows)
    token = (
        client.post(import_url(cast.gov), {"file": upload(data)})
        .context["confirm"]["token"]
        .value()
    )
    client.post(import_url(cast.gov), {"token": token})

    response = client.post(import_url(cast.gov), {"file": upload(data)})

    page = response.content.decode()
    assert "没有需要导入的变化" in page
    assert "确认导入</button>" not in page


@pytest.mark.parametrize("size", [1, 10])
def test_the_preview_query_count_does_not_grow_with_the_rows(
    cast, login, size, django_assert_max_num_queries
):
    client = login(cast.office)
    rows = [{"姓名": f"同志{i}", "用户名": f"u{i}", "部门": "办公室"} for i in range(size)]
    data = xlsx(rows)

    with django_assert_max_num_queries(24):
        response = client.post(import_url(cast.gov), {"file": upload(data)})

    assert response.status_code == 200 and "确认导入" in response.content.decode()
