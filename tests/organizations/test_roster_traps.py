"""Roster import traps: what a real file holds that a person would not see."""

import io

import pytest
from django.contrib.auth import authenticate, get_user_model
from openpyxl import Workbook

from organizations.models import Person
from organizations.roster import COLUMNS, roster_apply, roster_parse

from ..factories import PersonFactory, UserFactory
from .test_roster import HEADERS, import_url, upload, xlsx

LABELS = [h.rstrip("*") for h in HEADERS]


def sheet(rows: list[dict], *, merge: list[str] = (), formulas: dict[str, str] | None = None) -> bytes:
    """A workbook built as Excel would save it: merged ranges and formula cells included."""
    wb = Workbook()
    ws = wb.active
    ws.title = "名册"
    ws.append(HEADERS)
    for row in rows:
        ws.append([row.get(label) for label in LABELS])
    for ref, formula in (formulas or {}).items():
        ws[ref] = formula
    for ref in merge:
        ws.merge_cells(ref)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def column(label: str) -> str:
    return "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[LABELS.index(label)]


def imported(data: bytes, org):
    result = roster_parse(data, organization=org)
    assert result.ok, result.errors
    roster_apply(organization=org, rows=result.rows, actor=None)
    return result


def test_a_full_width_user_name_is_the_account_the_login_finds(cast, settings):
    settings.AUTHENTICATION_BACKENDS = ["django.contrib.auth.backends.ModelBackend"]
    imported(xlsx([{"姓名": "郑一", "用户名": "ｚｈｅｎｇｙｉ", "手机": "１３８００１３８０００"}]), cast.gov)

    person = Person.objects.get(name="郑一")
    assert person.user.username == "zhengyi"
    assert person.phone == "13800138000"
    person.user.set_password("Pass-word-2026")
    person.user.save()
    # The login form normalises what is typed the same way (NFKC): both spellings log in.
    from django.contrib.auth.forms import AuthenticationForm

    form = AuthenticationForm(data={"username": "ｚｈｅｎｇｙｉ", "password": "Pass-word-2026"})
    assert form.fields["username"].clean("ｚｈｅｎｇｙｉ") == "zhengyi"
    assert authenticate(username="zhengyi", password="Pass-word-2026") == person.user


def test_a_full_width_user_name_updates_the_existing_account_instead_of_adding_one(cast):
    users = get_user_model().objects.count()
    imported(xlsx([{"姓名": "李委员", "用户名": "ｍｅｍｂｅｒ", "职务": "副主任"}]), cast.gov)

    assert get_user_model().objects.count() == users
    assert Person.objects.get(user__username="member").title == "副主任"


def test_free_text_is_kept_as_written(cast):
    imported(xlsx([{"姓名": "郑一", "用户名": "zhengyi", "职务": "ＩＴ主管"}]), cast.gov)

    assert Person.objects.get(name="郑一").title == "ＩＴ主管"


def test_a_department_merged_over_three_rows_belongs_to_all_three(cast):
    rows = [
        {"姓名": "甲一", "用户名": "jiayi", "部门": "财务科"},
        {"姓名": "乙二", "用户名": "yier"},
        {"姓名": "丙三", "用户名": "bingsan"},
    ]
    letter = column("部门")
    imported(sheet(rows, merge=[f"{letter}2:{letter}4"]), cast.gov)

    departments = dict(Person.objects.filter(organization=cast.gov).values_list("name", "department__name"))
    assert [departments[n] for n in ("甲一", "乙二", "丙三")] == ["财务科"] * 3


@pytest.mark.parametrize("hidden", ["\u200b", "\ufeff", "\u200d", "\t", "\u202e"])
def test_invisible_characters_are_taken_out_of_names_and_named_in_the_preview(cast, hidden):
    rows = [{"姓名": f"郑{hidden}一", "用户名": "zhengyi", "部门": f"办{hidden}公室"}]

    result = imported(xlsx(rows), cast.gov)

    person = Person.objects.get(user__username="zhengyi")
    assert (person.name, person.department.name) == ("郑一", "办公室")
    code = f"U+{ord(hidden):04X}"
    assert [(w.row, w.column) for w in result.warnings] == [(2, "姓名"), (2, "部门")]
    assert all(code in w.reason for w in result.warnings)


def test_a_formula_in_a_cell_is_reported_as_a_formula(cast):
    rows = [{"用户名": "zhengyi", "部门": "办公室"}, {"姓名": "乙二", "用户名": "yier"}]
    name, department = column("姓名"), column("部门")

    result = roster_parse(
        sheet(rows, formulas={f"{name}2": '="郑"&"一"', f"{department}3": f"={department}2"}),
        organization=cast.gov,
    )

    assert [(e.row, e.column, e.reason[:12]) for e in result.errors] == [
        (2, "姓名", "单元格是公式，请填写文字"),
        (3, "部门", "单元格是公式，请填写文字"),
    ]


def test_two_people_of_one_name_get_a_warning_in_the_preview(cast, login):
    PersonFactory(user=UserFactory(username="zhangsan1"), name="张三", organization=cast.gov)
    rows = [
        {"姓名": "张三", "用户名": "zhangsan2"},
        {"姓名": "王五", "用户名": "wangwu"},
        {"姓名": "王五", "用户名": "wangwu2"},
    ]

    result = roster_parse(xlsx(rows), organization=cast.gov)
    assert result.ok
    assert [(w.row, w.column) for w in result.warnings] == [(2, "姓名"), (3, "姓名"), (4, "姓名")]
    assert "本单位已有人员（用户名 zhangsan1）" in result.warnings[0].reason
    assert "第4行（wangwu2）" in result.warnings[1].reason

    page = login(cast.office).post(import_url(cast.gov), {"file": upload(xlsx(rows))}).content.decode()
    assert "确认导入" in page
    assert "“张三”与本单位已有人员（用户名 zhangsan1）同名" in page


def test_a_person_who_keeps_their_name_is_not_their_own_namesake(cast):
    result = roster_parse(xlsx([{"姓名": "李委员", "用户名": "member"}]), organization=cast.gov)

    assert result.ok and result.warnings == []


def test_every_column_is_read_through_the_same_checks():
    # The traps above are per column kind; a new column must say which kind it is.
    from organizations.roster.parse import CLEANERS, IDENTIFIER_KEYS, NAME_KEYS

    assert set(CLEANERS) == {c.key for c in COLUMNS}
    assert not IDENTIFIER_KEYS & NAME_KEYS
