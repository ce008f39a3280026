"""Study's part of the measuring county (meetings.builders.register_county).

Each organisation's library holds a few materials; each meeting under way has its
collective sessions (中心组学习 for a team, 集中学习研讨 for a branch) with the
participants' attendance, and a few members' self-study.
"""

from datetime import timedelta
from decimal import Decimal

from meetings.builders import register_county
from meetings.county import participants, work_meetings
from meetings.models import MeetingKind

from .models import MaterialKind, StudyAttendance, StudyForm, StudyMaterial, StudySession

LIBRARY = [
    ("习近平新时代中国特色社会主义思想学习纲要", MaterialKind.BOOK, "中央宣传部"),
    ("中国共产党章程", MaterialKind.REGULATION, "中国共产党第二十次全国代表大会"),
    ("中国共产党纪律处分条例", MaterialKind.REGULATION, "中共中央"),
    ("关于新形势下党内政治生活的若干准则", MaterialKind.REGULATION, "中共中央"),
    ("县委关于开好本年度民主生活会的通知", MaterialKind.DOCUMENT, "中共白云县委组织部"),
    ("警示教育片《警钟》", MaterialKind.FILM, "县纪委监委"),
]
TOPICS = ["深入学习党的创新理论", "加强党性修养", "严守政治纪律和政治规矩", "践行以人民为中心的发展思想",
          "锤炼过硬作风", "落实全面从严治党主体责任"]


@register_county(order=20)
def study_county(county) -> None:
    rng = county.rng
    library = county.bulk(StudyMaterial, (
        StudyMaterial(organization=org, title=title, kind=kind, issuer=issuer)
        for org in county.organizations if county.team[org.pk]
        for title, kind, issuer in LIBRARY[: rng.randint(3, len(LIBRARY))]
    ))
    library_of = {}
    for material in library:
        library_of.setdefault(material.organization_id, []).append(material)
    sessions, expected = [], []
    for m in work_meetings(county):
        people = participants(county, m)
        form = StudyForm.CENTRAL_GROUP if m.kind == MeetingKind.DEMOCRATIC_LIFE else StudyForm.COLLECTIVE
        office = county.office.get(m.organization_id)
        for n in range(rng.randint(2, 3)):
            session = StudySession(
                meeting=m, form=form, held_on=m.county_start + timedelta(days=6 + n * 5),
                hours=Decimal("2.0") + n, topic=TOPICS[(m.pk + n) % len(TOPICS)], location="机关会议室",
                summary="集中学习了规定篇目，班子成员逐一交流发言，联系思想和工作实际查找差距。",
                recorded_by_id=office.user_id if office else None,
            )
            sessions.append(session)
            expected.append((session, people))
        for owner in people[:2]:
            session = StudySession(meeting=m, form=StudyForm.SELF, owner=owner, held_on=m.county_start + timedelta(days=4),
                                   hours=Decimal("1.5"), topic=TOPICS[0])
            sessions.append(session)
            expected.append((session, [owner]))
    county.bulk(StudySession, sessions)
    attendance, links = [], []
    Materials = StudySession.materials.through
    for session, people in expected:
        for order, person in enumerate(people, start=1):
            present = rng.random() < 0.93
            attendance.append(StudyAttendance(
                session=session, person=person, order=order, present=present,
                absence_reason="" if present else "公务外出", made_up=not present and rng.random() < 0.5,
                speech_topic="联系实际谈体会" if present and order <= 3 and session.form != StudyForm.SELF else "",
            ))
        for material in library_of.get(session.meeting.organization_id, [])[:2]:
            links.append(Materials(studysession_id=session.pk, studymaterial_id=material.pk))
    county.bulk(StudyAttendance, attendance)
    county.bulk(Materials, links)
