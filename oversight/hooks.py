"""What oversight hands the lower apps through their registered interfaces."""

from django.urls import reverse

from meetings.access import Role
from meetings.models import Stage
from meetings.progress import register_meeting_panel, register_reminder_hold
from notifications.services import notify
from organizations.groups import register_group_joined

from .forms import CommentForm
from .selectors import chased_recently, meeting_chases, meeting_comments

# A hand chase (催办) holds back the daily reminder of the same milestone for 24 hours.
register_reminder_hold(chased_recently)

# Who reads the supervisors' chases and comments on the meeting page: not ordinary members.
PANEL_READERS = {Role.OFFICE, Role.SECRETARY, Role.SUPERVISOR}


@register_meeting_panel(order=50)
def oversight_panel(meeting, access, user):
    if not PANEL_READERS.intersection(access.roles):
        return None
    return "oversight/_meeting_panel.html", {
        "comments": meeting_comments(meeting),
        "chases": meeting_chases(meeting)[:10],
        "form": CommentForm() if access.is_supervisor and meeting.stage != Stage.ARCHIVED else None,
        # The history page reads by scope: the office's own organisations, a supervisor's below.
        "history_url": f"{reverse('oversight:chase_list')}?org={meeting.organization_id}"
        if access.is_office or access.is_supervisor
        else "",
    }


@register_group_joined
def tell_new_group_members(group, people):
    """A person added to a 督导组 learns it in their inbox (and by e-mail): which body sent
    the group and which organisations they now oversee, with the overview one click away."""
    names = "、".join(org.display_name for org in group.organizations.all())
    notify(
        recipients=[person.user for person in people if person.user_id],
        title=f"您已加入{group.name}",
        body=f"{group.sent_by.display_name}派出的{group.name}督导以下组织：{names}。在督导总览中可查看其进度并催办。",
        url=reverse("oversight:overview"),
    )
