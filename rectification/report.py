"""整改落实情况报告: compiled from the items' progress — how many items, how many closed, in
progress, overdue, carried into the next meeting; by kind; the team's and each member's.

The text follows the seeds' reports (004; 000 §四(三); 002: "对已经整改的，要巩固整改成果；
对正在整改的，要加大力度推进整改；对尚未整改的，要认真分析原因，作出说明，进一步明确责任人
和完成时限"). The figures are counted in the database, a fixed number of queries however
many items: the report of a county-sized meeting costs what a small one does.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q

from documents.content import Heading, OfficialDocument, Paragraph, Table
from documents.dating import document_day
from documents.registry import DocumentType, register
from inspections.models import MeasureTerm, team_body
from meetings.models import Meeting
from organizations.dateorder import day_text
from organizations.models import TeamMembership

from .access import BOARD_ROLES, get_meeting_for_rectification
from .documents import TERM_LABELS, TERM_ORDER, occasion
from .models import Item, ItemStatus, ListKind, RectificationList

REPORT_KIND = "rectification_report"


@dataclass
class Figures:
    """The counts of a set of items. Every item is exactly one of closed, carried, overdue
    or in progress."""

    total: int = 0
    closed: int = 0
    carried: int = 0
    overdue: int = 0

    @property
    def in_progress(self) -> int:
        return self.total - self.closed - self.carried - self.overdue

    @property
    def rate(self) -> int:
        return round(100 * self.closed / self.total) if self.total else 0

    def add(self, other: "Figures") -> None:
        self.total += other.total
        self.closed += other.closed
        self.carried += other.carried
        self.overdue += other.overdue

    def sentence(self) -> str:
        if not self.total:
            return "尚未列入整改事项"
        parts = [f"已完成整改并销号{self.closed}项", f"正在推进{self.in_progress + self.overdue}项"]
        if self.overdue:
            parts[-1] += f"（其中超过时限{self.overdue}项）"
        if self.carried:
            parts.append(f"转入下一次会议继续整改{self.carried}项")
        return f"共{self.total}项，" + "，".join(parts) + f"，完成率{self.rate}%"


@dataclass
class Progress:
    """The meeting's figures: in all, by kind, the team's, and each member's (in list order)."""

    today: date
    total: Figures = field(default_factory=Figures)
    by_term: dict = field(default_factory=lambda: defaultdict(Figures))
    team: Figures = field(default_factory=Figures)
    members: list = field(default_factory=list)  # [(name, Figures)]
    lists: int = 0


def reported_lists(meeting: Meeting):
    """The lists the report counts: the team's, and each member's once submitted (a draft is
    its owner's alone)."""
    return RectificationList.objects.filter(meeting=meeting).filter(
        Q(kind=ListKind.TEAM) | Q(first_submitted_at__isnull=False)
    )


def meeting_progress(meeting: Meeting, *, today: date | None = None) -> Progress:
    """The figures, in one query over the items grouped by list and kind."""
    today = today or document_day()
    # The members in the team's order (rank), anyone no longer seated after them.
    ranks = dict(TeamMembership.objects.filter(organization_id=meeting.organization_id).values_list("person_id", "rank"))
    lists = sorted(reported_lists(meeting).select_related("owner"),
                   key=lambda r: (not r.is_team, ranks.get(r.owner_id, 10_000), r.pk))
    progress = Progress(today=today, lists=len(lists))
    open_ = ~Q(status=ItemStatus.CLOSED) & Q(carried_at__isnull=True)
    rows = (
        Item.objects.filter(rectification_list__in=lists)
        .order_by()
        .values("rectification_list_id", "term")
        .annotate(
            total=Count("id"),
            closed=Count("id", filter=Q(status=ItemStatus.CLOSED)),
            carried=Count("id", filter=~Q(status=ItemStatus.CLOSED) & Q(carried_at__isnull=False)),
            overdue=Count("id", filter=open_ & ~Q(term=MeasureTerm.LONG_TERM) & Q(deadline__lt=today)),
        )
    )
    per_list = defaultdict(Figures)
    for row in rows:
        figures = Figures(row["total"], row["closed"], row["carried"], row["overdue"])
        per_list[row["rectification_list_id"]].add(figures)
        progress.by_term[row["term"]].add(figures)
        progress.total.add(figures)
    for rlist in lists:
        if rlist.is_team:
            progress.team.add(per_list[rlist.pk])
        else:
            progress.members.append((rlist.owner.name, per_list[rlist.pk]))
    return progress


def _figures_table(label: str, rows: list[tuple[str, Figures]]) -> Table:
    return Table(
        headers=[label, "事项数", "已销号", "按期推进", "超过时限", "转入下一次", "完成率"],
        rows=[[name, str(f.total), str(f.closed), str(f.in_progress), str(f.overdue), str(f.carried), f"{f.rate}%"]
              for name, f in rows],
        widths=[28, 12, 12, 12, 12, 12, 12],
    )


def report_document(meeting: Meeting) -> OfficialDocument:
    org = meeting.organization
    team = f"{org.display_name}{team_body(org)}"
    progress = meeting_progress(meeting)
    total = progress.total
    held = f"{day_text(meeting.held_on)}，" if meeting.held_on else ""
    blocks = [
        Paragraph(
            f"{held}{team}召开了{meeting.title}。会后，针对对照检查查摆的问题、会上相互批评提出的意见和征求到的"
            f"意见建议，{team}制定了领导班子整改清单和班子成员个人整改清单，明确整改目标、措施、时限和责任人，"
            "实行台账管理、销号落实。现将整改落实情况报告如下。"
        ),
        Heading("一、总体情况"),
        Paragraph(f"截至{day_text(progress.today)}，列入整改清单的整改事项{total.sentence()}。"),
        Heading("二、分类推进情况"),
    ]
    terms = [(TERM_LABELS[t], progress.by_term[t]) for t in TERM_ORDER if progress.by_term[t].total]
    for label, figures in terms:
        blocks.append(Paragraph(f"{label}事项{figures.sentence()}。"))
    if terms:
        blocks.append(_figures_table("整改类型", terms))
    else:
        blocks.append(Paragraph("尚未列入整改事项。"))
    blocks += [
        Heading("三、领导班子整改落实情况"),
        Paragraph(f"领导班子整改清单{progress.team.sentence()}。"),
        Heading("四、班子成员个人整改落实情况"),
    ]
    if progress.members:
        done = [name for name, f in progress.members if f.total and f.closed == f.total]
        blocks.append(Paragraph(
            f"{len(progress.members)}名班子成员制定了个人整改清单"
            + (f"，其中{'、'.join(done)}同志的整改事项已全部销号" if done else "")
            + "。各位同志的整改情况如下表。"
        ))
        blocks.append(_figures_table("班子成员", progress.members))
    else:
        blocks.append(Paragraph("班子成员个人整改清单尚未提交。"))
    blocks.append(Heading("五、下一步工作"))
    next_steps = ["对已经整改的，要巩固整改成果，防止问题反弹"]
    if total.in_progress:
        next_steps.append(f"对正在整改的{total.in_progress + total.overdue}项，要加大力度推进整改")
    if total.overdue:
        next_steps.append(
            f"对超过时限尚未完成的{total.overdue}项，要认真分析原因，作出说明，进一步明确责任人和完成时限"
        )
    if total.carried:
        next_steps.append(f"对转入下一次会议的{total.carried}项，要一揽子推进整改落实，清理旧账、解决新账")
    blocks.append(Paragraph("；".join(next_steps) + "，确保整改落实到位。"))
    blocks.append(Paragraph("特此报告。"))
    return OfficialDocument(
        title=f"{org.name}关于{occasion(meeting)}整改落实情况的报告",
        blocks=blocks,
        signature=[org.name, day_text(progress.today)],
    )


def get_report_meeting_for_user(user, pk) -> Meeting:
    """The report is the board's: the office and the secretary who write it, the upper level
    it goes to. A member reads their own list, not the team's figures of everyone."""
    meeting, access = get_meeting_for_rectification(user, pk)
    if not access.roles.intersection(BOARD_ROLES):
        raise PermissionDenied("整改落实情况报告供办公室、书记和上级使用")
    return meeting


register(DocumentType(kind=REPORT_KIND, label="整改落实情况报告", build=report_document,
                      get_for_user=get_report_meeting_for_user))
