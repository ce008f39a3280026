"""What this phase contributes to the meeting checklist, my work, reminders and documents."""

from django.urls import reverse
from django.utils import timezone

from meetings.models import MeetingKind, Milestone, MilestoneKind, Stage
from meetings.progress import (
    ChecklistItem,
    WorkItem,
    register_checklist,
    register_reminders,
    register_work,
)
from organizations.selectors import person_for_user

from . import county  # noqa: F401  registers its part of the measuring county (seed_county)
from . import demo, documents  # noqa: F401  registers the demo data and the document types
from .access import TALKS_OPEN_STAGES
from .coverage import coverages, meeting_coverage
from .models import TalkState
from .reminders import talk_reminders_send
from .selectors import awaiting_confirmation, involved_meetings, personal_lines


def _matrix_url(meeting) -> str:
    return reverse("talks:matrix", args=[meeting.pk])


@register_checklist("谈心谈话", order=40, link=_matrix_url)
def talks_progress(meeting):
    coverage = meeting_coverage(meeting)
    total = coverage.total
    # Only confirmed (or excused) pairs count: a tick on the milestone does not stand in
    # for the talks. Paper records are entered as records (talks.views: the office's form).
    detail = f"已谈{total.done}/{total.required}对"
    if total.excused:
        detail += f"，免谈{total.excused}对"
    if not total.required:
        detail = "没有应谈对象；如确不适用，由办公室标注“不适用”并写明理由"
    label = (
        "应谈对象全部谈完（四必谈）"
        if meeting.kind == MeetingKind.DEMOCRATIC_LIFE
        else "支委委员、党员之间普遍谈心谈话"
    )
    yield ChecklistItem(
        label,
        coverage.complete,
        detail,
        _matrix_url(meeting),
        required_to_convene=True,
    )
    yield ChecklistItem(
        "谈话对象已确定",
        coverage.total.required > 0 and not coverage.gaps,
        f"{len(coverage.gaps)}项待补充" if coverage.gaps else "",
        reverse("talks:setup", args=[meeting.pk]),
        url_for_office=True,
    )
    if coverage.priority.required:
        yield ChecklistItem(
            "书记与重点党员谈话",
            coverage.priority.complete,
            f"{coverage.priority.done}/{coverage.priority.required}",
        )
    recorded = [p.talk for p in coverage.pairs.values() if p.talk]
    awaiting = sum(1 for t in recorded if t.state == TalkState.RECORDED)
    # No record at all is not "all confirmed": an empty phase is never done by default.
    yield ChecklistItem(
        "谈话记录均已确认",
        bool(recorded) and awaiting == 0,
        f"{awaiting}份待确认" if awaiting else ("" if recorded else "尚无谈话记录"),
    )


@register_work
def talks_to_do(user):
    """Whom this person still has to talk to, and records waiting for their confirmation."""
    if not user.is_authenticated:
        return []
    meetings = involved_meetings(user, TALKS_OPEN_STAGES)
    if not meetings:
        return []
    person = person_for_user(user)
    today = timezone.localdate()
    items = []
    preparing = [m for m in meetings if m.stage == Stage.PRE_MEETING]
    due_dates = _talk_due_dates(preparing)
    # The person's own pairs, not the roster's whole matrix (a branch of 40: hundreds of talks).
    for meeting_id, coverage in coverages(preparing, person_id=person.pk).items():
        meeting = coverage.roster.meeting
        missing = [line for line in personal_lines(coverage, person.pk) if line.status.is_missing]
        if not missing:
            continue
        due = due_dates.get(meeting_id)
        names = "、".join(line.other.name for line in missing[:3]) + (
            "等" if len(missing) > 3 else ""
        )
        items.append(
            WorkItem(
                title=f"谈心谈话：还需与{len(missing)}人谈（{names}）",
                meeting_title=meeting.title,
                url=reverse("talks:mine", args=[meeting_id]),
                due_date=due,
                kind="谈心谈话",
                overdue=bool(due and due < today),
            )
        )
    for talk in awaiting_confirmation(person, meetings):
        items.append(
            WorkItem(
                title=f"确认谈心谈话记录：与{talk.other(person.pk).name}（{talk.talked_on:%m月%d日}）",
                meeting_title=talk.meeting.title,
                url=reverse("talks:detail", args=[talk.pk]),
                kind="待确认",
            )
        )
    return items


def _talk_due_dates(meetings) -> dict:
    return dict(
        Milestone.objects.filter(meeting__in=meetings, kind=MilestoneKind.TALKS).values_list(
            "meeting_id", "due_date"
        )
    )


@register_reminders
def talk_reminders(today) -> int:
    return talk_reminders_send(today=today)
