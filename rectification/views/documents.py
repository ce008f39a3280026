"""The meeting's rectification documents: what each reader may print, and the meeting's
整改清单 (Excel and PDF) of the lists that reader may open."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.http import content_disposition_header

from documents.registry import get_type
from documents.render import document_pdf
from documents.xlsx import workbook_bytes
from organizations.selectors import person_for_user

from ..access import BOARD_ROLES, OPEN_STAGES, ListRole, get_meeting_for_rectification, list_roles
from ..documents import (
    PLAN_DRAFT_KIND,
    PLAN_KIND,
    TABLE_KIND,
    TABLE_PDF_KIND,
    lists_items,
    meeting_spreadsheet,
    meeting_table_title,
    table_document,
)
from ..models import ListState, ListVersion, RectificationList, VersionOutcome
from ..report import REPORT_KIND

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
WRITERS = {ListRole.OWNER, ListRole.DRAFTER}


def readable_lists(user, meeting, access) -> list[tuple[RectificationList, set[str]]]:
    """The meeting's lists this reader may open, with their roles: the team's first."""
    person = person_for_user(user)
    rlists = RectificationList.objects.filter(meeting=meeting).select_related("owner", "meeting__organization")
    pairs = [(rlist, list_roles(rlist, access, person)) for rlist in rlists]
    return [(rlist, roles) for rlist, roles in pairs if roles]


@login_required
def documents_page(request, pk):
    meeting, access = get_meeting_for_rectification(request.user, pk)
    pairs = readable_lists(request.user, meeting, access)
    approved = set(
        ListVersion.objects.filter(rectification_list__in=[r for r, _ in pairs], outcome=VersionOutcome.APPROVED)
        .values_list("rectification_list_id", flat=True)
    )
    rows = []
    for rlist, roles in pairs:
        kinds = ([PLAN_KIND] if rlist.pk in approved else []) + ([PLAN_DRAFT_KIND] if roles & WRITERS else [])
        rows.append({
            "list": rlist,
            "types": [get_type(kind) for kind in kinds + [TABLE_KIND, TABLE_PDF_KIND]],
            "imports": bool(roles & WRITERS) and rlist.state in ListState.editable() and meeting.stage in OPEN_STAGES,
        })
    board = bool(access.roles.intersection(BOARD_ROLES))
    return render(request, "rectification/documents.html", {
        "meeting": meeting, "rows": rows, "report_type": get_type(REPORT_KIND) if board else None,
        "files": _report_files(meeting) if board else [],
    })


def _report_files(meeting):
    """The reports made for this meeting (the meeting's other phases print for it too)."""
    from django.contrib.contenttypes.models import ContentType

    from documents.models import GeneratedFile

    return (GeneratedFile.objects.filter(content_type=ContentType.objects.get_for_model(meeting), object_id=meeting.pk,
                                         kind=REPORT_KIND).order_by("-created_at")[:10])


def _filename(meeting, ext: str) -> str:
    return f"{meeting_table_title(meeting)}.{ext}"


@login_required
def meeting_table_xlsx(request, pk):
    meeting, access = get_meeting_for_rectification(request.user, pk)
    rlists = [rlist for rlist, _ in readable_lists(request.user, meeting, access)]
    sheet = meeting_spreadsheet(meeting, rlists)
    response = HttpResponse(workbook_bytes(sheet.sheets(), widths=sheet.widths), content_type=XLSX_TYPE)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=_filename(meeting, "xlsx"))
    return response


@login_required
def meeting_table_pdf(request, pk):
    meeting, access = get_meeting_for_rectification(request.user, pk)
    rlists = [rlist for rlist, _ in readable_lists(request.user, meeting, access)]
    doc = table_document(meeting_table_title(meeting), lists_items(rlists))
    response = HttpResponse(document_pdf(doc), content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=_filename(meeting, "pdf"))
    return response
