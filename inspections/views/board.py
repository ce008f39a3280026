"""A meeting's materials: the board for the office, the secretary and the upper level;
a member's own outline; the team material and its drafter; reminders."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from documents.registry import get_type
from documents.selectors import files_for
from meetings.access import Role, ensure_not_archived
from meetings.models import MilestoneKind

from .. import editing
from ..access import BOARD_ROLES, MaterialRole, get_meeting_for_materials, material_roles, stage_open
from ..forms import DrafterForm
from ..models import Material, MaterialKind, team_body
from ..reminders import materials_remind
from ..selectors import meeting_board, writes_outline


@login_required
def meeting_home(request, pk):
    meeting, access, person = get_meeting_for_materials(request.user, pk)
    board = meeting_board(meeting) if access.roles.intersection(BOARD_ROLES) else None
    rows = board.rows if board else []
    for row in rows:
        row.can_open = bool(row.material and material_roles(row.material, access, person))
    team = Material.objects.filter(meeting=meeting, kind=MaterialKind.TEAM).select_related("drafter").first()
    team_roles = material_roles(team, access, person) if team else set()
    mine = (
        Material.objects.filter(meeting=meeting, kind=MaterialKind.PERSONAL, author=person).first()
        if person else None
    )
    manages = access.is_office or access.is_secretary
    due = board.due_date if board else next(
        (m.due_date for m in meeting.milestones.filter(kind=MilestoneKind.MATERIALS)), None)
    return render(request, "inspections/meeting.html", {
        "due_date": due,
        "overdue": bool(due and due < timezone.localdate()),
        "meeting": meeting,
        "access": access,
        "board": board,
        "writes": writes_outline(meeting, person),
        "mine": mine,
        "team": team,
        "team_visible": bool(team_roles) or (team is None and manages),
        "team_title": f"{team_body(meeting.organization)}对照检查材料",
        "team_editable": MaterialRole.DRAFTER in team_roles and editing_open(team),
        "manages": manages and stage_open(meeting),
        "drafter_form": DrafterForm(organization=meeting.organization, initial={"drafter": team.drafter if team else None}),
        "compilation_type": get_type("inspection_compilation"),
        "files": [f for f in files_for(meeting, limit=20) if f.kind == "inspection_compilation"] if board else [],
        "open": stage_open(meeting),
    })


@login_required
def my_outline(request, pk):
    """The member's own outline: started on first opening."""
    meeting, access, person = get_meeting_for_materials(request.user, pk)
    if not writes_outline(meeting, person):
        raise PermissionDenied("您不是本次会议撰写发言提纲的班子成员")
    existing = Material.objects.filter(meeting=meeting, kind=MaterialKind.PERSONAL, author=person).first()
    if existing is None and not stage_open(meeting):
        messages.info(request, "会议已不在会前准备阶段，不能再新建发言提纲。")
        return redirect("inspections:meeting", pk=meeting.pk)
    material = existing or editing.outline_for_author(meeting=meeting, person=person)
    return redirect("inspections:edit", pk=material.pk) if editing_open(material) else redirect(material)


def editing_open(material) -> bool:
    try:
        editing.material_ensure_editable(material)
    except editing.MaterialLocked:
        return False
    return True


@login_required
def team_material(request, pk):
    """The team material: the office and the secretary start it; its writers edit it."""
    meeting, access, person = get_meeting_for_materials(request.user, pk)
    team = Material.objects.filter(meeting=meeting, kind=MaterialKind.TEAM).first()
    if not (access.is_office or access.is_secretary) and not (team and material_roles(team, access, person)):
        # The same answer whether or not a draft exists: whether the team has begun its
        # material is not for those who may not read it yet (issue 10 #2).
        messages.info(request, f"{team_body(meeting.organization)}对照检查材料经书记审定后，班子成员可以阅看。")
        return redirect("inspections:meeting", pk=meeting.pk)
    if team is None:
        if not stage_open(meeting):
            messages.info(request, "会议已不在会前准备阶段。")
            return redirect("inspections:meeting", pk=meeting.pk)
        team = editing.team_material_for(meeting=meeting)
    roles = material_roles(team, access, person)
    if MaterialRole.DRAFTER in roles and editing_open(team):
        return redirect("inspections:edit", pk=team.pk)
    return redirect(team)


@login_required
@require_POST
def team_drafter(request, pk):
    meeting, access, person = get_meeting_for_materials(request.user, pk, require=(Role.OFFICE, Role.SECRETARY))
    ensure_not_archived(meeting, "对照检查材料")
    form = DrafterForm(request.POST, organization=meeting.organization)
    if form.is_valid():
        team = editing.team_material_for(meeting=meeting)
        editing.team_drafter_set(material=team, drafter=form.cleaned_data["drafter"])
        drafter = form.cleaned_data["drafter"]
        messages.success(request, f"已指定{drafter.name}起草班子对照检查材料。" if drafter else "班子对照检查材料由办公室起草。")
    return redirect("inspections:meeting", pk=meeting.pk)


@login_required
@require_POST
def remind(request, pk):
    meeting, access, person = get_meeting_for_materials(request.user, pk, require=(Role.OFFICE, Role.SECRETARY))
    ensure_not_archived(meeting, "对照检查材料")
    sent = materials_remind(meeting=meeting, actor=request.user)
    messages.success(request, f"已提醒{sent}位同志。" if sent else "今天已经提醒过，或没有需要提醒的同志。")
    return redirect("inspections:meeting", pk=meeting.pk)
