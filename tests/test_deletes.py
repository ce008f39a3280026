"""Deleting: an action that deletes nothing says so, and another object's id is a 404.

Issue 10 #9: deleting a problem of another person's outline through one's own outline's
URL answered "已删除。". The cases below are enumerated from the URL configuration, so a
new delete or remove view fails `test_every_delete_view_has_a_case` until it has one.
"""

from datetime import date

import pytest
from django.urls import URLPattern, get_resolver

from inspections.editing import BlockGone, block_delete, measure_add, problem_add
from inspections.models import Measure, Problem, ReviewComment
from inspections.review import CommentRefused, comment_delete
from meetings.models import Meeting, Stage
from organizations.models import TeamPosition
from organizations.services import team_member_add
from study.models import StudySession
from study.services import session_delete
from talks.models import PairNote, PairNoteKind, pair_key
from talks.services import pair_note_remove
from talks.workflow import TalkError

from .factories import MeetingFactory, PersonFactory, UserFactory
from .inspections.conftest import act, outline, write

APPS = ("inspections", "talks", "study", "meetings", "feedback", "organizations", "documents", "notifications",
        "proceedings", "evaluation")


def _delete_view_names() -> set[str]:
    names = set()
    for app in APPS:
        resolver = next((p for p in get_resolver().url_patterns if getattr(p, "namespace", None) == app), None)
        if resolver is None:
            continue
        for pattern in resolver.url_patterns:
            if isinstance(pattern, URLPattern) and any(w in (pattern.name or "") for w in ("delete", "remove")):
                names.add(f"{app}:{pattern.name}")
    return names


@pytest.fixture
def world(cast):
    """The gov meeting with two members' outlines (李委员's and 王委员's)."""
    colleague = PersonFactory(user=UserFactory(username="member2"), name="王委员", organization=cast.gov)
    team_member_add(person=colleague, organization=cast.gov, position=TeamPosition.MEMBER, rank=3)
    meeting = MeetingFactory(organization=cast.gov, title="2026年度县政府办党组民主生活会",
                             aspects=["带头加强政治建设"])
    Meeting.objects.filter(pk=meeting.pk).update(stage=Stage.PRE_MEETING)
    meeting.refresh_from_db()
    mine = outline(meeting, cast.member)
    theirs = outline(meeting, colleague.user)
    return meeting, mine, theirs, colleague.user


def _problem_case(cast, world):
    meeting, mine, theirs, colleague = world
    other = problem_add(material=theirs, aspect_id=None, actor=colleague)
    url = f"/inspections/{mine.pk}/problems/{other.pk}/delete/"
    return cast.member, url, {f"problem-{other.pk}-version": other.version}, lambda: Problem.objects.filter(pk=other.pk).exists()


def _measure_case(cast, world):
    meeting, mine, theirs, colleague = world
    other = measure_add(material=theirs, actor=colleague)
    url = f"/inspections/{mine.pk}/measures/{other.pk}/delete/"
    return cast.member, url, {f"measure-{other.pk}-version": other.version}, lambda: Measure.objects.filter(pk=other.pk).exists()


def _comment_case(cast, world):
    """The secretary's comment on 王委员's outline, taken back through 李委员's."""
    meeting, mine, theirs, colleague = world
    for material, user in ((mine, cast.member), (theirs, colleague)):
        write(material, user, preface="前言内容。")
        act(material, user, "submit")
    version = theirs.versions.get()
    comment = ReviewComment.objects.create(material=theirs, version=version, section_key="preface",
                                           section_title="前言", text="请具体些。", author=cast.secretary, role="书记")
    url = f"/inspections/{mine.pk}/comments/{comment.pk}/delete/"
    return cast.secretary, url, {}, lambda: ReviewComment.objects.filter(pk=comment.pk).exists()


def _note_case(cast, world):
    """An excuse of another meeting of the same office, lifted through this meeting's URL."""
    meeting, mine, theirs, colleague = world
    other_meeting = MeetingFactory(organization=cast.gov, title="2026年度专题民主生活会", stage=Stage.PRE_MEETING)
    a, b = pair_key(cast.member.person.pk, colleague.person.pk)
    note = PairNote.objects.create(meeting=other_meeting, kind=PairNoteKind.EXCUSED, person_a_id=a,
                                   person_b_id=b, reason="病假")
    url = f"/talks/meeting/{meeting.pk}/notes/{note.pk}/remove/"
    return cast.office, url, {}, lambda: PairNote.objects.filter(pk=note.pk).exists()


def _session_case(cast, world):
    """A study session of the neighbouring organisation: not the office's to delete."""
    other_meeting = MeetingFactory(organization=cast.edu, title="县教育局党组民主生活会")
    session = StudySession.objects.create(meeting=other_meeting, form="collective", held_on=date(2026, 3, 2),
                                          hours=2, topic="集中学习")
    return cast.office, f"/study/sessions/{session.pk}/delete/", {}, lambda: StudySession.objects.filter(pk=session.pk).exists()


def _edu_meeting(cast):
    return MeetingFactory(organization=cast.edu, title="县教育局党组民主生活会")


def _agenda_item_case(cast, world):
    """An agenda item of the neighbouring organisation's meeting, through one's own meeting's URL."""
    from proceedings.models import AgendaItem

    meeting = world[0]
    other = AgendaItem.objects.create(meeting=_edu_meeting(cast), order=1, title="班子对照检查")
    url = f"/proceedings/{meeting.pk}/agenda/{other.pk}/delete/"
    return cast.office, url, {}, lambda: AgendaItem.objects.filter(pk=other.pk).exists()


def _criticism_case(cast, world):
    """A criticism recorded at the neighbouring organisation's meeting: not the office's."""
    from proceedings.models import Criticism, Sitting

    sitting = Sitting.objects.create(meeting=_edu_meeting(cast), number=1)
    giver = PersonFactory(user=UserFactory(username="edu2"), name="周委员", organization=cast.edu)
    other = Criticism.objects.create(sitting=sitting, giver=giver, receiver=cast.outsider.person, text="抓落实不够有力。")
    return cast.office, f"/proceedings/criticisms/{other.pk}/delete/", {}, \
        lambda: Criticism.objects.filter(pk=other.pk).exists()


def _planned_criticism_case(cast, world):
    """A colleague's planned criticism: only its giver may delete it."""
    from proceedings.models import CriticismPlan

    meeting, _mine, _theirs, colleague = world
    other = CriticismPlan.objects.create(meeting=meeting, giver=colleague.person, receiver=cast.member.person,
                                         text="调查研究不够深入。", created_by=colleague)
    return cast.member, f"/proceedings/planner/{other.pk}/delete/", {}, \
        lambda: CriticismPlan.objects.filter(pk=other.pk).exists()


CASES = {
    "inspections:problem_delete": _problem_case,
    "inspections:measure_delete": _measure_case,
    "inspections:comment_delete": _comment_case,
    "talks:note_remove": _note_case,
    "study:session_delete": _session_case,
    "proceedings:agenda_item_delete": _agenda_item_case,
    "proceedings:criticism_delete": _criticism_case,
    "proceedings:planner_delete": _planned_criticism_case,
}


def test_every_delete_view_has_a_case():
    assert _delete_view_names() == set(CASES)


@pytest.mark.parametrize("name", sorted(CASES))
def test_another_objects_id_is_a_404_and_deletes_nothing(name, cast, world, login):
    user, url, data, still_there = CASES[name](cast, world)
    response = login(user).post(url, data)
    assert response.status_code == 404
    assert still_there()


# --- a delete that finds nothing says so --------------------------------------------------


def test_deleting_a_problem_already_deleted_in_another_tab_says_nothing_was_deleted(cast, world, login):
    meeting, mine, theirs, colleague = world
    problem = problem_add(material=mine, aspect_id=None, actor=cast.member)
    url = f"/inspections/{mine.pk}/problems/{problem.pk}/delete/"
    client = login(cast.member)
    first = client.post(url, {f"problem-{problem.pk}-version": problem.version}, follow=True)
    assert "已删除。" in first.content.decode()
    again = client.post(url, {f"problem-{problem.pk}-version": problem.version}, follow=True)
    text = again.content.decode()
    assert "没有删除任何内容" in text and "已删除。" not in text
    htmx = client.post(url, {f"problem-{problem.pk}-version": problem.version}, HTTP_HX_REQUEST="true")
    assert "没有删除任何内容" in htmx.content.decode()


def test_the_editing_service_refuses_to_report_a_second_delete(cast, world):
    meeting, mine, theirs, colleague = world
    problem = problem_add(material=mine, aspect_id=None, actor=cast.member)
    block_delete(material=mine, model=Problem, block_id=problem.pk, version=problem.version)
    with pytest.raises(BlockGone):
        block_delete(material=mine, model=Problem, block_id=problem.pk, version=problem.version)


def test_a_comment_taken_back_twice_is_refused_the_second_time(cast, world):
    meeting, mine, theirs, colleague = world
    write(mine, cast.member, preface="前言内容。")
    act(mine, cast.member, "submit")
    comment = ReviewComment.objects.create(material=mine, version=mine.versions.get(), section_key="preface",
                                           section_title="前言", text="请具体些。", author=cast.secretary, role="书记")
    stale = ReviewComment.objects.get(pk=comment.pk)
    comment_delete(comment=comment, actor=cast.secretary)
    with pytest.raises(CommentRefused, match="没有删除任何内容"):
        comment_delete(comment=stale, actor=cast.secretary)


def test_an_excuse_lifted_twice_is_refused_the_second_time(cast, world):
    meeting, mine, theirs, colleague = world
    a, b = pair_key(cast.member.person.pk, colleague.person.pk)
    note = PairNote.objects.create(meeting=meeting, kind=PairNoteKind.EXCUSED, person_a_id=a, person_b_id=b,
                                   reason="病假")
    stale = PairNote.objects.get(pk=note.pk)
    pair_note_remove(note=note)
    with pytest.raises(TalkError, match="没有改变任何内容"):
        pair_note_remove(note=stale)


def test_a_study_session_deleted_twice_reports_false_the_second_time(cast, world):
    meeting, mine, theirs, colleague = world
    session = StudySession.objects.create(meeting=meeting, form="collective", held_on=date(2026, 3, 2), hours=2,
                                          topic="集中学习")
    stale = StudySession.objects.get(pk=session.pk)
    assert session_delete(session=session) is True
    assert session_delete(session=stale) is False
