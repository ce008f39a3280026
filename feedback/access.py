"""The permission checkpoints for this phase: one per object type, built on the meeting's.

- the office of the meeting's organisation runs the solicitation and sees every opinion;
- the secretary and the supervising officials see the summary (counts, documents);
- each member sees, once released, the opinions routed to them and to the team
  (`selectors.member_feedback`), never those addressed only to someone else;
- anyone else gets 404.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from meetings.access import MeetingAccess, Role, meeting_access

from .models import Opinion, Solicitation

# Who may read the counted summary and its documents.
SUMMARY_ROLES = (Role.OFFICE, Role.SECRETARY, Role.SUPERVISOR)


def _check(access: MeetingAccess, require: tuple[str, ...], missing: str) -> None:
    if not access.roles:
        raise Http404(missing)
    if require and not access.roles.intersection(require):
        raise PermissionDenied("您的角色无权查看或进行此操作")


def get_solicitation_for_user(user, pk, *, require: tuple[str, ...] = ()):
    """(solicitation, access): 404 for outsiders, 403 when the role is wrong."""
    solicitation = (
        Solicitation.objects.select_related("meeting__organization").filter(pk=pk).first()
    )
    if solicitation is None:
        raise Http404("征求意见不存在")
    access = meeting_access(user, solicitation.meeting)
    _check(access, require, "征求意见不存在")
    return solicitation, access


def get_opinion_for_user(user, pk, *, require: tuple[str, ...] = (Role.OFFICE,)):
    """(opinion, access). Single opinions, with where they came from, are the office's."""
    opinion = (
        Opinion.objects.select_related(
            "solicitation__meeting__organization", "aspect", "addressed_member", "suggested_aspect"
        )
        .filter(pk=pk)
        .first()
    )
    if opinion is None:
        raise Http404("意见不存在")
    access = meeting_access(user, opinion.solicitation.meeting)
    _check(access, require, "意见不存在")
    return opinion, access


def solicitation_for_document(user, pk) -> Solicitation:
    """The documents registry's checkpoint: the summary's readers."""
    return get_solicitation_for_user(user, pk, require=SUMMARY_ROLES)[0]
