"""The summary, feeding back, and what each member is shown."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from documents.registry import get_type
from documents.selectors import files_for
from meetings.access import Role
from organizations.selectors import person_for_user

from ..access import SUMMARY_ROLES, get_solicitation_for_user
from ..documents import REPORT_KIND, TABLE_KIND
from ..release import feedback_mark_seen, feedback_release
from ..selectors import feedback_summary, member_feedback, release_preview, state_counts
from ..sorting import SortingError
from .office import office_context, refuse_if_archived


@login_required
def summary(request, pk):
    solicitation, access = get_solicitation_for_user(request.user, pk, require=SUMMARY_ROLES)
    return render(
        request,
        "feedback/summary.html",
        {
            **office_context(solicitation, tab="summary"),
            "access": access,
            "summary": feedback_summary(solicitation),
            "documents": [get_type(REPORT_KIND), get_type(TABLE_KIND)],
            "files": files_for(solicitation, limit=10),
        },
    )


@login_required
def release(request, pk):
    """Feed the sorted opinions back: see who gets what, then release."""
    solicitation, _ = get_solicitation_for_user(request.user, pk, require=(Role.OFFICE,))
    if request.method == "POST":
        refuse_if_archived(solicitation.meeting)
        try:
            done = feedback_release(solicitation=solicitation, actor=request.user)
        except SortingError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request,
                f"已向班子及班子成员反馈 {done.opinions} 条意见建议，并通知了 {done.members_told} 人。",
            )
            return redirect("feedback:overview", pk=solicitation.pk)
    counts = state_counts(solicitation)
    return render(
        request,
        "feedback/release.html",
        office_context(solicitation, tab="release", preview=release_preview(solicitation), counts=counts),
    )


@login_required
def my_feedback(request, pk):
    """A member's own space: the opinions about them and the team's, word for word."""
    solicitation, access = get_solicitation_for_user(request.user, pk, require=(Role.MEMBER,))
    person = person_for_user(request.user)
    feedback = None
    if solicitation.released_at:
        feedback = member_feedback(solicitation, person)
        feedback_mark_seen(solicitation=solicitation, person=person)
    return render(
        request,
        "feedback/mine.html",
        {
            "solicitation": solicitation,
            "meeting": solicitation.meeting,
            "access": access,
            "person": person,
            "feedback": feedback,
        },
    )
