"""The permission checkpoint for a sitting and its minutes.

Everyone related to the meeting (meetings.access) may open the agenda and a sitting's
minutes; the office records them; the supervisor enters the 点评. The criticism items are
seen by the office, the secretary, the person criticised and the supervisor — a member of
the team gets 404 on the criticisms of colleagues, as an outsider does everywhere.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from meetings.access import MeetingAccess, Role, get_meeting_for_user
from organizations.selectors import person_for_user

from .models import Criticism, Sitting, Slot, SlotKind


def get_sitting_for_user(user, pk, *, require: tuple[str, ...] = ()):
    sitting = Sitting.objects.select_related("meeting", "meeting__organization").filter(pk=pk).first()
    if sitting is None:
        raise Http404("会次不存在")
    _meeting, access = get_meeting_for_user(user, sitting.meeting_id, require=require)
    return sitting, access


def sees_all_criticisms(access: MeetingAccess) -> bool:
    return bool(access.roles.intersection({Role.OFFICE, Role.SECRETARY, Role.SUPERVISOR}))


def may_see_round_of(user, access: MeetingAccess, person_id) -> bool:
    """Whether this person sees the criticisms of (and the notes on criticisms of) `person_id`."""
    if sees_all_criticisms(access):
        return True
    me = person_for_user(user)
    return me is not None and me.pk == person_id


def visible_criticisms(user, access: MeetingAccess, queryset):
    if sees_all_criticisms(access):
        return queryset
    me = person_for_user(user)
    return queryset.filter(receiver=me) if me else queryset.none()


def get_criticism_for_user(user, pk, *, require: tuple[str, ...] = ()):
    """A criticism item: 404 for outsiders and for members it does not concern."""
    criticism = Criticism.objects.select_related("sitting__meeting", "giver", "receiver").filter(pk=pk).first()
    if criticism is None:
        raise Http404("批评意见不存在")
    _meeting, access = get_meeting_for_user(user, criticism.sitting.meeting_id)
    if not may_see_round_of(user, access, criticism.receiver_id):
        raise Http404("批评意见不存在")
    if require and not access.roles.intersection(require):
        raise PermissionDenied("您的角色无权进行此操作")
    return criticism, access


def get_slot_for_user(user, pk, *, require: tuple[str, ...] = ()):
    """A slot of the minutes; a member sees a criticism slot only in their own round."""
    slot = Slot.objects.select_related("sitting__meeting", "agenda_item", "speaker", "subject", "read_by") \
        .filter(pk=pk).first()
    if slot is None:
        raise Http404("发言不存在")
    _meeting, access = get_meeting_for_user(user, slot.sitting.meeting_id)
    if slot.kind == SlotKind.CRITICISM and not may_see_round_of(user, access, slot.subject_id):
        raise Http404("发言不存在")
    if require and not access.roles.intersection(require):
        raise PermissionDenied("您的角色无权进行此操作")
    return slot, access
