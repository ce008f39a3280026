"""The one permission checkpoint for organisations."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.http import Http404

from .models import Organization
from .selectors import ancestor_ids, group_org_ids, org_ids_with_perm


@dataclass(frozen=True)
class OrganizationAccess:
    manages: bool
    takes_part: bool
    supervises: bool

    @property
    def any(self) -> bool:
        return self.manages or self.takes_part or self.supervises

    @property
    def sees_roster(self) -> bool:
        """Contact details and the whole roster: the office and the bodies above."""
        return self.manages or self.supervises


def organization_access(user, org: Organization) -> OrganizationAccess:
    if not user.is_authenticated:
        return OrganizationAccess(False, False, False)
    supervising = org_ids_with_perm(user, "supervise_organization")
    # From the request's permission sets, as user.has_perm would answer (see meetings.access).
    return OrganizationAccess(
        manages=user.is_active and org.pk in org_ids_with_perm(user, "manage_organization"),
        takes_part=user.is_active and org.pk in org_ids_with_perm(user, "take_part"),
        # A 督导组 member supervises exactly the organisations assigned to the group.
        supervises=bool(supervising.intersection(ancestor_ids(org))) or org.pk in group_org_ids(user),
    )


def get_organization_for_user(user, pk, *, manage: bool = False):
    org = Organization.objects.select_related("parent").filter(pk=pk).first()
    if org is None:
        raise Http404("组织不存在")
    access = organization_access(user, org)
    if not access.any:
        raise Http404("组织不存在")
    if manage and not access.manages:
        raise PermissionDenied("只有本组织的办公室可以进行此操作")
    return org, access
