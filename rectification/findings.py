"""Upper findings (巡视巡察 and other upper inspections, seeds 002, 004): the problems fed
back from above, entered by the office per meeting, to be rectified like the others.

A finding concerns the team (no member) or one member; it becomes a candidate of the team
list or of that member's list (rectification.sources). Edits carry the version read, so
two people editing the same finding are told instead of overwriting each other.
"""

from django.db import transaction
from django.db.models import F

from meetings.access import ensure_not_archived
from organizations.models import Person

from .models import ItemSource, UpperFinding


class FindingError(Exception):
    """A change refused, the reason in Chinese."""


class FindingConflict(FindingError):
    """Someone else saved the finding since it was read: their text is kept, ours shown."""

    def __init__(self, current: UpperFinding):
        super().__init__("这条反馈问题已被他人修改：请核对下面的最新内容后再保存（您填写的内容仍在表单中）")
        self.current = current


def _check_member(meeting, member: Person | None) -> None:
    if member is not None and not meeting.organization.team.filter(person=member).exists():
        raise FindingError("涉及成员须是本班子成员")


@transaction.atomic
def finding_create(*, meeting, source: str, text: str, member: Person | None = None, received_on=None,
                   actor) -> UpperFinding:
    ensure_not_archived(meeting, "上级反馈问题")
    _check_member(meeting, member)
    return UpperFinding.objects.create(meeting=meeting, source=source.strip(), text=text.strip(), member=member,
                                       received_on=received_on, entered_by=actor)


@transaction.atomic
def finding_update(*, finding: UpperFinding, version: int, source: str, text: str, member: Person | None = None,
                   received_on=None, actor) -> UpperFinding:
    ensure_not_archived(finding.meeting, "上级反馈问题")
    _check_member(finding.meeting, member)
    changed = UpperFinding.objects.filter(pk=finding.pk, version=version).update(
        source=source.strip(), text=text.strip(), member=member, received_on=received_on, version=F("version") + 1,
    )
    if not changed:
        raise FindingConflict(UpperFinding.objects.get(pk=finding.pk))
    finding.refresh_from_db()
    return finding


@transaction.atomic
def finding_delete(*, finding: UpperFinding, actor) -> None:
    """Only while no item has taken it: an item's source is not taken away under it."""
    ensure_not_archived(finding.meeting, "上级反馈问题")
    if ItemSource.objects.filter(finding=finding).exists():
        raise FindingError("这条反馈问题已列入整改事项，不能删除；如需调整请修改整改事项")
    finding.delete()
