"""Demo materials for the county government office (registered with meetings.progress).

This year's meeting (会前准备) shows every state of the board: the team material with the
upper level, the secretary's own outline with the upper level, one outline approved, one
waiting for the secretary (with a passage copied from a colleague's, for the similarity
hint), one returned with comments, one draft that repeats last year's outline, one not
started. Last year's meeting holds the approved outlines the repetition is found against.
"""

from datetime import datetime, timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from feedback.models import OpinionRouting, OpinionState

from .access import material_access
from .content import material_content
from .editing import (
    answer_save,
    measure_add,
    measure_save,
    material_sections_create,
    outline_for_author,
    problem_add,
    problem_save,
    section_save,
    team_material_for,
)
from .models import Material, MaterialKind, MaterialState, MaterialVersion, MeasureTerm, VersionOutcome
from .review import comment_add
from .workflow import material_transition

PREFACE = (
    "按照县纪委、县委组织部关于开好本年度民主生活会的通知要求，我认真参加集中学习研讨，"
    "广泛征求意见建议，与班子成员和分管科室负责同志逐一谈心谈话，对照五个方面深入查摆问题。现将个人对照检查情况报告如下。"
)
OLD_PROBLEM = (
    "调查研究不够经常。去年全年我到分管的督查室和秘书一科蹲点调研只有2次，11月督办“一网通办”事项时，"
    "主要听取科室汇报，没有到政务服务大厅窗口实地查看，对群众反映的3件办事难问题跟进不及时。"
)
SHARED = (
    "对基层反映的问题研究不深。今年6月县里部署农村人居环境整治督查，我带队到2个乡镇检查，"
    "只看了预先安排的点位，对群众反映较多的垃圾清运不及时问题没有深入了解，督查报告提出的4条建议针对性不强。"
)
PREFACES = {
    "office": "县政府办党组坚持把学习贯彻党的创新理论贯穿准备工作始终，通过召开座谈会、发放征求意见表征求意见建议，"
              "班子成员之间普遍开展谈心谈话。现代表党组班子作对照检查。",
    "secretary": "作为党组书记，我带头学习、带头查摆，先后与每位班子成员谈心谈话，听取分管科室意见，把自己摆进去、把职责摆进去。",
    "wanghaitao": "会前，我围绕分管的秘书二科工作走访了4个乡镇，听取基层干部意见9条，结合谈心谈话中同志们的提醒进行了检视。",
    "liufang": "我认真研读了规定学习材料，与法制科、信息科同志逐一交流，收到意见建议6条，对照检查如下。",
    "chenzhiqiang": "结合政务服务中心群众评价和投诉情况，我梳理了分管领域存在的不足，现作对照检查。",
    "wujing": "挂职以来，我以普通党员身份参加支部组织生活，虚心听取同志们的意见，现把自己的差距讲出来。",
}
PEOPLE = {
    # username: (problem title, details, cause, measure)
    "secretary": ("落实主体责任压力传导不够", "今年上半年，办公室党组研究党建工作只有3次，对秘书二科一名干部上班期间处理私事的问题，"
                  "我只作了口头提醒，没有及时约谈。", "对管党治党主体责任认识不够到位，存在重业务、轻党建的思想。",
                  "每季度专题研究一次党建工作，对苗头性问题及时约谈提醒。"),
    "wanghaitao": ("调查研究走过场", SHARED, "宗旨意识有所淡化，满足于听汇报、看材料。", "每月到分管领域蹲点调研不少于2天。"),
    "liufang": ("依法行政把关不严", "今年8月审核的2件规范性文件，因征求意见不充分被县司法局退回修改，影响了工作进度。"
                , "学习法律法规不系统，能力本领有差距。", "年底前系统学习行政规范性文件管理办法，严格审核程序。"),
    "chenzhiqiang": ("服务群众不够主动", "今年政务服务中心收到群众投诉12件，其中5件反映窗口办理时限过长，我听取情况多、现场督办少。",
                     "群众观点树得不牢，为民服务的自觉性不够。", "每周到服务窗口现场办公半天，投诉件件回访。"),
    "wujing": ("融入本职工作不够快", "挂职以来，我对县情和办公室业务熟悉不够，4月起草的1份调研报告数据引用不准确。", "", ""),
}


def _write(material, user, *, title, details, cause="", measure="", aspect=None):
    section = material.sections.get(key="preface")
    if not section.text:
        preface = PREFACES.get(user.username, PREFACE)
        section_save(material=material, key="preface", text=preface, version=section.version, actor=user)
    aspect = aspect or material.meeting.aspects.first()
    problem = problem_add(material=material, aspect_id=aspect.pk if aspect else None, actor=user)
    problem_save(material=material, problem_id=problem.pk, version=problem.version, title=title, details=details,
                 aspect_id=problem.aspect_id, actor=user)
    if cause:
        section = material.sections.get(key="cause_thought")
        section_save(material=material, key="cause_thought", text=cause, version=section.version, actor=user)
    if measure:
        row = measure_add(material=material, actor=user, problem_id=problem.pk)
        measure_save(material=material, measure_id=row.pk, version=row.version, content=measure, term=MeasureTerm.DEADLINE,
                     deadline=timezone.localdate() + timedelta(days=90), problem_id=problem.pk, actor=user)
    return problem


def _move(material, user, *names, note=""):
    for name in names:
        material.refresh_from_db()
        material_transition(material=material, name=name, actor=user, access=material_access(user, material), note=note)


def _last_year(meeting, person, user, details):
    """An approved outline of a meeting already held (written before the stage closed)."""
    material = Material.objects.create(meeting=meeting, kind=MaterialKind.PERSONAL, author=person)
    from .models import Problem

    material_sections_create(material)
    material.sections.filter(key="preface").update(text=PREFACE)
    Problem.objects.create(material=material, aspect=meeting.aspects.first(), order=1, title="调查研究不够经常", details=details)
    at = timezone.make_aware(datetime(meeting.year, 12, 10, 10, 0))
    MaterialVersion.objects.create(material=material, number=1, content=material_content(material), chars=len(details),
                                   submitted_by=user, submitted_at=at, passed_on_at=at, outcome=VersionOutcome.APPROVED)
    Material.objects.filter(pk=material.pk).update(
        state=MaterialState.APPROVED, started_at=at, edited_at=at, first_submitted_at=at, passed_on_at=at, approved_at=at
    )


def build_demo(context: dict) -> None:
    meeting, last_year = context["gov_meeting"], context["gov_last_year"]
    users = context["users"] if "users" in context else {u.username: u for u in get_user_model().objects.all()}
    secretary, supervisor, office = users["secretary"], users["supervisor"], users["office"]
    member = users["member"]

    _last_year(last_year, member.person, member, OLD_PROBLEM)

    team = team_material_for(meeting=meeting)
    _write(team, office, title="学习贯彻党的创新理论不够深入",
           details="班子集体学习有时以传达文件代替研讨，今年中心组学习12次，专题研讨只有4次。",
           cause="理论武装的自觉性不够强。", measure="每月开展一次专题研讨，班子成员轮流领学。")
    _move(team, office, "submit")
    _move(team, secretary, "pass_on")

    own = outline_for_author(meeting=meeting, person=secretary.person)
    _write(own, secretary, title=PEOPLE["secretary"][0], details=PEOPLE["secretary"][1], cause=PEOPLE["secretary"][2],
           measure=PEOPLE["secretary"][3])
    _move(own, secretary, "submit_upper")

    for username in ("liufang", "wanghaitao", "chenzhiqiang", "wujing"):
        user = users.get(username)
        if user is None:
            continue
        title, details, cause, measure = PEOPLE[username]
        material = outline_for_author(meeting=meeting, person=user.person)
        _write(material, user, title=title, details=details, cause=cause, measure=measure)
        if username == "liufang":
            # 刘芳 wrote the passage 王海涛 later copied: the secretary sees the two side by side.
            _write(material, user, title="调查研究浮于表面", details=SHARED, aspect=meeting.aspects.last())
            _move(material, user, "submit")
            version = material.versions.get()
            comment_add(material=material, version=version, section_key=f"aspect-{meeting.aspects.first().pk}",
                        text="事例要写清楚退回的原因和您本人的责任。", actor=secretary,
                        access=material_access(secretary, material))
            _move(material, secretary, "return", note="请按意见补充事例，深化原因剖析。")
        elif username == "wanghaitao":
            _move(material, user, "submit")
        elif username == "chenzhiqiang":
            _move(material, user, "submit")
            _move(material, secretary, "pass_on")
            _move(material, supervisor, "approve")

    # 李明: a draft that repeats last year's problem and answers one routed opinion.
    mine = outline_for_author(meeting=meeting, person=member.person)
    problem = _write(mine, member, title="调查研究不够经常", details=OLD_PROBLEM,
                     cause="对调查研究重要性认识不足，满足于坐在办公室看材料。")
    routing = OpinionRouting.objects.filter(
        member=member.person, opinion__solicitation__meeting=meeting, opinion__state=OpinionState.RELEASED
    ).first()
    if routing is not None:
        answer_save(material=mine, routing_id=routing.pk, version=0, text="", problem_id=problem.pk, actor=member)
