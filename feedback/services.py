"""Write operations: opening a solicitation, and taking opinions in (online or by the office).

Sorting lives in `sorting.py`, feeding back in `release.py`.
"""

import secrets
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from anonymity.writes import anonymous_write
from meetings.models import Meeting, MeetingAspect
from organizations.models import Person

from .models import (
    Channel,
    Opinion,
    OpinionEvent,
    OpinionKind,
    OpinionRouting,
    OpinionState,
    Solicitation,
)

DEFAULT_CHANNELS = [Channel.FORUM, Channel.FORM, Channel.INTERVIEW, Channel.BOX, Channel.ONLINE]
DEFAULT_AUDIENCE = "党员、干部、群众、服务对象、“两代表一委员”、离退休干部"


def new_token() -> str:
    """192 random bits: the link cannot be guessed, only given out."""
    return secrets.token_urlsafe(24)


def default_intro(meeting: Meeting) -> str:
    team = meeting.organization.display_name
    return (
        f"为开好{meeting.title}，现广泛征求您对{team}领导班子及班子成员的意见建议。"
        "您可以实名，也可以匿名；匿名提交时，系统不记录您的姓名、账号、IP 地址等任何身份信息。"
    )


@transaction.atomic
def solicitation_open(*, meeting: Meeting, actor, **fields) -> Solicitation:
    solicitation = Solicitation.objects.create(
        meeting=meeting, token=new_token(), created_by=actor, **fields
    )
    return solicitation


def solicitation_update(*, solicitation: Solicitation, **fields) -> Solicitation:
    for name, value in fields.items():
        setattr(solicitation, name, value)
    solicitation.save(update_fields=list(fields))
    return solicitation


def solicitation_link_renew(*, solicitation: Solicitation) -> Solicitation:
    """A new public link; the old one, and every QR code printed from it, stops working."""
    solicitation.token = new_token()
    solicitation.save(update_fields=["token"])
    return solicitation


def solicitation_touch(*, solicitation_id: int) -> None:
    """Mark that the office changed the opinions (documents made before are out of date)."""
    Solicitation.objects.filter(pk=solicitation_id).update(version=F("version") + 1)


# --- taking opinions in -----------------------------------------------------------------


def online_scope(solicitation: Solicitation) -> str:
    """The batch an online opinion is mixed into (see `anonymity.writes`)."""
    return f"feedback:{solicitation.pk}"


def opinion_submit(
    *,
    solicitation: Solicitation,
    content: str,
    addressed_member: Person | None = None,
    aspect: MeetingAspect | None = None,
    source: str = "",
    sender_name: str = "",
    sender_contact: str = "",
) -> None:
    """An opinion from the online form. Exactly one row; nothing about the sender.

    Deliberately takes no request, user or time, and returns nothing: see `Opinion` for
    why. The row is written with others of the same form in a shuffled batch, so that
    where it sits in the table does not tell when it came (`anonymity.writes`).
    """
    opinion = Opinion(
        solicitation=solicitation,
        content=content,
        channel=Channel.ONLINE,
        source=source,
        received_on=timezone.localdate(),
        addressed_member=addressed_member,
        suggested_aspect=aspect,
        sender_name=sender_name,
        sender_contact=sender_contact,
    )
    anonymous_write(opinion, scope=online_scope(solicitation))


@dataclass
class Entry:
    """An opinion the office types in or imports, possibly already classified."""

    content: str
    channel: str
    received_on: date
    source: str = ""
    addressed_member: Person | None = None
    aspect: MeetingAspect | None = None
    kind: str = ""
    concerns_team: bool = False
    concerns: tuple[Person, ...] = ()
    sender_name: str = ""
    sender_contact: str = ""

    @property
    def is_classified(self) -> bool:
        return bool(self.kind and (self.concerns_team or self.concerns))

    @property
    def channel_label(self) -> str:
        return Channel(self.channel).label

    @property
    def kind_label(self) -> str:
        return OpinionKind(self.kind).label if self.kind in OpinionKind.values else ""


@transaction.atomic
def opinions_enter(*, solicitation: Solicitation, entries: list[Entry], actor, action="录入") -> list[Opinion]:
    """Record opinions gathered offline (forums, forms, interviews, boxes, letters)."""
    now = timezone.now()
    opinions = [
        Opinion(
            solicitation=solicitation,
            content=e.content,
            channel=e.channel,
            source=e.source,
            received_on=e.received_on,
            addressed_member=e.addressed_member,
            suggested_aspect=e.aspect,
            aspect=e.aspect,
            kind=e.kind if e.kind in OpinionKind.values else "",
            sender_name=e.sender_name,
            sender_contact=e.sender_contact,
            state=OpinionState.SORTED if e.is_classified else OpinionState.NEW,
            entered_by=actor,
        )
        for e in entries
    ]
    Opinion.objects.bulk_create(opinions, batch_size=500)
    routings = []
    for opinion, entry in zip(opinions, entries):
        if entry.concerns_team:
            routings.append(OpinionRouting(opinion=opinion, member=None))
        routings += [OpinionRouting(opinion=opinion, member=p) for p in dict.fromkeys(entry.concerns)]
    OpinionRouting.objects.bulk_create(routings, batch_size=500)
    OpinionEvent.objects.bulk_create(
        [
            OpinionEvent(
                opinion=o, action=action, from_state=o.state, to_state=o.state, actor=actor, at=now
            )
            for o in opinions
        ],
        batch_size=500,
    )
    solicitation_touch(solicitation_id=solicitation.pk)
    return opinions
