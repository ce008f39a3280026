"""Importing opinions gathered offline from Excel: the template, and checking every row.

Like the roster import: nothing is written until every row is clean and the office has
seen the preview; each problem names its Excel row and column.
"""

import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.utils import timezone
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from documents.xlsx import (
    FORMULA_REFUSED,
    Formula,
    RowError,
    SheetProblem,
    cell_text,
    header_errors,
    read_sheet,
    workbook_new,
    workbook_save,
)
from meetings.models import Meeting
from organizations.textcheck import text_problem

from .forms import CONTENT_MAX, clean_text
from .models import Channel, OpinionKind, OpinionSource
from .selectors import concern_candidates
from .services import Entry

MAX_ROWS = 2000
SHEET_TITLE = "意见建议"
TEMPLATE_FILENAME = "意见建议导入模板.xlsx"
TEAM_WORDS = {"班子", "领导班子", "班子整体", "党组", "党委", "支委", "支部委员会", "党组班子"}
SEPARATORS = re.compile(r"[、,，;；/\n]+")
QUOTES = str.maketrans("", "", "“”\"'‘’")


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    help: str
    example: str = ""
    required: bool = False
    width: int = 12


COLUMNS = (
    Column("content", "意见建议内容", f"照录原文，不改写、不概括；最多{CONTENT_MAX}字。",
           "建议进一步精简会议和文件，切实减轻基层负担。", required=True, width=60),
    Column("channel", "征求方式", "、".join(Channel.labels) + " 之一。", "座谈会", required=True),
    Column("received_on", "收到日期", "如 2026-03-01 或 2026年3月1日。", "2026-03-01", required=True),
    Column("source", "提出人类别", "、".join(OpinionSource.labels) + " 之一，可留空。", "群众"),
    Column("concerns", "反映对象", "“班子”或班子成员姓名，涉及多人用“、”分隔；可留空，梳理时再定。",
           "班子", width=16),
    Column("aspect", "方面", "对照检查方面的序号（如 1）或名称；可留空。", "1", width=20),
    Column("kind", "类别", "意见、建议、问题反映之一；可留空，梳理时再定。", "建议"),
    Column("sender_name", "提出人", "仅在本人同意时填写；留空即匿名。", "", width=10),
    Column("sender_contact", "联系方式", "可留空。", "", width=14),
)
LABELS = [c.label for c in COLUMNS]



@dataclass
class ImportRow:
    line: int
    entry: Entry


@dataclass
class ImportResult:
    rows: list[ImportRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def classified(self) -> int:
        return sum(1 for r in self.rows if r.entry.is_classified)


# --- the template -----------------------------------------------------------------------


def import_template(meeting: Meeting) -> bytes:
    """The workbook to fill in, with this meeting's members and aspects to choose from."""
    candidates = concern_candidates(meeting)
    aspects = list(meeting.aspects.all())
    wb = workbook_new()
    ws = wb.active
    ws.title = SHEET_TITLE
    ws.append([f"{c.label}*" if c.required else c.label for c in COLUMNS])
    ws.freeze_panes = "A2"
    for index, column in enumerate(COLUMNS, start=1):
        letter = get_column_letter(index)
        ws.column_dimensions[letter].width = column.width
        cell = ws.cell(row=1, column=index)
        cell.font = Font(bold=True, color="A8231C" if column.required else None)
        cell.fill = PatternFill("solid", fgColor="E8EEF4")
    lists = wb.create_sheet("选项")
    choice_lists = {
        "channel": list(Channel.labels),
        "source": list(OpinionSource.labels),
        "kind": list(OpinionKind.labels),
        "concerns": ["班子"] + [p.name for p in candidates],
        "aspect": [f"{a.order}. {a.title}" for a in aspects],
    }
    for index, (key, values) in enumerate(choice_lists.items(), start=1):
        letter = get_column_letter(index)
        lists.cell(row=1, column=index, value=next(c.label for c in COLUMNS if c.key == key))
        for row, value in enumerate(values, start=2):
            lists.cell(row=row, column=index, value=value)
        # 反映对象 may name several people and 方面 may be a number: offer, do not insist.
        strict = key in ("channel", "source", "kind")
        _offer(ws, key, f"'选项'!${letter}$2:${letter}${max(len(values), 1) + 1}", strict)
    lists.sheet_state = "hidden"
    _notes(wb, meeting, candidates, aspects)
    return workbook_save(wb)


def _offer(ws, key: str, formula: str, strict: bool) -> None:
    letter = get_column_letter([c.key for c in COLUMNS].index(key) + 1)
    rule = DataValidation(type="list", formula1=formula, allow_blank=True)
    rule.showErrorMessage = strict
    rule.errorTitle, rule.error = "填写有误", "请从下拉列表中选择。"
    ws.add_data_validation(rule)
    rule.add(f"{letter}2:{letter}{MAX_ROWS + 1}")


def _notes(wb, meeting, candidates, aspects) -> None:
    notes = wb.create_sheet("说明")
    notes.append(["列名", "是否必填", "填写说明", "示例"])
    for cell in notes[1]:
        cell.font = Font(bold=True)
    for column in COLUMNS:
        notes.append([column.label, "必填" if column.required else "", column.help, column.example])
    notes.append([])
    notes.append([f"{meeting.title}：班子成员", "", "、".join(p.name for p in candidates) or "（未设置）"])
    for aspect in aspects:
        notes.append([f"方面 {aspect.order}", "", aspect.title])
    notes.append([])
    for line in (
        f"从“{SHEET_TITLE}”表第二行起每行填写一条意见建议，第一行为表头，请勿修改列名。",
        f"一次最多导入 {MAX_ROWS} 条。任何一行有误时不会导入任何数据，系统会列出每一处问题。",
        "填写了反映对象和类别的意见导入后即为“已梳理”，其余为“待梳理”。",
    ):
        notes.append([line])
    for letter, width in zip("ABCD", (22, 10, 80, 30)):
        notes.column_dimensions[letter].width = width
    for row in notes.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")


# --- reading ----------------------------------------------------------------------------


def _cell(value) -> str:
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return cell_text(value)


def _header(value) -> str:
    return cell_text(value).rstrip("*＊").strip()


def opinions_parse(data: bytes, *, meeting: Meeting) -> ImportResult:
    try:
        header, lines = read_sheet(
            data, sheet_title=SHEET_TITLE, max_rows=MAX_ROWS, unit="条", header=_header, cell=_cell
        )
    except SheetProblem as exc:
        return ImportResult(errors=[RowError(None, "", str(exc))])
    result = ImportResult(errors=header_errors(header, known=LABELS, required=LABELS, source="下载的模板"))
    if result.errors:
        return result
    positions = {label: i for i, label in enumerate(header) if label}
    cleaner = _RowCleaner(meeting)
    for line, values in lines:
        cells = {c.key: values[positions[c.label]] for c in COLUMNS}
        entry = cleaner.clean(line, cells, result.errors)
        if entry is not None:
            result.rows.append(ImportRow(line, entry))
    if not result.rows and not result.errors:
        result.errors.append(RowError(None, "", "文件中没有意见建议：请从第2行起每行填写一条。"))
    return result



class _RowCleaner:
    """Checks one row's cells against this meeting's members, aspects and the choices."""

    def __init__(self, meeting: Meeting):
        self.today = timezone.localdate()
        self.people: dict[str, list] = {}
        for person in concern_candidates(meeting):
            self.people.setdefault(person.name, []).append(person)
        self.aspects = list(meeting.aspects.all())

    def clean(self, line: int, cells: dict[str, str], errors: list) -> Entry | None:
        fields, failed = {}, False
        for key, text in cells.items():
            try:
                if isinstance(text, Formula):
                    raise ValueError(FORMULA_REFUSED)  # not the stale value Excel cached
                # The same refusal as every form's (organizations.textcheck): an opinion is
                # kept as written, so an invisible or direction-changing character is
                # reported with its place, never silently taken out.
                problem = text_problem(text) if isinstance(text, str) else None
                if problem:
                    raise ValueError(problem.replace("请删除后再保存", "请删除后再导入"))
                fields.update(getattr(self, f"_{key}")(text))
            except ValueError as exc:
                label = next(c.label for c in COLUMNS if c.key == key)
                errors.append(RowError(line, label, str(exc)))
                failed = True
        return None if failed else Entry(**fields)

    def _content(self, text):
        content = clean_text(text)
        if not content:
            raise ValueError("必填。")
        if len(content) > CONTENT_MAX:
            raise ValueError(f"不能超过{CONTENT_MAX}字（现为{len(content)}字）。")
        return {"content": content}

    def _channel(self, text):
        return {"channel": _choice(text, Channel, required=True)}

    def _source(self, text):
        return {"source": _choice(text, OpinionSource)}

    def _kind(self, text):
        return {"kind": _choice(text, OpinionKind)}

    def _received_on(self, text):
        if not text:
            raise ValueError("必填。")
        day = _date(text)
        if day is None:
            raise ValueError(f"“{text}”不是有效的日期，请填写如 2026-03-01。")
        if day > self.today:
            raise ValueError("收到日期不能晚于今天。")
        return {"received_on": day}

    def _concerns(self, text):
        team, members = False, []
        for name in (n.strip() for n in SEPARATORS.split(text) if n.strip()):
            if name in TEAM_WORDS:
                team = True
                continue
            found = self.people.get(name, [])
            if not found:
                raise ValueError(f"找不到班子成员“{name}”（请填写“班子”或班子成员姓名）。")
            if len(found) > 1:
                raise ValueError(f"有{len(found)}位班子成员名叫“{name}”，请导入后在梳理时指定。")
            members.append(found[0])
        addressed = members[0] if len(members) == 1 and not team else None
        return {"concerns_team": team, "concerns": tuple(members), "addressed_member": addressed}

    def _aspect(self, text):
        if not text:
            return {"aspect": None}
        number = re.match(r"^(\d+)(?:[.．、\s]|$)", text)
        for aspect in self.aspects:
            if (number and int(number.group(1)) == aspect.order) or text == aspect.title:
                return {"aspect": aspect}
        orders = "、".join(str(a.order) for a in self.aspects) or "（本次会议尚未设置方面）"
        raise ValueError(f"“{text}”不是本次会议的对照检查方面，请填写序号（{orders}）或名称。")

    def _sender_name(self, text):
        return {"sender_name": _limited(clean_text(text), 40)}

    def _sender_contact(self, text):
        return {"sender_contact": _limited(clean_text(text), 60)}


def _choice(text: str, choices, *, required: bool = False) -> str:
    text = text.translate(QUOTES).strip()
    if not text:
        if required:
            raise ValueError("必填。")
        return ""
    for value, label in choices.choices:
        if text in (value, label.translate(QUOTES)):
            return value
    raise ValueError(f"“{text}”无法识别，应为 {'、'.join(choices.labels)} 之一。")


def _limited(text: str, limit: int) -> str:
    if len(text) > limit:
        raise ValueError(f"不能超过 {limit} 个字。")
    return text


def _date(text: str) -> date | None:
    text = text.strip()
    if text.isdigit() and 30000 <= int(text) <= 80000:  # an Excel day number left as General
        return date(1899, 12, 30) + timedelta(days=int(text))
    for fmt in ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日", "%Y%m%d"):
        try:
            day = datetime.strptime(text, fmt).date()
        except ValueError:
            continue
        return day if day.year >= 2000 else None
    return None
