"""Reading an uploaded roster and checking every row, without writing anything."""

import logging
import re
import unicodedata
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from documents.xlsx import FORMULA_REFUSED, Formula, SheetProblem, cell_text, read_sheet

from ..models import (
    Department,
    Organization,
    OrganizationKind,
    Person,
    TeamMembership,
    TeamPosition,
)
from ..selectors import descendant_ids
from .columns import (
    COLUMN_BY_KEY,
    COLUMNS,
    LANDLINE,
    LIST_SEPARATORS,
    MAX_ROWS,
    MOBILE,
    NO_WORDS,
    POSITIONS,
    SHEET_TITLE,
    YES_WORDS,
)

logger = logging.getLogger(__name__)


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
    branch_name: str = ""
    is_party_member: bool = True
    is_probationary: bool = False
    party_group: str = ""
    is_group_leader: bool = False
    phone: str = ""
    email: str = ""
    is_office: bool = False
    branch: Organization | None = None  # found by branch_name once the rows are checked


@dataclass
class RosterResult:
    rows: list[RosterRow] = field(default_factory=list)
    errors: list[RosterError] = field(default_factory=list)
    # What the office should look at before confirming, without stopping the import.
    warnings: list[RosterError] = field(default_factory=list)
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
        cells = {c.key: values[positions[c.label]] if c.label in positions else "" for c in COLUMNS}
        row = _row_from_cells(line, cells, result.errors, result.warnings)
        if row is not None:
            result.rows.append(row)
    if not result.rows and not result.errors:
        result.errors.append(RosterError(None, "", "文件中没有人员数据：请从第2行起每行填写一人。"))
    _check_across_rows(result.rows, result.errors)
    _check_against_database(organization, result.rows, result.errors)
    result.errors.sort(key=lambda e: (e.row or 0, _column_order(e.column)))
    if result.ok:
        result.new_departments = new_department_names(organization, result.rows)
        result.warnings += _same_names(organization, result.rows)
        result.warnings.sort(key=lambda e: (e.row or 0, _column_order(e.column)))
    return result


def _error(line: int, key: str, reason: str) -> RosterError:
    return RosterError(line, COLUMN_BY_KEY[key].label, reason)


def _column_order(label: str) -> int:
    labels = [c.label for c in COLUMNS]
    return labels.index(label) if label in labels else -1


def _read_table(data: bytes):
    """(header labels, [(Excel row number, values)]) or _FileProblem."""
    try:
        return read_sheet(
            data, sheet_title=SHEET_TITLE, max_rows=MAX_ROWS, unit="人", header=_normalise_header
        )
    except SheetProblem as exc:
        raise _FileProblem(str(exc)) from exc


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
    missing = [c.label for c in COLUMNS if c.label not in seen and not c.optional]
    if missing:
        errors.append(
            RosterError(
                1, "", f"缺少列：{'、'.join(missing)}。请使用下载的模板，不要删除或改名表头。"
            )
        )
    return errors


_text = cell_text


def _row_from_cells(line: int, cells: dict[str, str], errors: list, warnings: list) -> RosterRow | None:
    cleaned, failed = {}, False
    for key, text in cells.items():
        if isinstance(text, Formula):
            # Its computed value is stale or, from anything but Excel, missing altogether.
            errors.append(_error(line, key, FORMULA_REFUSED))
            failed = True
            continue
        if key in NAME_KEYS:
            text, hidden = _without_invisible(text, keep="\n" if key == "oversees" else "")
            if hidden:
                warnings.append(_error(line, key, f"已去除不可见字符：{'、'.join(hidden)}。"))
        elif key in IDENTIFIER_KEYS:
            text = _identifier(text)
        try:
            cleaned[key] = CLEANERS[key](text)
        except ValueError as exc:
            errors.append(_error(line, key, str(exc)))
            failed = True
    if failed:
        return None
    row = RosterRow(line=line, **cleaned)
    for key, reason in _row_conflicts(row):
        errors.append(_error(line, key, reason))
        failed = True
    return None if failed else row


# Identifiers are compared and matched, so they are read as the login form reads them
# (NFKC: full-width ｚｈａｎｇ is zhang). Free text (职务) is kept exactly as written.
IDENTIFIER_KEYS = {"username", "phone", "email", "rank"}
# Names are matched too (people, departments, branches): a zero-width space copied in
# from a web page would make a second 办公室 or a name no search finds.
NAME_KEYS = {"name", "department", "oversees", "branch_name", "party_group"}


def _identifier(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip()


def _without_invisible(text: str, keep: str = "") -> tuple[str, list[str]]:
    """The text without control and format characters (zero-width spaces, BOMs, bidi
    marks), and the code points taken out, for the preview to name."""
    kept, hidden = [], []
    for char in text:
        if unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp") and char not in keep:
            hidden.append(f"U+{ord(char):04X}")
        else:
            kept.append(char)
    return "".join(kept).strip(), list(dict.fromkeys(hidden))


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
        yield "branch_name", "非党员不填写组织关系所在支部。"
    if row.is_probationary and not row.is_party_member:
        yield "is_probationary", "非党员不能是预备党员。"
    if row.party_group and not row.branch_name:
        yield "party_group", "填写党小组时须同时填写所在支部。"
    if row.is_group_leader and not row.party_group:
        yield "is_group_leader", "未填写党小组，不能设为党小组组长。"


def _limited(text: str, model_field: str) -> str:
    limit = Person._meta.get_field(model_field).max_length
    if len(text) > limit:
        raise ValueError(f"不能超过 {limit} 个字。")
    return text


def _limited_to(text: str, limit: int) -> str:
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
    if not text.isdecimal() or int(text) < 1:
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
    phone = re.sub(r"\s", "", text)
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
    "branch_name": lambda t: t,
    "is_party_member": _yes_no(True),
    "is_probationary": _yes_no(False),
    "party_group": lambda t: _limited_to(t, 40),
    "is_group_leader": _yes_no(False),
    "phone": _clean_phone,
    "email": _clean_email,
    "is_office": _yes_no(False),
}


def _check_across_rows(rows: list[RosterRow], errors: list) -> None:
    usernames, ranks, heads, secretary, leaders = {}, {}, {}, None, {}
    for row in rows:
        if row.is_group_leader:
            group = (row.branch_name, row.party_group)
            if group in leaders:
                errors.append(_error(row.line, "is_group_leader",
                                     f"“{row.party_group}”的组长已在第{leaders[group]}行填写，每个党小组只能有一名。"))
            leaders.setdefault(group, row.line)
        key = row.username.casefold()
        if key in usernames:
            errors.append(_error(row.line, "username", f"与第{usernames[key]}行的用户名重复。"))
        usernames.setdefault(key, row.line)
        if row.position:
            if row.rank in ranks:
                errors.append(_error(row.line, "rank", f"与第{ranks[row.rank]}行的班子排序相同。"))
            ranks.setdefault(row.rank, row.line)
        if row.position == TeamPosition.SECRETARY:
            if secretary:
                errors.append(
                    _error(row.line, "position", f"书记只能有一名，第{secretary}行已填写书记。")
                )
            secretary = secretary or row.line
        if row.is_head:
            if row.department in heads:
                errors.append(
                    _error(
                        row.line,
                        "is_head",
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
                errors.append(_error(row.line, "username", "该用户名已被系统中的其他账号使用。"))
            elif owner != org.pk:
                errors.append(_error(row.line, "username", "该用户名已被其他单位的人员使用。"))
        if row.branch_name:
            row.branch = branches.get(row.branch_name)
            if row.branch is None:
                errors.append(
                    _error(
                        row.line,
                        "branch_name",
                        f"找不到名为“{row.branch_name}”的党支部或党总支（须为本组织或其下级组织的全称）。",
                    )
                )
        if row.position == TeamPosition.SECRETARY and sitting_secretary:
            errors.append(
                _error(
                    row.line,
                    "position",
                    f"本组织已有书记{sitting_secretary.person.name}，请在文件中一并填写其人员行并调整其班子职务。",
                )
            )


def _same_names(org: Organization, rows: list[RosterRow]) -> list[RosterError]:
    """Two people of one name in this body, once the file is in: allowed, but worth a look."""
    in_file = {row.username for row in rows}
    others = [
        (name, username)
        for name, username in Person.objects.filter(organization=org)
        .exclude(user__username__in=in_file)
        .values_list("name", "user__username")
    ]
    named: dict[str, list[tuple[int | None, str]]] = {}
    for row in rows:
        named.setdefault(row.name, []).append((row.line, f"第{row.line}行（{row.username}）"))
    for name, username in others:
        if name in named:
            who = f"用户名 {username}" if username else "无登录账号"
            named[name].append((None, f"本单位已有人员（{who}）"))
    warnings = []
    for row in rows:
        also = [label for line, label in named[row.name] if line != row.line]
        if also:
            listed = "、".join(also[:5]) + (f"等{len(also)}人" if len(also) > 5 else "")
            warnings.append(
                _error(row.line, "name", f"“{row.name}”与{listed}同名，请核对是否为不同的人。")
            )
    return warnings


def new_department_names(org: Organization, rows: list[RosterRow]) -> list[str]:
    existing = set(Department.objects.filter(organization=org).values_list("name", flat=True))
    wanted = []
    for row in rows:
        wanted += [row.department] if row.department else []
        wanted += list(row.oversees)
    return [name for name in dict.fromkeys(wanted) if name not in existing]
