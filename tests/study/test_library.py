"""The materials library: everyone of the organisation reads it, its office manages it."""

import pytest

from study.material_seeds import STANDARD_MATERIALS
from study.models import MaterialKind, StudyMaterial
from study.services import materials_ensure_library, materials_import_standard

from .conftest import make_material, make_session

LOGIN = "/accounts/login/"


def _library(org):
    return f"/study/library/{org.pk}/"


def test_the_library_requires_login(client, cast):
    response = client.get(_library(cast.gov))
    assert response.status_code == 302 and response["Location"].startswith(LOGIN)


def test_the_library_is_hidden_from_an_outsider(cast, login):
    assert login(cast.outsider).get(_library(cast.gov)).status_code == 404


def test_a_member_reads_the_library_but_cannot_change_it(cast, login):
    material = make_material(cast.gov)
    client = login(cast.member)
    page = client.get(_library(cast.gov)).content.decode()
    assert "《中国共产党章程》" in page
    assert "添加材料" not in page and "归档" not in page
    assert client.get(f"/study/library/{cast.gov.pk}/new/").status_code == 403
    assert client.post(f"/study/library/{cast.gov.pk}/import/").status_code == 403
    assert client.get(f"/study/materials/{material.pk}/edit/").status_code == 403
    assert client.post(f"/study/materials/{material.pk}/archive/").status_code == 403


def test_an_outsider_cannot_touch_a_material(cast, login):
    material = make_material(cast.gov)
    client = login(cast.outsider)
    assert client.get(f"/study/materials/{material.pk}/edit/").status_code == 404
    assert client.post(f"/study/materials/{material.pk}/archive/").status_code == 404
    assert client.post(f"/study/library/{cast.gov.pk}/import/").status_code == 404


def test_the_supervisor_reads_the_library_of_a_body_below(cast, login):
    make_material(cast.gov)
    assert login(cast.supervisor).get(_library(cast.gov)).status_code == 200


def test_the_office_finds_the_library_stocked_with_the_seed_materials_on_first_use(cast, login):
    page = login(cast.office).get(_library(cast.gov)).content.decode()
    for title in (
        "《中国共产党章程》",
        "《关于新形势下党内政治生活的若干准则》",
        "《中国共产党党内监督条例》",
        "《中共中央关于党的百年奋斗重大成就和历史经验的决议》",
        "习近平总书记在庆祝中国共产党成立100周年大会上的重要讲话",
        "习近平总书记在党史学习教育动员大会上的重要讲话",
        "《论中国共产党历史》",
    ):
        assert title in page
    assert StudyMaterial.objects.filter(organization=cast.gov).count() == len(STANDARD_MATERIALS)


def test_the_library_is_stocked_once_and_archiving_everything_does_not_restock_it(cast):
    materials_ensure_library(organization=cast.gov)
    StudyMaterial.objects.filter(organization=cast.gov).update(is_archived=True)
    materials_ensure_library(organization=cast.gov)
    assert StudyMaterial.objects.filter(organization=cast.gov).count() == len(STANDARD_MATERIALS)


def test_importing_again_adds_only_what_is_missing(cast, login):
    make_material(cast.gov)  # the 党章 is already there
    client = login(cast.office)
    client.post(f"/study/library/{cast.gov.pk}/import/")
    assert StudyMaterial.objects.filter(organization=cast.gov).count() == len(STANDARD_MATERIALS)
    response = client.post(f"/study/library/{cast.gov.pk}/import/", follow=True)
    assert "常用学习材料均已在库中" in response.content.decode()
    assert materials_import_standard(organization=cast.gov) == 0


def test_each_organisation_has_its_own_library(cast):
    materials_import_standard(organization=cast.gov)
    materials_import_standard(organization=cast.edu)
    assert StudyMaterial.objects.filter(organization=cast.edu).count() == len(STANDARD_MATERIALS)


def test_the_office_adds_a_material(cast, login):
    response = login(cast.office).post(
        f"/study/library/{cast.gov.pk}/new/",
        {"title": "《中国共产党纪律处分条例》（2023年修订）", "kind": MaterialKind.REGULATION,
         "issuer": "中共中央", "issued_on": "", "notes": ""},
    )
    assert response.status_code == 302
    assert StudyMaterial.objects.get(title__startswith="《中国共产党纪律处分条例》（2023").issuer == "中共中央"


def test_a_duplicate_or_empty_title_is_refused_in_chinese(cast, login):
    make_material(cast.gov)
    client = login(cast.office)
    url = f"/study/library/{cast.gov.pk}/new/"
    duplicate = client.post(url, {"title": "《中国共产党章程》", "kind": MaterialKind.REGULATION})
    assert "材料库中已有同名材料。" in duplicate.content.decode()
    empty = client.post(url, {"title": "", "kind": ""})
    assert "请填写此项。" in empty.content.decode()


def test_the_office_edits_and_archives_a_material_and_brings_it_back(cast, login):
    material = make_material(cast.gov)
    client = login(cast.office)
    client.post(f"/study/materials/{material.pk}/edit/",
                {"title": "《中国共产党章程》", "kind": MaterialKind.REGULATION, "issuer": "党的二十大"})
    client.post(f"/study/materials/{material.pk}/archive/")
    material.refresh_from_db()
    assert material.issuer == "党的二十大" and material.is_archived
    client.post(f"/study/materials/{material.pk}/archive/")
    material.refresh_from_db()
    assert not material.is_archived


def test_an_archived_material_is_no_longer_offered_but_stays_on_its_sessions(
    cast, meeting, team, login
):
    material = make_material(cast.gov, title="《中国共产党廉洁自律准则》")
    session = make_session(meeting, team, materials=[material])
    material.is_archived = True
    material.save()
    client = login(cast.office)
    assert "廉洁自律准则" not in client.get(f"/study/meetings/{meeting.pk}/sessions/new/").content.decode()
    assert "廉洁自律准则》（已归档）" in client.get(f"/study/sessions/{session.pk}/edit/").content.decode()
    assert "廉洁自律准则" in client.get(f"/study/sessions/{session.pk}/").content.decode()


