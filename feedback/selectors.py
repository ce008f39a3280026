"""Reads: whom opinions may concern, the office's filtered list, the counted summary, and
what one member is shown."""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Case, Count, F, Prefetch, Q, Value, When
from django.utils import timezone

from meetings.models import Meeting, Stage
from organizations.models import OrganizationKind, Person, TeamMembership, order_officially

from .models import (
    Channel,
    FeedbackReceipt,
    Opinion,
    OpinionKind,
    OpinionRouting,
    OpinionSource,
    OpinionState,
    Solicitation,
)

# Sorted groups: a merged group counts once (through the opinion that stands for it),
# set-aside and unsorted opinions do not count.
COUNTED_STATES = (OpinionState.SORTED, OpinionState.RELEASED)


def concern_candidates(meeting: Meeting, *, only: int | None = None) -> list[Person]:
    """Whom an opinion may concern: the team by rank; for a branch, its party members too.
    `only`: just that person, if they are among them (checking one posted choice).

    Seed 002: a branch feeds opinions back to 支部委员会, 支委委员 and 党员.
    """
    seats = TeamMembership.objects.filter(organization_id=meeting.organization_id)
    members = Person.objects.filter(branch_id=meeting.organization_id, is_party_member=True)
    if only is not None:
        seats, members = seats.filter(person_id=only), members.filter(pk=only)
    people = [seat.person for seat in seats.select_related("person__user").in_rank_order()]
    if meeting.organization.kind in OrganizationKind.branch_kinds() and not (only is not None and people):
        seen = {p.pk for p in people}
        people += [p for p in members.select_related("user").in_official_order() if p.pk not in seen]
    return people


def person_label(person: Person) -> str:
    return f"{person.name}（{person.title}）" if person.title else person.name


# --- the public form --------------------------------------------------------------------


# What the public pages read, and no more: the three joined rows have some forty columns,
# and building the statement and the objects for all of them was a fifth of a submission.
PUBLIC_FIELDS = (
    "token", "form_open", "starts_on", "ends_on", "intro", "meeting__stage", "meeting__kind",
    "meeting__organization__name", "meeting__organization__short_name", "meeting__organization__kind",
)


def public_solicitation(token: str) -> Solicitation | None:
    found = Solicitation.objects.select_related("meeting__organization").only(*PUBLIC_FIELDS).filter(token=token)
    return next(iter(found[:1]), None)  # unique: no ORDER BY needed


def public_choices(meeting: Meeting, posted=None) -> dict:
    """What the public form offers: whom an opinion may concern, and the meeting's aspects.

    For a post (`posted`), only what it names: a choice is valid among these exactly when
    it is valid among all, and most posts name 领导班子 and no aspect, which needs no query
    at all. A form shown again is built with every choice (`posted` None).
    """
    if posted is None:
        return {"candidates": concern_candidates(meeting), "aspects": list(meeting.aspects.all())}
    target, aspect = (_posted_pk(posted.get(name)) for name in ("target", "aspect"))
    return {
        "candidates": concern_candidates(meeting, only=target) if target else [],
        "aspects": list(meeting.aspects.filter(pk=aspect)) if aspect else [],
    }


def _posted_pk(value) -> int | None:
    # Anything else is no key (and the form refuses it); ten digits keep it within a bigint.
    value = str(value or "")
    return int(value) if value.isascii() and value.isdigit() and len(value) < 10 else None


AFTER_THE_MEETING = (Stage.HELD, Stage.RECTIFYING, Stage.ARCHIVED)


def public_form_state(solicitation: Solicitation, today: date | None = None) -> str:
    """open / not_started / ended / closed: whether the online form takes opinions now."""
    today = today or timezone.localdate()
    if not solicitation.form_open or solicitation.meeting.stage in AFTER_THE_MEETING:
        return "closed"
    if solicitation.starts_on and today < solicitation.starts_on:
        return "not_started"
    if solicitation.ends_on and today > solicitation.ends_on:
        return "ended"
    return "open"


# --- the office's list ------------------------------------------------------------------


def opinions_matching(solicitation: Solicitation, filters: dict):
    """The opinions of one solicitation that match the list's filters (see OpinionFilterForm)."""
    qs = Opinion.objects.filter(solicitation=solicitation)
    state = filters.get("state") or ""
    if state == "active":
        qs = qs.exclude(state=OpinionState.MERGED)
    elif state:
        qs = qs.filter(state=state)
    aspect = filters.get("aspect") or ""
    if aspect == "none":
        qs = qs.filter(aspect__isnull=True)
    elif aspect:
        qs = qs.filter(aspect_id=aspect)
    concern = filters.get("concern") or ""
    if concern == "team":
        qs = qs.filter(routings__member__isnull=True, routings__isnull=False)
    elif concern == "none":
        qs = qs.filter(routings__isnull=True)
    elif concern:
        qs = qs.filter(routings__member_id=concern)
    addressed = filters.get("addressed") or ""
    if addressed == "team":
        qs = qs.filter(addressed_member__isnull=True)
    elif addressed:
        qs = qs.filter(addressed_member_id=addressed)
    for name in ("kind", "channel", "source"):
        if filters.get(name):
            qs = qs.filter(**{name: filters[name]})
    if filters.get("q"):
        qs = qs.filter(content__icontains=filters["q"])
    return qs.distinct() if concern else qs


def routings_in_order(routings):
    """Whom opinions concern as listed: 班子 first, then the members in the team's rank order."""
    return order_officially(
        routings,
        organization="opinion__solicitation__meeting__organization_id",
        person="member",
        first=(Case(When(member__isnull=True, then=Value(0)), default=Value(1)).asc(),),
    )


def with_list_details(qs):
    """What each row of the list shows, fetched in a fixed number of queries."""
    return qs.select_related("aspect", "addressed_member", "suggested_aspect").prefetch_related(
        Prefetch("routings", queryset=routings_in_order(OpinionRouting.objects.select_related("member"))),
        Prefetch("duplicates", queryset=Opinion.objects.order_by("received_on", "id")),
    )


def state_counts(solicitation: Solicitation) -> dict[str, int]:
    counts = dict.fromkeys(OpinionState.values, 0)
    rows = (
        Opinion.objects.filter(solicitation=solicitation)
        .values_list("state")
        .annotate(n=Count("id"))
        .order_by()
    )
    counts.update(dict(rows))
    counts["total"] = sum(counts[s] for s in OpinionState.values)
    counts["active"] = counts["total"] - counts[OpinionState.MERGED]
    return counts


def counted_groups(solicitation: Solicitation):
    return Opinion.objects.filter(
        solicitation=solicitation, state__in=COUNTED_STATES, duplicate_of__isnull=True
    )


# --- the summary ------------------------------------------------------------------------


@dataclass
class Summary:
    """The counts the reports use (seed 004: "共征求到xx个方面意见建议xx条")."""

    received: int  # every text received, duplicates and set-aside ones included
    counted: int  # Y: sorted opinions, a merged group counted once
    aspects: int  # X: aspects those opinions fall under
    unsorted: int
    merged: int
    set_aside: int
    by_aspect: list[tuple[str, int]] = field(default_factory=list)
    without_aspect: int = 0
    by_kind: list[tuple[str, int]] = field(default_factory=list)
    by_concern: list[tuple[str, int]] = field(default_factory=list)
    by_channel: list[tuple[str, int]] = field(default_factory=list)  # per text received
    by_source: list[tuple[str, int]] = field(default_factory=list)  # per text received

    @property
    def sentence(self) -> str:
        return f"共征求到{self.aspects}个方面意见建议{self.counted}条"


def feedback_summary(solicitation: Solicitation) -> Summary:
    states = state_counts(solicitation)
    groups = counted_groups(solicitation)
    aspect_rows = Counter(
        dict(groups.values_list("aspect_id").annotate(n=Count("id")).order_by())
    )
    aspects = list(solicitation.meeting.aspects.all())
    kind_rows = dict(groups.values_list("kind").annotate(n=Count("id")).order_by())
    concern_rows = dict(
        OpinionRouting.objects.filter(opinion__in=groups)
        .values_list("member_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    received = Opinion.objects.filter(solicitation=solicitation).exclude(
        state=OpinionState.SET_ASIDE
    )
    channel_rows = dict(received.values_list("channel").annotate(n=Count("id")).order_by())
    source_rows = dict(received.values_list("source").annotate(n=Count("id")).order_by())
    candidates = concern_candidates(solicitation.meeting)
    return Summary(
        received=states["total"],
        counted=sum(aspect_rows.values()),
        aspects=sum(1 for a in aspects if aspect_rows.get(a.pk)),
        unsorted=states[OpinionState.NEW],
        merged=states[OpinionState.MERGED],
        set_aside=states[OpinionState.SET_ASIDE],
        by_aspect=[(f"{a.order}. {a.title}", aspect_rows.get(a.pk, 0)) for a in aspects],
        without_aspect=aspect_rows.get(None, 0),
        by_kind=[(label, kind_rows.get(value, 0)) for value, label in OpinionKind.choices],
        by_concern=[("领导班子", concern_rows.get(None, 0))]
        + [(person_label(p), concern_rows.get(p.pk, 0)) for p in candidates],
        by_channel=[
            (label, channel_rows[value]) for value, label in Channel.choices if value in channel_rows
        ],
        by_source=[
            (label, source_rows[value])
            for value, label in OpinionSource.choices
            if value in source_rows
        ]
        + ([("未注明", source_rows[""])] if source_rows.get("") else []),
    )


# --- feeding back -----------------------------------------------------------------------


@dataclass(frozen=True)
class FedBack:
    """An opinion as a member is shown it: the words, never where they came from.

    Plain values rather than the model, so no template can reach the sender's fields.
    """

    texts: list[str]  # the opinion, then each merged duplicate, verbatim
    aspect: str
    kind: str
    response_status: str
    also_team: bool = False


@dataclass
class MemberFeedback:
    own: list[FedBack]
    team: list[FedBack]


def member_feedback(solicitation: Solicitation, person: Person | None) -> MemberFeedback:
    """Released opinions routed to this person, and those routed to the team."""
    person_filter = Q(member__isnull=True)
    if person is not None:
        person_filter |= Q(member=person)
    routings = (
        OpinionRouting.objects.filter(
            person_filter, opinion__solicitation=solicitation, opinion__state=OpinionState.RELEASED
        )
        .select_related("opinion__aspect")
        .prefetch_related(
            Prefetch(
                "opinion__duplicates",
                queryset=Opinion.objects.order_by("received_on", "id").only(
                    "id", "content", "duplicate_of_id"
                ),
            )
        )
        .order_by(
            F("opinion__aspect__order").asc(nulls_last=True), "opinion__kind", "opinion__received_on"
        )
    )
    own, team, own_ids = [], [], set()
    routings = list(routings)
    team_ids = {r.opinion_id for r in routings if r.member_id is None}
    for routing in routings:
        if routing.member_id is not None:
            own.append(_fed_back(routing, also_team=routing.opinion_id in team_ids))
            own_ids.add(routing.opinion_id)
    for routing in routings:
        if routing.member_id is None and routing.opinion_id not in own_ids:
            team.append(_fed_back(routing))
    return MemberFeedback(own=own, team=team)


def _fed_back(routing: OpinionRouting, also_team: bool = False) -> FedBack:
    opinion = routing.opinion
    return FedBack(
        texts=[opinion.content] + [d.content for d in opinion.duplicates.all()],
        aspect=opinion.aspect.title if opinion.aspect else "其他方面",
        kind=opinion.get_kind_display(),
        response_status=routing.get_response_status_display(),
        also_team=also_team,
    )


def release_preview(solicitation: Solicitation) -> list[tuple[str, int, int]]:
    """(who, about them, about the team) among the sorted opinions not yet fed back."""
    waiting = counted_groups(solicitation).filter(state=OpinionState.SORTED)
    rows = dict(
        OpinionRouting.objects.filter(opinion__in=waiting)
        .values_list("member_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    team = rows.get(None, 0)
    return [(person_label(p), rows.get(p.pk, 0), team) for p in concern_candidates(solicitation.meeting)]


def receipts(solicitation: Solicitation) -> list[tuple[Person, object]]:
    """Each member and when they last opened their feedback (None: not yet)."""
    seen = dict(
        FeedbackReceipt.objects.filter(solicitation=solicitation).values_list("person_id", "seen_at")
    )
    return [(p, seen.get(p.pk)) for p in concern_candidates(solicitation.meeting)]
