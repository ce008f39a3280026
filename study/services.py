"""Write operations on the study phase. Views call these; nothing else changes a record."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, time
from decimal import Decimal

from django.db import IntegrityError, transaction

from meetings.models import Meeting
from organizations.models import Organization, Person

from .material_seeds import STANDARD_MATERIALS
from .models import StudyAttendance, StudyForm, StudyMaterial, StudySession

# --- the materials library ----------------------------------------------------------------


def materials_import_standard(*, organization: Organization) -> int:
    """Add the standard materials the seeds list that the library lacks; return how many.

    Matched by title, so running it again adds nothing and never revives an archived item.
    """
    have = set(
        StudyMaterial.objects.filter(organization=organization).values_list("title", flat=True)
    )
    created = 0
    for title, kind, issuer, issued_on, notes in STANDARD_MATERIALS:
        if title in have:
            continue
        try:
            with transaction.atomic():
                StudyMaterial.objects.create(
                    organization=organization, title=title, kind=kind, issuer=issuer,
                    issued_on=issued_on, notes=notes,
                )
        except IntegrityError:
            continue  # a concurrent first use added it
        created += 1
    return created


def materials_ensure_library(*, organization: Organization) -> None:
    """On an organisation's first use of the library, stock it with the standard materials."""
    if not StudyMaterial.objects.filter(organization=organization).exists():
        materials_import_standard(organization=organization)


def material_create(*, organization: Organization, **fields) -> StudyMaterial:
    return StudyMaterial.objects.create(organization=organization, **fields)


def material_update(*, material: StudyMaterial, **fields) -> StudyMaterial:
    for name, value in fields.items():
        setattr(material, name, value)
    material.save(update_fields=list(fields))
    return material


def material_set_archived(*, material: StudyMaterial, archived: bool) -> StudyMaterial:
    material.is_archived = archived
    material.save(update_fields=["is_archived"])
    return material


# --- sessions -----------------------------------------------------------------------------


@dataclass(frozen=True)
class AttendanceEntry:
    person: Person
    present: bool = True
    absence_reason: str = ""
    speech_topic: str = ""
    made_up: bool = False


def _attendance_rows(session: StudySession, entries: Iterable[AttendanceEntry]):
    return [
        StudyAttendance(
            session=session,
            person=e.person,
            order=order,
            present=e.present,
            # What is kept must be consistent whatever the form sent: only the absent have
            # a reason or a make-up, only those present speak.
            absence_reason="" if e.present else e.absence_reason,
            made_up=False if e.present else e.made_up,
            speech_topic=e.speech_topic if e.present else "",
        )
        for order, e in enumerate(entries, start=1)
    ]


@transaction.atomic
def session_create(
    *,
    meeting: Meeting,
    form: str,
    held_on: date,
    hours: Decimal,
    topic: str,
    attendance: list[AttendanceEntry],
    start_time: time | None = None,
    location: str = "",
    summary: str = "",
    materials: Iterable[StudyMaterial] = (),
    recorded_by=None,
) -> StudySession:
    """Record a session held for the meeting's participants (any form but self-study)."""
    if form == StudyForm.SELF:
        raise ValueError("个人自学请用 self_study_create 记录")
    session = StudySession.objects.create(
        meeting=meeting, form=form, held_on=held_on, start_time=start_time, hours=hours,
        topic=topic, location=location, summary=summary, recorded_by=recorded_by,
    )
    session.materials.set(materials)
    StudyAttendance.objects.bulk_create(_attendance_rows(session, attendance))
    return session


@transaction.atomic
def session_update(
    *, session: StudySession, attendance: list[AttendanceEntry] | None = None, materials=None, **fields
) -> StudySession:
    """Change a session; `attendance` replaces the rows of the people it names."""
    for name, value in fields.items():
        setattr(session, name, value)
    session.save()
    if materials is not None:
        session.materials.set(materials)
    if attendance is not None:
        rows = {row.person_id: row for row in session.attendances.all()}
        for entry in attendance:
            row = rows.get(entry.person.pk)
            if row is None:
                continue
            new = _attendance_rows(session, [entry])[0]
            for name in ("present", "absence_reason", "made_up", "speech_topic"):
                setattr(row, name, getattr(new, name))
            row.save(update_fields=["present", "absence_reason", "made_up", "speech_topic"])
    return session


@transaction.atomic
def self_study_create(
    *,
    meeting: Meeting,
    person: Person,
    held_on: date,
    hours: Decimal,
    topic: str,
    summary: str = "",
    materials: Iterable[StudyMaterial] = (),
    recorded_by=None,
) -> StudySession:
    """Log one person's self-study (个人自学): they are its only attendee."""
    session = StudySession.objects.create(
        meeting=meeting, form=StudyForm.SELF, owner=person, held_on=held_on, hours=hours,
        topic=topic, summary=summary, recorded_by=recorded_by,
    )
    session.materials.set(materials)
    StudyAttendance.objects.create(session=session, person=person, order=1, present=True)
    return session


def session_delete(*, session: StudySession) -> bool:
    """Delete the session; False if it was already gone (deleted in another tab)."""
    deleted, _ = StudySession.objects.filter(pk=session.pk).delete()
    return bool(deleted)


def attendance_update(
    *, attendance: StudyAttendance, present: bool, absence_reason: str = "",
    speech_topic: str = "", made_up: bool = False,
) -> StudyAttendance:
    entry = AttendanceEntry(attendance.person, present, absence_reason, speech_topic, made_up)
    new = _attendance_rows(attendance.session, [entry])[0]
    for name in ("present", "absence_reason", "made_up", "speech_topic"):
        setattr(attendance, name, getattr(new, name))
    attendance.save(update_fields=["present", "absence_reason", "made_up", "speech_topic"])
    return attendance


def attendance_toggle_made_up(*, attendance: StudyAttendance) -> StudyAttendance:
    """Mark an absentee briefed and given the materials afterwards (补学), or undo it."""
    if attendance.present:
        return attendance
    attendance.made_up = not attendance.made_up
    attendance.save(update_fields=["made_up"])
    return attendance
