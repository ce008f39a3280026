"""Demo opinions for `manage.py seed_demo` (names and words made up).

The current meeting (会前准备) is half-way through sorting, so the office can show the
workbench; last year's meeting was fed back, so members can show their own page.
"""

from datetime import timedelta

from anonymity.writes import anonymous_flush
from organizations.models import Person

from .models import Channel, OpinionKind, OpinionSource
from .release import feedback_release
from .services import Entry, online_scope, opinions_enter, opinion_submit, solicitation_open
from .sorting import Concerns, opinions_classify, opinions_merge, opinions_set_aside

# (aspect order or None, whom it concerns: "team" or a member's name, kind, source, channel, text)
OPINIONS = [
    (1, "team", "opinion", "cadre", "forum", "理论学习有时停留在读文件、念报告，结合县政府办实际研究解决问题不够，学用结合还需加强。"),
    (2, "team", "suggestion", "masses", "form", "建议进一步精简会议和文件，能合并的会议合并开，切实为基层减负。"),
    (2, "李明", "problem", "masses", "online", "政务服务大厅午间窗口经常只开一个，群众排队时间长，希望督查室跟进解决。"),
    (3, "李明", "opinion", "cadre", "interview", "对分管科室督促多、指导少，有时布置工作要求急、时限紧，科室压力较大。"),
    (2, "王海涛", "suggestion", "service_user", "box", "公文办理流程可以再优化，部分件在各环节停留时间偏长。"),
    (4, "刘芳", "suggestion", "party_member", "forum", "信息公开栏目更新不够及时，建议明确专人负责、定期检查。"),
    (1, "张建国", "opinion", "retiree", "visit", "希望主要负责同志多到基层走走，多听一线干部群众的声音。"),
    (3, "陈志强", "problem", "service_user", "online", "企业开办“一网通办”有时系统卡顿，材料需反复上传，希望尽快协调解决。"),
    (5, "周文华", "suggestion", "cadre", "form", "机关公务用车管理可以更加规范，派车记录建议按月公开。"),
    (2, "team", "opinion", "representative", "letter", "调研多集中在城区，到偏远乡镇的次数偏少，调研成果转化不够。"),
    (None, "team", "suggestion", "masses", "online", "建议在县政府网站开设意见建议专栏，及时公开办理结果。"),
    (4, "吴静", "opinion", "cadre", "interview", "挂职期间对县情了解还不够深入，与科室同志交流可以再多一些。"),
]
DUPLICATE = "建议进一步精简会议和文件，能合并的会议合并开，减轻基层负担。"
UNSORTED = [
    ("online", "希望12345热线转办的事项能及时回复办理结果。", None),
    ("online", "建议机关食堂延长晚餐供应时间，方便加班同志。", None),
    ("box", "个别同志接待群众时态度生硬，希望加强教育。", "李明"),
]


def build_demo(context: dict) -> None:
    users = context["users"]
    office = users["office"]
    today = context["today"]
    meeting = context["gov_meeting"]
    people = {p.name: p for p in Person.objects.filter(organization=context["gov"])}
    aspects = {a.order: a for a in meeting.aspects.all()}

    current = solicitation_open(
        meeting=meeting, actor=office, starts_on=today - timedelta(days=6), ends_on=today + timedelta(days=4),
        channels=[Channel.FORUM, Channel.FORM, Channel.INTERVIEW, Channel.BOX, Channel.VISIT, Channel.LETTER,
                  Channel.ONLINE],
        audience="县政府办机关党员干部、镇（街道）和县直部门干部、服务对象、“两代表一委员”、离退休干部",
        intro=f"为开好{meeting.title}，现广泛征求您对县政府办党组领导班子及班子成员的意见建议。"
              "您可以实名，也可以匿名；匿名提交时，系统不记录您的任何身份信息。",
    )
    entries = [_entry(row, people, aspects, today) for row in OPINIONS]
    opinions = opinions_enter(solicitation=current, entries=entries, actor=office)
    [duplicate] = opinions_enter(
        solicitation=current,
        entries=[Entry(content=DUPLICATE, channel=Channel.FORUM, source=OpinionSource.CADRE,
                       received_on=today - timedelta(days=3))],
        actor=office,
    )
    opinions_merge(solicitation=current, ids=[opinions[1].pk, duplicate.pk], actor=office)
    [aside] = opinions_enter(
        solicitation=current,
        entries=[Entry(content="小区门口道路破损，希望尽快修复。", channel=Channel.BOX, received_on=today - timedelta(days=2))],
        actor=office,
    )
    opinions_set_aside(solicitation=current, ids=[aside.pk], reason="属具体民生诉求，已转交县住建局办理", actor=office)
    for channel, text, name in UNSORTED:
        if channel == Channel.ONLINE:
            opinion_submit(solicitation=current, content=text)
        else:
            opinions_enter(
                solicitation=current,
                entries=[Entry(content=text, channel=channel, received_on=today - timedelta(days=1),
                               addressed_member=people.get(name))],
                actor=office,
            )
    # Demo data have no sender to protect: show the online ones at once, not after midnight.
    anonymous_flush(scope=online_scope(current))

    _last_year(context, people, office)


def _entry(row, people, aspects, today) -> Entry:
    order, concerns, kind, source, channel, text = row
    member = people.get(concerns)
    return Entry(
        content=text,
        channel=channel,
        source=source,
        received_on=today - timedelta(days=5),
        addressed_member=member,
        aspect=aspects.get(order),
        kind=kind if kind in OpinionKind.values else "",
        concerns_team=concerns == "team",
        concerns=(member,) if member else (),
    )


def _last_year(context, people, office) -> None:
    """Last year's opinions, sorted and fed back: the members' pages have something."""
    meeting = context["gov_last_year"]
    aspects = {a.order: a for a in meeting.aspects.all()}
    day = meeting.held_on - timedelta(days=20) if meeting.held_on else context["today"] - timedelta(days=300)
    solicitation = solicitation_open(
        meeting=meeting, actor=office, starts_on=day - timedelta(days=10), ends_on=day,
        channels=[Channel.FORUM, Channel.FORM, Channel.INTERVIEW, Channel.ONLINE],
        audience="党员、干部、群众、服务对象", form_open=False,
    )
    opinions = opinions_enter(
        solicitation=solicitation,
        entries=[_entry(row, people, aspects, day + timedelta(days=5)) for row in OPINIONS[:8]],
        actor=office,
    )
    opinions_classify(solicitation=solicitation, ids=[o.pk for o in opinions[:1]], actor=office,
                      concerns=Concerns(team=True, members=(people["李明"],)))
    feedback_release(solicitation=solicitation, actor=office)
