"""Aspect templates carry their year and source (issue 9 #11): the office sees which
year a template is from, and creating a meeting from an earlier year's template warns."""

import importlib

from django.apps import apps

from meetings.aspect_seeds import SHIPPED_TEMPLATES
from meetings.models import AspectTemplate, Meeting, MeetingKind
from organizations.models import Organization

FIVE_LEADS = "党史学习教育专题民主生活会“五个带头”"


def _shipped(name=FIVE_LEADS):
    return AspectTemplate.objects.get(organization__isnull=True, name=name)


def _own(org, *, year, name="本组织模板"):
    template = AspectTemplate.objects.create(name=name, kind=MeetingKind.DEMOCRATIC_LIFE, organization=org,
                                             year=year, source="《关于认真开好2027年度民主生活会的通知》")
    template.items.create(order=1, title="本组织方面")
    return template


def _create(client, template, *, year=2027, title="2027年度民主生活会", **extra):
    """The gov office creates a meeting (the office of the fixed cast manages gov only)."""
    organization = Organization.objects.get(short_name="县政府办党组")
    return client.post("/meetings/new/", {
        "organization": organization.pk, "kind": MeetingKind.DEMOCRATIC_LIFE, "year": year, "title": title,
        "template": template.pk, **extra,
    })


def _office(cast, login):
    return login(cast.office)


def test_every_shipped_template_names_its_year_and_its_document_by_title(db):
    for spec in SHIPPED_TEMPLATES:
        template = _shipped(spec["name"])
        assert template.year == spec["year"]
        assert template.source.startswith("《") and "种子" not in template.source
    assert _shipped().year == 2021


def test_the_migration_dates_the_templates_of_a_database_shipped_before(cast):
    """As 0002 left them: no year, the seed files as source — and an office's copy."""
    AspectTemplate.objects.filter(organization__isnull=True, name=FIVE_LEADS).update(
        year=None, source="种子文件001 §二、003 §二（2021年度）")
    copy = AspectTemplate.objects.create(name="五个带头（副本）", kind=MeetingKind.DEMOCRATIC_LIFE,
                                         organization=cast.gov, source="种子文件001 §二、003 §二（2021年度）")
    importlib.import_module("meetings.migrations.0005_aspect_template_year").fill(apps, None)
    copy.refresh_from_db()
    for template in (_shipped(), copy):
        assert (template.year, template.source) == (2021, "《2021年度年末专题民主生活会实施方案（五个带头）》")


def test_the_create_form_shows_each_templates_year(cast, login):
    page = _office(cast, login).get("/meetings/new/").content.decode()
    assert f"{FIVE_LEADS}（2021年度 · 系统内置）" in page
    assert "（年度不详 · 系统内置）" in page  # the seed of 七个方面 leaves its year blank


def test_creating_a_2027_meeting_from_the_2021_template_warns_and_saves_nothing(cast, login):
    response = _create(_office(cast, login), _shipped())
    page = response.content.decode()
    assert response.status_code == 200 and not Meeting.objects.exists()
    assert "是2021年度的" in page and "本次是2027年度的会议" in page
    assert "《2021年度年末专题民主生活会实施方案（五个带头）》" in page
    assert 'type="checkbox" name="dated_template_ok"' in page
    assert 'value="2027年度民主生活会"' in page  # nothing typed is lost


def test_the_office_may_still_use_it_once_it_says_so(cast, login):
    response = _create(_office(cast, login), _shipped(), dated_template_ok="on")
    assert response.status_code == 302
    meeting = Meeting.objects.get()
    assert meeting.aspects.count() == _shipped().items.count()


def test_a_template_of_the_meetings_own_year_is_used_without_a_word(cast, login):
    assert _create(_office(cast, login), _own(cast.gov, year=2027)).status_code == 302


def test_a_template_of_no_known_year_warns_too(cast, login):
    page = _create(_office(cast, login), _own(cast.gov, year=None)).content.decode()
    assert "没有注明年度" in page and not Meeting.objects.exists()


def test_the_templates_page_shows_each_templates_year_and_source(cast, login):
    page = _office(cast, login).get("/meetings/templates/").content.decode()
    assert "2021年度" in page and "出处：《2021年度年末专题民主生活会实施方案（五个带头）》" in page
    assert "种子" not in page


def test_a_copy_keeps_the_year_and_the_office_sets_this_years(cast, login):
    client = _office(cast, login)
    client.post(f"/meetings/templates/{_shipped().pk}/copy/", {"organization": cast.gov.pk})
    copy = AspectTemplate.objects.get(organization=cast.gov)
    assert copy.year == 2021
    response = client.post(f"/meetings/templates/{copy.pk}/edit/", {
        "name": "2027年度民主生活会方面", "year": 2027, "source": "《关于认真开好2027年度民主生活会的通知》",
        "aspects-TOTAL_FORMS": 1, "aspects-INITIAL_FORMS": 0, "aspects-MIN_NUM_FORMS": 1,
        "aspects-MAX_NUM_FORMS": 20, "aspects-0-title": "上级今年确定的方面",
    })
    assert response.status_code == 302
    copy.refresh_from_db()
    assert (copy.year, copy.source) == (2027, "《关于认真开好2027年度民主生活会的通知》")
    assert _create(client, copy).status_code == 302
