"""The office's 公示: choose the items and the period, publish, withdraw; the public's
comments with counts, and taking one into the next meeting's opinions."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from feedback import qr
from meetings.access import Role, ensure_not_archived
from meetings.models import Stage

from ..access import get_item_for_user, get_meeting_for_rectification
from ..disclosure import (
    STATE_LABELS,
    Move,
    StaleDisclosure,
    comment_counts,
    comment_take,
    comments_flush_due,
    disclosure_candidates,
    disclosure_move,
    disclosure_save,
    disclosure_state,
    public_state,
)
from ..disclosure_forms import DisclosureForm
from ..models import Disclosure, PublicComment

READERS = (Role.OFFICE, Role.SECRETARY)


def public_url(disclosure: Disclosure, request=None) -> str:
    """The address the link and the QR code give: SITE_URL when set (as feedback.qr)."""
    path = reverse("rectification:public", args=[disclosure.token])
    if settings.SITE_URL:
        return f"{settings.SITE_URL}{path}"
    return request.build_absolute_uri(path) if request is not None else path


def get_disclosure_for_user(user, pk, *, require=READERS):
    """A 公示 by its id (the notice's checkpoint): as its meeting's rectification pages."""
    disclosure = Disclosure.objects.select_related("meeting").filter(pk=pk).first()
    if disclosure is None:
        raise Http404("整改公示不存在")
    get_meeting_for_rectification(user, disclosure.meeting_id, require=require)
    return disclosure


@login_required
def disclosure_setup(request, pk):
    meeting, access = get_meeting_for_rectification(request.user, pk, require=READERS)
    disclosure = Disclosure.objects.filter(meeting=meeting).first()
    comments_flush_due(disclosure)
    candidates = list(disclosure_candidates(meeting))
    counts = comment_counts(meeting)
    for item in candidates:
        item.comment_count = counts.get(item.pk, 0)
    initial = {"items": [str(i.pk) for i in candidates if i.disclosed],
               "version": disclosure.version if disclosure else 0}
    if disclosure is None:
        # A first 公示 starts with the public's own concerns ticked (seed 001: "对于群众普遍
        # 关心问题的整改情况…进行公示"); the office adds or removes from there.
        initial.update(title=f"{meeting.organization.display_name}{meeting.year}年度整改落实情况公示",
                       items=[str(i.pk) for i in candidates if i.suggested or i.disclosed])
    form = DisclosureForm(request.POST or None, instance=disclosure, initial=initial, candidates=candidates)
    if request.method == "POST":
        if not access.is_office:
            raise PermissionDenied("只有办公室可以设置整改公示")
        ensure_not_archived(meeting, "整改公示")
        if form.is_valid():
            try:
                disclosure_save(
                    meeting=meeting, actor=request.user, fields=form.disclosure_fields(),
                    item_ids=form.cleaned_data["items"], version=form.cleaned_data["version"],
                )
            except StaleDisclosure:
                form.add_error(None, "其他人刚刚修改并保存了这个公示。您的修改没有保存：请刷新页面，看过最新内容后再修改。")
            else:
                messages.success(request, "公示设置已保存。")
                return redirect("rectification:disclosure", pk=meeting.pk)
    return render(request, "rectification/disclosure.html", {
        "meeting": meeting, "access": access, "disclosure": disclosure, "form": form,
        "edits": access.is_office and meeting.stage != Stage.ARCHIVED,
        "candidates": candidates, "chosen": set(form["items"].value() or []),
        "comments": _comments(meeting),
        "state": disclosure_state(disclosure), "state_label": STATE_LABELS[disclosure_state(disclosure)],
        "public_state": public_state(disclosure) if disclosure else "",
        "public_url": public_url(disclosure, request) if disclosure else "",
        "unreachable": qr.unreachable_reason(public_url(disclosure, request)) if disclosure else "",
    })


def _comments(meeting):
    return list(
        PublicComment.objects.filter(item__rectification_list__meeting=meeting)
        .select_related("item").order_by("item__rectification_list_id", "item__order", "item_id", "received_on", "text")
    )


def _move(request, pk, move):
    meeting, _ = get_meeting_for_rectification(request.user, pk, require=(Role.OFFICE,))
    ensure_not_archived(meeting, "整改公示")
    disclosure = Disclosure.objects.filter(meeting=meeting).first()
    if disclosure is None:
        messages.error(request, "请先保存公示设置（期限和公开的事项），再发布。")
        return redirect("rectification:disclosure", pk=meeting.pk)
    try:
        disclosure_move(disclosure=disclosure, move=move, actor=request.user)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(request, "公示已发布。" if move == Move.PUBLISH else "公示已撤回，公开页面不再显示任何事项。")
    return redirect("rectification:disclosure", pk=meeting.pk)


@login_required
@require_POST
def disclosure_publish(request, pk):
    return _move(request, pk, Move.PUBLISH)


@login_required
@require_POST
def disclosure_withdraw(request, pk):
    return _move(request, pk, Move.WITHDRAW)


@login_required
def disclosure_qr(request, pk, fmt):
    meeting, _ = get_meeting_for_rectification(request.user, pk, require=READERS)
    disclosure = Disclosure.objects.filter(meeting=meeting).first()
    if disclosure is None or fmt not in qr.FORMATS:
        raise Http404("整改公示不存在")
    response = HttpResponse(qr.qr_code(public_url(disclosure, request), fmt), content_type=qr.FORMATS[fmt])
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def comment_take_view(request, pk):
    """Take one public comment into the next meeting's opinions (the office only)."""
    comment = PublicComment.objects.select_related("item").filter(pk=pk).first()
    if comment is None:
        raise Http404("留言不存在")
    item, access = get_item_for_user(request.user, comment.item_id)
    if not access.meeting.is_office:
        raise PermissionDenied("只有办公室可以把留言转为意见")
    comment.item = item
    try:
        taken = comment_take(comment=comment, actor=request.user)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(request, f"留言已转为意见：{taken}")
    back = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return redirect(back)
    return redirect("rectification:disclosure", pk=item.rectification_list.meeting_id)
