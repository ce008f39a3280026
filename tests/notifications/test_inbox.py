"""The inbox: each person sees and marks only their own messages."""

import pytest
from django.utils import timezone

from notifications.models import Notification
from notifications.services import notify

LOGIN = "/accounts/login/"


def _message(user, title="方案已批准", url="/meetings/1/", read=False):
    return Notification.objects.create(
        recipient=user, title=title, body="请开展会前准备。", url=url, read_at=timezone.now() if read else None
    )


def test_the_inbox_requires_login(client):
    response = client.get("/inbox/")
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)


def test_marking_read_requires_login(client, cast):
    message = _message(cast.office)
    response = client.post(f"/inbox/{message.pk}/read/")
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)
    message.refresh_from_db()
    assert message.read_at is None


def test_marking_all_read_requires_login(client):
    response = client.post("/inbox/read-all/")
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)


def test_the_inbox_shows_only_the_own_messages(cast, login):
    _message(cast.office, title="给办公室的消息")
    _message(cast.member, title="给委员的消息")
    body = login(cast.office).get("/inbox/").content.decode()
    assert "给办公室的消息" in body
    assert "请开展会前准备。" in body
    assert "给委员的消息" not in body


def test_the_inbox_says_so_when_empty(cast, login):
    assert "没有消息。" in login(cast.office).get("/inbox/").content.decode()


def test_marking_read_opens_the_link_and_clears_the_unread_mark(cast, login):
    message = _message(cast.office, url="/meetings/7/")
    response = login(cast.office).post(f"/inbox/{message.pk}/read/")
    assert response.status_code == 302
    assert response["Location"] == "/meetings/7/"
    message.refresh_from_db()
    assert message.read_at is not None


def test_marking_read_never_redirects_off_site(cast, login):
    message = _message(cast.office, url="https://evil.example.com/")
    response = login(cast.office).post(f"/inbox/{message.pk}/read/")
    assert response["Location"] == "/inbox/"


def test_marking_read_only_accepts_post(cast, login):
    message = _message(cast.office)
    assert login(cast.office).get(f"/inbox/{message.pk}/read/").status_code == 405


def test_a_person_cannot_mark_another_persons_message(cast, login):
    message = _message(cast.member)
    assert login(cast.office).post(f"/inbox/{message.pk}/read/").status_code == 404
    message.refresh_from_db()
    assert message.read_at is None


def test_marking_all_read_marks_only_the_own_messages(cast, login):
    mine = [_message(cast.office, title=f"消息{i}") for i in range(3)]
    theirs = _message(cast.member)
    response = login(cast.office).post("/inbox/read-all/")
    assert response.status_code == 302
    assert response["Location"] == "/inbox/"
    assert all(Notification.objects.get(pk=m.pk).read_at for m in mine)
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_the_page_head_counts_the_unread_messages(cast, login):
    _message(cast.office)
    _message(cast.office)
    _message(cast.office, read=True)
    _message(cast.member)
    body = login(cast.office).get("/inbox/").content.decode()
    assert '<span class="badge" title="未读消息">2</span>' in body


def test_the_page_head_shows_no_badge_when_all_is_read(cast, login):
    _message(cast.office, read=True)
    client = login(cast.office)
    assert 'class="badge"' not in client.get("/").content.decode()


def test_the_badge_drops_after_marking_all_read(cast, login):
    _message(cast.office)
    client = login(cast.office)
    client.post("/inbox/read-all/")
    assert 'class="badge"' not in client.get("/inbox/").content.decode()


def test_notify_skips_inactive_people_and_duplicates(cast):
    cast.member.is_active = False
    cast.member.save(update_fields=["is_active"])
    created = notify(recipients=[cast.office, cast.office, cast.member, None], title="测试")
    assert [n.recipient for n in created] == [cast.office]


def test_notify_with_a_key_sends_each_person_once(cast):
    notify(recipients=[cast.office], title="提醒", dedupe_key="k1")
    assert notify(recipients=[cast.office, cast.member], title="提醒", dedupe_key="k1")[0].recipient == cast.member
    assert Notification.objects.filter(dedupe_key="k1").count() == 2
