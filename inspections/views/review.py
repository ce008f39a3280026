"""A material's page: its state and history, the version under review with the changes
since the reviewer last saw it, comments by section, the decisions, printing."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import prefetch_related_objects
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from documents.registry import get_type
from documents.selectors import files_for
from meetings.access import ensure_not_archived
from organizations.once import once_per_token, save_once
from organizations.textcheck import TypedTextValidator

from ..access import MaterialRole, get_material_for_user, stage_open, version_visible, visible_versions
from ..content import content_chars, content_sections, material_content
from ..forms import CommentForm, TransitionForm
from ..hints import material_hints
from ..models import MaterialState, ReviewComment
from ..review import CommentRefused, comment_add, comment_delete, comment_role, reviewer_mark_seen, version_diff
from ..workflow import TRANSITIONS, TransitionError, available_transitions, material_transition


def _page(request, material, access, version, versions, compare):
    """What the material page and a version's page share."""
    content = version.content if version else (material_content(material) if access.reads_draft else None)
    comments = list(version.comments.select_related("author__person")) if version else []
    # The comments made on the version compared with: did the revision take them up?
    earlier = list(compare.comments.select_related("author__person")) if compare else []
    sections = [
        (section, [c for c in comments if c.section_key == section.key],
         [c for c in earlier if c.section_key == section.key])
        for section in (content_sections(content) if content else [])
    ]
    diff = version_diff(compare, version) if compare and version else None
    hints = material_hints(material, content, user=request.user) if content else []
    return {
        "material": material,
        "meeting": material.meeting,
        "access": access,
        "version": version,
        "versions": versions,
        "content": content,
        "sections": sections,
        "chars": content_chars(content) if content else 0,
        "compare": compare,
        "diff": diff,
        "diff_changed": bool(diff and any(s.changed for s in diff)),
        "hints": hints,
        "similar": [h for h in hints if h.matches],
        "comment_role": comment_role(material, access) if version and version == (versions[-1] if versions else None) else "",
        "comment_form": CommentForm(),
    }


@login_required
def material_detail(request, pk):
    material, access = get_material_for_user(request.user, pk)
    # The meeting's aspects, once for the working text and the similarity hints.
    prefetch_related_objects([material.meeting], "aspects")
    versions = list(visible_versions(material, access))
    version = versions[-1] if versions else None
    compare = None
    if version is not None and (access.is_reviewer or access.has(MaterialRole.OFFICE)):
        # Each reviewer sees the changes since the version they last saw.
        base = reviewer_mark_seen(material=material, user=request.user, number=version.number)
        compare = next((v for v in versions if v.number == base), None) if base else None
    elif version is not None and access.is_writer and len(versions) > 1:
        compare = versions[-2]
    context = _page(request, material, access, version, versions, compare)
    context.update({
        "transitions": available_transitions(material, access),
        "events": material.events.select_related("actor__person", "version"),
        "version_type": get_type("inspection_version"),
        "draft_type": get_type("inspection_draft"),
        "files": _files(material, version),
        "editable": access.is_writer and material.state in MaterialState.editable() and stage_open(material.meeting),
    })
    return render(request, "inspections/material.html", context)


def _files(material, version):
    files = list(files_for(version, limit=10)) if version else []
    return files + list(files_for(material, limit=5))


@login_required
def version_detail(request, pk, number):
    material, access = get_material_for_user(request.user, pk)
    versions = list(visible_versions(material, access))
    version = next((v for v in versions if v.number == number), None)
    if version is None:
        raise Http404("没有这一版")
    earlier = [v for v in versions if v.number < number]
    wanted = request.GET.get("compare")
    compare = next((v for v in earlier if str(v.number) == wanted), earlier[-1] if earlier else None)
    context = _page(request, material, access, version, versions, compare)
    context.update({"earlier": earlier, "version_type": get_type("inspection_version"),
                    "files": list(files_for(version, limit=10))})
    context["comment_role"] = ""  # comments are made on the material's page, on the latest version
    return render(request, "inspections/version.html", context)


def transition_done_message(chosen, material) -> str:
    """"已退回修改。", not "已退回修改：退回修改。": the state is named only when the move's
    label does not already say it."""
    state = material.get_state_display()
    return f"已{chosen.label}。" if state in chosen.label else f"已{chosen.label}，材料现为“{state}”。"


@login_required
def transition(request, pk, name):
    material, access = get_material_for_user(request.user, pk)
    ensure_not_archived(material.meeting, "对照检查材料")
    chosen = TRANSITIONS.get(name)
    if chosen is None:
        raise Http404("没有这个操作")
    if chosen not in available_transitions(material, access):
        messages.error(request, f"现在不能“{chosen.label}”。")
        return redirect(material)
    form = TransitionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            material_transition(material=material, name=name, actor=request.user, access=access,
                                note=form.cleaned_data["note"])
        except TransitionError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, transition_done_message(chosen, material))
            return redirect(material)
    hints = []
    if name in ("submit", "submit_upper"):
        hints = material_hints(material, material_content(material), user=request.user)
    return render(request, "inspections/transition.html", {
        "material": material, "transition": chosen, "form": form, "hints": hints,
        "is_submit": name in ("submit", "submit_upper"),
    })


@login_required
@require_POST
@once_per_token
def comment_new(request, pk):
    material, access = get_material_for_user(request.user, pk)
    ensure_not_archived(material.meeting, "审阅意见")
    version = material.versions.order_by("-number").first()
    if version is None or not version_visible(version, access):
        raise Http404("没有可审阅的版本")
    form = CommentForm(request.POST)
    anchor = request.POST.get("section", "")
    back = reverse("inspections:material", args=[material.pk]) + f"#sec-{anchor}"
    if not form.is_valid():
        odd = [e for e in form.errors.as_data().get("text", []) if e.code == TypedTextValidator.code]
        messages.error(request, odd[0].messages[0] if odd else "请填写意见内容。")
    else:
        try:
            save_once(request, lambda: comment_add(
                material=material, version=version, section_key=form.cleaned_data["section"],
                text=form.cleaned_data["text"], actor=request.user, access=access,
            ), url=lambda _: back)
        except CommentRefused as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, "意见已添加，退回或通过时一并告知撰写人。")
    return redirect(back)


@login_required
@require_POST
def comment_remove(request, pk, comment_id):
    material, access = get_material_for_user(request.user, pk)
    ensure_not_archived(material.meeting, "审阅意见")
    comment = get_object_or_404(ReviewComment, pk=comment_id, material=material)
    try:
        if not comment_role(material, access):
            raise CommentRefused("审阅已结束，意见不能再删除。")
        comment_delete(comment=comment, actor=request.user)
    except CommentRefused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "意见已删除。")
    return redirect(reverse("inspections:material", args=[material.pk]) + f"#sec-{comment.section_key}")
