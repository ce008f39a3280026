"""Factories for this phase: plain, named, no surprises."""

import factory
from django.utils import timezone

from feedback.models import Channel, Opinion, OpinionRouting, OpinionState, Solicitation
from tests.factories import MeetingFactory


class SolicitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Solicitation

    meeting = factory.SubFactory(MeetingFactory)
    token = factory.Sequence(lambda n: f"test-link-{n:04d}-abcdefghijklmnop")
    channels = factory.LazyFunction(lambda: [Channel.FORUM, Channel.ONLINE])
    audience = "党员、干部、群众"
    form_open = True


class OpinionFactory(factory.django.DjangoModelFactory):
    """An opinion the office typed in from a forum, waiting to be sorted."""

    class Meta:
        model = Opinion

    solicitation = factory.SubFactory(SolicitationFactory)
    content = factory.Sequence(lambda n: f"第{n}条意见：建议进一步改进工作作风。")
    channel = Channel.FORUM
    received_on = factory.LazyFunction(timezone.localdate)
    state = OpinionState.NEW


def routed(opinion, *members, team=False, state=OpinionState.SORTED, kind="opinion"):
    """Classify an opinion directly (the services are tested on their own)."""
    if team:
        OpinionRouting.objects.create(opinion=opinion, member=None)
    for member in members:
        OpinionRouting.objects.create(opinion=opinion, member=member)
    Opinion.objects.filter(pk=opinion.pk).update(state=state, kind=kind)
    opinion.refresh_from_db()
    return opinion
