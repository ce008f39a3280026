"""Reviewing: comments on sections, and what each reviewer is shown as changed.

Seed 004: "党组书记逐一审阅了党组成员个人检视剖析材料，严格把关审核，党组成员按照党组书记
审阅提出的修改意见，进行了反复修改充实" — the reviewer comments, the writer revises, the
reviewer reads what changed since the version they last saw.
"""

import re
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from meetings.textdiff import SectionDiff, sections_diff

from .access import MaterialAccess, MaterialRole
from .content import diff_lines, section_titles
from .models import Material, MaterialEvent, MaterialState, MaterialVersion, ReviewComment, ReviewerMark


class CommentRefused(Exception):
    pass


def comment_role(material: Material, access: MaterialAccess) -> str:
    """Who comments now: the secretary while it waits on them, the upper level likewise."""
    if material.state == MaterialState.SUBMITTED and access.has(MaterialRole.REVIEWER):
        return "书记"
    if material.state == MaterialState.UPPER_REVIEW and access.has(MaterialRole.SUPERVISOR):
        return "上级"
    return ""


# The moves that send a material back to its writer with a note, and those that close a
# review (the reviewer accepted the text): a return stays open until one of the latter.
RETURNS = ("return", "upper_return", "reopen")
CLOSES = ("pass_on", "approve")


@dataclass
class OpenReview:
    """What the writer must still take up: the last return's note and every comment on
    the version it returned, overall and by section."""

    event: MaterialEvent
    comments: list[ReviewComment] = field(default_factory=list)


def open_review(material: Material) -> OpenReview | None:
    """The return the writer is answering now, or None. It stays open while they revise,
    resubmit and withdraw again, until a reviewer passes or approves a later version."""
    last = (
        MaterialEvent.objects.filter(material=material, transition__in=RETURNS + CLOSES)
        .select_related("actor__person", "version").defer("version__content", "version__hints")
        .order_by("-at", "-id").first()
    )
    if last is None or last.transition not in RETURNS:
        return None
    comments = list(ReviewComment.objects.filter(version_id=last.version_id).select_related("author__person")) \
        if last.version_id else []
    return OpenReview(last, comments)


def comment_add(*, material: Material, version: MaterialVersion, section_key: str, text: str,
                actor, access: MaterialAccess) -> ReviewComment:
    role = comment_role(material, access)
    if not role:
        raise CommentRefused("现在不能对这份材料提出审阅意见。")
    latest = material.versions.order_by("-number").first()
    if latest is None or latest.pk != version.pk:
        raise CommentRefused("只能对正在审阅的最新版本提出意见。")
    titles = section_titles(version.content)
    if section_key not in titles:
        raise CommentRefused("没有这一部分。")
    return ReviewComment.objects.create(
        material=material, version=version, section_key=section_key, section_title=titles[section_key],
        text=text.strip(), author=actor, role=role,
    )


def comment_delete(*, comment: ReviewComment, actor) -> None:
    """A reviewer takes back their own comment while the version is still under review."""
    if comment.author_id != actor.pk:
        raise CommentRefused("只能删除自己提出的意见。")
    deleted, _ = ReviewComment.objects.filter(pk=comment.pk).delete()
    if not deleted:  # taken back in another tab a moment ago
        raise CommentRefused("这条意见已经删除，这次没有删除任何内容。")


@transaction.atomic
def reviewer_mark_seen(*, material: Material, user, number: int) -> int | None:
    """Record that `user` opened version `number`; return the version to compare it
    with — the one they saw before it (None: this is the first they see)."""
    mark = ReviewerMark.objects.select_for_update().filter(material=material, user=user).first()
    now = timezone.now()
    if mark is None:
        ReviewerMark.objects.create(material=material, user=user, number=number, seen_at=now)
        return None
    if mark.number < number:
        mark.previous, mark.number, mark.seen_at = mark.number, number, now
        mark.save(update_fields=["previous", "number", "seen_at"])
        return mark.previous
    if mark.number == number:
        return mark.previous
    return None  # an older version reopened: compare it with its predecessor on request


def _unnumbered(line: str) -> str:
    return re.sub(r"^\d+\.", "", line)


def version_diff(old: MaterialVersion, new: MaterialVersion) -> list[SectionDiff]:
    """What changed between two versions, section by section; moved or split paragraphs
    are paired with their likeness, so an edited paragraph shows its changed characters."""
    return sections_diff(diff_lines(old.content), diff_lines(new.content), normalise=_unnumbered, pair_similar=True)
