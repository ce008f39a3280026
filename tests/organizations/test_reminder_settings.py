"""The office sets how many days apart overdue items are reminded again."""

import pytest

from organizations.models import Organization


def _url(org):
    return f"/organizations/{org.pk}/reminders/"


def test_it_requires_login(client, cast):
    response = client.get(_url(cast.gov))
    assert response.status_code == 302 and "/login" in response["Location"]


def test_it_is_hidden_from_an_outsider(cast, login):
    assert login(cast.outsider).get(_url(cast.gov)).status_code == 404


def test_a_member_may_not_change_it(cast, login):
    client = login(cast.member)
    assert client.get(_url(cast.gov)).status_code == 403
    assert client.post(_url(cast.gov), {"overdue_reminder_days": "1"}).status_code == 403
    assert Organization.objects.get(pk=cast.gov.pk).overdue_reminder_days == 3


def test_the_office_sets_the_interval(cast, login):
    client = login(cast.office)
    page = client.get(_url(cast.gov)).content.decode()
    assert "逾期提醒间隔" in page and 'value="3"' in page
    response = client.post(_url(cast.gov), {"overdue_reminder_days": "5"}, follow=True)
    assert "已保存提醒设置。" in response.content.decode()
    assert Organization.objects.get(pk=cast.gov.pk).overdue_reminder_days == 5
    response = client.post(_url(cast.gov), {"overdue_reminder_days": "5"}, follow=True)
    assert "提醒设置没有变化。" in response.content.decode()


@pytest.mark.parametrize("value, message", [("0", "至少为1天"), ("31", "不能超过30天"), ("三", "1至30之间的整数")])
def test_a_bad_interval_is_explained_and_kept(cast, login, value, message):
    response = login(cast.office).post(_url(cast.gov), {"overdue_reminder_days": value})
    body = response.content.decode()
    assert response.status_code == 400 and message in body and f'value="{value}"' in body
    assert Organization.objects.get(pk=cast.gov.pk).overdue_reminder_days == 3


def test_the_office_finds_it_on_the_organisation_page(cast, login):
    assert _url(cast.gov) in login(cast.office).get(f"/organizations/{cast.gov.pk}/").content.decode()
    assert _url(cast.gov) not in login(cast.member).get(f"/organizations/{cast.gov.pk}/").content.decode()
