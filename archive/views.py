
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from meetings.access import Role, get_meeting_for_user
from meetings.models import Stage
from meetings.progress import move_blockers
from meetings.workflow import TRANSITIONS, TransitionError, meeting_transition, transition_refusal

from . import services
from .models import ArchivePackage, PackageStatus


# The archive holds colleagues' talk records and personal items: the office, the
# secretary and the upper level (组织部, 纪委) that receives the record see it; members,
# a 督导组 (sent for a while, often from another body) and everyone else get 404.
ARCHIVE_ROLES = frozenset({Role.OFFICE, Role.SECRETARY})


def _get_meeting_for_archive(user, pk, *, office: bool = False):
    meeting, access = get_meeting_for_user(user, pk)
    if not (access.roles & ARCHIVE_ROLES or access.decides_for_upper_level):
        raise Http404("会议不存在")
    if office and not access.is_office:
        raise PermissionDenied("只有办公室可以办理归档")
    return meeting, access


def _package(meeting) -> ArchivePackage | None:
    return ArchivePackage.objects.select_related("requested_by__person", "verified_by__person").filter(
        meeting=meeting
    ).first()


def _page(request, meeting, access, *, error: str = "", status: int = 200):
    package = _package(meeting)
    context = {"meeting": meeting, "access": access, "package": package, "PackageStatus": PackageStatus,
               "error": error}
    if request.htmx and not error:
        return render(request, "archive/_status.html", context)
    move = TRANSITIONS["archive"]
    if access.is_office and meeting.stage in move.sources:
        context["refusal"] = transition_refusal(meeting, move, access)
        context["blockers"] = move_blockers(meeting, "archive")
    return render(request, "archive/detail.html", context, status=status)


@login_required
def detail(request, pk):
    meeting, access = _get_meeting_for_archive(request.user, pk)
    return _page(request, meeting, access)


@login_required
@require_POST
def archive_meeting(request, pk):
    """归档: the meetings' own move (its blockers apply); moving packs the archive."""
    meeting, access = _get_meeting_for_archive(request.user, pk, office=True)
    try:
        meeting_transition(meeting=meeting, name="archive", actor=request.user, access=access)
    except TransitionError as exc:
        return _page(request, meeting, access, error=str(exc), status=400)
    messages.success(request, "会议已归档，材料已只读；归档包正在生成。")
    return redirect("archive:detail", pk=meeting.pk)


@login_required
@require_POST
def rebuild(request, pk):
    meeting, access = _get_meeting_for_archive(request.user, pk, office=True)
    if meeting.stage != Stage.ARCHIVED:
        return _page(request, meeting, access, error="会议尚未归档，不能生成归档包。", status=400)
    services.package_request(meeting=meeting, user=request.user)
    messages.success(request, "已重新申请生成归档包。")
    return redirect("archive:detail", pk=meeting.pk)


def _done_package(meeting) -> ArchivePackage:
    package = _package(meeting)
    if package is None or package.status != PackageStatus.DONE:
        raise Http404("归档包尚未生成")
    return package


@login_required
@require_POST
def verify(request, pk):
    meeting, access = _get_meeting_for_archive(request.user, pk)
    package = _done_package(meeting)
    problems = services.package_verify(package=package, user=request.user)
    if problems:
        messages.error(request, "归档包已被改动：" + "；".join(problems))
    else:
        messages.success(request, "校验通过：归档包与生成时一致，清单中每个文件的校验值都相符。")
    return redirect("archive:detail", pk=meeting.pk)


@login_required
def download(request, pk):
    """Served only once every checksum holds; a changed bag is shown, logged, and kept back."""
    meeting, access = _get_meeting_for_archive(request.user, pk)
    package = _done_package(meeting)
    problems = services.package_verify(package=package, user=request.user)
    if problems:
        return _page(request, meeting, access, error="归档包已被改动：" + "；".join(problems), status=409)
    f = package.file.storage.open(package.file.name, "rb")
    return FileResponse(f, as_attachment=True, filename=f"{meeting.title}-归档包.zip", content_type="application/zip")
