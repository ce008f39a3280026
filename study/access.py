"""The permission checkpoints of the study phase, one per object type.

A session is seen by whoever may see its meeting (meetings.access). Group sessions are
recorded and changed by the office; a self-study log by its own author and the office.
The materials library belongs to an organisation: everyone related to it reads it, its
office manages it. Outsiders get 404; a known person in the wrong role gets 403.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from meetings.access import MeetingAccess, ensure_not_archived, get_meeting_for_user, meeting_access
from meetings.models import Stage
from organizations.access import get_organization_for_user
from organizations.selectors import person_for_user

from .models import StudyAttendance, StudyMaterial, StudySession


def get_study_meeting_for_user(user, pk):
    """The meeting whose study record (its Excel and its 学习研讨记录) this user may read:
    whoever may see the meeting; outsiders get 404."""
    return get_meeting_for_user(user, pk)[0]


def ensure_study_editable(meeting) -> None:
    ensure_not_archived(meeting, "学习记录")


def may_edit_session(user, session: StudySession, access: MeetingAccess) -> bool:
    if session.meeting.stage == Stage.ARCHIVED:
        return False
    if access.is_office:
        return True
    return session.is_self_study and session.owner.user_id == user.pk


def get_session_for_user(user, pk, *, edit: bool = False) -> tuple[StudySession, MeetingAccess]:
    session = (
        StudySession.objects.select_related("meeting__organization", "owner", "recorded_by__person")
        .filter(pk=pk)
        .first()
    )
    if session is None:
        raise Http404("学习记录不存在")
    access = meeting_access(user, session.meeting)
    if not access.roles:
        raise Http404("学习记录不存在")
    if edit:
        ensure_study_editable(session.meeting)
        if not may_edit_session(user, session, access):
            raise PermissionDenied("只有办公室或本人可以修改这条学习记录")
    return session, access


def get_attendance_for_user(user, pk) -> tuple[StudyAttendance, MeetingAccess]:
    """Attendance is changed by the office only (a self-study log has no absentees)."""
    row = (
        StudyAttendance.objects.select_related("session__meeting__organization", "person")
        .filter(pk=pk)
        .first()
    )
    if row is None:
        raise Http404("出勤记录不存在")
    access = meeting_access(user, row.session.meeting)
    if not access.roles:
        raise Http404("出勤记录不存在")
    ensure_study_editable(row.session.meeting)
    if not access.is_office or row.session.is_self_study:
        raise PermissionDenied("只有办公室可以修改出勤情况")
    return row, access


def get_meeting_for_self_study(user, pk):
    """The meeting, and the person whose self-study this user may log there.

    A participant logs their own; the office may log anyone's (it chooses the person).
    Returns (meeting, access, person or None for the office).
    """
    from meetings.access import Role

    meeting, access = get_meeting_for_user(user, pk, require=(Role.OFFICE, Role.MEMBER))
    ensure_study_editable(meeting)
    if access.is_office:
        return meeting, access, None
    person = person_for_user(user)
    if person is None:
        raise PermissionDenied("您的账号未关联人员信息")
    return meeting, access, person


def get_library_for_user(user, org_pk, *, manage: bool = False):
    """An organisation's materials library: (organisation, OrganizationAccess)."""
    return get_organization_for_user(user, org_pk, manage=manage)


def get_material_for_user(user, pk, *, manage: bool = False) -> StudyMaterial:
    material = StudyMaterial.objects.select_related("organization").filter(pk=pk).first()
    if material is None:
        raise Http404("学习材料不存在")
    get_organization_for_user(user, material.organization_id, manage=manage)
    return material
