"""Importing a list's items from Excel, in the format of the 整改清单 export: seed lists are
often prepared in Excel first.

Like the other imports: nothing is written until every row is clean and the writer has seen
the preview; each problem names its Excel row and column; the items are written in one
transaction. The columns the export fills for reading (序号, 来源, 进展, 状态, 所属清单)
are not read back, so a list exported and imported again gives the same items.
"""

import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction

from documents.xlsx import (
    FORMULA_REFUSED,
    Formula,
    RowError,
    SheetProblem,
    cell_text,
    header_errors,
    read_sheet,
)
from inspections.models import MeasureTerm
from organizations.models import TeamMembership
from organizations.textcheck import text_problem

from .documents import COLUMNS, SHEET_TITLE
from .models import Item, ItemEvent, RectificationList
from .services import item_create, item_rules

MAX_ROWS = 500
READ = ["问题", "整改目标", "整改措施", "类型", "时限", "责任人", "牵头部门", "配合部门", "是否公开"]
REQUIRED = ["问题", "整改措施", "类型", "时限"]
KNOWN = COLUMNS + ["所属清单"]
TERMS = {label: value for value, label in MeasureTerm.choices}
YES, NO = {"是", "公开", "Y", "y", "yes", "1"}, {"否", "不公开", "", "N", "n", "no", "0"}
NUMBERING = re.compile(r"^\s*(?:\d+|[一二三四五六七八九十]+)\s*[.．、)）]\s*")
OWN_DEADLINE = re.compile(r"[（(]时限[:：]\s*([^）)]+)[）)]\s*$")
LIMITS = {"lead_department": 100, "cooperating": 200}



@dataclass
class ImportRow:
    line: int
    problem: str
    target: str
    term: str
    deadline: date | None
    next_review: date | None
    responsible: object  # a Person, or None
    responsible_text: str
    lead_department: str
    cooperating: str
    disclosed: bool
    measures: list[tuple[str, date | None]]

    @property
    def term_label(self) -> str:
        return dict(MeasureTerm.choices)[self.term]

    @property
    def responsible_label(self) -> str:
        return self.responsible.name if self.responsible else self.responsible_text


@dataclass
class ImportResult:
    rows: list[ImportRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def _cell(value) -> str:
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str) and not isinstance(value, Formula):
        # A cell of several lines (the measures) keeps its lines; cell_text would strip only the ends.
        return "\n".join(line.replace("\u3000", " ").strip() for line in value.strip().splitlines())
    return cell_text(value)


def _header(value) -> str:
    return cell_text(value).rstrip("*＊").strip()


def parse_date(text: str) -> date | None:
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


def items_parse(data: bytes, *, rlist: RectificationList) -> ImportResult:
    """Check every row of the upload against this list: its kind, its team, the choices."""
    try:
        header, lines = read_sheet(data, sheet_title=SHEET_TITLE, max_rows=MAX_ROWS, unit="项", header=_header, cell=_cell)
    except SheetProblem as exc:
        return ImportResult(errors=[RowError(None, "", str(exc))])
    result = ImportResult(errors=header_errors(header, known=KNOWN, required=REQUIRED, source="导出的整改清单"))
    if result.errors:
        return result
    positions = {label: i for i, label in enumerate(header) if label}
    cleaner = _RowCleaner(rlist)
    for line, values in lines:
        cells = {label: values[positions[label]] if label in positions else "" for label in READ}
        row = cleaner.clean(line, cells, result.errors)
        if row is not None:
            rule_errors = _rule_errors(rlist, row)
            if rule_errors:
                result.errors += rule_errors
            else:
                result.rows.append(row)
    if not result.rows and not result.errors:
        result.errors.append(RowError(None, "", "文件中没有整改事项：请从第2行起每行填写一项。"))
    return result



class _RowCleaner:
    """One row's cells, checked against the list: a team item's 责任人 is a team member (or
    left blank for a department); a personal item's is the owner."""

    def __init__(self, rlist: RectificationList):
        self.rlist = rlist
        self.people: dict[str, list] = {}
        if rlist.is_team:
            seats = TeamMembership.objects.filter(organization_id=rlist.meeting.organization_id).select_related("person")
            for person in (seat.person for seat in seats):
                self.people.setdefault(person.name, []).append(person)

    def clean(self, line: int, cells: dict[str, str], errors: list) -> ImportRow | None:
        before = len(errors)

        def fail(column: str, reason: str) -> None:
            errors.append(RowError(line, column, reason))

        for column, text in cells.items():
            if isinstance(text, Formula):
                fail(column, FORMULA_REFUSED)
                cells[column] = ""
                continue
            problem = text_problem(text.replace("\n", " ")) if text else None
            if problem:
                fail(column, problem.replace("请删除后再保存", "请删除后再导入"))
        problem_text = cells["问题"].strip()
        if not problem_text:
            fail("问题", "必填：请写明要整改的问题。")
        term = TERMS.get(cells["类型"].strip())
        if term is None:
            shown = f"“{cells['类型']}”" if cells["类型"].strip() else "未填写"
            fail("类型", f"{shown}无法识别，应为 {'、'.join(TERMS)} 之一。")
        deadline = None
        if cells["时限"].strip():
            deadline = parse_date(cells["时限"])
            if deadline is None:
                fail("时限", f"“{cells['时限']}”不是有效的日期，请填写如 2027-03-31。")
        elif term == MeasureTerm.DEADLINE:
            fail("时限", "限期整改的事项必须填写完成时限。")
        measures = []
        for text in (t for t in cells["整改措施"].splitlines() if t.strip()):
            text = NUMBERING.sub("", text).strip()
            own = None
            match = OWN_DEADLINE.search(text)
            if match:
                own = parse_date(match.group(1))
                if own is None:
                    fail("整改措施", f"措施“{text[:20]}”的时限“{match.group(1)}”不是有效的日期。")
                text = text[: match.start()].strip()
            if text:
                measures.append((text, own))
        if not measures:
            fail("整改措施", "请至少填写一条整改措施（每行一条）。")
        responsible, responsible_text = self._responsible(cells["责任人"].strip(), fail)
        disclosed = cells["是否公开"].strip()
        if disclosed not in YES | NO:
            fail("是否公开", f"“{disclosed}”无法识别，请填写“是”或“否”。")
        for key, column in (("lead_department", "牵头部门"), ("cooperating", "配合部门")):
            if len(cells[column]) > LIMITS[key]:
                fail(column, f"不能超过 {LIMITS[key]} 个字。")
        if len(errors) > before:
            return None
        long_term = term == MeasureTerm.LONG_TERM
        item_deadline = None if long_term else deadline
        return ImportRow(
            line=line, problem=problem_text, target=cells["整改目标"].strip(), term=term,
            deadline=item_deadline, next_review=deadline if long_term else None,
            responsible=responsible, responsible_text=responsible_text,
            lead_department=cells["牵头部门"].strip(), cooperating=cells["配合部门"].strip(),
            disclosed=disclosed in YES,
            measures=[(text, own or item_deadline) for text, own in measures],
        )

    def _responsible(self, name: str, fail):
        if not name:
            return (None, "") if self.rlist.is_team else (self.rlist.owner, "")
        if not self.rlist.is_team:
            if name != self.rlist.owner.name:
                fail("责任人", f"个人整改清单的责任人是本人（{self.rlist.owner.name}），不能填写“{name}”。")
            return self.rlist.owner, ""
        found = self.people.get(name, [])
        if not found:
            fail("责任人", f"找不到班子成员“{name}”：领导班子整改清单的责任人应为班子成员，由部门负责的请留空并填写牵头部门。")
            return None, ""
        if len(found) > 1:
            fail("责任人", f"有{len(found)}位班子成员名叫“{name}”，请导入后在清单中指定。")
            return None, ""
        return found[0], ""


RULE_COLUMNS = {"problem": "问题", "deadline": "时限", "next_review": "时限", "responsible": "责任人", "term": "类型"}


def _rule_errors(rlist: RectificationList, row: "ImportRow") -> list[RowError]:
    """The item's own rules (services.item_rules, as the list page's form obeys them)."""
    try:
        item_rules(rlist, _fields(row))
    except ValidationError as exc:
        return [RowError(row.line, RULE_COLUMNS.get(key, ""), " ".join(messages))
                for key, messages in exc.message_dict.items()]
    return []


def _fields(row: "ImportRow") -> dict:
    return {
        "problem": row.problem, "target": row.target, "term": row.term, "deadline": row.deadline,
        "next_review": row.next_review, "responsible": row.responsible, "responsible_text": row.responsible_text,
        "lead_department": row.lead_department, "cooperating": row.cooperating, "disclosed": row.disclosed,
    }


def items_import(*, rlist: RectificationList, rows: list[ImportRow], actor) -> list[Item]:
    """Append the rows to the list as items with their measures: all of them or none.
    Each goes through services.item_create (its rules, its history), in one transaction."""
    with transaction.atomic():
        items = [
            item_create(rlist=rlist, actor=actor, measures=[{"content": c, "deadline": d} for c, d in row.measures],
                        **_fields(row))
            for row in rows
        ]
        ItemEvent.objects.filter(item__in=items, action="create").update(label="从Excel导入创建")
    return items
