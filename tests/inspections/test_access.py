"""Who sees a material, at every stage (DOMAIN.md "Confidentiality", seed 001 §三(四)).

An outline is seen by its author alone until submitted; then by the secretary and the
office; by the upper level once the secretary passes it on; the other members never —
404, exactly as for an outsider.
"""

import pytest

from inspections.models import MaterialState

from .conftest import DETAILS, act, outline, team_material, write

# stage of the outline -> who may open its page
SEES = {
    "draft": {"member"},
    "submitted": {"member", "secretary", "office"},
    "returned": {"member", "secretary", "office"},
    "upper_review": {"member", "secretary", "office", "supervisor"},
    "approved": {"member", "secretary", "office", "supervisor"},
    "returned_by_upper": {"member", "secretary", "office", "supervisor"},
}
EVERYONE = ["member", "member2", "secretary", "office", "supervisor", "outsider"]


def _at(stage, cast, meeting):
    material = write(outline(meeting, cast.member), cast.member, preface="我对照检查如下。", problem=("调查研究不深", DETAILS))
    moves = {
        "draft": [],
        "submitted": [(cast.member, "submit", "")],
        "returned": [(cast.member, "submit", ""), (cast.secretary, "return", "请补充事例")],
        "upper_review": [(cast.member, "submit", ""), (cast.secretary, "pass_on", "")],
        "approved": [(cast.member, "submit", ""), (cast.secretary, "pass_on", ""), (cast.supervisor, "approve", "")],
        "returned_by_upper": [(cast.member, "submit", ""), (cast.secretary, "pass_on", ""),
                              (cast.supervisor, "upper_return", "请深化原因剖析")],
    }[stage]
    for user, name, note in moves:
        act(material, user, name, note)
    material.refresh_from_db()
    return material


def _user(cast, member2, who):
    return member2 if who == "member2" else getattr(cast, who)


@pytest.mark.parametrize("stage", list(SEES))
def test_each_person_sees_the_outline_exactly_when_the_rule_says(cast, meeting, member2, login, stage):
    material = _at(stage, cast, meeting)
    for who in EVERYONE:
        response = login(_user(cast, member2, who)).get(f"/inspections/{material.pk}/")
        expected = 200 if who in SEES[stage] else 404
        assert response.status_code == expected, f"{who} at {stage}: {response.status_code}"


@pytest.mark.parametrize("stage", list(SEES))
def test_another_member_gets_404_on_every_page_of_the_outline(cast, meeting, member2, login, stage):
    material = _at(stage, cast, meeting)
    client = login(member2)
    pages = [f"/inspections/{material.pk}/", f"/inspections/{material.pk}/edit/", f"/inspections/{material.pk}/hints/",
             f"/inspections/{material.pk}/v/1/", f"/inspections/{material.pk}/act/submit/"]
    for url in pages:
        assert client.get(url).status_code == 404, url
    assert client.post(f"/inspections/{material.pk}/sections/preface/", {"section-preface-text": "x",
                                                                         "section-preface-version": 1}).status_code == 404
    if material.versions.exists():
        version = material.versions.first()
        assert client.post(f"/documents/new/inspection_version/pdf/{version.pk}/").status_code == 404
    assert client.post(f"/documents/new/inspection_draft/pdf/{material.pk}/").status_code == 404


def test_the_board_links_only_to_what_the_viewer_may_open(cast, meeting, member2, login):
    material = _at("submitted", cast, meeting)
    url = f"/inspections/{material.pk}/"
    assert url in login(cast.secretary).get(f"/inspections/meeting/{meeting.pk}/").content.decode()
    board = login(cast.supervisor).get(f"/inspections/meeting/{meeting.pk}/").content.decode()
    assert url not in board and "待书记审阅" in board  # the status, not the text


def test_reviewers_read_versions_never_the_working_draft(cast, meeting, login):
    material = _at("returned", cast, meeting)
    write(material, cast.member, preface="退回后正在修改的新草稿文字")
    page = login(cast.secretary).get(f"/inspections/{material.pk}/").content.decode()
    assert "我对照检查如下。" in page
    assert "退回后正在修改的新草稿文字" not in page
    assert "退回后正在修改的新草稿文字" in login(cast.member).get(f"/inspections/{material.pk}/edit/").content.decode()


def test_the_supervisor_reads_only_versions_passed_on(cast, meeting, login):
    material = _at("returned_by_upper", cast, meeting)
    write(material, cast.member, preface="第二版前言")
    act(material, cast.member, "submit")
    client = login(cast.supervisor)
    assert client.get(f"/inspections/{material.pk}/v/1/").status_code == 200
    assert client.get(f"/inspections/{material.pk}/v/2/").status_code == 404
    assert "第二版前言" not in client.get(f"/inspections/{material.pk}/").content.decode()
    assert login(cast.secretary).get(f"/inspections/{material.pk}/v/2/").status_code == 200


def test_the_secretarys_own_outline_goes_straight_to_the_upper_level(cast, meeting, member2, login):
    material = write(outline(meeting, cast.secretary), cast.secretary, preface="书记本人的对照检查。")
    act(material, cast.secretary, "submit_upper")
    material.refresh_from_db()
    assert material.state == MaterialState.UPPER_REVIEW
    assert login(cast.supervisor).get(f"/inspections/{material.pk}/").status_code == 200
    assert login(cast.office).get(f"/inspections/{material.pk}/").status_code == 200
    assert login(member2).get(f"/inspections/{material.pk}/").status_code == 404


def test_the_team_material_is_read_by_the_members_once_the_secretary_approved_it(cast, meeting, member2, login):
    team = write(team_material(meeting), cast.office, preface="班子的对照检查。")
    assert login(cast.secretary).get(f"/inspections/{team.pk}/").status_code == 200  # drafted under the secretary
    assert login(member2).get(f"/inspections/{team.pk}/").status_code == 404
    assert login(cast.supervisor).get(f"/inspections/{team.pk}/").status_code == 404
    act(team, cast.office, "submit")
    assert login(member2).get(f"/inspections/{team.pk}/").status_code == 404
    act(team, cast.secretary, "pass_on")
    assert login(member2).get(f"/inspections/{team.pk}/").status_code == 200
    assert login(cast.supervisor).get(f"/inspections/{team.pk}/").status_code == 200
    assert login(cast.outsider).get(f"/inspections/{team.pk}/").status_code == 404
