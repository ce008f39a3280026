"""Roster import from Excel: the template, the check of every row, and the write.

Nothing touches the database until the whole file is clean: `roster_parse` reads and
checks, `roster_plan` says what would change, `roster_apply` writes it in one transaction.

A row is the truth for the person it names (matched by username within this organisation):
a blank 班子职务 takes the person off the team, a blank 手机 clears the phone. People missing
from the file are left alone. Office access is only ever granted here, never withdrawn, so
an office cannot lock itself out by importing a file that leaves its own row out.
"""

import io
import logging
import re
import warnings
import zipfile
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Prefetch
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from .models import (
    Department,
    Organization,
    OrganizationKind,
    Person,
    StaffKind,
    StaffRole,
    TeamMembership,
    TeamPosition,
)
from .selectors import descendant_ids
from .services import person_create, person_permissions_sync, staff_assign, team_member_add

logger = logging.getLogger(__name__)

MAX_ROWS = 2000
# A .xlsx is a zip: 5 MB on the wire can hide gigabytes of XML. Real rosters are far smaller.
MAX_UNZIPPED_BYTES = 50 * 1024 * 1024
MAX_SCANNED_ROWS = 20 * MAX_ROWS
SHEET_TITLE = "名册"
TEMPLATE_FILENAME = "名册导入模板.xlsx"
YES, NO = "是", "否"


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    required: bool
    help: str
    example: str | int
    width: int = 12

    @property
    def header(self) -> str:
        return f"{self.label}*" if self.required else self.label


COLUMNS = (
    Column("name", "姓名", True, "人员姓名。", "张三", 10),
    Column(
        "username", "用户名", True,
        "登录账号：字母、数字、汉字或 @ . + - _。本单位内按用户名识别同一人，再次导入即更新其信息。"
        "新账号没有密码，导入后由办公室重置密码。",
        "zhangsan", 14,
    ),
    Column("department", "部门", False, "所在部门名称；系统中还没有的部门导入时自动新建。", "办公室"),
    Column("title", "职务", False, "行政职务，如“主任”“副局长”。", "主任"),
    Column(
        "position", "班子职务", False,
        "留空，或 书记、副书记、委员、挂职 之一。留空表示不是本组织班子成员（已在班子中的将移出班子）。",
        "委员",
    ),
    Column("rank", "班子排序", False, "正整数，数字越小排序越靠前；填写了班子职务时必填，且不能重复。", 3, 10),
    Column(
        "oversees", "分管部门", False,
        "班子成员分管的部门，多个用“、”或逗号分隔；只有填写了班子职务的人员可以填写。",
        "办公室、财务科", 18,
    ),
    Column("is_head", "部门负责人", False, "是/否：是否为所在部门的主要负责人，默认为否。每个部门只能有一名。", YES, 10),
    Column(
        "branch", "所在支部", False,
        "组织关系所在党支部或党总支的全称，须与系统中的名称完全一致，且为本组织或其下级组织；可留空。",
        "", 24,
    ),
    Column("is_party_member", "是否党员", False, "是/否，默认为是。非党员不填写所在支部。", YES, 10),
    Column("phone", "手机", False, "11 位手机号，或带区号的固定电话（如 0871-1234567）。", "13800000000", 14),
    Column("email", "邮箱", False, "电子邮箱，可留空。", "zhangsan@example.org", 22),
    Column(
        "is_office", "办公室人员", False,
        "是/否：填“是”授予本组织办公室（党务工作者）权限，默认为否。导入不会撤销已有的办公室权限。",
        NO, 10,
    ),
)
COLUMN_BY_KEY = {c.key: c for c in COLUMNS}
POSITIONS = {label: value for value, label in TeamPosition.choices}
YES_WORDS = {"是", "y", "yes", "true", "1", "√"}
NO_WORDS = {"否", "n", "no", "false", "0", "×"}
LIST_SEPARATORS = re.compile(r"[、,，;；\n]+")
MOBILE = re.compile(r"^1[3-9]\d{9}$")
LANDLINE = re.compile(r"^0\d{2,3}-?\d{7,8}(-\d{1,6})?$")


# --- The template -----------------------------------------------------------------------


def roster_template() -> bytes:
    """The workbook an office fills in: headers, one example row, drop-downs, an 说明 sheet."""
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET_TITLE
    ws.append([c.header for c in COLUMNS])
    ws.append([c.example for c in COLUMNS])
    ws.freeze_panes = "A2"
    for index, column in enumerate(COLUMNS, start=1):
        letter = get_column_letter(index)
        ws.column_dimensions[letter].width = column.width
        cell = ws.cell(row=1, column=index)
        cell.font = Font(bold=True, color="A8231C" if column.required else None)
        cell.fill = PatternFill("solid", fgColor="E8EEF4")
        cell.alignment = Alignment(vertical="center")
        if column.key in ("username", "phone"):
            # As text, so 工号 and phone numbers keep their leading zeros.
            ws.column_dimensions[letter].number_format = "@"
    _add_choice(ws, "position", ["书记", "副书记", "委员", "挂职"])
    for key in ("is_head", "is_party_member", "is_office"):
        _add_choice(ws, key, [YES, NO])

    notes = wb.create_sheet("说明")
    notes.append(["列名", "是否必填", "填写说明", "示例"])
    for cell in notes[1]:
        cell.font = Font(bold=True)
    for column in COLUMNS:
        notes.append([column.label, "必填" if column.required else "", column.help, column.example])
    notes.append([])
    for line in (
        "第一行为表头，请勿修改列名；从第二行起每行填写一人，导入前请删除示例行。",
        f"一次最多导入 {MAX_ROWS} 人。文件中任何一行有误时不会导入任何数据，系统会列出每一处问题。",
        "名册以用户名识别人员：文件中每一行即该人员的最新信息；文件中没有的人员保持不变。",
    ):
        notes.append([line])
    for letter, width in zip("ABCD", (12, 10, 80, 20)):
        notes.column_dimensions[letter].width = width
    for row in notes.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")

    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _add_choice(ws, key: str, choices: list[str]) -> None:
    letter = get_column_letter(list(COLUMN_BY_KEY).index(key) + 1)
    rule = DataValidation(type="list", formula1=f'"{",".join(choices)}"', allow_blank=True)
    rule.error = f"请填写：{'、'.join(choices)}"
    ws.add_data_validation(rule)
    rule.add(f"{letter}2:{letter}{MAX_ROWS + 1}")


# --- Reading and checking ---------------------------------------------------------------


@dataclass(frozen=True)
class RosterError:
    row: int | None  # the Excel row number; None for a problem with the whole file
    column: str
    reason: str


@dataclass
class RosterRow:
    line: int
    name: str
    username: str
    department: str = ""
    title: str = ""
    position: str = ""
    rank: int | None = None
    oversees: tuple[str, ...] = ()
    is_head: bool = False
    branch: Organization | None = None
    is_party_member: bool = True
    phone: str = ""
    email: str = ""
    is_office: bool = False
    branch_name: str = ""


@dataclass
class RosterResult:
    rows: list[RosterRow] = field(default_factory=list)
    errors: list[RosterError] = field(default_factory=list)
    new_departments: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


class _FileProblem(Exception):
    pass


def roster_parse(file, *, organization: Organization) -> RosterResult:
    """Read an uploaded roster (bytes or a file object) and check every row for this body."""
    data = file if isinstance(file, bytes) else file.read()
    try:
        table = _read_table(data)
    except _FileProblem as exc:
        return RosterResult(errors=[RosterError(None, "", str(exc))])
    header, lines = table
    errors = _check_header(header)
    if errors:
        return RosterResult(errors=errors)
    positions = {label: i for i, label in enumerate(header)}
    result = RosterResult()
    for line, values in lines:
        cells = {c.key: values[positions[c.label]] for c in COLUMNS}
        row = _row_from_cells(line, cells, result.errors)
        if row is not None:
            result.rows.append(row)
    if not result.rows and not result.errors:
        result.errors.append(RosterError(None, "", "文件中没有人员数据：请从第2行起每行填写一人。"))
    _check_across_rows(result.rows, result.errors)
    _check_against_database(organization, result.rows, result.errors)
    result.errors.sort(key=lambda e: (e.row or 0, _column_order(e.column)))
    if result.ok:
        result.new_departments = _new_department_names(organization, result.rows)
    return result


def _column_order(label: str) -> int:
    labels = [c.label for c in COLUMNS]
    return labels.index(label) if label in labels else -1


def _read_table(data: bytes):
    """(header labels, iterator of (Excel row number, values)) or _FileProblem."""
    unreadable = "无法读取该文件：请上传用 Excel 或 WPS 保存的 .xlsx 文件（不支持 .xls、.csv）。"
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if sum(info.file_size for info in archive.infolist()) > MAX_UNZIPPED_BYTES:
                raise _FileProblem("文件内容过大，请删除多余的工作表或格式后重新上传。")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about Excel features it skips
            wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            ws = wb[SHEET_TITLE] if SHEET_TITLE in wb.sheetnames else wb.worksheets[0]
            ws.reset_dimensions()  # some tools write a wrong size; read what is really there
            first = next(ws.iter_rows(min_row=1, max_row=1, values_only=True), ())
            header = [_normalise_header(v) for v in first]
            while header and not header[-1]:
                header.pop()
            width = max(len(header), 1)
            lines = []
            for line, values in enumerate(
                ws.iter_rows(min_row=2, max_col=width, values_only=True), start=2
            ):
                if line > MAX_SCANNED_ROWS:
                    raise _FileProblem("文件行数过多，请删除多余的空行后重新上传。")
                values = [_text(v) for v in values] + [""] * (width - len(values))
                if any(values):
                    lines.append((line, values))
                    if len(lines) > MAX_ROWS:
                        raise _FileProblem(f"一次最多导入 {MAX_ROWS} 人，请分批导入。")
            wb.close()
    except _FileProblem:
        raise
    except Exception as exc:  # noqa: BLE001 — any failure to read an upload means the same to the user
        logger.info("roster file unreadable: %r", exc)
        raise _FileProblem(unreadable) from exc
    if not any(header):
        raise _FileProblem("文件为空：第1行应为表头，请使用下载的模板填写。")
    return header, lines


def _normalise_header(value) -> str:
    return _text(value).rstrip("*＊").strip()


def _check_header(header: list[str]) -> list[RosterError]:
    errors = []
    known = [c.label for c in COLUMNS]
    seen = set()
    for label in header:
        if not label:
            continue
        if label not in known:
            errors.append(RosterError(1, label, f"无法识别的列“{label}”，请使用模板中的列名。"))
        elif label in seen:
            errors.append(RosterError(1, label, f"列“{label}”出现了不止一次。"))
        seen.add(label)
    missing = [label for label in known if label not in seen]
    if missing:
        errors.append(
            RosterError(1, "", f"缺少列：{'、'.join(missing)}。请使用下载的模板，不要删除或改名表头。")
        )
    return errors


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return YES if value else NO
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # Excel stores 13800000000 and 3 as floats
    return str(value).replace("\u3000", " ").strip()


def _row_from_cells(line: int, cells: dict[str, str], errors: list) -> RosterRow | None:
    cleaned, failed = {}, False
    for key, text in cells.items():
        try:
            cleaned[key] = CLEANERS[key](text)
        except ValueError as exc:
            errors.append(RosterError(line, COLUMN_BY_KEY[key].label, str(exc)))
            failed = True
    if failed:
        return None
    row = RosterRow(line=line, **{k: v for k, v in cleaned.items() if k != "branch"})
    row.branch_name = cleaned["branch"]
    for key, reason in _row_conflicts(row):
        errors.append(RosterError(line, COLUMN_BY_KEY[key].label, reason))
        failed = True
    return None if failed else row


def _row_conflicts(row: RosterRow):
    if row.position and row.rank is None:
        yield "rank", "填写了班子职务时，班子排序必填。"
    if row.rank is not None and not row.position:
        yield "rank", "未填写班子职务，不能填写班子排序。"
    if row.oversees and not row.position:
        yield "oversees", "只有班子成员（填写了班子职务）可以填写分管部门。"
    if row.is_head and not row.department:
        yield "is_head", "未填写部门，不能设为部门负责人。"
    if row.branch_name and not row.is_party_member:
        yield "branch", "非党员不填写组织关系所在支部。"


def _limited(text: str, model_field: str) -> str:
    limit = Person._meta.get_field(model_field).max_length
    if len(text) > limit:
        raise ValueError(f"不能超过 {limit} 个字。")
    return text


def _required(text: str) -> str:
    if not text:
        raise ValueError("必填。")
    return text


def _clean_username(text: str) -> str:
    _required(text)
    User = get_user_model()
    limit = User._meta.get_field(User.USERNAME_FIELD).max_length
    if len(text) > limit:
        raise ValueError(f"不能超过 {limit} 个字符。")
    try:
        User.username_validator(text)
    except ValidationError:
        raise ValueError("只能包含字母、数字、汉字和 @ . + - _，不能有空格。") from None
    return text


def _clean_department(text: str) -> str:
    limit = Department._meta.get_field("name").max_length
    if len(text) > limit:
        raise ValueError(f"部门名称不能超过 {limit} 个字。")
    return text


def _clean_position(text: str) -> str:
    if not text:
        return ""
    if text not in POSITIONS:
        raise ValueError(f"“{text}”不是有效的班子职务，应为 书记、副书记、委员、挂职 之一或留空。")
    return POSITIONS[text]


def _clean_rank(text: str) -> int | None:
    if not text:
        return None
    if not text.isdigit() or int(text) < 1:
        raise ValueError(f"“{text}”不是正整数。")
    return int(text)


def _clean_oversees(text: str) -> tuple[str, ...]:
    names = [n.strip() for n in LIST_SEPARATORS.split(text) if n.strip()]
    for name in names:
        _clean_department(name)
    return tuple(dict.fromkeys(names))


def _yes_no(default: bool):
    def clean(text: str) -> bool:
        if not text:
            return default
        word = text.lower()
        if word in YES_WORDS:
            return True
        if word in NO_WORDS:
            return False
        raise ValueError(f"“{text}”无法识别，请填写“是”或“否”。")

    return clean


def _clean_phone(text: str) -> str:
    phone = re.sub(r"[\s]", "", text)
    phone = re.sub(r"^(\+?86-?)(?=1\d{10}$)", "", phone)
    if phone and not (MOBILE.match(phone) or LANDLINE.match(phone)):
        raise ValueError(f"“{text}”不是有效的手机号或固定电话。")
    return _limited(phone, "phone")


def _clean_email(text: str) -> str:
    if text:
        try:
            validate_email(text)
        except ValidationError:
            raise ValueError(f"“{text}”不是有效的邮箱地址。") from None
    return _limited(text, "email")


CLEANERS = {
    "name": lambda t: _limited(_required(t), "name"),
    "username": _clean_username,
    "department": _clean_department,
    "title": lambda t: _limited(t, "title"),
    "position": _clean_position,
    "rank": _clean_rank,
    "oversees": _clean_oversees,
    "is_head": _yes_no(False),
    "branch": lambda t: t,
    "is_party_member": _yes_no(True),
    "phone": _clean_phone,
    "email": _clean_email,
    "is_office": _yes_no(False),
}


def _check_across_rows(rows: list[RosterRow], errors: list) -> None:
    usernames, ranks, heads, secretary = {}, {}, {}, None
    for row in rows:
        key = row.username.casefold()
        if key in usernames:
            errors.append(RosterError(row.line, "用户名", f"与第{usernames[key]}行的用户名重复。"))
        usernames.setdefault(key, row.line)
        if row.position:
            if row.rank in ranks:
                errors.append(RosterError(row.line, "班子排序", f"与第{ranks[row.rank]}行的班子排序相同。"))
            ranks.setdefault(row.rank, row.line)
        if row.position == TeamPosition.SECRETARY:
            if secretary:
                errors.append(RosterError(row.line, "班子职务", f"书记只能有一名，第{secretary}行已填写书记。"))
            secretary = secretary or row.line
        if row.is_head:
            if row.department in heads:
                errors.append(
                    RosterError(
                        row.line, "部门负责人",
                        f"部门“{row.department}”的负责人已在第{heads[row.department]}行填写，每个部门只能有一名。",
                    )
                )
            heads.setdefault(row.department, row.line)


def _check_against_database(org: Organization, rows: list[RosterRow], errors: list) -> None:
    usernames = [r.username for r in rows]
    taken = dict(
        get_user_model()
        .objects.filter(username__in=usernames)
        .values_list("username", "person__organization_id")
    )
    branch_names = {r.branch_name for r in rows if r.branch_name}
    # Only this body and those below it: placing people in a neighbour's branch would let
    # them into that branch's meetings.
    branches = {
        b.name: b
        for b in Organization.objects.filter(
            name__in=branch_names,
            kind__in=OrganizationKind.branch_kinds(),
            pk__in={org.pk} | descendant_ids([org.pk]),
        )
    }
    sitting_secretary = (
        TeamMembership.objects.filter(organization=org, position=TeamPosition.SECRETARY)
        .exclude(person__user__username__in=usernames)
        .select_related("person")
        .first()
    )
    for row in rows:
        if row.username in taken:
            owner = taken[row.username]
            if owner is None:
                errors.append(RosterError(row.line, "用户名", "该用户名已被系统中的其他账号使用。"))
            elif owner != org.pk:
                errors.append(RosterError(row.line, "用户名", "该用户名已被其他单位的人员使用。"))
        if row.branch_name:
            row.branch = branches.get(row.branch_name)
            if row.branch is None:
                errors.append(
                    RosterError(
                        row.line, "所在支部",
                        f"找不到名为“{row.branch_name}”的党支部或党总支（须为本组织或其下级组织的全称）。",
                    )
                )
        if row.position == TeamPosition.SECRETARY and sitting_secretary:
            errors.append(
                RosterError(
                    row.line, "班子职务",
                    f"本组织已有书记{sitting_secretary.person.name}，请在文件中一并填写其人员行并调整其班子职务。",
                )
            )


def _new_department_names(org: Organization, rows: list[RosterRow]) -> list[str]:
    existing = set(Department.objects.filter(organization=org).values_list("name", flat=True))
    wanted = []
    for row in rows:
        wanted += [row.department] if row.department else []
        wanted += list(row.oversees)
    return [name for name in dict.fromkeys(wanted) if name not in existing]


# --- What would change, and the write ----------------------------------------------------


@dataclass(frozen=True)
class Change:
    label: str
    before: str
    after: str


@dataclass
class RowPlan:
    row: RosterRow
    person: Person | None
    changes: list[Change]

    @property
    def action(self) -> str:
        if self.person is None:
            return "create"
        return "update" if self.changes else "same"


def roster_plan(*, organization: Organization, rows: list[RosterRow]) -> list[RowPlan]:
    """For each clean row: the person it names (or None) and the fields that would change."""
    people = {
        p.user.username: p
        for p in Person.objects.filter(
            organization=organization, user__username__in=[r.username for r in rows]
        )
        .select_related("user", "department", "branch")
        .prefetch_related(
            Prefetch(
                "team_seats",
                queryset=TeamMembership.objects.filter(organization=organization).prefetch_related(
                    "oversees"
                ),
            ),
            Prefetch(
                "staff_roles",
                queryset=StaffRole.objects.filter(organization=organization, kind=StaffKind.OFFICE),
            ),
            Prefetch("headed_departments", queryset=Department.objects.filter(organization=organization)),
        )
    }
    heads = {
        name: (head_id, head_name)
        for name, head_id, head_name in Department.objects.filter(
            organization=organization, head__isnull=False
        ).values_list("name", "head_id", "head__name")
    }
    plans = []
    for row in rows:
        person = people.get(row.username)
        before = _facts_now(person) if person else {}
        after = _facts_wanted(row, before)
        if person is None:
            changes = [Change(label, "", value) for label, value in after.items() if value]
        else:
            changes = [Change(l, before[l], after[l]) for l in after if before[l] != after[l]]
        replaced = heads.get(row.department) if row.is_head else None
        if replaced and (person is None or replaced[0] != person.pk):
            changes = [
                Change(c.label, c.before, f"{c.after}（接替{replaced[1]}）")
                if c.label == "部门负责人"
                else c
                for c in changes
            ]
        plans.append(RowPlan(row=row, person=person, changes=changes))
    return plans


def _facts_now(person: Person) -> dict[str, str]:
    seat = next(iter(person.team_seats.all()), None)
    return {
        "姓名": person.name,
        "部门": person.department.name if person.department else "",
        "职务": person.title,
        "班子职务": seat.get_position_display() if seat else "",
        "班子排序": str(seat.rank) if seat else "",
        "分管部门": "、".join(sorted(d.name for d in seat.oversees.all())) if seat else "",
        "部门负责人": "、".join(sorted(d.name for d in person.headed_departments.all())),
        "所在支部": person.branch.name if person.branch else "",
        "是否党员": YES if person.is_party_member else NO,
        "手机": person.phone,
        "邮箱": person.email,
        "办公室人员": YES if person.staff_roles.all() else NO,
    }


def _facts_wanted(row: RosterRow, now: dict[str, str]) -> dict[str, str]:
    return {
        "姓名": row.name,
        "部门": row.department,
        "职务": row.title,
        "班子职务": TeamPosition(row.position).label if row.position else "",
        "班子排序": str(row.rank) if row.position else "",
        "分管部门": "、".join(sorted(row.oversees)),
        "部门负责人": row.department if row.is_head else "",
        "所在支部": row.branch.name if row.branch else "",
        "是否党员": YES if row.is_party_member else NO,
        "手机": row.phone,
        "邮箱": row.email,
        "办公室人员": YES if row.is_office or now.get("办公室人员") == YES else NO,
    }


@dataclass
class RosterOutcome:
    created: list[Person] = field(default_factory=list)
    updated: list[Person] = field(default_factory=list)
    unchanged: int = 0
    new_accounts: list[str] = field(default_factory=list)
    new_departments: list[str] = field(default_factory=list)


@transaction.atomic
def roster_apply(*, organization: Organization, rows: list[RosterRow], actor) -> RosterOutcome:
    """Write clean rows: people, accounts, team seats, office roles, department heads."""
    outcome = RosterOutcome()
    departments = _departments_ensure(organization, rows, outcome)
    for plan in roster_plan(organization=organization, rows=rows):
        if plan.action == "same":
            outcome.unchanged += 1
            continue
        row = plan.row
        if plan.person is None:
            person = person_create(
                name=row.name,
                organization=organization,
                username=row.username,  # no password: unusable until the office sets one
                department=departments.get(row.department),
                title=row.title,
                branch=row.branch,
                is_party_member=row.is_party_member,
                phone=row.phone,
                email=row.email,
            )
            outcome.created.append(person)
            outcome.new_accounts.append(row.username)
        else:
            # Fetched afresh: the plan's prefetches are filtered to this body, and
            # person_permissions_sync must see every role the person holds anywhere.
            person = Person.objects.select_related("user").get(pk=plan.person.pk)
            _person_update(person, row, departments)
            outcome.updated.append(person)
        _seat_sync(person, row, organization, departments)
        if row.is_office:
            staff_assign(person=person, organization=organization, kind=StaffKind.OFFICE)
        _head_sync(person, row, organization, departments)
        person_permissions_sync(person=person)
    logger.info(
        "roster import into %s by %s: %d created, %d updated, %d unchanged",
        organization.pk, getattr(actor, "pk", None),
        len(outcome.created), len(outcome.updated), outcome.unchanged,
    )
    return outcome


def _departments_ensure(org, rows, outcome) -> dict[str, Department]:
    outcome.new_departments = _new_department_names(org, rows)
    last = Department.objects.filter(organization=org).order_by("-order").first()
    start = (last.order if last else 0) + 1
    Department.objects.bulk_create(
        Department(organization=org, name=name, order=start + i)
        for i, name in enumerate(outcome.new_departments)
    )
    return {d.name: d for d in Department.objects.filter(organization=org)}


def _person_update(person: Person, row: RosterRow, departments) -> None:
    wanted = {
        "name": row.name,
        "department": departments.get(row.department),
        "title": row.title,
        "branch": row.branch,
        "is_party_member": row.is_party_member,
        "phone": row.phone,
        "email": row.email,
    }
    changed = [name for name, value in wanted.items() if getattr(person, name) != value]
    for name in changed:
        setattr(person, name, wanted[name])
    if changed:
        person.save(update_fields=changed)
    user = person.user
    if (user.first_name, user.email) != (row.name, row.email):
        user.first_name, user.email = row.name, row.email
        user.save(update_fields=["first_name", "email"])


def _seat_sync(person, row, org, departments) -> None:
    if row.position:
        team_member_add(
            person=person,
            organization=org,
            position=row.position,
            rank=row.rank,
            oversees=[departments[name] for name in row.oversees],
        )
    else:
        TeamMembership.objects.filter(person=person, organization=org).delete()


def _head_sync(person, row, org, departments) -> None:
    target = departments[row.department] if row.is_head else None
    stale = Department.objects.filter(organization=org, head=person)
    if target is not None:
        stale = stale.exclude(pk=target.pk)
    stale.update(head=None)
    if target is not None and target.head_id != person.pk:
        target.head = person
        target.save(update_fields=["head"])
