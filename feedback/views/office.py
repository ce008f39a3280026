"""The office runs the solicitation: set it up, share the link and QR code, watch progress."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_POST

from anonymity.writes import anonymous_flush_due, batch_size, pending_count
from meetings.access import Role, ensure_not_archived, get_meeting_for_user
from meetings.models import MilestoneKind

from .. import qr, services
from ..access import get_solicitation_for_user
from ..forms import SolicitationForm
from ..models import Solicitation
from ..selectors import public_form_state, receipts, state_counts

OFFICE = (Role.OFFICE,)


def refuse_if_archived(meeting) -> None:
    ensure_not_archived(meeting, "征求意见")


def office_context(solicitation, **context) -> dict:
    """What every office page of the phase shows in its head and tabs.

    Every such page first writes what is left of earlier days' online opinions, so the
    embedded setup (no Celery beat) shows them the morning after as production does.
    """
    scope = services.online_scope(solicitation)
    anonymous_flush_due(scope=scope)
    return {"solicitation": solicitation, "meeting": solicitation.meeting,
            "counts": state_counts(solicitation), "waiting": pending_count(scope=scope),
            "batch_size": batch_size(), **context}


@login_required
def meeting_home(request, meeting_pk):
    """The phase's page for a meeting: each role lands where its work is."""
    meeting, access = get_meeting_for_user(request.user, meeting_pk)
    solicitation = Solicitation.objects.filter(meeting=meeting).first()
    if access.is_office:
        if solicitation is None:
            return redirect("feedback:setup", meeting_pk=meeting.pk)
        return redirect("feedback:overview", pk=solicitation.pk)
    if solicitation is not None and access.is_member:
        return redirect("feedback:mine", pk=solicitation.pk)
    if solicitation is not None:
        return redirect("feedback:summary", pk=solicitation.pk)
    return render(request, "feedback/not_started.html", {"meeting": meeting})


@login_required
def solicitation_setup(request, meeting_pk):
    meeting, _ = get_meeting_for_user(request.user, meeting_pk, require=OFFICE)
    refuse_if_archived(meeting)
    solicitation = Solicitation.objects.filter(meeting=meeting).first()
    form = SolicitationForm(
        request.POST or None,
        instance=solicitation,
        initial=_defaults(meeting) if solicitation is None else None,
        meeting=meeting,
    )
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in SolicitationForm.Meta.fields}
        if solicitation is None:
            solicitation = services.solicitation_open(meeting=meeting, actor=request.user, **fields)
            messages.success(request, "已启动征求意见。可以打印二维码、录入或导入意见。")
        else:
            services.solicitation_update(solicitation=solicitation, **fields)
            messages.success(request, "已保存。")
        return redirect("feedback:overview", pk=solicitation.pk)
    return render(
        request,
        "feedback/setup.html",
        {"meeting": meeting, "solicitation": solicitation, "form": form},
        status=400 if form.errors else 200,
    )


def _defaults(meeting) -> dict:
    due = meeting.milestones.filter(kind=MilestoneKind.OPINIONS).values_list("due_date", flat=True)
    return {
        "starts_on": timezone.localdate(),
        "ends_on": next(iter(due), None),
        "channels": services.DEFAULT_CHANNELS,
        "audience": services.DEFAULT_AUDIENCE,
        "intro": services.default_intro(meeting),
        "form_open": True,
    }


@login_required
def overview(request, pk):
    solicitation, _ = get_solicitation_for_user(request.user, pk, require=OFFICE)
    return render(
        request,
        "feedback/overview.html",
        office_context(
            solicitation,
            tab="overview",
            **_link(request, solicitation),
            form_state=public_form_state(solicitation),
            receipts=receipts(solicitation) if solicitation.released_at else [],
        ),
    )


@login_required
@require_POST
def link_action(request, pk, action):
    """Open or close the online form, or renew its link (old QR codes stop working)."""
    solicitation, _ = get_solicitation_for_user(request.user, pk, require=OFFICE)
    refuse_if_archived(solicitation.meeting)
    if action == "renew":
        services.solicitation_link_renew(solicitation=solicitation)
        messages.success(request, "已更换链接：原链接和已打印的二维码不再可用，请重新下载二维码。")
    elif action in ("open", "close"):
        services.solicitation_update(solicitation=solicitation, form_open=action == "open")
        messages.success(request, "网上征求意见表已开放。" if action == "open" else "网上征求意见表已关闭。")
    else:
        raise Http404
    return redirect("feedback:overview", pk=solicitation.pk)


@login_required
def qr_code(request, pk, fmt):
    solicitation, _ = get_solicitation_for_user(request.user, pk, require=OFFICE)
    if fmt not in qr.FORMATS:
        raise Http404
    response = HttpResponse(qr.qr_code(qr.public_url(solicitation, request), fmt), content_type=qr.FORMATS[fmt])
    if request.GET.get("download"):
        response["Content-Disposition"] = content_disposition_header(
            as_attachment=True, filename=f"征求意见二维码.{fmt}"
        )
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def poster(request, pk):
    """A notice to print and put up (意见箱旁、服务窗口): the QR code and what it is for."""
    solicitation, _ = get_solicitation_for_user(request.user, pk, require=OFFICE)
    return render(
        request,
        "feedback/poster.html",
        {"solicitation": solicitation, "meeting": solicitation.meeting, **_link(request, solicitation)},
    )


def _link(request, solicitation) -> dict:
    """The address the QR code encodes, and why a phone could not open it (if it could not)."""
    url = qr.public_url(solicitation, request)
    return {"public_url": url, "unreachable": qr.unreachable_reason(url)}
