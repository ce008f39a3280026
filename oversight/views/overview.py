"""督导总览: every organisation the supervisor oversees, one level of the tree at a time."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, QueryDict
from django.shortcuts import render
from django.utils import timezone

from organizations.paging import page_for, url_maker
from organizations.selectors import overseen_org_ids

from ..filters import filters_from
from ..overview import NO_MEETING, build_overview


@login_required
def overview(request):
    if not overseen_org_ids(request.user):
        raise Http404("页面不存在")
    today = timezone.localdate()
    filters, form = filters_from(request.GET, today=today)
    found = build_overview(request.user, filters=filters, today=today)
    page = page_for(request, found.rows)
    meeting_url = url_maker("meetings:detail")
    lines = [_line(row, found.columns, meeting_url) for row in page.object_list]
    return render(request, "oversight/overview.html", {
        "found": found,
        "filters": filters,
        "form": form,
        "page": page,
        "lines": lines,
        "focus": _line(found.focus, found.columns, meeting_url) if found.focus else None,
        "kept": _query(year=filters.year, kind=filters.kind),  # what drilling down keeps
        "counted": _query(year=filters.year, kind=filters.kind, under=filters.under),
        "no_meeting": NO_MEETING,
        "has_targets": any(cell.chaseable for line in lines for cell in line["cells"]),
    })


def _line(row, columns, meeting_url) -> dict:
    return {
        "row": row,
        "cells": row.cells(columns),
        "meetings": [(m.meeting, meeting_url(m.meeting.pk)) for m in row.meetings],
    }


def _query(**values) -> str:
    """A query string of the values given (blank ones left out), for the page's links."""
    query = QueryDict(mutable=True)
    for key, value in values.items():
        if value not in (None, ""):
            query[key] = value
    return query.urlencode()
