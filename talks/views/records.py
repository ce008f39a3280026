"""Talk records: record or arrange one, read it, change it, confirm or dispute it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from documents.registry import get_type
from documents.selectors import files_for
from documents.services import file_request
from meetings.access import Role, ensure_not_archived
from organizations.once import once_per_token, save_once

from ..access import (
    INVOLVED,
    TALKS_OPEN_STAGES,
    TalkRole,
    get_meeting_talks_for_user,
    get_talk_for_user,
)
from ..coverage import meeting_coverage
from ..forms import CriticismFormSet, NoteForm, PartCriticismFormSet, PartForm, TalkForm, criticisms_from
from ..models import PlannedCriticism, TalkParticipant, TalkPart
from ..rules import Rule, required_pairs, roster_load
from ..selectors import personal_lines
from ..services import (
    PART_STATES,
    PartContent,
    TalkContent,
    participant_for,
    talk_create,
    talk_part_save,
    talk_update,
)
from ..workflow import TRANSITIONS, TalkError, available_transitions, can_edit, talk_transition


def _content(form, formset, people: dict[str, int]) -> TalkContent:
    """The form's data with its sides ("a", "b") turned into the people they stand for."""
    data = form.cleaned_data
    return TalkContent(
        talked_on=data["talked_on"],
        place=data["place"],
        mode=data["mode"],
        initiator_id=people[data["initiator"]],
        team_problems=data["team_problems"],
        own_problems=data["own_problems"],
        other_shortcomings=data["other_shortcomings"],
        criticisms=tuple((people[side], text) for side, text in criticisms_from(formset)),
    )


def _choices(coverage, me):
    """The people one may choose on the form: those one still has to talk with first."""
    columns = [c.person for c in coverage.columns]
    if me is None:
        return [
            (label, [c.person for c in coverage.columns if c.group_label == label])
            for label, _ in coverage.column_groups()
        ]
    owed = [line.other for line in personal_lines(coverage, me.pk) if line.status.is_missing]
    owed_ids = {p.pk for p in owed}
    return [
        ("尚需谈话的应谈对象", owed),
        ("其他人员", [p for p in columns if p.pk not in owed_ids and p.pk != me.pk]),
    ]


@login_required
@once_per_token
def talk_new(request, meeting_id):
    meeting, access = get_meeting_talks_for_user(
        request.user, meeting_id, require=(Role.OFFICE, Role.MEMBER, INVOLVED)
    )
    ensure_not_archived(meeting, "谈心谈话记录")
    if meeting.stage not in TALKS_OPEN_STAGES:
        messages.error(
            request, f"会议处于“{meeting.get_stage_display()}”阶段，不能再记录谈心谈话。"
        )
        return redirect("talks:matrix", meeting_id=meeting.pk)
    coverage = meeting_coverage(meeting)
    person = access.person
    takes_part = person is not None and coverage.person(person.pk) is not None
    # The office may also enter a talk between any two, from the paper form it collected.
    as_office = access.is_office and (not takes_part or request.GET.get("as") == "office")
    if not takes_part and not as_office:
        raise PermissionDenied("您不是本次会议谈心谈话的对象")
    me = None if as_office else person
    initial = {
        "initiator": "a",
        "person_a": request.GET.get("a", ""),
        "person_b": request.GET.get("with", request.GET.get("b", "")),
        "talked_on": timezone.localdate(),
    }
    form = TalkForm(
        request.POST or None, people=_choices(coverage, me), me=me, initial=initial, meeting=meeting
    )
    formset = CriticismFormSet(
        request.POST or None, prefix="criticisms", form_kwargs={"side_names": form.side_names}
    )
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        people = coverage.roster.people
        a = me or people[form.cleaned_data["person_a"]]
        b = people[form.cleaned_data["person_b"]]
        try:
            talk = save_once(request, lambda: talk_create(
                meeting=meeting,
                person_a=a,
                person_b=b,
                content=_content(form, formset, {"a": a.pk, "b": b.pk}),
                actor=request.user,
                access=access,
                submit=request.POST.get("action") == "submit",
            ), url=lambda t: reverse("talks:detail", args=[t.pk]))
        except TalkError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _saved_message(talk))
            return redirect("talks:detail", pk=talk.pk)
    return render(
        request,
        "talks/talk_form.html",
        {
            "meeting": meeting,
            "form": form,
            "formset": formset,
            "as_office": as_office,
            "talk": None,
        },
        status=400 if request.method == "POST" else 200,
    )


def _saved_message(talk) -> str:
    if talk.state == "recorded":
        return "记录已提交，已通知谈话另一方确认；确认后计入“已谈”。"
    return "已保存（尚未提交）。谈话进行后，补充内容并提交，请对方确认。"


def _may_write_part(talk, access) -> bool:
    return (
        TalkRole.CONFIRMER in access.roles
        and talk.state in PART_STATES
        and talk.meeting.stage in TALKS_OPEN_STAGES
    )


@login_required
def talk_detail(request, pk):
    talk, access = get_talk_for_user(request.user, pk)
    roster = roster_load(talk.meeting)
    required = required_pairs(roster).get(talk.key)
    criticisms = list(PlannedCriticism.objects.filter(talk=talk).select_related("critic", "target"))
    parts = list(talk.parts.select_related("person"))
    for part in parts:
        part.planned = [c for c in criticisms if c.part_id == part.pk]
    mine = next((p for p in parts if access.person and p.person_id == access.person.pk), None)
    return render(
        request,
        "talks/talk_detail.html",
        {
            "talk": talk,
            "meeting": talk.meeting,
            "access": access,
            "criticisms": [c for c in criticisms if c.part_id is None],
            "parts": parts,
            "my_part": mine,
            "may_write_part": _may_write_part(talk, access),
            "events": talk.events.select_related("actor__person"),
            "transitions": available_transitions(talk, access),
            "editable": can_edit(talk, access),
            "rules": [Rule(r).label for r in Rule.values if required and r in required.rules],
            "is_confirmer": TalkRole.CONFIRMER in access.roles,
            "is_proxy": TalkRole.PROXY in access.roles and TalkRole.CONFIRMER not in access.roles,
            "record_type": get_type("talk_record"),
            "files": files_for(talk, limit=6),
        },
    )


@login_required
def talk_edit(request, pk):
    talk, access = get_talk_for_user(request.user, pk)
    ensure_not_archived(talk.meeting, "谈心谈话记录")
    if not can_edit(talk, access):
        raise PermissionDenied("这份记录现在不能由您修改")
    pair = (talk.person_a, talk.person_b)
    sides = {"a": talk.person_a_id, "b": talk.person_b_id}
    initial = {
        "initiator": "a" if talk.initiator_id == talk.person_a_id else "b",
        "talked_on": talk.talked_on,
        "place": talk.place,
        "mode": talk.mode,
        "team_problems": talk.team_problems,
        "own_problems": talk.own_problems,
        "other_shortcomings": talk.other_shortcomings,
    }
    form = TalkForm(request.POST or None, pair=pair, initial=initial, meeting=talk.meeting)
    formset = CriticismFormSet(
        request.POST or None,
        prefix="criticisms",
        initial=[
            {"critic": "a" if c.critic_id == talk.person_a_id else "b", "content": c.content}
            for c in talk.criticisms.filter(part__isnull=True)
        ],
        form_kwargs={"side_names": form.side_names},
    )
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            talk_update(
                talk=talk,
                content=_content(form, formset, sides),
                actor=request.user,
                submit=request.POST.get("action") == "submit",
            )
        except TalkError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _saved_message(talk))
            return redirect("talks:detail", pk=talk.pk)
    return render(
        request,
        "talks/talk_form.html",
        {
            "meeting": talk.meeting,
            "form": form,
            "formset": formset,
            "talk": talk,
            "as_office": False,
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
def talk_part(request, pk):
    """The other side writes their own part of the record, then (if they wish) confirms."""
    talk, access = get_talk_for_user(request.user, pk)
    ensure_not_archived(talk.meeting, "谈心谈话记录")
    if TalkRole.CONFIRMER not in access.roles:
        raise PermissionDenied("只有谈话另一方本人可以填写自己的部分")
    if not _may_write_part(talk, access):
        messages.info(request, f"该记录当前为“{talk.get_state_display()}”，不能再补充内容。")
        return redirect("talks:detail", pk=talk.pk)
    part = TalkPart.objects.filter(talk=talk, person=access.person).first()
    initial = {f: getattr(part, f) for f in ("own_problems", "other_shortcomings", "team_problems")} if part else {}
    form = PartForm(request.POST or None, initial=initial)
    formset = PartCriticismFormSet(
        request.POST or None,
        prefix="planned",
        initial=[{"content": c.content} for c in part.criticisms.all()] if part else [],
    )
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        planned = tuple(f.cleaned_data["content"] for f in formset.forms if f.cleaned_data.get("content", "").strip())
        if not planned and not any(v.strip() for v in form.cleaned_data.values()):
            form.add_error(None, "请至少填写一项内容。")
        else:
            try:
                with transaction.atomic():  # saved and confirmed, or neither
                    talk_part_save(talk=talk, content=PartContent(**form.cleaned_data, criticisms=planned),
                                   actor=request.user)
                    if request.POST.get("action") == "confirm":
                        talk_transition(talk=talk, name="confirm", actor=request.user, access=access)
            except TalkError as exc:
                form.add_error(None, str(exc))
            else:
                confirmed = request.POST.get("action") == "confirm"
                messages.success(request, "已保存您的部分，并确认了谈话。" if confirmed
                                 else "已保存您的部分。请核对记录后确认谈话，确认后计入“已谈”。")
                return redirect("talks:detail", pk=talk.pk)
    return render(
        request,
        "talks/talk_part.html",
        {"talk": talk, "meeting": talk.meeting, "form": form, "formset": formset,
         "other": talk.other(access.person.pk), "may_confirm": any(t.name == "confirm" for t in available_transitions(talk, access))},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def talk_transition_view(request, pk, name):
    transition = TRANSITIONS.get(name)
    if transition is None or name == "submit":
        raise Http404
    talk, access = get_talk_for_user(request.user, pk)
    ensure_not_archived(talk.meeting, "谈心谈话记录")
    if not access.roles.intersection(transition.roles):
        raise PermissionDenied(f"您不能对这份记录进行“{transition.label}”")
    form = NoteForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            talk_transition(
                talk=talk,
                name=name,
                actor=request.user,
                access=access,
                note=form.cleaned_data["note"],
            )
        except TalkError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"已{transition.label}。")
            return redirect("talks:detail", pk=talk.pk)
    return render(
        request,
        "talks/talk_transition.html",
        {"talk": talk, "meeting": talk.meeting, "transition": transition, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def person_records(request, meeting_id, person_id):
    """All of one person's records as one document: for the person, the secretary, the office."""
    meeting, access = get_meeting_talks_for_user(request.user, meeting_id)
    own = access.person is not None and access.person.pk == person_id
    if not (own or access.reads_records):
        raise Http404
    coverage = meeting_coverage(meeting)
    person = coverage.roster.people.get(person_id)
    if person is None:
        raise Http404
    doc_type = get_type("talk_records_person")
    fmt = request.POST.get("format", "pdf")
    if fmt not in doc_type.formats:
        raise Http404
    participant: TalkParticipant = participant_for(meeting=meeting, person=person)
    generated, _ = file_request(doc_type=doc_type, fmt=fmt, source=participant, user=request.user)
    return redirect("documents:detail", pk=generated.pk)
