"""Demo study for the government office's current meeting (seed 004 §一 in miniature).

A central-group session, a collective discussion with two absentees, a warning-education
film, and self-study logged by some members — not by `member` (李明), whose "my work"
therefore shows that his self-study is still due.
"""

from datetime import time, timedelta
from decimal import Decimal

from .models import StudyMaterial
from .selectors import participant_people
from .services import AttendanceEntry, materials_import_standard, self_study_create, session_create


def build_study_demo(context: dict) -> None:
    meeting, gov, today = context["gov_meeting"], context["gov"], context["today"]
    office = context["users"]["office"]
    materials_import_standard(organization=gov)
    library = {m.title: m for m in StudyMaterial.objects.filter(organization=gov)}

    def pick(*titles):
        return [library[t] for t in titles]

    people = participant_people(meeting)
    by_name = {p.name: p for p in people}

    def everyone(absent=None, speeches=None, made_up=()):
        absent, speeches = absent or {}, speeches or {}
        return [
            AttendanceEntry(
                p, p.name not in absent, absent.get(p.name, ""), speeches.get(p.name, ""),
                p.name in made_up,
            )
            for p in people
        ]

    session_create(
        meeting=meeting, form="central_group", held_on=today - timedelta(days=9),
        start_time=time(9, 0), hours=Decimal("3"), location="县政府办三楼会议室",
        topic="学习习近平总书记在庆祝中国共产党成立100周年大会上的重要讲话精神",
        materials=pick(
            "习近平总书记在庆祝中国共产党成立100周年大会上的重要讲话",
            "《中共中央关于党的百年奋斗重大成就和历史经验的决议》",
        ),
        summary="张建国同志领学，班子成员结合分管工作交流学习体会。",
        attendance=everyone(speeches={
            "张建国": "坚定历史自信，走好新的赶考之路",
            "李明": "以史为鉴，做好督查督办工作",
            "王海涛": "弘扬伟大建党精神，提高服务质效",
        }),
        recorded_by=office,
    )
    session_create(
        meeting=meeting, form="collective", held_on=today - timedelta(days=5),
        start_time=time(14, 30), hours=Decimal("2.5"), location="县政府办三楼会议室",
        topic="加强政治建设、提高政治能力",
        materials=pick(
            "《中国共产党章程》", "《关于新形势下党内政治生活的若干准则》", "《中国共产党党内监督条例》"
        ),
        summary="对照党章党规逐条学习，围绕“加强政治建设、提高政治能力”开展研讨。",
        attendance=everyone(
            absent={"陈志强": "赴市参加招商推介会", "吴静": "病假"},
            speeches={
                "张建国": "把讲政治落实到办文办会办事全过程",
                "刘芳": "严守政治纪律和政治规矩",
                "周文华": "严格执行党内监督条例，管好机关事务",
            },
            made_up=("吴静",),
        ),
        recorded_by=office,
    )
    session_create(
        meeting=meeting, form="warning_film", held_on=today - timedelta(days=3),
        start_time=time(15, 0), hours=Decimal("1.5"), location="县政府办三楼会议室",
        topic="观看廉政教育宣传片《政治掮客》",
        materials=pick("廉政教育宣传片《政治掮客》"),
        summary="集中观看后，班子成员谈警示教育体会。",
        attendance=everyone(), recorded_by=office,
    )
    for name, days_ago, hours, topic, title in [
        ("张建国", 11, "2", "通读《论中国共产党历史》", "《论中国共产党历史》"),
        ("张建国", 6, "1.5", "学习党的十九届六中全会精神", "习近平总书记在党的十九届六中全会上的重要讲话"),
        ("王海涛", 8, "2", "研读《中国共产党简史》", "《中国共产党简史》"),
        ("刘芳", 7, "1", "学习《中国共产党党内监督条例》", "《中国共产党党内监督条例》"),
    ]:
        person = by_name[name]
        self_study_create(
            meeting=meeting, person=person, held_on=today - timedelta(days=days_ago),
            hours=Decimal(hours), topic=topic, materials=pick(title),
            summary="坚持读原著、学原文、悟原理，做好读书笔记。",
            recorded_by=person.user or office,
        )
