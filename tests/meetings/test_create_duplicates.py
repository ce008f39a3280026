"""A second meeting with the same organisation, kind, year and title is a deliberate choice."""

from meetings.models import Meeting
from tests.formdata import form_data


def _create(client, **changes):
    data = form_data(client.get("/meetings/new/").content.decode(), **changes)
    return client.post("/meetings/new/", data), data


def test_a_same_named_meeting_of_the_same_year_asks_for_confirmation(cast, login):
    office = login(cast.office)
    assert _create(office, title="2027年度民主生活会", year="2027")[0].status_code == 302

    again, data = _create(office, title="2027年度民主生活会", year="2027")

    assert again.status_code == 200
    body = again.content.decode()
    assert "已有一次同名的民主生活会" in body
    assert 'type="checkbox" name="confirm_duplicate"' in body
    assert Meeting.objects.filter(title="2027年度民主生活会").count() == 1
    # ticking the box (on the same page, same token) creates the second one
    confirmed = again.context["form"].data.copy()
    confirmed["confirm_duplicate"] = "on"
    assert office.post("/meetings/new/", confirmed).status_code == 302
    assert Meeting.objects.filter(title="2027年度民主生活会").count() == 2


def test_another_year_or_title_is_not_a_duplicate(cast, login):
    office = login(cast.office)
    _create(office, title="2027年度民主生活会", year="2027")
    assert _create(office, title="2027年度民主生活会", year="2028")[0].status_code == 302
    assert _create(office, title="2027年度专题民主生活会", year="2027")[0].status_code == 302
