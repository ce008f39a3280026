"""The meeting's part of the measuring county (meetings.builders.register_county), one
builder per part.

召开准备: a meeting past 会前准备 was sent up with its report and application, and agreed
to where its stage says so; in 会前准备 about half have a draft report. The texts are short
stand-ins with the report's headings: the county measures pages, not prose.
"""

from datetime import timedelta

from meetings.builders import register_county
from meetings.county import OFFSETS, _at
from meetings.models import Meeting, Stage
from organizations.models import SupervisorBody

from .models import ConveningApplication, ConveningRequest, PreparationReport, RequestStatus
from .models.preparation import DEFAULT_LEAD_DAYS

SENT = (Stage.CONVENE_REQUESTED, Stage.CONVENE_APPROVED, Stage.HELD, Stage.RECTIFYING, Stage.ARCHIVED)
AGREED = (Stage.CONVENE_APPROVED, Stage.HELD, Stage.RECTIFYING, Stage.ARCHIVED)
HEADINGS = [("study", "一、深入学习研讨，打牢思想基础"), ("opinions", "二、广泛征求意见，找准突出问题"),
            ("talks", "三、深入谈心谈话，形成思想共识"), ("materials", "四、认真撰写材料，深刻检视剖析")]


def _sections(meeting) -> list[dict]:
    return (
        [{"key": "preface", "heading": "", "text": f"现将{meeting.title}准备工作情况报告如下："}]
        + [{"key": key, "heading": heading, "text": "各项工作已按方案完成。"} for key, heading in HEADINGS]
        + [{"key": "closing", "heading": "", "text": "各项准备工作已就绪，现已具备开会条件。"}]
    )


@register_county(order=60)
def preparation_county(county) -> None:
    rng = county.rng
    supervisor = county.supervisors.get(SupervisorBody.ORGANIZATION_DEPARTMENT)
    reports, applications, requests, agreed = [], [], [], []
    for m in county.meetings_in(Stage.PRE_MEETING, *SENT):
        if m.stage == Stage.PRE_MEETING and rng.random() < 0.5:
            continue
        office = county.office.get(m.organization_id)
        actor = office.user_id if office else None
        day = m.county_start + timedelta(days=OFFSETS["meeting"])
        compiled = _at(day - timedelta(days=DEFAULT_LEAD_DAYS + 2))
        sections = _sections(m)
        reports.append(PreparationReport(meeting=m, title=f"{m.title}准备工作情况报告", sections=sections, figures={},
                                         compiled_at=compiled, compiled_by_id=actor, updated_at=compiled,
                                         updated_by_id=actor))
        applications.append(ConveningApplication(meeting=m, proposed_at=_at(day, 9), place="会议室",
                                                 agenda="通报整改落实和征求意见情况\n对照检查\n开展批评和自我批评\n到会指导领导讲话\n总结讲话",
                                                 updated_at=compiled, updated_by_id=actor))
        if m.stage not in SENT:
            continue
        sent = _at(day - timedelta(days=DEFAULT_LEAD_DAYS + 1))
        decided = m.stage in AGREED
        requests.append(ConveningRequest(
            meeting=m, number=1, report={"title": f"{m.title}准备工作情况报告", "sections": sections},
            application={"proposed": f"{day.year}年{day.month}月{day.day}日09:00", "place": "会议室", "attendees": [],
                         "agenda": [], "lead_days": DEFAULT_LEAD_DAYS},
            sent_by_id=actor, sent_at=sent, days_ahead=DEFAULT_LEAD_DAYS + 1,
            status=RequestStatus.APPROVED if decided else RequestStatus.PENDING,
            decided_by_id=supervisor.user_id if decided and supervisor else None,
            decided_at=sent + timedelta(days=2) if decided else None, agreed_on=day if decided else None,
        ))
        if decided:
            m.agreed_on = day
            agreed.append(m)
    county.bulk(PreparationReport, reports)
    county.bulk(ConveningApplication, applications)
    county.bulk(ConveningRequest, requests)
    Meeting.objects.bulk_update(agreed, ["agreed_on"], batch_size=2000)
