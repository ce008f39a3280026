"""The registries' public accessors: what the profile script reads instead of private lists."""

from meetings import progress
from talks.phase import talks_progress, talks_to_do


def test_the_checklist_providers_are_listed_in_checklist_order():
    phases = progress.checklist_providers()
    names = [phase for phase, _ in phases]
    assert names[:2] == ["会议筹备", "工作方案"]
    assert ("谈心谈话", talks_progress) in phases
    assert names.index("工作方案") < names.index("谈心谈话") < names.index("会后报告")


def test_every_work_provider_is_listed_without_a_user():
    providers = progress.work_providers()
    assert talks_to_do in providers
    assert len(providers) == len(set(providers)) >= 17
