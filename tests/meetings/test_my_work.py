"""A long "my work" is grouped by kind and organisation, the oldest first, then paged."""

from datetime import date, timedelta

from django.utils import timezone

from meetings.models import Stage, StageChange
from meetings.progress import WorkItem, work_groups
from tests.factories import MeetingFactory, OrganizationFactory


def _reviews(parent, name, count, *, days_ago):
    org = OrganizationFactory(name=name, short_name=name, parent=parent)
    for _ in range(count):
        meeting = MeetingFactory(organization=org, stage=Stage.PLAN_REVIEW)
        StageChange.objects.filter(meeting=meeting).update(at=timezone.now() - timedelta(days=days_ago))
    return org


def test_a_supervisor_with_many_reviews_sees_groups_with_counts_oldest_first(cast, login):
    _reviews(cast.gov, "新近党支部", 12, days_ago=2)
    _reviews(cast.gov, "久等党支部", 13, days_ago=30)
    body = login(cast.supervisor).get("/").content.decode()
    assert "审批工作方案" not in body  # 25 items are not listed one by one
    oldest = timezone.localdate() - timedelta(days=30)
    assert f"久等党支部 · 13项</a>" in body
    assert f"最早 {oldest.month}月{oldest.day}日" in body
    assert "新近党支部 · 12项</a>" in body
    assert body.index("久等党支部") < body.index("新近党支部")
    assert "?kind=%E5%AE%A1%E6%89%B9&amp;org=%E4%B9%85%E7%AD%89%E5%85%9A%E6%94%AF%E9%83%A8" in body


def test_a_group_opens_its_own_paged_list(cast, login):
    _reviews(cast.gov, "大党支部", 60, days_ago=5)
    _reviews(cast.gov, "小党支部", 3, days_ago=1)
    client = login(cast.supervisor)
    first = client.get("/", {"kind": "审批", "org": "大党支部"}).content.decode()
    assert first.count("审批工作方案") == 50
    assert "小党支部" not in first.split("最近的会议")[0]
    assert 'aria-label="分页"' in first and "第 1 / 2 页" in first
    assert "kind=%E5%AE%A1%E6%89%B9&amp;org=" in first  # the next page keeps the filter
    second = client.get("/", {"kind": "审批", "org": "大党支部", "page": 2}).content.decode()
    assert second.count("审批工作方案") == 10


def test_a_short_list_stays_one_by_one(cast, login):
    _reviews(cast.gov, "一个党支部", 3, days_ago=1)
    body = login(cast.supervisor).get("/").content.decode()
    assert body.count("审批工作方案") == 3
    assert "分页" not in body


def test_groups_put_the_longest_waiting_first_and_undated_last():
    def item(kind, org, day=None, **kw):
        return WorkItem(title="t", meeting_title="m", url="/", kind=kind, organization=org, since=day, **kw)

    groups = work_groups([
        item("审批", "乙", date(2026, 11, 20)),
        item("审批", "甲", date(2026, 11, 3)),
        item("审批", "甲", date(2026, 11, 9)),
        item("审核", "甲"),
    ])
    assert [(g.kind, g.organization, g.count, g.oldest) for g in groups] == [
        ("审批", "甲", 2, date(2026, 11, 3)),
        ("审批", "乙", 1, date(2026, 11, 20)),
        ("审核", "甲", 1, None),
    ]
