"""The office's arrangements: representatives, seed-002 flags, pairs added and excused."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from meetings.access import Role, ensure_not_archived
from organizations.models import Person

from ..access import TALKS_OPEN_STAGES, get_meeting_talks_for_user
from ..coverage import meeting_coverage
from ..forms import FlagsForm, PairAddForm, ReasonForm, RepresentativesForm
from ..models import PairNote, PairNoteKind, TalkParticipant, pair_key
from ..services import pair_note_add, pair_note_remove, participant_flags_set, representatives_set
from ..workflow import TalkError
from .coverage import render_pair


def _office_meeting(request, meeting_id, *, edit=True):
    meeting, access = get_meeting_talks_for_user(request.user, meeting_id, require=(Role.OFFICE,))
    if edit:
        ensure_not_archived(meeting, "谈心谈话安排")
    return meeting, access


def _candidates(meeting, roster):
    """Party members of the team's branches (and the organisation's own branches)."""
    branch_ids = {roster.people[pid].branch_id for pid in roster.team_ids} - {None}
    return (
        Person.objects.filter(is_party_member=True)
        .filter(Q(branch_id__in=branch_ids) | Q(branch__parent_id=meeting.organization_id))
        .exclude(pk__in=roster.team_ids)
        .select_related("branch")
        .order_by("branch__order", "branch_id", "name_key", "id")
    )


def _pair_people(meeting, coverage):
    """Whom the office may pair: everyone in the matrix and the organisation's own people."""
    known = {c.pk: c.person for c in coverage.columns}
    for person in Person.objects.filter(organization=meeting.organization).in_official_order(meeting.organization):
        known.setdefault(person.pk, person)
    return list(known.values())


def _forms(meeting, coverage, data=None, which=None):
    roster = coverage.roster
    current = {
        pid: {f for f in TalkParticipant.FLAGS if getattr(p, f)}
        for pid, p in roster.participants.items()
    }
    members = [roster.people[pid] for pid in roster.members]
    return {
        "representatives_form": RepresentativesForm(
            data if which == "representatives" else None,
            candidates=_candidates(meeting, roster),
            initial={"representatives": roster.representatives},
        ),
        "flags_form": FlagsForm(
            data if which == "flags" else None, members=members, current=current
        ),
        "pair_form": PairAddForm(
            data if which == "pair" else None, people=_pair_people(meeting, coverage)
        ),
    }


def _render(request, meeting, coverage, forms, status=200):
    notes = coverage.roster.notes
    return render(
        request,
        "talks/setup.html",
        {
            "meeting": meeting,
            "coverage": coverage,
            "added": [n for n in notes if n.kind == PairNoteKind.ADDED],
            "excused": [n for n in notes if n.kind == PairNoteKind.EXCUSED],
            "is_open": meeting.stage in TALKS_OPEN_STAGES,
            **forms,
        },
        status=status,
    )


@login_required
def setup(request, meeting_id):
    meeting, _ = _office_meeting(request, meeting_id, edit=False)
    coverage = meeting_coverage(meeting)
    return _render(request, meeting, coverage, _forms(meeting, coverage))


def _handle(request, meeting_id, which, save, done_message):
    meeting, _ = _office_meeting(request, meeting_id)
    coverage = meeting_coverage(meeting)
    forms = _forms(meeting, coverage, request.POST, which)
    form = forms[f"{which}_form"]
    if form.is_valid():
        try:
            save(meeting, coverage, form)
        except TalkError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, done_message)
            return redirect("talks:setup", meeting_id=meeting.pk)
    return _render(request, meeting, coverage, forms, status=400)


@login_required
@require_POST
def representatives(request, meeting_id):
    def save(meeting, coverage, form):
        representatives_set(meeting=meeting, people=list(form.cleaned_data["representatives"]))

    return _handle(request, meeting_id, "representatives", save, "党员代表已保存。")


@login_required
@require_POST
def flags(request, meeting_id):
    def save(meeting, coverage, form):
        participant_flags_set(meeting=meeting, flags=form.flags())

    return _handle(request, meeting_id, "flags", save, "重点谈话对象已保存。")


@login_required
@require_POST
def pair_add(request, meeting_id):
    def save(meeting, coverage, form):
        people = {p.pk: p for p in _pair_people(meeting, coverage)}
        pair_note_add(
            meeting=meeting,
            kind=PairNoteKind.ADDED,
            person_a=people[form.cleaned_data["person_a"]],
            person_b=people[form.cleaned_data["person_b"]],
            reason=form.cleaned_data["reason"],
            actor=request.user,
        )

    return _handle(request, meeting_id, "pair", save, "已增加应谈对象。")


@login_required
@require_POST
def pair_excuse(request, meeting_id, a, b):
    """Excuse a required pair, with the reason; it shows as excused, never as done."""
    meeting, access = _office_meeting(request, meeting_id)
    people = meeting_coverage(meeting).roster.people
    key = pair_key(a, b)
    if key[0] not in people or key[1] not in people:
        raise Http404
    form = ReasonForm(request.POST)
    if form.is_valid():
        try:
            pair_note_add(
                meeting=meeting,
                kind=PairNoteKind.EXCUSED,
                person_a=people[key[0]],
                person_b=people[key[1]],
                reason=form.cleaned_data["reason"],
                actor=request.user,
            )
        except TalkError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"{people[key[0]].name}与{people[key[1]].name}已登记为免谈。")
            if request.htmx:
                return render_pair(request, meeting, access, *key)
            return redirect("talks:pair", meeting_id=meeting.pk, a=key[0], b=key[1])
    if request.htmx:  # htmx swaps only successful responses: the errors come back as 200
        return render_pair(request, meeting, access, *key, excuse_form=form)
    messages.error(request, "；".join(form.errors.get("__all__", [])) or "免谈须填写原因。")
    return redirect("talks:pair", meeting_id=meeting.pk, a=key[0], b=key[1])


@login_required
@require_POST
def note_remove(request, meeting_id, note_id):
    meeting, access = _office_meeting(request, meeting_id)
    note = PairNote.objects.filter(meeting=meeting, pk=note_id).select_related("meeting").first()
    if note is None:
        raise Http404
    try:
        pair_note_remove(note=note)
    except TalkError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request, f"已撤销“{note.get_kind_display()}”：{note.person_a}与{note.person_b}。"
        )
    if request.POST.get("next") == "pair":
        if request.htmx:
            return render_pair(request, meeting, access, note.person_a_id, note.person_b_id)
        return redirect("talks:pair", meeting_id=meeting.pk, a=note.person_a_id, b=note.person_b_id)
    return redirect("talks:setup", meeting_id=meeting.pk)
