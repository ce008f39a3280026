"""Writing a material: starting it, and saving its blocks without overwriting anyone.

Each block (a text section, a problem, a measure, an answer) carries the version it was
loaded at. A save from an older version is refused with the text that is there now, so
that the writer sees both and decides — unless the two texts are the same, which is no
conflict at all (a second tab that saved the same words, a retried autosave).
"""

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.db.models.functions import Coalesce
from django.utils import timezone

from meetings.models import Meeting
from organizations.models import Person

from .access import OPEN_STAGES
from .content import count_chars
from .models import (
    Material,
    MaterialKind,
    MaterialSection,
    MaterialState,
    Measure,
    OpinionAnswer,
    Problem,
    SectionKey,
)


class MaterialLocked(Exception):
    """The material cannot be edited now (under review, approved, or the meeting is past)."""


class BlockGone(Exception):
    """The block was deleted (in another tab, or by another drafter)."""


class BlockNotFound(Exception):
    """The id names a block of another material: the caller answers 404, as for an outsider."""


class BlockConflict(Exception):
    """Someone saved this block after it was loaded here; `current` is what they saved."""

    def __init__(self, current, actor=None):
        self.current = current
        if current.updated_by_id is None or actor is not None and current.updated_by_id == actor.pk:
            where = "在您的另一个窗口中"
        else:
            person = getattr(current.updated_by, "person", None)
            where = f"由{person.name if person else current.updated_by.username}"
        when = timezone.localtime(current.updated_at).strftime("%H:%M:%S")
        super().__init__(
            f"这一段已于{when}{where}保存过（第{current.version}版）。"
            "为避免覆盖，您这次的修改没有保存；两份内容都保留在这里，请核对后选择保留哪一份。"
        )


# --- starting -----------------------------------------------------------------------------


def material_sections_create(material: Material) -> Material:
    """Every text section of a material, empty, at version 1: each has its lock from the start."""
    MaterialSection.objects.bulk_create(
        [MaterialSection(material=material, key=key) for key in SectionKey.values], ignore_conflicts=True
    )
    return material


def outline_for_author(*, meeting: Meeting, person: Person) -> Material:
    """The member's own outline for this meeting, started on first opening (idempotent)."""
    existing = Material.objects.filter(meeting=meeting, kind=MaterialKind.PERSONAL, author=person).first()
    if existing:
        return existing
    try:
        with transaction.atomic():
            material = Material.objects.create(meeting=meeting, kind=MaterialKind.PERSONAL, author=person)
    except IntegrityError:  # two tabs opened it at once
        return Material.objects.get(meeting=meeting, kind=MaterialKind.PERSONAL, author=person)
    return material_sections_create(material)


def team_material_for(*, meeting: Meeting) -> Material:
    existing = Material.objects.filter(meeting=meeting, kind=MaterialKind.TEAM).first()
    if existing:
        return existing
    try:
        with transaction.atomic():
            material = Material.objects.create(meeting=meeting, kind=MaterialKind.TEAM)
    except IntegrityError:
        return Material.objects.get(meeting=meeting, kind=MaterialKind.TEAM)
    return material_sections_create(material)


def team_drafter_set(*, material: Material, drafter: Person | None) -> Material:
    material.drafter = drafter
    material.save(update_fields=["drafter"])
    return material


# --- saving blocks ------------------------------------------------------------------------


def material_ensure_editable(material: Material) -> None:
    if material.meeting.stage not in OPEN_STAGES:
        raise MaterialLocked(
            f"会议处于“{material.meeting.get_stage_display()}”阶段，材料已定稿，不能再修改。"
        )
    if material.state not in MaterialState.editable():
        raise MaterialLocked(
            f"材料{material.get_state_display()}，暂不能修改；"
            + ("如需修改，可先撤回。" if material.state == MaterialState.SUBMITTED else "如需修改，须由审核人退回。")
        )


def _touch(material: Material) -> None:
    now = timezone.now()
    Material.objects.filter(pk=material.pk).update(edited_at=now, started_at=Coalesce("started_at", now))


def _locked_save(model, lookup: dict, version: int, values: dict, actor):
    """Save `values` into the row if it is still at `version`; see the module's docstring."""
    current = model.objects.select_for_update(of=("self",)).select_related("updated_by__person").filter(**lookup).first()
    if current is None:
        if "pk" in lookup and model.objects.filter(pk=lookup["pk"]).exists():
            raise BlockNotFound()
        raise BlockGone("这一项已被删除（可能是在另一个窗口中）。您填写的内容仍在页面上，可复制后新增一项。")
    if all(getattr(current, field) == value for field, value in values.items()):
        return current
    if current.version != version:
        raise BlockConflict(current, actor)
    for field, value in values.items():
        setattr(current, field, value)
    current.version += 1
    current.updated_by = actor
    current.save(update_fields=[*values, "version", "updated_at", "updated_by"])
    return current


@transaction.atomic
def section_save(*, material: Material, key: str, text: str, version: int, actor) -> MaterialSection:
    material_ensure_editable(material)
    section = _locked_save(MaterialSection, {"material": material, "key": key}, version, {"text": text}, actor)
    _touch(material)
    return section


@transaction.atomic
def problem_add(*, material: Material, aspect_id: int | None, actor) -> Problem:
    material_ensure_editable(material)
    if aspect_id is not None and not material.meeting.aspects.filter(pk=aspect_id).exists():
        aspect_id = None
    order = (material.problems.aggregate(n=Max("order"))["n"] or 0) + 1
    return Problem.objects.create(material=material, aspect_id=aspect_id, order=order, updated_by=actor)


@transaction.atomic
def problem_save(*, material: Material, problem_id: int, version: int, title: str, details: str,
                 aspect_id: int | None, actor) -> Problem:
    material_ensure_editable(material)
    values = {"title": title, "details": details, "aspect_id": aspect_id}
    problem = _locked_save(Problem, {"material": material, "pk": problem_id}, version, values, actor)
    _touch(material)
    return problem


@transaction.atomic
def measure_add(*, material: Material, actor, problem_id: int | None = None) -> Measure:
    material_ensure_editable(material)
    order = (material.measures.aggregate(n=Max("order"))["n"] or 0) + 1
    if problem_id is not None and not material.problems.filter(pk=problem_id).exists():
        problem_id = None
    return Measure.objects.create(material=material, order=order, problem_id=problem_id, updated_by=actor)


@transaction.atomic
def measure_save(*, material: Material, measure_id: int, version: int, content: str, term: str,
                 deadline, problem_id: int | None, actor) -> Measure:
    material_ensure_editable(material)
    values = {"content": content, "term": term, "deadline": deadline, "problem_id": problem_id}
    measure = _locked_save(Measure, {"material": material, "pk": measure_id}, version, values, actor)
    _touch(material)
    return measure


@transaction.atomic
def block_delete(*, material: Material, model, block_id: int, version: int) -> None:
    """Delete a problem or a measure — only as the writer last saw it, so that words
    another tab added since are not deleted unseen."""
    material_ensure_editable(material)
    current = model.objects.select_for_update().filter(material=material, pk=block_id).first()
    if current is None:
        # Deleted in another tab is told as such; another material's block is not this
        # material's to delete, and saying "deleted" would be a lie (issue 10 #9).
        if model.objects.filter(pk=block_id).exists():
            raise BlockNotFound()
        raise BlockGone("这一项已经删除（可能是在另一个窗口中），这次没有删除任何内容。")
    if current.version != version:
        raise BlockConflict(current)
    current.delete()
    _touch(material)


@transaction.atomic
def answer_save(*, material: Material, routing_id: int, version: int, text: str,
                problem_id: int | None, actor) -> OpinionAnswer:
    """An answer row appears on its first save (opinions may be fed back after the writing
    has begun); version 0 means "there was none when the page was loaded"."""
    material_ensure_editable(material)
    values = {"text": text, "problem_id": problem_id}
    if version == 0 and not OpinionAnswer.objects.filter(material=material, routing_id=routing_id).exists():
        try:
            with transaction.atomic():
                answer = OpinionAnswer.objects.create(
                    material=material, routing_id=routing_id, updated_by=actor, **values
                )
        except IntegrityError:
            pass  # another tab created it this instant: fall through to the locked save
        else:
            _touch(material)
            return answer
    answer = _locked_save(OpinionAnswer, {"material": material, "routing_id": routing_id}, version, values, actor)
    _touch(material)
    return answer


# --- counting ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Counts:
    total: int
    by_block: dict[str, int]


def material_counts(material: Material) -> Counts:
    """Characters per block (keyed like the editor's blocks) and in total, in 4 queries."""
    by_block = {}
    for key, text in material.sections.values_list("key", "text"):
        by_block[f"section-{key}"] = count_chars(text)
    for pk, title, details in material.problems.values_list("pk", "title", "details"):
        by_block[f"problem-{pk}"] = count_chars(title) + count_chars(details)
    for pk, content in material.measures.values_list("pk", "content"):
        by_block[f"measure-{pk}"] = count_chars(content)
    for routing_id, text in material.answers.values_list("routing_id", "text"):
        by_block[f"answer-{routing_id}"] = count_chars(text)
    return Counts(sum(by_block.values()), by_block)
