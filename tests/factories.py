"""Factories with no surprises: every object they make is plain and named."""

import factory
from django.contrib.auth import get_user_model

from meetings.models import Meeting, MeetingKind, Milestone, MilestoneKind, Stage, StageChange
from organizations.models import Department, Organization, OrganizationKind, Person

PASSWORD = "Test-Password-2026"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"测试党组{n}")
    kind = OrganizationKind.PARTY_GROUP
    parent = None


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department

    organization = factory.SubFactory(OrganizationFactory)
    name = factory.Sequence(lambda n: f"第{n}科")


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    user = factory.SubFactory(UserFactory)
    name = factory.Sequence(lambda n: f"同志{n}")
    organization = factory.SubFactory(OrganizationFactory)


class MeetingFactory(factory.django.DjangoModelFactory):
    """A meeting in 筹备 with all milestones, no dates; made like meeting_create does."""

    class Meta:
        model = Meeting
        skip_postgeneration_save = True

    organization = factory.SubFactory(OrganizationFactory)
    kind = MeetingKind.DEMOCRATIC_LIFE
    year = 2026
    title = factory.Sequence(lambda n: f"2026年度民主生活会{n}")
    theme = "学习贯彻习近平新时代中国特色社会主义思想"
    stage = Stage.PREPARING

    @factory.post_generation
    def milestones(obj, create, extracted, **kwargs):
        if create:
            Milestone.objects.bulk_create(Milestone(meeting=obj, kind=k) for k in MilestoneKind.values)
            StageChange.objects.create(meeting=obj, to_stage=obj.stage, action="创建会议")

    @factory.post_generation
    def aspects(obj, create, extracted, **kwargs):
        if create:
            for i, title in enumerate(extracted if extracted is not None else ["方面一", "方面二"], 1):
                obj.aspects.create(order=i, title=title)
