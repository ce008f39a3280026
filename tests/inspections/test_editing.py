"""Writing: per-block optimistic locks, autosave answers, conflicts that keep both texts."""

import pytest

from inspections.editing import (
    BlockConflict,
    MaterialLocked,
    material_counts,
    problem_add,
    problem_save,
    section_save,
)
from inspections.models import MaterialSection

from .conftest import DETAILS, act, outline, write

AUTOSAVE = {"HTTP_X_AUTOSAVE": "1"}


def _preface(material):
    return MaterialSection.objects.get(material=material, key="preface")


def test_a_save_from_an_old_version_is_refused_with_the_text_saved_since(cast, meeting):
    material = outline(meeting, cast.member)
    section_save(material=material, key="preface", text="第一个窗口写的", version=1, actor=cast.member)
    with pytest.raises(BlockConflict) as refused:
        section_save(material=material, key="preface", text="第二个窗口写的", version=1, actor=cast.member)
    assert refused.value.current.text == "第一个窗口写的"
    assert "没有保存" in str(refused.value)
    assert _preface(material).text == "第一个窗口写的"


def test_saving_the_same_words_again_is_no_conflict(cast, meeting):
    material = outline(meeting, cast.member)
    section_save(material=material, key="preface", text="同样的话", version=1, actor=cast.member)
    again = section_save(material=material, key="preface", text="同样的话", version=1, actor=cast.member)
    assert again.version == 2


def test_blocks_lock_separately_so_two_tabs_on_different_blocks_never_collide(cast, meeting):
    material = outline(meeting, cast.member)
    section_save(material=material, key="preface", text="前言", version=1, actor=cast.member)
    section_save(material=material, key="cause_thought", text="思想方面", version=1, actor=cast.member)
    problem = problem_add(material=material, aspect_id=meeting.aspects.first().pk, actor=cast.member)
    problem_save(material=material, problem_id=problem.pk, version=1, title="问题", details=DETAILS,
                 aspect_id=problem.aspect_id, actor=cast.member)
    counts = material_counts(material)
    assert counts.by_block["section-preface"] == 2
    assert counts.total == 2 + 4 + 2 + len(DETAILS)


def test_nothing_can_be_edited_while_the_secretary_reviews(cast, meeting):
    material = write(outline(meeting, cast.member), cast.member, preface="已写好")
    act(material, cast.member, "submit")
    material.refresh_from_db()
    with pytest.raises(MaterialLocked):
        section_save(material=material, key="preface", text="改", version=2, actor=cast.member)


def test_autosave_answers_json_with_the_new_version_and_the_counts(cast, meeting, login):
    material = outline(meeting, cast.member)
    response = login(cast.member).post(
        f"/inspections/{material.pk}/sections/preface/",
        {"section-preface-text": "我 认真 学习", "section-preface-version": 1}, **AUTOSAVE,
    )
    assert response.status_code == 200
    data = response.json()
    assert data["ok"] and data["version"] == 2 and data["chars"] == 5 and data["total"] == 5


def test_autosave_from_a_second_tab_gets_409_with_the_other_text(cast, meeting, login):
    material = outline(meeting, cast.member)
    client = login(cast.member)
    url = f"/inspections/{material.pk}/sections/preface/"
    client.post(url, {"section-preface-text": "第一个窗口", "section-preface-version": 1}, **AUTOSAVE)
    response = client.post(url, {"section-preface-text": "第二个窗口", "section-preface-version": 1}, **AUTOSAVE)
    assert response.status_code == 409
    data = response.json()
    assert data["conflict"] and data["version"] == 2
    assert data["fields"] == {"section-preface-text": "第一个窗口"}
    assert _preface(material).text == "第一个窗口"


def test_without_javascript_the_conflict_page_shows_both_texts_and_the_next_save_wins(cast, meeting, login):
    material = outline(meeting, cast.member)
    client = login(cast.member)
    url = f"/inspections/{material.pk}/sections/preface/"
    client.post(url, {"section-preface-text": "对方保存的文字", "section-preface-version": 1})
    response = client.post(url, {"section-preface-text": "我写的文字", "section-preface-version": 1})
    assert response.status_code == 409
    page = response.content.decode()
    assert "对方保存的文字" in page and "我写的文字" in page
    assert 'name="section-preface-version" value="2"' in page
    client.post(url, {"section-preface-text": "我写的文字", "section-preface-version": 2})
    assert _preface(material).text == "我写的文字"


def test_a_plain_save_redirects_back_to_the_block(cast, meeting, login):
    material = outline(meeting, cast.member)
    response = login(cast.member).post(f"/inspections/{material.pk}/sections/preface/",
                                       {"section-preface-text": "前言", "section-preface-version": 1})
    assert response.status_code == 302
    assert response.url.endswith(f"/inspections/{material.pk}/edit/#section-preface")


def test_autosave_after_submission_is_refused_as_locked(cast, meeting, login):
    material = write(outline(meeting, cast.member), cast.member, preface="已写好")
    act(material, cast.member, "submit")
    response = login(cast.member).post(f"/inspections/{material.pk}/sections/preface/",
                                       {"section-preface-text": "改", "section-preface-version": 2}, **AUTOSAVE)
    assert response.status_code == 423 and response.json()["locked"]


def test_a_problem_is_added_saved_and_deleted_only_as_last_seen(cast, meeting, login):
    material = outline(meeting, cast.member)
    client = login(cast.member)
    aspect = meeting.aspects.first()
    client.post(f"/inspections/{material.pk}/problems/new/", {"aspect": aspect.pk})
    problem = material.problems.get()
    prefix = f"problem-{problem.pk}"
    saved = client.post(f"/inspections/{material.pk}/problems/{problem.pk}/", {
        f"{prefix}-title": "调研不深", f"{prefix}-details": DETAILS, f"{prefix}-aspect": aspect.pk,
        f"{prefix}-version": 1}, **AUTOSAVE)
    assert saved.json()["version"] == 2
    stale = client.post(f"/inspections/{material.pk}/problems/{problem.pk}/delete/", {f"{prefix}-version": 1})
    assert stale.status_code == 302 and material.problems.exists()
    client.post(f"/inspections/{material.pk}/problems/{problem.pk}/delete/", {f"{prefix}-version": 2})
    assert not material.problems.exists()


def test_a_new_problem_arrives_as_an_htmx_fragment(cast, meeting, login):
    material = outline(meeting, cast.member)
    response = login(cast.member).post(f"/inspections/{material.pk}/problems/new/",
                                       {"aspect": meeting.aspects.first().pk}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert 'class="ed-item ed-problem ed-fresh"' in response.content.decode()


def test_a_measure_keeps_its_deadline_and_the_problem_it_answers(cast, meeting, login):
    material = write(outline(meeting, cast.member), cast.member, problem=("调研不深", DETAILS))
    problem = material.problems.get()
    client = login(cast.member)
    client.post(f"/inspections/{material.pk}/measures/new/")
    measure = material.measures.get()
    p = f"measure-{measure.pk}"
    response = client.post(f"/inspections/{material.pk}/measures/{measure.pk}/", {
        f"{p}-content": "每月蹲点调研2天", f"{p}-term": "deadline", f"{p}-deadline": "2026-12-31",
        f"{p}-problem": problem.pk, f"{p}-version": 1}, **AUTOSAVE)
    assert response.status_code == 200
    measure.refresh_from_db()
    assert str(measure.deadline) == "2026-12-31" and measure.problem == problem
    bad = client.post(f"/inspections/{material.pk}/measures/{measure.pk}/", {
        f"{p}-content": "x", f"{p}-term": "deadline", f"{p}-deadline": "明年", f"{p}-version": 2}, **AUTOSAVE)
    assert bad.status_code == 400 and "deadline" in bad.json()["errors"]


def test_saving_a_problem_of_another_outline_through_ones_own_is_a_404(cast, meeting, member2, login):
    mine, theirs = outline(meeting, cast.member), outline(meeting, member2)
    other = problem_add(material=theirs, aspect_id=None, actor=member2)
    prefix = f"problem-{other.pk}"
    response = login(cast.member).post(f"/inspections/{mine.pk}/problems/{other.pk}/", {
        f"{prefix}-title": "改别人的", f"{prefix}-details": "", f"{prefix}-aspect": "", f"{prefix}-version": 1},
        **AUTOSAVE)
    assert response.status_code == 404
    other.refresh_from_db()
    assert other.title == ""
