"""The states of a 登记表 and the one function that moves it between them.

Seed 002 方案3 §四(一): 个人总结写好后要经党支部审定. The member submits; the branch (its
secretary, or the office for the branch) approves or returns it with a note. Nobody
approves their own text: the secretary's own goes to the office.
"""

from django.db import transaction
from django.urls import reverse

from meetings.access import ensure_not_archived
from meetings.workflow import Transition
from notifications.services import notify

from .access import RegistrationRole
from .models import Registration, RegistrationEvent, RegistrationState

S = RegistrationState
R = RegistrationRole

TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in [
        Transition("submit", "提交支部审定", (S.DRAFT, S.RETURNED), S.SUBMITTED, (R.AUTHOR,),
                   help_text="提交后由支部审定；审定前可以撤回。"),
        Transition("withdraw", "撤回", (S.SUBMITTED,), S.DRAFT, (R.AUTHOR,), style="secondary",
                   help_text="撤回后可以继续修改，再重新提交。"),
        Transition("approve", "审定通过", (S.SUBMITTED,), S.APPROVED, (R.REVIEWER,),
                   help_text="审定后党员在评议大会上作自我总结。"),
        Transition("return", "退回修改", (S.SUBMITTED,), S.RETURNED, (R.REVIEWER,), needs_note=True,
                   style="secondary", help_text="写明修改意见。"),
        Transition("reopen", "重新修改", (S.APPROVED,), S.RETURNED, (R.REVIEWER,), needs_note=True,
                   style="secondary", help_text="已审定的登记表须修改时使用，须说明原因。"),
    ]
}


class TransitionError(Exception):
    """A move that is not allowed; the message is shown as is."""


def available_transitions(registration: Registration, roles: frozenset[str]) -> list[Transition]:
    return [t for t in TRANSITIONS.values() if registration.state in t.sources and roles.intersection(t.roles)]


@transaction.atomic
def registration_transition(*, registration: Registration, name: str, actor, roles: frozenset[str], note: str = ""):
    transition = TRANSITIONS.get(name)
    if transition is None:
        raise TransitionError("未知的操作。")
    ensure_not_archived(registration.evaluation.meeting, "民主评议党员登记表")
    registration = (
        Registration.objects.select_for_update(of=("self",)).select_related("person__user").get(pk=registration.pk)
    )
    if registration.state not in transition.sources:
        raise TransitionError(f"登记表当前为“{registration.get_state_display()}”，不能{transition.label}。")
    if not roles.intersection(transition.roles):
        raise TransitionError(f"您不能{transition.label}。")
    if transition.needs_note and not note.strip():
        raise TransitionError("请写明理由。")
    if name == "submit" and (not registration.self_assessment.strip() or not registration.self_judgement):
        raise TransitionError("请先填写自我鉴定并作出自我评价，保存后再提交。")
    source = registration.state
    registration.state = transition.target
    registration.save(update_fields=["state"])
    event = RegistrationEvent.objects.create(
        registration=registration, action=transition.label, from_state=source, to_state=transition.target,
        actor=actor, note=note.strip(), text=registration.self_assessment if name in ("submit", "approve") else "",
    )
    url = reverse("evaluation:registration", args=[registration.pk])
    if name in ("approve", "return", "reopen") and registration.person.user_id:
        user, title, body = registration.person.user, f"您的民主评议党员登记表：{transition.label}", note.strip()
        transaction.on_commit(lambda: notify(recipients=[user], title=title, url=url, body=body))
    return event
