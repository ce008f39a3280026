"""The roster's columns, and the template workbook an office downloads and fills in."""

import re
from dataclasses import dataclass

from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from documents.xlsx import workbook_new, workbook_save

from ..models import OrganizationKind, TeamPosition, team_title

MAX_ROWS = 2000
SHEET_TITLE = "名册"
TEMPLATE_FILENAME = "名册导入模板.xlsx"
YES, NO = "是", "否"


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    help: str
    example: str | int = ""
    required: bool = False
    width: int = 12
    # Added after offices had filled in the first template: a file without it still imports.
    optional: bool = False

    @property
    def header(self) -> str:
        return f"{self.label}*" if self.required else self.label


COLUMNS = (
    Column("name", "姓名", "人员姓名。", "张三", required=True, width=10),
    Column(
        "username",
        "用户名",
        "登录账号：字母、数字、汉字或 @ . + - _。本单位内按用户名识别同一人，再次导入即更新其信息。"
        "新账号没有密码，导入后由办公室重置密码。",
        "zhangsan",
        required=True,
        width=14,
    ),
    Column("department", "部门", "所在部门名称；系统中还没有的部门导入时自动新建。", "办公室"),
    Column("title", "职务", "行政职务，如“主任”“副局长”。", "主任"),
    Column(
        "position",
        "班子职务",
        "留空，或 书记、副书记、委员、挂职 之一。留空表示不是本组织班子成员（已在班子中的将移出班子）。",
        "委员",
    ),
    Column(
        "rank",
        "班子排序",
        "正整数，数字越小排序越靠前；填写了班子职务时必填，且不能重复。",
        3,
        width=10,
    ),
    Column(
        "oversees",
        "分管部门",
        "班子成员分管的部门，多个用“、”或逗号分隔；只有填写了班子职务的人员可以填写。",
        "办公室、财务科",
        width=18,
    ),
    Column(
        "is_head",
        "部门负责人",
        "是/否：是否为所在部门的主要负责人，默认为否。每个部门只能有一名。",
        YES,
        width=10,
    ),
    Column(
        "branch_name",
        "所在支部",
        "组织关系所在党支部或党总支的全称，须与系统中的名称完全一致，且为本组织或其下级组织；可留空。",
        width=24,
    ),
    Column("is_party_member", "是否党员", "是/否，默认为是。非党员不填写所在支部。", YES, width=10),
    Column("is_probationary", "预备党员", "是/否，默认为否。预备党员参加民主评议，但不定等次。", NO, width=10,
           optional=True),
    Column(
        "party_group",
        "党小组",
        "所在支部下的党小组名称，如“第一党小组”；系统中还没有的党小组导入时自动新建。须同时填写所在支部。",
        width=14,
        optional=True,
    ),
    Column("is_group_leader", "党小组组长", "是/否：是否为所在党小组的组长，默认为否。每个党小组只能有一名。", NO,
           width=10, optional=True),
    Column(
        "phone",
        "手机",
        "11 位手机号，或带区号的固定电话（如 0871-1234567）。",
        "13800000000",
        width=14,
    ),
    Column("email", "邮箱", "电子邮箱，可留空。", "zhangsan@example.org", width=22),
    Column(
        "is_office",
        "办公室人员",
        "是/否：填“是”授予本组织办公室（党务工作者）权限，默认为否。导入不会撤销已有的办公室权限。",
        NO,
        width=10,
    ),
)
COLUMN_BY_KEY = {c.key: c for c in COLUMNS}
# The generic words, and each body's own titles (an office may type 党组成员 for 委员).
POSITIONS = {team_title(kind, value): value for kind in OrganizationKind.values for value in TeamPosition.values}
POSITIONS |= {label: value for value, label in TeamPosition.choices}
YES_WORDS = {"是", "y", "yes", "true", "1", "√"}
NO_WORDS = {"否", "n", "no", "false", "0", "×"}
LIST_SEPARATORS = re.compile(r"[、,，;；\n]+")
MOBILE = re.compile(r"^1[3-9]\d{9}$")
LANDLINE = re.compile(r"^0\d{2,3}-?\d{7,8}(-\d{1,6})?$")


def roster_template() -> bytes:
    """The workbook an office fills in: headers, one example row, drop-downs, an 说明 sheet."""
    wb = workbook_new()
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
    for key in ("is_head", "is_party_member", "is_probationary", "is_group_leader", "is_office"):
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

    return workbook_save(wb)


def _add_choice(ws, key: str, choices: list[str]) -> None:
    letter = get_column_letter(list(COLUMN_BY_KEY).index(key) + 1)
    rule = DataValidation(type="list", formula1=f'"{",".join(choices)}"', allow_blank=True)
    rule.showErrorMessage = True
    rule.errorTitle = "填写有误"
    rule.error = f"请填写：{'、'.join(choices)}"
    ws.add_data_validation(rule)
    rule.add(f"{letter}2:{letter}{MAX_ROWS + 1}")
