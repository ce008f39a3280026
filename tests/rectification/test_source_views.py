"""The sources pages and moves: anonymous → login, outsiders 404, the wrong role 403, the
right one the page; what each reader may see; query counts flat in the number of sources."""

import pytest
from django.urls import reverse

from proceedings.models import Criticism
from rectification.models import Item, ListState, RectificationList, SetAside, SourceKind, UpperFinding
from rectification.sources import item_from_source

from .sources_fixtures import finding, personal_list_for, routed, sources, team_list_for  # noqa: F401


def coverage_url(meeting):
    return reverse("rectification:coverage", args=[meeting.pk])


def sources_url(rlist):
    return reverse("rectification:list_sources", args=[rlist.pk])


def as_user(client, user):
    client.force_login(user)
    return client


# --- the coverage page ---------------------------------------------------------------------


def test_the_coverage_page_sends_anonymous_readers_to_log_in(client, sources):
    response = client.get(coverage_url(sources.meeting))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_coverage_page_is_404_for_an_outsider_and_403_for_a_member(client, cast, sources):
    assert as_user(client, cast.outsider).get(coverage_url(sources.meeting)).status_code == 404
    assert as_user(client, cast.member).get(coverage_url(sources.meeting)).status_code == 403


@pytest.mark.parametrize("who", ["office", "secretary", "supervisor"])
def test_the_coverage_page_lists_every_source_with_the_count_uncovered(client, cast, sources, who):
    response = as_user(client, getattr(cast, who)).get(coverage_url(sources.meeting))
    text = response.content.decode()
    assert response.status_code == 200
    assert 'id="uncovered-count">8<' in text
    for words in ("调查研究不够深入，到基层一线少。", "班子调研不够深入", "周委员开会时间偏长。", "按期销号", "意识形态"):
        assert words in text
    assert "不应出现的提出人" not in text
    assert ("列入班子清单" in text) == (who == "office")


def test_the_coverage_page_shows_where_a_source_went_and_why_one_was_set_aside(client, cast, sources):
    item_from_source(rlist=team_list_for(sources.meeting), kind=SourceKind.OPINION, pk=sources.team_opinion.pk,
                     actor=cast.office)
    SetAside.objects.create(meeting=sources.meeting, kind=SourceKind.FINDING, finding=sources.team_finding,
                            reason="已在上年度整改完成", by=cast.office)
    text = as_user(client, cast.secretary).get(coverage_url(sources.meeting)).content.decode()
    assert "整改清单第1项" in text and "已在上年度整改完成" in text and 'id="uncovered-count">6<' in text


def test_a_members_draft_item_shows_on_the_coverage_page_without_its_words(client, cast, sources):
    rlist = personal_list_for(sources.meeting, cast.member.person)
    item_from_source(rlist=rlist, kind=SourceKind.OPINION, pk=sources.member_opinion.pk, actor=cast.member)
    Item.objects.update(problem="草稿中的措辞")
    text = as_user(client, cast.office).get(coverage_url(sources.meeting)).content.decode()
    assert "李委员的个人整改清单" in text and reverse("rectification:item", args=[Item.objects.get().pk]) not in text


def test_the_coverage_page_reads_a_fixed_number_of_queries(client, cast, sources, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = as_user(client, cast.office)
    rlist = team_list_for(sources.meeting)
    item_from_source(rlist=rlist, kind=SourceKind.OPINION, pk=sources.team_opinion.pk, actor=cast.office)
    SetAside.objects.create(meeting=sources.meeting, kind=SourceKind.FINDING, finding=sources.team_finding,
                            reason="已整改", by=cast.office)
    with CaptureQueriesContext(connection) as five:
        client.get(coverage_url(sources.meeting))
    for n in range(45):
        routing = routed(sources.meeting, None, f"第{n}条意见")
        aside = finding(sources.meeting, text=f"第{n}条反馈")
        item_from_source(rlist=rlist, kind=SourceKind.OPINION, pk=routing.pk, actor=cast.office)
        SetAside.objects.create(meeting=sources.meeting, kind=SourceKind.FINDING, finding=aside, reason="已整改",
                                by=cast.office)
    with django_assert_max_num_queries(len(five.captured_queries)):
        response = client.get(coverage_url(sources.meeting))
    assert "第44条反馈" in response.content.decode()


# --- a list's sources page -----------------------------------------------------------------


def test_a_lists_sources_page_is_its_writers(client, cast, sources, team7):
    rlist = personal_list_for(sources.meeting, cast.member.person)
    url = sources_url(rlist)
    assert client.get(url).status_code == 302
    assert as_user(client, cast.outsider).get(url).status_code == 404
    assert as_user(client, team7.users[2]).get(url).status_code == 404  # a colleague
    assert as_user(client, cast.secretary).get(url).status_code == 404  # a draft is the owner's
    RectificationList.objects.filter(pk=rlist.pk).update(state=ListState.SUBMITTED, first_submitted_at="2026-12-12T09:00Z")
    assert as_user(client, cast.secretary).get(url).status_code == 403  # reads it, does not write it
    assert as_user(client, cast.member).get(url).status_code == 200


def test_a_members_sources_page_never_shows_a_colleagues_opinions(client, cast, sources):
    text = as_user(client, cast.member).get(sources_url(personal_list_for(sources.meeting, cast.member.person))
                                            ).content.decode()
    assert "李委员到分管单位调研次数偏少。" in text and "调查研究不够深入，到基层一线少。" in text
    assert "周委员开会时间偏长。" not in text and "班子调研不够深入" not in text
    assert "有时听取不同意见不够耐心。" not in text  # a criticism 张书记 received
    assert "一键导入我的发言提纲中的问题和措施" in text


def test_the_team_lists_sources_page_is_the_offices(client, cast, sources):
    url = sources_url(team_list_for(sources.meeting))
    assert as_user(client, cast.member).get(url).status_code == 404
    assert as_user(client, cast.secretary).get(url).status_code == 403
    text = as_user(client, cast.office).get(url).content.decode()
    assert "班子学习不系统" in text and "有时听取不同意见不够耐心。" in text


def test_the_list_sources_page_reads_a_fixed_number_of_queries(client, cast, sources, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from inspections.models import Measure, Problem

    client = as_user(client, cast.office)
    rlist = team_list_for(sources.meeting)
    url = sources_url(rlist)
    item_from_source(rlist=rlist, kind=SourceKind.OPINION, pk=sources.team_opinion.pk, actor=cast.office)
    with CaptureQueriesContext(connection) as five:
        client.get(url)
    for n in range(45):
        routing = routed(sources.meeting, None, f"第{n}条意见")
        item_from_source(rlist=rlist, kind=SourceKind.OPINION, pk=routing.pk, actor=cast.office)
        problem = Problem.objects.create(material=sources.team_material, order=10 + n, title=f"问题{n}")
        Measure.objects.create(material=sources.team_material, problem=problem, order=10 + n, content=f"措施{n}")
    with django_assert_max_num_queries(len(five.captured_queries)):
        text = client.get(url).content.decode()
    assert "第44条意见" in text and "措施44" in text


# --- the moves -----------------------------------------------------------------------------


def post_take(client, meeting, kind, pk, target="team"):
    return client.post(reverse("rectification:source_take", args=[meeting.pk]),
                       {"kind": kind, "pk": pk, "target": target, "next": coverage_url(meeting)})


def test_the_office_turns_a_criticism_into_a_team_item_in_one_click(client, cast, sources):
    criticism = Criticism.objects.get(text="有时听取不同意见不够耐心。")
    response = post_take(as_user(client, cast.office), sources.meeting, SourceKind.CRITICISM, criticism.pk)
    assert response.status_code == 302 and response["Location"] == coverage_url(sources.meeting)
    item = Item.objects.get()
    assert item.rectification_list.is_team and item.sources.get().criticism == criticism


def test_only_the_office_takes_into_the_team_list_and_outsiders_get_404(client, cast, sources):
    criticism = Criticism.objects.first()
    assert post_take(as_user(client, cast.member), sources.meeting, SourceKind.CRITICISM, criticism.pk).status_code == 403
    assert post_take(as_user(client, cast.outsider), sources.meeting, SourceKind.CRITICISM, criticism.pk
                     ).status_code == 404
    assert not Item.objects.exists()


def test_a_member_takes_a_criticism_they_received_into_their_own_list(client, cast, sources):
    criticism = Criticism.objects.filter(receiver=cast.member.person).first()
    post_take(as_user(client, cast.member), sources.meeting, SourceKind.CRITICISM, criticism.pk, target="mine")
    assert Item.objects.get().rectification_list.owner == cast.member.person


def test_a_refused_move_says_why(client, cast, sources):
    client = as_user(client, cast.office)
    post_take(client, sources.meeting, SourceKind.OPINION, sources.team_opinion.pk)
    response = post_take(client, sources.meeting, SourceKind.OPINION, sources.team_opinion.pk)
    assert "已列入本清单第1项" in client.get(response["Location"]).content.decode()
    assert Item.objects.count() == 1


def test_merging_into_an_item_of_the_list_one_writes(client, cast, sources):
    item = item_from_source(rlist=team_list_for(sources.meeting), kind=SourceKind.OPINION,
                            pk=sources.team_opinion.pk, actor=cast.office)
    url = reverse("rectification:source_merge", args=[sources.meeting.pk])
    data = {"kind": SourceKind.FINDING, "pk": sources.team_finding.pk, "item": item.pk}
    assert as_user(client, cast.secretary).post(url, data).status_code == 403
    assert as_user(client, cast.office).post(url, data).status_code == 302
    assert item.sources.filter(finding=sources.team_finding).exists()


def test_setting_aside_without_a_reason_shows_the_error_and_saves_nothing(client, cast, sources):
    url = reverse("rectification:source_set_aside", args=[sources.meeting.pk])
    response = as_user(client, cast.office).post(url, {"kind": SourceKind.FINDING, "pk": sources.team_finding.pk,
                                                       "reason": "  "})
    assert response.status_code == 200 and "请写明不列入整改清单的原因" in response.content.decode()
    assert not SetAside.objects.exists()
    client.post(url, {"kind": SourceKind.FINDING, "pk": sources.team_finding.pk, "reason": "属上级职责，已转报"})
    assert SetAside.objects.get().reason == "属上级职责，已转报"
    client.post(reverse("rectification:source_set_aside_undo", args=[sources.meeting.pk]),
                {"kind": SourceKind.FINDING, "pk": sources.team_finding.pk})
    assert not SetAside.objects.exists()


def test_a_member_may_set_aside_only_what_concerns_them(client, cast, sources):
    url = reverse("rectification:source_set_aside", args=[sources.meeting.pk])
    client = as_user(client, cast.member)
    assert client.post(url, {"kind": SourceKind.OPINION, "pk": sources.team_opinion.pk, "reason": "x"}
                       ).status_code == 403
    assert client.post(url, {"kind": SourceKind.OPINION, "pk": sources.member_opinion.pk, "reason": "已整改"}
                       ).status_code == 302
    assert as_user(client, cast.outsider).get(url, {"kind": "opinion", "pk": sources.member_opinion.pk}
                                              ).status_code == 404


def test_a_member_imports_their_outline_in_one_click(client, cast, sources, team7):
    rlist = personal_list_for(sources.meeting, cast.member.person)
    url = reverse("rectification:outline_import", args=[rlist.pk])
    assert as_user(client, team7.users[2]).post(url).status_code == 404
    as_user(client, cast.member).post(url)
    assert list(rlist.items.values_list("problem", flat=True)) == ["调查研究不深入。到基层一线少。", "立即清理积压文件"]


# --- upper findings ------------------------------------------------------------------------


def findings_url(meeting):
    return reverse("rectification:findings", args=[meeting.pk])


def test_the_office_enters_a_finding_and_it_becomes_a_candidate(client, cast, held_meeting):
    data = {"source": "县委第二巡察组", "text": "基层党建责任落实不到位。", "member": cast.member.person.pk,
            "received_on": "2026-09-01"}
    assert client.post(findings_url(held_meeting), data).status_code == 302  # to log in
    assert as_user(client, cast.outsider).post(findings_url(held_meeting), data).status_code == 404
    assert as_user(client, cast.secretary).post(findings_url(held_meeting), data).status_code == 403
    assert as_user(client, cast.secretary).get(findings_url(held_meeting)).status_code == 200
    assert as_user(client, cast.office).post(findings_url(held_meeting), data).status_code == 302
    from rectification.sources import source_candidates

    texts = {c.text for c in source_candidates(personal_list_for(held_meeting, cast.member.person))}
    assert "基层党建责任落实不到位。" in texts


def test_a_finding_without_text_is_refused_with_a_message(client, cast, held_meeting):
    response = as_user(client, cast.office).post(findings_url(held_meeting), {"source": "县委巡察组", "text": ""})
    assert "请填写反馈的问题" in response.content.decode() and not UpperFinding.objects.exists()


def test_two_people_editing_a_finding_do_not_overwrite_each_other(client, cast, sources):
    url = reverse("rectification:finding_edit", args=[sources.team_finding.pk])
    client = as_user(client, cast.office)
    stale = {"source": "县委第二巡察组", "text": "我改的文字", "received_on": "2026-09-01", "version": 1}
    UpperFinding.objects.filter(pk=sources.team_finding.pk).update(text="他人先改的文字", version=2)
    response = client.post(url, stale)
    text = response.content.decode()
    assert response.status_code == 409 and "已被他人修改" in text and "他人先改的文字" in text and "我改的文字" in text
    assert UpperFinding.objects.get().text == "他人先改的文字"
    assert client.post(url, {**stale, "version": 2}).status_code == 302
    assert UpperFinding.objects.get().text == "我改的文字"


def test_a_finding_taken_into_an_item_cannot_be_deleted(client, cast, sources):
    item_from_source(rlist=team_list_for(sources.meeting), kind=SourceKind.FINDING, pk=sources.team_finding.pk,
                     actor=cast.office)
    url = reverse("rectification:finding_delete", args=[sources.team_finding.pk])
    assert as_user(client, cast.secretary).post(url).status_code == 403
    response = as_user(client, cast.office).post(url, follow=True)
    assert "不能删除" in response.content.decode() and UpperFinding.objects.exists()


# --- the item page's panel -----------------------------------------------------------------


def test_the_items_panel_links_back_to_its_sources_as_the_reader_may_follow_them(cast, sources):
    from rectification.access import item_access
    from rectification.phase_sources import item_sources_panel

    item = item_from_source(rlist=team_list_for(sources.meeting), kind=SourceKind.OPINION,
                            pk=sources.team_opinion.pk, actor=cast.office)
    criticism = Criticism.objects.first()
    from rectification.sources import source_merge

    source_merge(item=item, kind=SourceKind.CRITICISM, pk=criticism.pk, actor=cast.office)
    panel = item_sources_panel(item, item_access(cast.office, item), None)
    urls = [row["url"] for row in panel["sources"]]
    assert urls == [reverse("feedback:opinion", args=[sources.team_opinion.opinion_id]),
                    reverse("proceedings:sitting", args=[criticism.sitting_id])]
    assert panel["sources_url"] == sources_url(item.rectification_list)


def test_a_member_follows_a_criticism_they_received_back_to_the_minutes_and_no_opinion_to_the_office_page(
        cast, sources):
    from rectification.access import item_access
    from rectification.phase_sources import item_sources_panel

    rlist = personal_list_for(sources.meeting, cast.member.person)
    criticism = Criticism.objects.filter(receiver=cast.member.person).first()
    item = item_from_source(rlist=rlist, kind=SourceKind.CRITICISM, pk=criticism.pk, actor=cast.member)
    from rectification.sources import source_merge

    source_merge(item=item, kind=SourceKind.OPINION, pk=sources.member_opinion.pk, actor=cast.member)
    panel = item_sources_panel(item, item_access(cast.member, item), None)
    assert [row["url"] for row in panel["sources"]] == [
        reverse("proceedings:sitting", args=[criticism.sitting_id]),
        reverse("feedback:mine", args=[sources.member_opinion.opinion.solicitation_id]),
    ]


def test_the_set_aside_page_shows_the_source_and_asks_for_the_reason(client, cast, sources):
    url = reverse("rectification:source_set_aside", args=[sources.meeting.pk])
    query = {"kind": SourceKind.OPINION, "pk": sources.team_opinion.pk}
    assert client.get(url, query).status_code == 302
    assert as_user(client, cast.supervisor).get(url, query).status_code == 403
    text = as_user(client, cast.office).get(url, query).content.decode()
    assert "班子调研不够深入，对基层情况掌握不全面。" in text and "不列入清单的原因" in text
    assert "不应出现的提出人" not in text
