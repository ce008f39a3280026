"""Talks' part of the measuring county (meetings.builders.register_county).

About forty talks per organisation: every pair of the team first (the seed-001 必谈),
then team members with the unit's cadres. Where the talks milestone is done nearly all
are confirmed; elsewhere they are planned, recorded, confirmed or disputed. Each talk
has the events its workflow would have written.
"""

from datetime import timedelta
from itertools import combinations

from meetings.builders import register_county
from meetings.county import _at, participants, phase_finished, work_meetings
from meetings.models import MeetingKind

from .models import Talk, TalkEvent, TalkMode, TalkParticipant, TalkState

TALKS_PER_ORGANIZATION = 40


@register_county(order=40)
def talks_county(county) -> None:
    rng = county.rng
    meetings = work_meetings(county)
    if not meetings:
        return
    per_meeting = TALKS_PER_ORGANIZATION * county.orgs / len(meetings)
    talks, flags = [], []
    for m in meetings:
        team = county.team[m.organization_id]
        others = [p for p in county.people[m.organization_id] if p not in team]
        pairs = list(combinations(team, 2))
        pairs += [(t, o) for o in others for t in team[:2]]
        wanted = max(1, round(per_meeting * rng.uniform(0.6, 1.4)))
        done = phase_finished(m, "talks")
        for a, b in pairs[:wanted]:
            a, b = sorted((a, b), key=lambda p: p.pk)
            if done:
                state = TalkState.CONFIRMED if rng.random() < 0.97 else TalkState.CANCELLED
            else:
                state = rng.choices([TalkState.PLANNED, TalkState.RECORDED, TalkState.CONFIRMED, TalkState.DISPUTED],
                                    [3, 3, 4, 1])[0]
            day = m.county_start + timedelta(days=rng.randint(10, 30))
            recorded = state in (TalkState.RECORDED, TalkState.CONFIRMED, TalkState.DISPUTED)
            talks.append(Talk(
                meeting=m, person_a=a, person_b=b, initiator=a, state=state, talked_on=day, place="办公室",
                mode=TalkMode.IN_PERSON if rng.random() < 0.9 else TalkMode.PHONE,
                team_problems="班子抓落实的韧劲还不够，个别工作推进较慢。" if recorded else "",
                own_problems="调查研究不够深入，整改打算：每月到基层调研不少于两次。" if recorded else "",
                other_shortcomings="希望对分管领域的问题盯得更紧一些。" if recorded else "",
                recorded_by=a if recorded else None, entered_by_id=a.user_id,
                confirmed_by_id=b.user_id if state == TalkState.CONFIRMED else None,
                confirmed_at=_at(day + timedelta(days=1)) if state == TalkState.CONFIRMED else None,
            ))
        if m.kind == MeetingKind.ORGANIZATION_LIFE:
            flags += [TalkParticipant(meeting=m, person=p, is_new=rng.random() < 0.05, is_elderly=rng.random() < 0.05,
                                      is_mobile=rng.random() < 0.03)
                      for p in participants(county, m)]
    county.bulk(Talk, talks)
    county.bulk(TalkParticipant, flags)
    events = []
    for talk in talks:
        at = _at(talk.talked_on - timedelta(days=2))
        events.append(TalkEvent(talk=talk, from_state="", to_state=TalkState.PLANNED, action="约谈",
                                actor_id=talk.entered_by_id, at=at))
        if talk.state != TalkState.PLANNED:
            events.append(TalkEvent(talk=talk, from_state=TalkState.PLANNED, to_state=talk.state,
                                    action={TalkState.CANCELLED: "取消"}.get(talk.state, "记录并提交"),
                                    actor_id=talk.entered_by_id, at=_at(talk.talked_on)))
    county.bulk(TalkEvent, events)
