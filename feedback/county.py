"""Feedback's part of the measuring county (meetings.builders.register_county).

About a hundred opinions per organisation, spread over the solicitations of the meetings
under way: where the opinions milestone is done they are sorted and fed back (routed to
the team or a member, answered once the materials are done); elsewhere some are new,
some sorted, a few set aside. Written directly with bulk_create: `anonymity.writes`
batches the public form's rows so their order says nothing, which a seed does not need.
Ids come from the county's random source, so the same seed gives the same opinions.
"""

import uuid
from collections import defaultdict
from datetime import timedelta

from meetings.builders import register_county
from meetings.county import _at, phase_finished, work_meetings
from meetings.models import MeetingAspect

from .models import (
    Channel,
    Opinion,
    OpinionEvent,
    OpinionKind,
    OpinionRouting,
    OpinionSource,
    OpinionState,
    ResponseStatus,
    Solicitation,
)

OPINIONS_PER_ORGANIZATION = 100
TEXTS = [
    "希望班子成员多到基层一线调研，面对面听取群众意见，少听汇报多看现场。",
    "会议和文件仍然偏多，基层填表报数负担较重，建议进一步精简。",
    "政务服务窗口办事流程还可优化，部分事项需要多次跑腿。",
    "建议加强年轻干部培养，给他们压担子、搭台子。",
    "对群众反映的问题要建立台账，跟踪办理，及时反馈结果。",
    "个别干部服务意识不强，接待群众时态度生硬。",
    "建议定期公开重点工作进展，接受群众监督。",
    "学习教育要联系实际，避免照本宣科、流于形式。",
]


def _uuid(rng) -> uuid.UUID:
    return uuid.UUID(int=rng.getrandbits(128), version=4)


@register_county(order=30)
def feedback_county(county) -> None:
    rng = county.rng
    meetings = work_meetings(county)
    if not meetings:
        return
    aspects = defaultdict(list)
    for meeting_id, aspect_id in MeetingAspect.objects.filter(meeting__in=meetings).values_list("meeting_id", "id"):
        aspects[meeting_id].append(aspect_id)
    solicitations = county.bulk(Solicitation, (
        Solicitation(
            meeting=m, starts_on=m.county_start + timedelta(days=8), ends_on=m.county_milestones["opinions"].due_date,
            channels=[Channel.FORUM, Channel.FORM, Channel.ONLINE], audience="党员、干部、群众、服务对象和“两代表一委员”",
            token=f"{rng.getrandbits(128):032x}",
            released_at=_at(m.county_milestones["opinions"].due_date) if phase_finished(m, "opinions") else None,
            last_released_at=_at(m.county_milestones["opinions"].due_date) if phase_finished(m, "opinions") else None,
            released_by_id=m.created_by_id if phase_finished(m, "opinions") else None,
            created_by_id=m.created_by_id,
        ) for m in meetings
    ))
    per_meeting = OPINIONS_PER_ORGANIZATION * county.orgs / len(meetings)
    opinions, routings, events = [], [], []
    for s in solicitations:
        m = s.meeting
        team = county.team[m.organization_id]
        released, answered = phase_finished(m, "opinions"), phase_finished(m, "materials")
        for _ in range(max(1, round(per_meeting * rng.uniform(0.5, 1.5)))):
            online = rng.random() < 0.4
            if released:
                state = OpinionState.RELEASED if rng.random() < 0.95 else OpinionState.SET_ASIDE
            else:
                state = rng.choices([OpinionState.NEW, OpinionState.SORTED, OpinionState.SET_ASIDE], [5, 4, 1])[0]
            member = rng.choice(team) if team and rng.random() < 0.6 else None
            classified = state != OpinionState.NEW
            opinion = Opinion(
                id=_uuid(rng), solicitation=s, content=rng.choice(TEXTS), received_on=s.starts_on + timedelta(days=rng.randint(0, 12)),
                channel=Channel.ONLINE if online else rng.choice([Channel.FORUM, Channel.FORM, Channel.INTERVIEW, Channel.BOX]),
                source=rng.choice(OpinionSource.values), addressed_member=member if online else None, state=state,
                aspect_id=rng.choice(aspects[m.pk]) if classified and aspects[m.pk] else None,
                kind=rng.choice(OpinionKind.values) if classified else "",
                set_aside_reason="与本次会议主题无关，已转有关部门办理。" if state == OpinionState.SET_ASIDE else "",
                entered_by_id=None if online else m.created_by_id,
            )
            opinions.append(opinion)
            if state in (OpinionState.SORTED, OpinionState.RELEASED):
                done = answered and state == OpinionState.RELEASED
                routings.append(OpinionRouting(
                    opinion=opinion, member=member,
                    response_status=ResponseStatus.ANSWERED if done else ResponseStatus.PENDING,
                    response="已在对照检查材料中作出回应，并提出整改措施。" if done else "",
                    responded_at=_at(m.county_milestones["materials"].due_date) if done else None,
                    responded_by_id=(member.user_id if member else m.created_by_id) if done else None,
                ))
            if not online:  # online opinions leave no trace but themselves (Opinion's docstring)
                events.append(OpinionEvent(opinion=opinion, action="录入", from_state=state, to_state=state,
                                           actor_id=m.created_by_id, at=_at(opinion.received_on)))
    county.bulk(Opinion, opinions)
    county.bulk(OpinionRouting, routings)
    county.bulk(OpinionEvent, events)
