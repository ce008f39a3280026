"""The criticism planner's writes: a member's own planned criticisms, and (above a full
round) the office turning them into the rotation's critic assignment. Who may read what is
`proceedings.planner`'s rule; the checks here are the server's, whatever the page shows."""

from django.db import transaction

from meetings.access import ensure_not_archived, meeting_access
from meetings.models import Meeting
from organizations.models import Person
from organizations.selectors import person_for_user

from .models import CriticismPlan
from .planner import FULL_ROTATION_MAX, MAX_CHARS, PLANNING_STAGES, criticism_board, critics_proposal, planner_people
from .rotation import critics_assign, needs_assignment


class PlannerError(Exception):
    """A planner write refused, with the reason for the page (Chinese)."""


def _check_writable(meeting: Meeting) -> None:
    ensure_not_archived(meeting, "拟在会上开展的批评意见")
    if meeting.stage not in PLANNING_STAGES:
        raise PlannerError(f"会议当前为“{meeting.get_stage_display()}”，拟在会上开展的批评意见已不能再修改。")


def _clean_text(text: str) -> str:
    text = (text or "").strip()
    if not text:
        raise PlannerError("请填写拟提出的批评意见。")
    if len(text) > MAX_CHARS:
        raise PlannerError(f"批评意见最多{MAX_CHARS}字。")
    return text


@transaction.atomic
def criticism_plan_add(*, meeting: Meeting, receiver: Person, text: str, actor) -> CriticismPlan:
    """A team member plans one more criticism of a colleague for the meeting."""
    _check_writable(meeting)
    people = planner_people(meeting)
    giver = person_for_user(actor)
    ids = {p.pk for p in people}
    if giver is None or giver.pk not in ids:
        raise PlannerError("只有参加会议的班子成员本人可以填写拟提出的批评意见。")
    if receiver.pk not in ids:
        raise PlannerError("被批评人须是参加会议的成员。")
    if receiver.pk == giver.pk:
        raise PlannerError("对本人的问题请在自我批评（个人发言提纲）中写明。")
    return CriticismPlan.objects.create(
        meeting=meeting, giver=giver, receiver=receiver, text=_clean_text(text), created_by=actor
    )


STALE = "这条批评意见已在别处（另一个窗口）修改过，您的修改未保存。下面是最新内容，您刚才填写的文字保留在输入框中，请核对后再保存。"


@transaction.atomic
def criticism_plan_update(*, plan: CriticismPlan, text: str, version: int, actor) -> CriticismPlan:
    """The giver changes their text; a save from a stale page is refused (STALE)."""
    locked = CriticismPlan.objects.select_for_update().select_related("meeting").get(pk=plan.pk)
    _check_writable(locked.meeting)
    giver = person_for_user(actor)
    if giver is None or locked.giver_id != giver.pk:
        raise PlannerError("只能修改本人拟提出的批评意见。")
    if locked.version != version:
        raise PlannerError(STALE)
    locked.text = _clean_text(text)
    locked.version += 1
    locked.save(update_fields=["text", "version", "updated_at"])
    return locked


@transaction.atomic
def criticism_plan_delete(*, plan: CriticismPlan, actor) -> None:
    locked = CriticismPlan.objects.select_for_update().select_related("meeting").filter(pk=plan.pk).first()
    if locked is None:
        raise PlannerError("这条批评意见已删除。")
    _check_writable(locked.meeting)
    giver = person_for_user(actor)
    if giver is None or locked.giver_id != giver.pk:
        raise PlannerError("只能删除本人拟提出的批评意见。")
    locked.delete()



def critics_from_plan(*, meeting: Meeting, actor) -> int:
    """The office turns the planned criticisms into the rotation's critic assignment (above
    a full round): each member's critics become those who plan to criticise them. A member
    nobody plans to criticise keeps the critics assigned so far. Returns how many members'
    critics changed; the rotation's own checks (meeting not started) apply."""
    if not meeting_access(actor, meeting).is_office:
        raise PlannerError("只有办公室可以安排批评人。")
    people = planner_people(meeting)
    if not needs_assignment(people):
        raise PlannerError(f"参会成员不超过{FULL_ROTATION_MAX}人，每位成员都要对其他成员提出批评，无需安排批评人。")
    changed = 0
    with transaction.atomic():
        for proposal in critics_proposal(criticism_board(meeting, people)):
            if proposal.changes:
                critics_assign(meeting=meeting, receiver=proposal.receiver, givers=proposal.givers)
                changed += 1
    return changed
