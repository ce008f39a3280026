"""The meeting's demo data (meetings.builders.register_demo), one builder per part."""

from django.contrib.auth import get_user_model
from django.utils import timezone

from meetings.builders import register_demo

# ---- room: last year's meeting, held on paper, with its minutes entered afterwards ----

ROOM_CRITICISMS = [
    ("调查研究还不够深入，到基层一线听取群众意见的次数偏少。", "对分管科室的督促检查抓得不够经常。"),
    ("抓落实的韧劲还不够，个别督办事项跟进不及时。",),
    ("理论学习系统性不强，学用结合还有差距。",),
]


def room_demo(context: dict) -> None:
    """Last year's meeting (整改落实) gets its minutes: attendance with one member on leave
    (read by a colleague), the secretary's round recorded, the supervisor's 点评."""
    from meetings.access import meeting_access

    from .minutes import attendance_update, comment_save, criticism_add, minutes_finish, slot_record
    from .models import AttendanceStatus, SlotKind
    from .rotation import rotation_members, sitting_prepare

    from .agenda import agenda_from_plan

    current = context.get("gov_meeting")
    if current is not None and not current.agenda_items.exists():
        agenda_from_plan(meeting=current)  # this year's agenda, from the approved plan
    meeting = context.get("gov_last_year")
    if meeting is None or meeting.sittings.exists():
        return
    users = {u.username: u for u in get_user_model().objects.filter(username__in=["office", "supervisor"])}
    office, supervisor = users.get("office"), users.get("supervisor")
    if office is None:
        return
    sitting = sitting_prepare(meeting=meeting, actor=office)
    members = rotation_members(meeting)
    if len(members) >= 3:
        absent = sitting.attendance.get(person=members[-1])
        attendance_update(attendance=absent, status=AttendanceStatus.LEAVE, reason="参加省里集中培训",
                          read_by=members[1])
    start = timezone.make_aware(timezone.datetime(meeting.held_on.year, meeting.held_on.month, meeting.held_on.day, 9))
    first = members[0] if members else None
    if first:
        own = sitting.slots.get(kind=SlotKind.SELF, subject=first)
        slot_record(slot=own, version=own.version, started_at=start, ended_at=start + timezone.timedelta(minutes=16),
                    notes=f"{first.name}同志代表班子并联系个人思想和工作实际，对照五个方面查摆问题，剖析根源，提出整改措施。")
        critics = sitting.slots.filter(kind=SlotKind.CRITICISM, subject=first).exclude(status="leave").order_by("order")
        for slot, texts in zip(critics, ROOM_CRITICISMS):
            for text in texts:
                criticism_add(slot=slot, text=text, actor=office)
    if supervisor:
        comment_save(sitting=sitting, access=meeting_access(supervisor, meeting), actor=supervisor,
                     text="会前准备比较充分，查摆问题比较具体，批评和自我批评开门见山、动真碰硬。希望抓好整改落实。")
    minutes_finish(sitting=sitting, actor=office)


# ---- prep: the current meeting's preparation report and application ----


@register_demo(order=60)
def preparation_demo(context: dict) -> None:
    """The current gov meeting gets its preparation report compiled and its application
    filled from the plan, ready for the office to edit and send (召开准备)."""
    from .convening import application_initial, application_save
    from .models import PreparationReport
    from .preparation import report_compile

    meeting, office = context["gov_meeting"], context["users"]["office"]
    if PreparationReport.objects.filter(meeting=meeting).exists():
        return
    report_compile(meeting=meeting, actor=office)
    initial = application_initial(meeting)
    application_save(
        meeting=meeting,
        version=None,
        actor=office,
        proposed_at=initial["proposed_at"],
        place=initial["place"],
        attendees=initial["attendees"],
        agenda=initial["agenda"],
        lead_days=initial["lead_days"],
    )
