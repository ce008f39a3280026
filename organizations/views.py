from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_POST

from .access import get_organization_for_user
from .groups import group_sender_ids
from .models import Department, Organization, Person, TeamMembership
from .paging import page_for, url_maker
from .selectors import group_org_ids, org_ids_with_perm, visible_organizations
from .services import person_password_reset


@login_required
def organization_list(request):
    user = request.user
    own = org_ids_with_perm(user, "manage_organization") | org_ids_with_perm(user, "take_part")
    page = page_for(request, visible_organizations(user).select_related("parent"))
    page.object_list = list(page.object_list)
    detail = url_maker("organizations:detail")
    for org in page.object_list:
        org.detail_url = detail(org.pk)
    # Where this person sends 督导组 from: a body with organisations below it.
    senders = Organization.objects.filter(pk__in=group_sender_ids(user), children__isnull=False).distinct()
    return render(
        request,
        "organizations/organization_list.html",
        {"page": page, "own": own, "assigned": group_org_ids(user), "senders": senders},
    )


@login_required
def organization_detail(request, pk):
    org, access = get_organization_for_user(request.user, pk)
    team = (
        TeamMembership.objects.filter(organization=org)
        .select_related("organization", "person__department", "person__branch")
        .prefetch_related("oversees")
    )
    departments = Department.objects.filter(organization=org).select_related("head")
    people = (
        Person.objects.filter(organization=org)
        .select_related("department", "branch", "user")
        .in_official_order()
        if access.sees_roster
        else Person.objects.none()
    )
    staff = org.staff.select_related("person") if access.sees_roster else []
    # A child the reader may not open is named, not linked (a link would answer 404).
    children = list(org.children.all())
    open_ids = (
        set(visible_organizations(request.user).filter(pk__in=[c.pk for c in children]).values_list("pk", flat=True))
        if children
        else set()
    )
    for child in children:
        child.may_open = child.pk in open_ids
    return render(
        request,
        "organizations/organization_detail.html",
        {
            "org": org,
            "access": access,
            "team": team,
            "departments": departments,
            "people": people,
            "staff": staff,
            "children": children,
        },
    )


@login_required
@require_POST
def person_password_reset_view(request, pk, person_id):
    """The office sets a new random password for one of its people and sees it once."""
    org, access = get_organization_for_user(request.user, pk, manage=True)
    person = Person.objects.filter(pk=person_id, organization=org, user__isnull=False).first()
    if person is None:
        raise Http404("人员不存在")
    password = person_password_reset(person=person)
    return render(
        request,
        "organizations/password_reset_done.html",
        {"org": org, "person": person, "password": password},
    )
