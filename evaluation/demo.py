"""The demo's democratic evaluation: the transport bureau's first branch holds its 组织生活会
with 民主评议党员 — a party group with its 组长, a probationary member, one 登记表 submitted
and one approved."""

from datetime import timedelta

from django.utils import timezone

from meetings.builders import register_demo
from organizations.models import PartyGroup, Person

from .services import evaluation_switch, registration_for, self_assessment_save
from .workflow import registration_transition

TEXTS = {
    "蒋红": "一年来认真学习党章党规和党的创新理论，按时参加组织生活、缴纳党费；立足岗位做好路政服务。"
            "不足是理论学习不够系统，联系群众不够经常。今后要坚持每周集中学习，每月走访一次服务对象。",
    "郑伟": "作为支部书记，带头讲党课、带头开展批评与自我批评；落实“三会一课”制度。不足是对党员日常"
            "教育管理抓得不够细，督促整改不够及时。今后建立党员积分管理台账，按季度通报。",
}


@register_demo(order=90)
def evaluation_demo(context):
    meeting = context["branch_meeting"]
    branch = context["transport_branch"]
    users = context["users"]
    office = users["branch_office"]
    evaluation = evaluation_switch(meeting=meeting, actor=office, enabled=True,
                                   due_date=timezone.localdate() + timedelta(days=10))
    members = {p.name: p for p in Person.objects.filter(branch=branch)}
    group = PartyGroup.objects.create(branch=branch, name="第一党小组", leader=members["冯涛"])
    Person.objects.filter(pk__in=[members[n].pk for n in ("冯涛", "蒋红", "沈杰")]).update(party_group=group)
    Person.objects.filter(pk=members["沈杰"].pk).update(is_probationary=True)
    for name, text in TEXTS.items():
        person = Person.objects.get(pk=members[name].pk)
        registration = registration_for(evaluation=evaluation, person=person)
        registration = self_assessment_save(registration=registration, text=text, judgement="qualified",
                                            version=registration.version, actor=person.user)
        registration_transition(registration=registration, name="submit", actor=person.user,
                                roles=frozenset({"author"}))
    secretary_text = registration_for(evaluation=evaluation, person=members["郑伟"])
    registration_transition(registration=secretary_text, name="approve", actor=office,
                            roles=frozenset({"reviewer"}))
