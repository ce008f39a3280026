"""Coverage: the matrix of a meeting, one pair, each person's own list, the Excel exports."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from meetings.access import Role
from meetings.models import MilestoneKind

from ..access import COVERAGE_ROLES, INVOLVED, TALKS_OPEN_STAGES, get_meeting_talks_for_user
from ..coverage import Cell, meeting_coverage
from ..exports import coverage_workbook, talks_workbook
from ..forms import ReasonForm
from ..models import Talk, TalkParticipant, TalkState, pair_key
from ..selectors import personal_lines

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def talks_deadline(meeting) -> dict:
    """The 谈心谈话 milestone: by when the pairs must have talked."""
    milestone = meeting.milestones.filter(kind=MilestoneKind.TALKS).first()
    if milestone is None or milestone.due_date is None:
        return {"due_date": None}
    days_left = (milestone.due_date - timezone.localdate()).days
    return {
        "due_date": milestone.due_date,
        "done": milestone.done_at is not None,
        "days_left": days_left,
        "days_over": -days_left if days_left < 0 else 0,
    }


@login_required
def matrix(request, meeting_id):
    meeting, access = get_meeting_talks_for_user(request.user, meeting_id, require=COVERAGE_ROLES)
    coverage = meeting_coverage(meeting)
    return render(
        request,
        "talks/matrix.html",
        {
            "meeting": meeting,
            "access": access,
            "coverage": coverage,
            "deadline": talks_deadline(meeting),
            "legend": [(state, Cell.LABELS[state], Cell.GLYPHS[state]) for state in Cell.ORDER],
            "is_open": meeting.stage in TALKS_OPEN_STAGES,
            "takes_part": access.person is not None
            and coverage.person(access.person.pk) is not None,
        },
    )


@login_required
def mine(request, meeting_id):
    """A person's own list: whom they still have to talk to, by when, and what they did."""
    meeting, access = get_meeting_talks_for_user(
        request.user, meeting_id, require=(*COVERAGE_ROLES, INVOLVED)
    )
    coverage = meeting_coverage(meeting)
    person_id = request.GET.get("person")
    if person_id and (
        not person_id.isdigit() or int(person_id) != getattr(access.person, "pk", None)
    ):
        # Someone else's list: for the office and the secretary, who read every record.
        if not access.reads_records:
            raise PermissionDenied("只能查看本人的谈话清单")
        shown = coverage.person(int(person_id)) if person_id.isdigit() else None
        if shown is None:
            raise Http404
        person = shown.person
    else:
        person = access.person
    entry = coverage.person(person.pk) if person else None
    lines = personal_lines(coverage, person.pk) if entry else []
    return render(
        request,
        "talks/mine.html",
        {
            "meeting": meeting,
            "access": access,
            "person": person,
            "entry": entry,
            "own": person is not None and person == access.person,
            "awaiting": [line for line in lines if _awaits(line, person)],
            "missing": [line for line in lines if line.status.is_missing],
            "finished": [line for line in lines if not line.status.is_missing],
            "deadline": talks_deadline(meeting),
            "is_open": meeting.stage in TALKS_OPEN_STAGES,
            "formats": [("pdf", "PDF"), ("docx", "Word")],
        },
    )


def _awaits(line, person) -> bool:
    """A record the other side wrote, waiting for this person's confirmation."""
    talk = line.status.talk
    return (
        talk is not None and talk.state == TalkState.RECORDED and talk.recorded_by_id != person.pk
    )


@login_required
def pair(request, meeting_id, a, b):
    """One pair: whether and why they must talk, where it stands; the records for those who may read them."""
    meeting, access = get_meeting_talks_for_user(
        request.user, meeting_id, require=(*COVERAGE_ROLES, INVOLVED)
    )
    if not access.sees_coverage and getattr(access.person, "pk", None) not in (a, b):
        raise Http404
    return render_pair(request, meeting, access, a, b)


def render_pair(request, meeting, access, a, b, *, excuse_form=None, status=200):
    """The pair's page, or for htmx the card alone: the same markup either way."""
    key = pair_key(a, b)
    coverage = meeting_coverage(meeting)
    people = coverage.roster.people
    if key[0] not in people or key[1] not in people or a == b:
        raise Http404
    me = access.person.pk if access.person else None
    reads = access.reads_records or me in key
    context = {
        "meeting": meeting,
        "access": access,
        "a": people[key[0]],
        "b": people[key[1]],
        "status": coverage.status(*key),
        "flags": [
            label
            for p in TalkParticipant.objects.filter(meeting=meeting, person_id__in=key)
            for label in p.flag_labels()
        ],
        "talks": Talk.objects.filter(meeting=meeting, person_a_id=key[0], person_b_id=key[1]).live()
        if reads
        else [],
        "reads": reads,
        "in_pair": me in key,
        "is_open": meeting.stage in TALKS_OPEN_STAGES,
        "excuse_form": excuse_form or ReasonForm(),
    }
    template = "talks/_pair.html" if request.htmx else "talks/pair.html"
    return render(request, template, context, status=status)


@login_required
def coverage_xlsx(request, meeting_id):
    meeting, _ = get_meeting_talks_for_user(request.user, meeting_id, require=COVERAGE_ROLES)
    data = coverage_workbook(meeting_coverage(meeting))
    return _xlsx(data, f"{meeting.title}谈心谈话覆盖情况.xlsx")


@login_required
def talks_xlsx(request, meeting_id):
    """The list of talks with their content: for those who read every record."""
    meeting, _ = get_meeting_talks_for_user(
        request.user, meeting_id, require=(Role.OFFICE, Role.SECRETARY)
    )
    return _xlsx(talks_workbook(meeting), f"{meeting.title}谈心谈话记录清单.xlsx")


def _xlsx(data: bytes, filename: str) -> HttpResponse:
    from urllib.parse import quote

    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response
