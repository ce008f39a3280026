"""A meeting's rectification page (its lists, what waits for the reader, 备案), a list's
page (its items with their measures, the moves, the versions), and the moves themselves."""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from meetings.access import Role, ensure_not_archived
from meetings.textdiff import lines_diff
from organizations.once import once_per_token, save_once
from organizations.selectors import person_for_user

from ..access import (
    OPEN_STAGES,
    ListAccess,
    ListRole,
    get_list_for_user,
    get_meeting_for_rectification,
    list_roles,
    reads_live_items,
    visible_events,
    visible_versions,
)
from .. import coverage
from ..carryover import carried_into
from ..filing import FilingError, filing_due, lists_file, unfiled
from ..forms import ItemForm, TransitionForm
from ..models import Item, ItemMeasure, ListKind, ListState
from ..selectors import item_counts, lists_with_counts, personal_lists_by_owner, team_seats
from ..services import ListLocked, item_add, list_ensure, team_people
from ..workflow import (
    TRANSITIONS,
    TransitionError,
    available_transitions,
    list_transition,
    secretary_person_ids,
    transition_label,
)


# What waits for the reader (the page names it): the moves that carry a list on, not the
# ones that take it back (withdraw, return, revise), which are offered on the list's page.
WAITING = ("submit", "submit_upper", "approve", "upper_approve")


@login_required
def meeting_home(request, pk):
    meeting, access = get_meeting_for_rectification(request.user, pk)
    person = person_for_user(request.user)
    secretaries = secretary_person_ids(meeting.organization_id)
    rows = []
    for rlist in lists_with_counts(meeting):
        roles = list_roles(rlist, access, person)
        if roles:
            list_acc = ListAccess(access, frozenset(roles), person)
            moves = [transition_label(t, rlist) for t in available_transitions(rlist, list_acc, secretaries=secretaries)
                     if t.name in WAITING]
            rows.append({"list": rlist, "roles": roles, "waiting": moves})
    team = next((r for r in rows if r["list"].is_team), None)
    personal = [r for r in rows if not r["list"].is_team]
    manages = access.is_office or access.is_secretary or access.is_supervisor
    seats = team_seats(meeting) if manages else []
    by_owner = personal_lists_by_owner([r["list"] for r in rows])
    due = filing_due(meeting)
    every = [r["list"] for r in rows]
    return render(request, "rectification/meeting.html", {
        "meeting": meeting,
        "access": access,
        "team": team,
        "personal": personal,
        "missing": [s.person for s in seats if s.person_id not in by_owner],
        "seats": len(seats),
        "approved": sum(1 for r in personal if r["list"].state == ListState.APPROVED),
        "counts": item_counts(meeting) if manages else None,
        "open": meeting.stage in OPEN_STAGES,
        "writes_own": bool(person and access.is_member and meeting.stage in OPEN_STAGES),
        "has_own": bool(person and any(r["list"].owner_id == person.pk for r in personal)),
        "filing_due": due,
        "filing_overdue": bool(due and due < timezone.localdate() and unfiled(every)),
        "to_file": unfiled(every) if access.is_office else [],
        "filed": [rl for rl in every if rl.filed_at],
        # 旧账: items carried in from the previous meeting, each as its list allows this reader.
        "carried_items": [item for item in carried_into(meeting) if list_roles(item.rectification_list, access, person)],
    })


@login_required
@require_POST
def list_start(request, pk, kind):
    """The office opens the team list, a member their own: started on the first visit."""
    meeting, access = get_meeting_for_rectification(request.user, pk)
    ensure_not_archived(meeting, "整改清单")
    if meeting.stage not in OPEN_STAGES:
        raise PermissionDenied(f"会议处于“{meeting.get_stage_display()}”阶段：会议召开后才能制定整改清单")
    if kind == ListKind.TEAM and access.is_office:
        rlist = list_ensure(meeting=meeting, kind=ListKind.TEAM)
    elif kind == ListKind.PERSONAL and access.is_member and person_for_user(request.user):
        rlist = list_ensure(meeting=meeting, kind=ListKind.PERSONAL, owner=person_for_user(request.user))
    else:
        raise PermissionDenied("您的角色无权起草这份清单")
    return redirect(rlist)


def _versions_diff(versions):
    """The latest two versions compared, line by line (cheap: a few dozen lines)."""
    if len(versions) < 2:
        return None
    return lines_diff(_lines(versions[-2].content), _lines(versions[-1].content), pair_similar=True)


def _lines(content) -> list[str]:
    lines = []
    for n, item in enumerate(content.get("items", []), start=1):
        when = item.get("deadline") or (f"复查{item['next_review']}" if item.get("next_review") else "")
        lines.append(f"{n}. {item['problem']}（{item['term_label']}{'，' + when if when else ''}；{item['responsible']}）")
        if item.get("target"):
            lines.append(f"  目标：{item['target']}")
        lines += [f"  措施：{m['content']}" for m in item.get("measures", [])]
    return lines


def list_page_context(request, rlist, access, *, add_form=None):
    editable = access.is_writer and rlist.state in ListState.editable() and rlist.meeting.stage in OPEN_STAGES
    versions = list(visible_versions(rlist, access))
    # The supervisor and the members read a list being drafted again as it last left the
    # team: that version's frozen content, not the live items (access.py).
    live = reads_live_items(rlist, access)
    frozen = None if live else (versions[-1] if versions else None)
    items = list(
        Item.objects.filter(rectification_list=rlist).select_related("responsible")
        .prefetch_related(Prefetch("measures", queryset=ItemMeasure.objects.order_by("order", "id")))
    ) if live else []
    people = team_people(rlist) if editable and rlist.is_team else []
    # What approval waits for (coverage): shown to the writers and the approvers while
    # the list is still on its way, to the supervisor while it waits for them.
    deciding = access.is_writer or access.has(ListRole.APPROVER) or (
        access.has(ListRole.SUPERVISOR) and rlist.state == ListState.UPPER_REVIEW)
    missing = coverage.uncovered(rlist) if deciding and rlist.state != ListState.APPROVED else []
    return {
        "uncovered": missing,
        "rlist": rlist,
        "meeting": rlist.meeting,
        "access": access,
        "items": items,
        "live": live,
        "frozen": frozen,
        "frozen_items": [_frozen_item(row) for row in frozen.content.get("items", [])] if frozen else [],
        "editable": editable,
        "transitions": [(t, transition_label(t, rlist)) for t in available_transitions(rlist, access)],
        "versions": versions,
        "diff": _versions_diff(versions),
        "events": visible_events(rlist, access),
        "returned_note": _last_return(rlist) if rlist.state == ListState.RETURNED and access.reads_all_versions
        else None,
        "add_form": add_form or (ItemForm(rlist=rlist, people=people, adding=True) if editable else None),
        "today": timezone.localdate(),
    }


def _frozen_item(row: dict) -> dict:
    """A frozen item with its dates as dates, for the page."""
    day = lambda text: date.fromisoformat(text) if text else None  # noqa: E731
    return {**row, "deadline": day(row.get("deadline")), "next_review": day(row.get("next_review")),
            "measures": [{**m, "deadline": day(m.get("deadline"))} for m in row.get("measures", [])]}


def _last_return(rlist):
    return rlist.events.filter(transition__in=("return", "upper_return")).select_related("actor__person").last()


@login_required
def list_detail(request, pk):
    rlist, access = get_list_for_user(request.user, pk)
    return render(request, "rectification/list.html", list_page_context(request, rlist, access))


@login_required
@require_POST
@once_per_token
def item_new(request, pk):
    rlist, access = get_list_for_user(request.user, pk, require=(ListRole.OWNER, ListRole.DRAFTER))
    ensure_not_archived(rlist.meeting, "整改清单")
    people = team_people(rlist) if rlist.is_team else []
    form = ItemForm(request.POST, rlist=rlist, people=people, adding=True)
    if form.is_valid():
        try:
            item = save_once(request, lambda: item_add(rlist=rlist, actor=request.user, **form.item_fields()),
                             url=lambda item: rlist.get_absolute_url() + f"#item-{item.pk}")
        except ValidationError as exc:
            form.add_error(None, exc)
        except ListLocked as exc:
            # Submitted in another tab meanwhile: the typed text stays on the page to copy.
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"已添加第{item.order}项整改事项。")
            return redirect(rlist.get_absolute_url() + f"#item-{item.pk}")
    context = list_page_context(request, rlist, access, add_form=form)
    return render(request, "rectification/list.html", context, status=200)


def transition_done_message(label: str, rlist) -> str:
    state = rlist.get_state_display()
    return f"已{label}。" if state in label else f"已{label}，清单现为“{state}”。"


@login_required
def transition(request, pk, name):
    rlist, access = get_list_for_user(request.user, pk)
    ensure_not_archived(rlist.meeting, "整改清单")
    chosen = TRANSITIONS.get(name)
    if chosen is None:
        raise Http404("没有这个操作")
    label = transition_label(chosen, rlist)
    if chosen not in available_transitions(rlist, access):
        messages.error(request, f"现在不能“{label}”。")
        return redirect(rlist)
    form = TransitionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            list_transition(rlist=rlist, name=name, actor=request.user, access=access,
                            note=form.cleaned_data["note"])
        except TransitionError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, transition_done_message(label, rlist))
            return redirect(rlist)
    return render(request, "rectification/transition.html", {
        "rlist": rlist, "transition": chosen, "label": label, "form": form,
    })


@login_required
@require_POST
def file(request, pk):
    """备案: the office sends the approved lists to the upper 组织部 for the record."""
    meeting, access = get_meeting_for_rectification(request.user, pk, require=(Role.OFFICE,))
    ensure_not_archived(meeting, "整改落实")
    try:
        filed = lists_file(meeting=meeting, actor=request.user, access=access)
    except FilingError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"已报送{len(filed)}份整改方案备案，上级组织部已收到通知。")
    return redirect("rectification:meeting", pk=meeting.pk)
