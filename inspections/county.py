"""Inspections' part of the measuring county (meetings.builders.register_county).

Each meeting under way has the team's material and most members' outlines, with their
sections, two problems under the plan's aspects and two measures each; what has been
submitted has its frozen version, whose content has the shape `material_content` gives
(built here from the same rows, without a query per material). Where the materials
milestone is done, everything is approved.
"""

from collections import defaultdict
from datetime import timedelta

from meetings.builders import register_county
from meetings.county import _at, phase_finished, work_meetings
from meetings.models import MeetingAspect

from .content import SCHEMA, content_chars
from .models import (
    CAUSE_PROMPTS,
    Material,
    MaterialKind,
    MaterialSection,
    MaterialState,
    MaterialVersion,
    Measure,
    MeasureTerm,
    Problem,
    SectionKey,
    VersionOutcome,
)

PREFACE = "按照上级关于开好本年度民主生活会的通知要求，认真参加集中学习研讨，广泛征求意见建议，深入开展谈心谈话，现对照检查如下。"
PROBLEMS = [("调查研究不够深入", "到基层调研次数偏少，听汇报多、看现场少，对群众反映的问题跟进不及时。"),
            ("抓落实的韧劲不足", "部分工作部署多、督查少，存在以会议落实会议的现象。"),
            ("理论学习不够系统", "满足于参加集中学习，个人自学时间不足，学用结合不紧。")]
CAUSE = "理想信念有所弱化，宗旨意识有所淡化，对自身要求有所放松。"
MEASURE = "每月到基层调研不少于两次，对群众反映的问题建立台账、限时办结。"
VERSION_OUTCOME = {MaterialState.SUBMITTED: VersionOutcome.PENDING, MaterialState.RETURNED: VersionOutcome.RETURNED,
                   MaterialState.UPPER_REVIEW: VersionOutcome.PASSED_ON, MaterialState.APPROVED: VersionOutcome.APPROVED}


def _content(material, aspects, sections, problems, measures) -> dict:
    meeting = material.meeting
    return {
        "schema": SCHEMA, "kind": material.kind, "title": material.title, "owner": material.owner_label,
        "organization": meeting.organization.name, "preface": sections[SectionKey.PREFACE],
        "last_year": {"items": [], "text": ""},
        "aspects": [{"key": f"aspect-{a.pk}", "title": a.title,
                     "problems": [{"title": p.title, "details": p.details} for p in problems if p.aspect_id == a.pk]}
                    for a in aspects],
        "causes": [{"key": k.value, "title": k.label, "prompt": CAUSE_PROMPTS[k], "text": sections[k.value]}
                   for k in SectionKey.causes()],
        "measures": [{"content": m.content, "term": m.get_term_display(), "deadline": m.deadline.isoformat(),
                      "problem": m.problem.title} for m in measures],
        "answers": [],
    }


@register_county(order=50)
def inspections_county(county) -> None:
    rng = county.rng
    meetings = work_meetings(county)
    aspects = defaultdict(list)
    for aspect in MeetingAspect.objects.filter(meeting__in=meetings).order_by("order"):
        aspects[aspect.meeting_id].append(aspect)
    materials = []
    for m in meetings:
        done = phase_finished(m, "materials")
        writers = [None] + [p for p in county.team[m.organization_id] if done or rng.random() < 0.85]
        for author in writers:
            if done:
                state = MaterialState.APPROVED
            else:
                state = rng.choices(list(MaterialState.values), [4, 2, 1, 2, 2])[0]
            started = _at(m.county_start + timedelta(days=22))
            submitted = state != MaterialState.DRAFT
            materials.append(Material(
                meeting=m, kind=MaterialKind.TEAM if author is None else MaterialKind.PERSONAL, author=author,
                drafter=county.office.get(m.organization_id) if author is None else None, state=state,
                started_at=started, edited_at=started + timedelta(days=2),
                first_submitted_at=started + timedelta(days=3) if submitted else None,
                passed_on_at=started + timedelta(days=4) if state in MaterialState.secretary_passed() else None,
                approved_at=started + timedelta(days=6) if state == MaterialState.APPROVED else None,
            ))
    county.bulk(Material, materials)
    sections, problems = [], []
    for material in materials:
        texts = {k: "" for k in SectionKey.values}
        texts[SectionKey.PREFACE] = PREFACE
        for key in SectionKey.causes():
            texts[key.value] = CAUSE
        material.county_sections = texts
        sections += [MaterialSection(material=material, key=k, text=t) for k, t in texts.items()]
        own = aspects[material.meeting_id]
        material.county_problems = [
            Problem(material=material, aspect=own[i % len(own)] if own else None, order=i + 1, title=title, details=details)
            for i, (title, details) in enumerate(rng.sample(PROBLEMS, 2))
        ]
        problems += material.county_problems
    county.bulk(MaterialSection, sections)
    county.bulk(Problem, problems)
    measures, versions = [], []
    for material in materials:
        deadline = material.meeting.county_start + timedelta(days=160)
        material.county_measures = [
            Measure(material=material, order=i + 1, content=MEASURE, term=MeasureTerm.DEADLINE, deadline=deadline, problem=p)
            for i, p in enumerate(material.county_problems)
        ]
        measures += material.county_measures
        if material.state != MaterialState.DRAFT:
            content = _content(material, aspects[material.meeting_id], material.county_sections,
                               material.county_problems, material.county_measures)
            writer = material.author or material.drafter
            versions.append(MaterialVersion(
                material=material, number=1, content=content, chars=content_chars(content),
                submitted_by_id=writer.user_id if writer else None, submitted_at=material.first_submitted_at,
                passed_on_at=material.passed_on_at, outcome=VERSION_OUTCOME[material.state],
            ))
    county.bulk(Measure, measures)
    county.bulk(MaterialVersion, versions)
