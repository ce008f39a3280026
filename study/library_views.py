"""An organisation's study materials library: read by all who belong, managed by its office."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Case, Count, IntegerField, Value, When
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from meetings.models import Meeting
from organizations.once import once_per_token, save_once
from organizations.paging import page_for, url_maker

from . import services
from .access import get_library_for_user, get_material_for_user
from .forms import MaterialForm
from .models import MaterialKind, StudyMaterial


def _back_meeting(request, org):
    """The meeting the person came from, to link back to its study page."""
    pk = request.GET.get("meeting", "")
    if not pk.isdigit():
        return None
    return Meeting.objects.filter(pk=pk, organization=org).first()


@login_required
def library(request, org_pk):
    org, access = get_library_for_user(request.user, org_pk)
    if access.manages:
        services.materials_ensure_library(organization=org)
    # The archive is a shelf of its own: both grow year by year, and each pages alone.
    shelf = "archived" if request.GET.get("shelf") == "archived" else ""
    shelved = StudyMaterial.objects.filter(organization=org, is_archived=bool(shelf))
    page = page_for(
        request, shelved.annotate(session_count=Count("sessions")).order_by(_kind_rank(), "pk")
    )
    page.object_list = list(page.object_list)
    edit, archive = url_maker("study:material_edit"), url_maker("study:material_archive")
    for material in page.object_list:
        material.edit_url, material.archive_url = edit(material.pk), archive(material.pk)
    return render(
        request,
        "study/library.html",
        {
            "org": org,
            "page": page,
            "shelf": shelf,
            "archived_count": 0 if shelf else StudyMaterial.objects.filter(organization=org, is_archived=True).count(),
            "can_manage": access.manages,
            "back": _back_meeting(request, org),
        },
    )


def _kind_rank():
    """MaterialKind.rank in SQL, so that the database orders (and pages) the library by kind."""
    values = MaterialKind.values
    return Case(
        *(When(kind=value, then=Value(i)) for i, value in enumerate(values)),
        default=Value(len(values)),
        output_field=IntegerField(),
    )


@login_required
@require_POST
def materials_import(request, org_pk):
    org, _ = get_library_for_user(request.user, org_pk, manage=True)
    created = services.materials_import_standard(organization=org)
    if created:
        messages.success(request, f"已导入{created}种常用学习材料。")
    else:
        messages.info(request, "常用学习材料均已在库中，未重复导入。")
    return redirect("study:library", org_pk=org.pk)


@login_required
@once_per_token
def material_create(request, org_pk):
    org, _ = get_library_for_user(request.user, org_pk, manage=True)
    form = MaterialForm(request.POST or None, organization=org)
    if request.method == "POST" and form.is_valid():
        material = save_once(
            request, lambda: services.material_create(organization=org, **form.cleaned_data),
            url=lambda m: reverse("study:library", args=[org.pk]),
        )
        messages.success(request, f"已添加“{material.title}”。")
        return redirect("study:library", org_pk=org.pk)
    return render(request, "study/material_form.html", {"org": org, "form": form, "title": "添加学习材料"})


@login_required
def material_edit(request, pk):
    material = get_material_for_user(request.user, pk, manage=True)
    org = material.organization
    form = MaterialForm(request.POST or None, instance=material, organization=org)
    if request.method == "POST" and form.is_valid():
        services.material_update(material=material, **form.cleaned_data)
        messages.success(request, "已保存。")
        return redirect("study:library", org_pk=org.pk)
    return render(
        request,
        "study/material_form.html",
        {"org": org, "form": form, "material": material, "title": "修改学习材料"},
    )


@login_required
@require_POST
def material_archive(request, pk):
    material = get_material_for_user(request.user, pk, manage=True)
    services.material_set_archived(material=material, archived=not material.is_archived)
    state = "归档，不再供选择" if material.is_archived else "恢复使用"
    messages.success(request, f"“{material.title}”已{state}。")
    return redirect("study:library", org_pk=material.organization_id)
