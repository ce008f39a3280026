"""Meeting mode's part of the phase: on the meeting day the office finds it in "my work"."""

from django.db.models import Exists, OuterRef

from meetings.models import Meeting, Stage
from meetings.progress import OFFICE, WorkItem, register_work
from organizations.paging import url_maker
from organizations.selectors import org_ids_with_perm

from .models import Sitting, SittingStatus


@register_work(roles=(OFFICE,))
def mode_work(user):
    """The office: a meeting the upper level agreed to convene and not yet held is run in
    meeting mode. One query however many meetings."""
    offices = org_ids_with_perm(user, "manage_organization")
    if not offices:
        return []
    mode = url_maker("proceedings:mode")
    held = Sitting.objects.filter(meeting=OuterRef("pk"), status=SittingStatus.HELD)
    meetings = Meeting.objects.filter(organization_id__in=offices, stage=Stage.CONVENE_APPROVED) \
        .filter(~Exists(held)).select_related("organization")
    return [
        WorkItem(title="召开会议：会议模式（计时、投屏）", meeting_title=m.title, url=mode(m.pk), kind="会议模式",
                 organization=m.organization.display_name)
        for m in meetings
    ]
