"""整改落实情况报告: the figures counted from the items, the text with them, who may have it."""

import io
import zipfile
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from documents.registry import get_type
from documents.render import document_docx
from rectification.models import Item
from rectification.report import REPORT_KIND, meeting_progress

from .docs_fixtures import add_item, lists  # noqa: F401


def test_the_figures_count_each_item_once_as_closed_overdue_carried_or_in_progress(lists):  # noqa: F811
    Item.objects.filter(pk=lists.mine.pk).update(carried_at=timezone.now(), carry_reason="需跨年度推进")
    progress = meeting_progress(lists.team.meeting)
    total = progress.total
    assert (total.total, total.closed, total.overdue, total.carried, total.in_progress) == (4, 1, 1, 1, 1)
    assert (progress.team.total, progress.team.closed, progress.team.overdue) == (3, 1, 1)
    assert progress.members == [("李委员", progress.members[0][1])] and progress.members[0][1].carried == 1
    assert progress.by_term["immediate"].closed == 1 and progress.by_term["long_term"].in_progress == 1


def test_a_long_term_item_past_its_review_date_is_not_overdue_and_a_draft_list_is_not_counted(lists):  # noqa: F811
    Item.objects.filter(pk=lists.long_term.pk).update(deadline=timezone.localdate() - timedelta(days=3))
    progress = meeting_progress(lists.team.meeting)
    assert progress.total.overdue == 1
    assert "同事" not in str(progress.members)  # the colleague's list is still a draft


def test_the_report_tells_the_figures_in_the_seeds_manner(lists):  # noqa: F811
    doc = get_type(REPORT_KIND).build(lists.team.meeting)
    text = "\n".join(getattr(b, "text", "") for b in doc.blocks)
    assert doc.title.endswith("关于2026年度民主生活会整改落实情况的报告")
    assert "列入整改清单的整改事项共4项，已完成整改并销号1项，正在推进3项（其中超过时限1项），完成率25%。" in text
    assert "立行立改事项共1项，已完成整改并销号1项" in text
    assert "领导班子整改清单共3项" in text
    assert "对超过时限尚未完成的1项，要认真分析原因，作出说明，进一步明确责任人和完成时限" in text
    tables = [b for b in doc.blocks if type(b).__name__ == "Table"]
    assert tables[-1].rows == [["李委员", "1", "0", "1", "0", "0", "0%"]]
    with zipfile.ZipFile(io.BytesIO(document_docx(doc))) as docx:
        assert 'w:eastAsia="' in docx.read("word/document.xml").decode()


def test_the_report_costs_the_same_queries_for_5_and_50_items(lists, django_assert_num_queries):  # noqa: F811
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    meeting = lists.team.meeting
    get_type(REPORT_KIND).build(meeting)  # what is cached once per process does not count
    with CaptureQueriesContext(connection) as few:
        get_type(REPORT_KIND).build(meeting)
    for n in range(50):
        add_item(lists.personal, f"第{n}项", deadline=timezone.localdate() - timedelta(days=n % 3))
    with django_assert_num_queries(len(few)):
        get_type(REPORT_KIND).build(meeting)


def test_the_report_is_the_boards_and_refused_to_members_and_outsiders(client, login, cast, lists):  # noqa: F811
    report = get_type(REPORT_KIND)
    meeting = lists.team.meeting
    for user in (cast.office, cast.secretary, cast.supervisor):
        assert report.get_for_user(user, meeting.pk) == meeting
    with pytest.raises(PermissionDenied):
        report.get_for_user(cast.member, meeting.pk)
    with pytest.raises(Http404):
        report.get_for_user(cast.outsider, meeting.pk)
    url = reverse("documents:request", args=[REPORT_KIND, "pdf", meeting.pk])
    assert client.post(url).status_code == 302 and "/login" in client.post(url).url
    assert login(cast.member).post(url).status_code == 403
    assert login(cast.outsider).post(url).status_code == 404
    assert login(cast.office).post(url).status_code == 302
