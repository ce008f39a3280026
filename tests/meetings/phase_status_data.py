"""The first piece of work of each phase, written straight to its tables: what each
phase's batched status reads to say "begun" (tests of meetings.status)."""

from datetime import date
from decimal import Decimal

from django.utils import timezone

from evaluation.models import Evaluation, Grade, Registration, RegistrationState, Verdict, VerdictState
from feedback.models import Channel, Opinion, Solicitation
from feedback.services import new_token
from inspections.models import Material, MaterialKind
from meetings.models import Meeting, MeetingKind
from proceedings.models import ConveningApplication, PreparationReport, SituationReport
from rectification.models import Item, ListKind, RectificationList
from study.models import StudyForm, StudySession
from talks.models import Talk

DAY = date(2026, 11, 1)


def begin_study(cast, meeting):
    StudySession.objects.create(
        meeting=meeting, form=StudyForm.COLLECTIVE, held_on=DAY, hours=Decimal("2"), topic="集中学习研讨"
    )


def begin_opinions(cast, meeting):
    solicitation = Solicitation.objects.create(meeting=meeting, token=new_token())
    Opinion.objects.create(solicitation=solicitation, content="希望多下基层", channel=Channel.FORM, received_on=DAY)


def begin_talks(cast, meeting):
    a, b = sorted([cast.secretary.person, cast.member.person], key=lambda p: p.pk)
    Talk.objects.create(meeting=meeting, person_a=a, person_b=b, initiator=a, talked_on=DAY, place="书记办公室")


def begin_materials(cast, meeting):
    Material.objects.create(meeting=meeting, kind=MaterialKind.TEAM, started_at=timezone.now())


def begin_meeting(cast, meeting):
    now = timezone.now()
    PreparationReport.objects.create(meeting=meeting, title="准备工作情况报告", compiled_at=now, updated_at=now)


def begin_application(cast, meeting):
    ConveningApplication.objects.create(meeting=meeting, updated_at=timezone.now())


def hold(meeting, day=DAY):
    Meeting.objects.filter(pk=meeting.pk).update(held_on=day)
    meeting.held_on = day


def begin_report(cast, meeting):
    if meeting.held_on is None:
        hold(meeting)
    SituationReport.objects.create(meeting=meeting, held_on=meeting.held_on)


def begin_rectification(cast, meeting):
    rectification_list = RectificationList.objects.create(meeting=meeting, kind=ListKind.TEAM)
    Item.objects.create(rectification_list=rectification_list, problem="理论学习不够系统")


def begin_evaluation(cast, meeting, people):
    """Each of `people` saved a 登记表; the branch approved it and proposed a grade."""
    evaluation = Evaluation.objects.filter(meeting=meeting).first() or Evaluation.objects.create(
        meeting=meeting, enabled_by=cast.office
    )
    for person in people:
        registration = Registration.objects.create(
            evaluation=evaluation, person=person, state=RegistrationState.APPROVED, updated_at=timezone.now()
        )
        Verdict.objects.create(registration=registration, grade=Grade.QUALIFIED, state=VerdictState.PROPOSED)
    return evaluation


def give_every_phase_work(cast, meeting, people=()):
    """A piece of work in every phase (a 组织生活会 also its evaluation, for `people`)."""
    for begin in (begin_study, begin_opinions, begin_talks, begin_materials, begin_meeting, begin_application,
                  begin_report, begin_rectification):
        begin(cast, meeting)
    if meeting.kind == MeetingKind.ORGANIZATION_LIFE:
        begin_evaluation(cast, meeting, people)
