"""The inbox costs the same number of queries for 5 messages as for 50, and pages them."""

from notifications.models import Notification


def test_the_inbox_costs_the_same_for_5_and_50_messages(cast, login, same_queries_at_5_and_50):
    def grow(n):
        for i in range(Notification.objects.filter(recipient=cast.office).count(), n):
            Notification.objects.create(recipient=cast.office, title=f"消息{i}", url="/meetings/1/")

    client = login(cast.office)
    _, response = same_queries_at_5_and_50(grow, lambda: client.get("/inbox/"))
    body = response.content.decode()
    assert body.count('<li class="unread">') == 30  # a page of 30, the pager to the rest
    assert 'aria-label="分页"' in body and "共 50 项" in body
    assert body.count('action="/inbox/') == 30 + 1  # each message's 查看, and 全部标为已读
