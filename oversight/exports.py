"""The overview as Excel and as JSON: the same rows as the page, for the same filters.

An export holds every organisation the filters leave in the subtree in focus, as a flat
list in the tree's order (the page shows one level at a time; a table or a dashboard
wants them all). The shape is built from `build_overview`, so the three never disagree.
"""

from dataclasses import replace
from datetime import date

from django.urls import reverse
from django.utils import timezone

from documents.xlsx import workbook_bytes
from meetings.status import PhaseStatus

from .overview import Overview, OverviewFilters, build_overview, code_label


def export_overview(user, *, filters: OverviewFilters, today: date) -> Overview:
    """The overview with every matching organisation of the focus's subtree, flat."""
    return build_overview(user, filters=replace(filters, flat=True), today=today)


def _status(status: PhaseStatus | None) -> dict | None:
    if status is None:
        return None
    return {
        "code": status.code,
        "label": status.label,
        "days_late": status.days_late,
        "due_date": status.due_date.isoformat() if status.due_date else None,
        "window_open": status.window_open,
    }


def overview_json(overview: Overview, *, today: date) -> dict:
    f = overview.filters
    return {
        "generated_at": timezone.localtime().isoformat(timespec="seconds"),
        "today": today.isoformat(),
        "filters": {
            "year": f.year, "kind": f.kind, "stage": f.stage, "overdue": f.overdue_only,
            "column": f.column, "status": f.status, "q": f.q, "under": f.under, "sort": f.sort,
        },
        "columns": [{"key": c.key, "label": c.label} for c in overview.columns],
        "counts": [{"code": c.code, "label": c.label, "count": c.count} for c in overview.counts],
        "total": overview.total,
        "organizations": [
            {
                "id": row.pk,
                "name": row.organization.name,
                "short_name": row.organization.short_name,
                "kind": row.organization.kind,
                "depth": row.depth,
                "parent_id": row.parent_id,
                "path": [o.name for o in row.path],
                "children": row.children_count,
                "below": row.below_count,
                "status": {"code": row.status_code, "label": code_label(row.status_code)},
                "statuses": {key: _status(s) for key, s in row.own.items()},
                "rolled_up": {key: _status(s) for key, s in row.rolled.items()},
                "meetings": [
                    {
                        "id": m.meeting.pk,
                        "title": m.meeting.title,
                        "kind": m.meeting.kind,
                        "year": m.meeting.year,
                        "stage": m.meeting.stage,
                        "stage_label": m.meeting.get_stage_display(),
                        "url": reverse("meetings:detail", args=[m.meeting.pk]),
                        "statuses": {key: _status(s) for key, s in m.statuses.items()},
                    }
                    for m in row.meetings
                ],
            }
            for row in overview.rows
        ],
    }


def overview_xlsx(overview: Overview) -> bytes:
    columns = overview.columns
    header = ["序号", "组织", "上级组织", "会议", "阶段", *(c.label for c in columns), "本组织最差状态", "含下级最差状态"]
    depth_pad = "　"  # a full-width space per level: the tree stays readable in a flat sheet

    def rows():
        for number, row in enumerate(overview.rows, start=1):
            meeting = row.meeting
            rolled = row.rolled_worst
            yield [
                str(number),
                depth_pad * row.depth + row.organization.name,
                " › ".join(o.display_name for o in row.path),
                meeting.title if meeting else "（本年度无会议）",
                meeting.get_stage_display() if meeting else "",
                *((row.own[c.key].label if c.key in row.own else "") for c in columns),
                code_label(row.status_code),
                rolled.label if rolled is not None else code_label(row.status_code),
            ]

    widths = {"督导总览": [6, 36, 30, 36, 12, *([12] * len(columns)), 14, 14]}
    return workbook_bytes([("督导总览", header, rows())], widths=widths)
