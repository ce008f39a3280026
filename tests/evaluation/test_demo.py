"""The demo county's 民主评议党员: the transport bureau's first branch, halfway through."""

from django.core.management import call_command

from evaluation.models import Evaluation, RegistrationState
from meetings import builders
from organizations.models import PartyGroup


def test_the_demo_branch_evaluates_with_a_group_a_probationary_member_and_two_texts(db, monkeypatch):
    own = [(o, b) for o, b in builders._demo_builders if b.__module__.startswith("evaluation.")]
    monkeypatch.setattr(builders, "_demo_builders", own)
    call_command("seed_demo")
    evaluation = Evaluation.objects.get()
    assert evaluation.enabled and evaluation.meeting.organization.short_name == "交通局第一支部"
    group = PartyGroup.objects.get()
    assert group.leader.name == "冯涛"
    assert set(group.members.values_list("name", "is_probationary")) == {
        ("冯涛", False), ("蒋红", False), ("沈杰", True)}
    states = dict(evaluation.registrations.values_list("person__name", "state"))
    assert states == {"蒋红": RegistrationState.SUBMITTED, "郑伟": RegistrationState.APPROVED}
