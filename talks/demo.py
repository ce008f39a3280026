"""Demo talks for `manage.py seed_demo`: the 县政府办党组 halfway through its 四必谈."""

from datetime import timedelta

from meetings.builders import register_demo
from organizations.models import Person

from .access import talk_access, talks_access
from .models import PairNoteKind
from .services import (
    TalkContent,
    pair_note_add,
    participant_flags_set,
    representatives_set,
    talk_create,
)
from .workflow import talk_transition

TEAM_PROBLEMS = (
    "班子落实巡察反馈意见存在“重部署、轻督促”的问题，个别整改事项推进缓慢；"
    "调查研究不够深入，到基层听取意见多停留在座谈层面，解决群众急难愁盼问题的办法不多。"
)

# (recorder, other, days ago, place, own problems, other's shortcomings, [(critic, target, criticism)])
DONE = [
    (
        "张建国",
        "李明",
        8,
        "党组书记办公室",
        "对分管科室日常监督不够严格，公文运转出现差错时批评多、帮带少。整改打算：每月听取一次分管科室汇报，建立问题台账，逐项销号。",
        "李明同志工作勤恳，但抓督查落实有时碍于情面，对逾期事项督办不够硬。建议建立督查通报制度，敢于较真碰硬。",
        [
            ("张建国", "李明", "督查工作存在“老好人”思想，对逾期未办结事项没有及时通报。"),
            ("李明", "张建国", "对班子成员分管工作过问多、放手少，影响了成员的主动性。"),
        ],
    ),
    (
        "张建国",
        "王海涛",
        6,
        "党组书记办公室",
        "理论学习满足于读文件、记笔记，联系实际思考不够。整改打算：每季度围绕一个课题到基层调研一次。",
        "王海涛同志文稿把关严谨，但对年轻干部放手锻炼不够，材料常常亲自改到深夜。建议多带徒弟、分层把关。",
        [("张建国", "王海涛", "对秘书二科年轻干部培养用力不足，事必躬亲。")],
    ),
]


def _user(context, person: Person):
    return context["users"].get(person.user.username) if person.user_id else None


def _content(recorder, other, days_ago, place, own, others, criticisms, people, today):
    return TalkContent(
        talked_on=today - timedelta(days=days_ago),
        place=place,
        initiator_id=recorder.pk,
        team_problems=TEAM_PROBLEMS,
        own_problems=own,
        other_shortcomings=others,
        criticisms=tuple((people[critic].pk, text) for critic, _target, text in criticisms),
    )


def _record(context, people, recorder, other, content, *, confirm_by=None):
    meeting = context["gov_meeting"]
    actor = _user(context, recorder)
    talk = talk_create(
        meeting=meeting,
        person_a=recorder,
        person_b=other,
        content=content,
        actor=actor,
        access=talks_access(actor, meeting),
        submit=True,
    )
    if confirm_by is not None:
        talk_transition(
            talk=talk, name="confirm", actor=confirm_by, access=talk_access(confirm_by, talk)
        )
    return talk


@register_demo(order=40)
def talks_demo(context: dict) -> None:
    meeting, today, users = context["gov_meeting"], context["today"], context["users"]
    people = {
        p.name: p for p in Person.objects.filter(organization=context["gov"]).select_related("user")
    }
    # Two representatives for each of the office's two branches (seed 001: 党员代表).
    representatives_set(
        meeting=meeting, people=[people[n] for n in ("彭丽", "董雪", "曾强", "袁斌")]
    )

    for recorder, other, days, place, own, others, criticisms in DONE:
        content = _content(
            people[recorder], people[other], days, place, own, others, criticisms, people, today
        )
        _record(
            context,
            people,
            people[recorder],
            people[other],
            content,
            confirm_by=_user(context, people[other]),
        )

    # Waiting for 李明 (the demo member) to confirm.
    _record(
        context,
        people,
        people["王海涛"],
        people["李明"],
        _content(
            people["王海涛"],
            people["李明"],
            2,
            "县政府办三楼小会议室",
            "抓文稿质量有余、抓工作创新不足。整改打算：牵头梳理办文流程，压缩办理时限。",
            "李明同志统筹协调能力强，但有时安排工作急于求成，科室压力大。建议统筹好节奏，多听基层意见。",
            [("王海涛", "李明", "布置督查任务时限过紧，督查通报有时以督代办。")],
            people,
            today,
        ),
    )
    # 李明 with the head of 秘书一科, who has no login: the office confirms from the signed form.
    _record(
        context,
        people,
        people["李明"],
        people["何俊"],
        _content(
            people["李明"],
            people["何俊"],
            3,
            "秘书一科办公室",
            "对秘书一科工作指导多停留在布置任务，深入科室了解困难不够。整改打算：每月到科室开一次碰头会。",
            "何俊同志执行力强，但对新进人员的业务培训不够系统。建议建立“一对一”传帮带机制。",
            [],
            people,
            today,
        ),
        confirm_by=users["office"],
    )
    # 刘芳 has arranged a talk with the secretary for later this week.
    planner = _user(context, people["刘芳"])
    talk_create(
        meeting=meeting,
        person_a=people["刘芳"],
        person_b=people["张建国"],
        content=TalkContent(
            talked_on=today + timedelta(days=3),
            place="党组书记办公室",
            initiator_id=people["刘芳"].pk,
        ),
        actor=planner,
        access=talks_access(planner, meeting),
        submit=False,
    )
    pair_note_add(
        meeting=meeting,
        kind=PairNoteKind.EXCUSED,
        person_a=people["周文华"],
        person_b=people["吴静"],
        reason="吴静同志挂职期间赴省政府办公厅跟班学习两个月，经党组研究同意免谈，返岗后补谈。",
        actor=users["office"],
    )

    # The transport branch's meeting (组织生活会): the secretary's priority members (seed 002).
    branch_meeting = context["branch_meeting"]
    members = {p.name: p for p in Person.objects.filter(branch=context["transport_branch"])}
    participant_flags_set(
        meeting=branch_meeting,
        flags={members["冯涛"].pk: {"is_new"}, members["蒋红"].pk: {"is_elderly"}},
    )
