"""Reviewing: comments on sections, and each reviewer shown the changes since the version
they last saw."""

import pytest

from inspections.access import material_access
from inspections.review import CommentRefused, comment_add, version_diff

from .conftest import DETAILS, act, outline, write


@pytest.fixture
def submitted(cast, meeting):
    material = write(outline(meeting, cast.member), cast.member, preface="我认真学习了有关文件。",
                     problem=("调研不深", DETAILS))
    act(material, cast.member, "submit")
    return material


def _comment(material, user, section, text="请补充具体事例。"):
    material.refresh_from_db()
    return comment_add(material=material, version=material.versions.order_by("-number").first(), section_key=section,
                       text=text, actor=user, access=material_access(user, material))


def test_the_secretary_comments_on_a_section_and_the_author_sees_it_there(cast, meeting, submitted, login):
    aspect = meeting.aspects.first()
    comment = _comment(submitted, cast.secretary, f"aspect-{aspect.pk}")
    assert comment.role == "书记" and comment.section_title == "问题一：带头加强政治建设"
    act(submitted, cast.secretary, "return", "请按意见修改")
    editor = login(cast.member).get(f"/inspections/{submitted.pk}/edit/").content.decode()
    assert "书记意见" in editor and "请补充具体事例。" in editor


def test_only_the_reviewer_whose_turn_it_is_comments(cast, meeting, submitted):
    for user in (cast.member, cast.office, cast.supervisor):
        with pytest.raises(CommentRefused):
            _comment(submitted, user, "preface")
    act(submitted, cast.secretary, "pass_on")
    with pytest.raises(CommentRefused):
        _comment(submitted, cast.secretary, "preface")
    assert _comment(submitted, cast.supervisor, "preface").role == "上级"


def test_a_comment_on_a_section_the_version_lacks_is_refused(cast, submitted):
    with pytest.raises(CommentRefused):
        _comment(submitted, cast.secretary, "aspect-999")


def test_comments_are_added_through_the_page(cast, meeting, submitted, login):
    client = login(cast.secretary)
    response = client.post(f"/inspections/{submitted.pk}/comments/", {"section": "preface", "text": "前言太空。"})
    assert response.url.endswith("#sec-preface")
    assert submitted.comments.get().text == "前言太空。"
    assert login(cast.member).post(f"/inspections/{submitted.pk}/comments/",
                                   {"section": "preface", "text": "自己评自己"}).status_code == 302
    assert submitted.comments.count() == 1


def test_the_secretary_sees_what_changed_since_the_version_they_last_saw(cast, meeting, submitted, login):
    client = login(cast.secretary)
    assert "与第" not in client.get(f"/inspections/{submitted.pk}/").content.decode()  # the first they see
    act(submitted, cast.secretary, "return", "请补充")
    write(submitted, cast.member, preface="我认真学习了有关文件，逐条对照查找了问题。")
    act(submitted, cast.member, "submit")
    page = client.get(f"/inspections/{submitted.pk}/").content.decode()
    assert "与第1版相比的修改" in page
    assert "<ins>，逐条对照查找了问题</ins>" in page
    # Reloading keeps the comparison; it is not lost by having looked once.
    assert "与第1版相比的修改" in client.get(f"/inspections/{submitted.pk}/").content.decode()


def test_each_reviewer_compares_with_their_own_last_version(cast, meeting, submitted, login):
    login(cast.office).get(f"/inspections/{submitted.pk}/")  # the office saw version 1
    act(submitted, cast.secretary, "return", "请补充")
    write(submitted, cast.member, preface="第二版")
    act(submitted, cast.member, "submit")
    login(cast.secretary).get(f"/inspections/{submitted.pk}/")
    act(submitted, cast.secretary, "return", "再改")
    write(submitted, cast.member, preface="第三版")
    act(submitted, cast.member, "submit")
    assert "与第1版相比的修改" in login(cast.office).get(f"/inspections/{submitted.pk}/").content.decode()
    assert "与第2版相比的修改" in login(cast.secretary).get(f"/inspections/{submitted.pk}/").content.decode()


def test_a_version_page_compares_with_any_earlier_version(cast, meeting, submitted, login):
    act(submitted, cast.secretary, "return", "请补充")
    write(submitted, cast.member, preface="第二版前言")
    act(submitted, cast.member, "submit")
    page = login(cast.secretary).get(f"/inspections/{submitted.pk}/v/2/?compare=1").content.decode()
    assert "与第1版相比的修改" in page and "<ins>" in page


def test_an_edited_paragraph_is_diffed_by_character_even_when_paragraphs_are_added(cast, meeting, submitted):
    act(submitted, cast.secretary, "return", "请补充")
    problem = submitted.problems.get()
    from inspections.editing import problem_save

    problem_save(material=submitted, problem_id=problem.pk, version=problem.version, title="调研不深",
                 details="新增的一段事例：2026年5月走访了3户。\n" + DETAILS.replace("3件", "5件"), aspect_id=problem.aspect_id,
                 actor=cast.member)
    act(submitted, cast.member, "submit")
    old, new = submitted.versions.order_by("number")
    lines = [line for section in version_diff(old, new) for line in section.lines]
    kinds = {line.kind for line in lines}
    assert "added" in kinds and "changed" in kinds
    changed = next(line for line in lines if line.kind == "changed")
    assert "<del>3</del><ins>5</ins>" in str(changed.html)


# --- the return note where the writer revises (issue 9 #7) ----------------------------------


def _editor(client, material):
    return client.get(f"/inspections/{material.pk}/edit/").content.decode()


def test_the_secretarys_return_note_stands_in_the_editor(cast, meeting, submitted, login):
    act(submitted, cast.secretary, "return", "请按意见补充事例，写清本人的责任。")
    editor = _editor(login(cast.member), submitted)
    assert 'id="ed-review"' in editor
    assert "请按意见补充事例，写清本人的责任。" in editor and "张书记" in editor


def test_the_note_and_comments_stay_open_through_a_withdrawn_resubmission(cast, meeting, submitted, login):
    _comment(submitted, cast.secretary, "preface", "前言太笼统。")
    act(submitted, cast.secretary, "return", "请修改前言。")
    act(submitted, cast.member, "submit")
    act(submitted, cast.member, "withdraw")  # version 2: nobody has reviewed it yet
    editor = _editor(login(cast.member), submitted)
    assert "请修改前言。" in editor and "前言太笼统。" in editor


def test_a_passed_version_closes_the_review(cast, meeting, submitted, login):
    act(submitted, cast.secretary, "return", "请修改前言。")
    act(submitted, cast.member, "submit")
    act(submitted, cast.secretary, "pass_on")
    act(submitted, cast.supervisor, "upper_return", "请对照上级意见再改。")
    editor = _editor(login(cast.member), submitted)
    assert "请对照上级意见再改。" in editor and "请修改前言。" not in editor


def test_a_comment_on_a_part_no_longer_in_the_material_is_shown_with_the_note(cast, meeting, submitted, login):
    aspect = meeting.aspects.first()
    _comment(submitted, cast.secretary, f"aspect-{aspect.pk}", "这个方面的事例要具体。")
    act(submitted, cast.secretary, "return", "请修改。")
    aspect.delete()  # the office re-edited the aspects since
    editor = _editor(login(cast.member), submitted)
    assert "这个方面的事例要具体。" in editor and "这一部分已不在材料中" in editor


def test_returning_says_so_once(cast, meeting, submitted, login):
    response = login(cast.secretary).post(f"/inspections/{submitted.pk}/act/return/", {"note": "请修改。"}, follow=True)
    text = response.content.decode()
    assert "已退回修改。" in text and "退回修改：退回修改" not in text


def test_the_writer_is_sent_to_the_editor_by_the_return_notice(cast, meeting, submitted,
                                                              django_capture_on_commit_callbacks):
    from notifications.models import Notification

    with django_capture_on_commit_callbacks(execute=True):
        act(submitted, cast.secretary, "return", "请修改。")
    notice = Notification.objects.get(recipient=cast.member)
    assert notice.url == f"/inspections/{submitted.pk}/edit/" and "请修改。" in notice.body
