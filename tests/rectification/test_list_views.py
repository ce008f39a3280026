"""The pages of the lists: a meeting's lists, one list, one item — anonymous, wrong role,
right role — and the editing through them (stale saves keep the typed text)."""

import pytest
from django.urls import reverse
from django.utils import timezone

from rectification.models import Item, ListState, RectificationList

from .lists_fixtures import fill


def _pass_on(rlist):
    RectificationList.objects.filter(pk=rlist.pk).update(passed_on_at=timezone.now(), first_submitted_at=timezone.now(),
                                                         state=ListState.UPPER_REVIEW)


# --- the meeting's page ---------------------------------------------------------------------


def test_the_meeting_page_requires_login(client, held_meeting):
    url = reverse("rectification:meeting", args=[held_meeting.pk])
    assert client.get(url).url.startswith(reverse("login"))


def test_the_meeting_page_is_404_for_an_outsider(login, cast, held_meeting):
    assert login(cast.outsider).get(reverse("rectification:meeting", args=[held_meeting.pk])).status_code == 404


def test_a_member_sees_their_own_list_and_not_a_colleagues(login, cast, held_meeting, own_list, team_list):
    from rectification.models import ListKind
    from rectification.services import list_ensure

    colleague = list_ensure(meeting=held_meeting, kind=ListKind.PERSONAL, owner=cast.secretary.person)
    RectificationList.objects.filter(pk=colleague.pk).update(state=ListState.SUBMITTED, first_submitted_at=timezone.now())
    page = login(cast.member).get(reverse("rectification:meeting", args=[held_meeting.pk])).content.decode()
    assert "李委员同志个人整改清单" in page
    assert "张书记同志个人整改清单" not in page
    assert "领导班子整改清单</a>" not in page  # not passed on yet
    _pass_on(team_list)
    page = login(cast.member).get(reverse("rectification:meeting", args=[held_meeting.pk])).content.decode()
    assert "领导班子整改清单</a>" in page


def test_the_office_sees_counts_and_who_has_no_list_yet(login, cast, held_meeting, team_list):
    fill(team_list, 2, cast.office)
    page = login(cast.office).get(reverse("rectification:meeting", args=[held_meeting.pk])).content.decode()
    assert "整改事项 2 项" in page and "尚未制定个人整改清单" in page and "李委员" in page


def test_the_meeting_page_costs_the_same_for_5_and_50_items(login, cast, held_meeting, team_list, own_list,
                                                          same_queries_at_5_and_50):
    client = login(cast.office)
    RectificationList.objects.filter(pk=own_list.pk).update(state=ListState.SUBMITTED, first_submitted_at=timezone.now())
    url = reverse("rectification:meeting", args=[held_meeting.pk])

    def grow(n):
        have = team_list.items.count()
        fill(team_list, n - have, cast.office, start=have)

    same_queries_at_5_and_50(grow, lambda: client.get(url))


def test_starting_lists_by_role(login, cast, held_meeting):
    start = lambda kind: reverse("rectification:list_start", args=[held_meeting.pk, kind])  # noqa: E731
    assert login(cast.member).post(start("team")).status_code == 403
    response = login(cast.member).post(start("personal"))
    own = RectificationList.objects.get(owner=cast.member.person)
    assert response.url == own.get_absolute_url()
    assert login(cast.office).post(start("team")).status_code == 302
    assert login(cast.outsider).post(start("personal")).status_code == 404


# --- a list's page ----------------------------------------------------------------------------


def test_the_list_page_requires_login(client, own_list):
    assert client.get(own_list.get_absolute_url()).url.startswith(reverse("login"))


@pytest.mark.parametrize("who", ["outsider", "secretary", "office", "supervisor"])
def test_a_personal_draft_is_404_to_everyone_but_its_owner(login, cast, own_list, who):
    assert login(getattr(cast, who)).get(own_list.get_absolute_url()).status_code == 404


def test_the_owner_reads_and_adds_items_on_the_list_page(login, cast, own_list):
    client = login(cast.member)
    response = client.post(reverse("rectification:item_new", args=[own_list.pk]), {
        "problem": "调查研究不够深入", "target": "每季度调研一次", "term": "deadline", "deadline": "2027-03-31",
        "measures": "到基层调研\n形成调研报告",
    })
    item = Item.objects.get()
    assert response.status_code == 302 and [m.content for m in item.measures.all()] == ["到基层调研", "形成调研报告"]
    page = client.get(own_list.get_absolute_url()).content.decode()
    assert "调查研究不够深入" in page and "形成调研报告" in page and "提交书记审批" in page


def test_a_missing_deadline_is_shown_on_the_field_and_the_text_kept(login, cast, own_list):
    response = login(cast.member).post(reverse("rectification:item_new", args=[own_list.pk]), {
        "problem": "学习不够系统", "term": "deadline",
    })
    page = response.content.decode()
    assert response.status_code == 200 and "限期整改的事项须填写完成时限" in page and "学习不够系统" in page
    assert not Item.objects.exists()


def test_a_colleague_cannot_add_to_a_list(login, cast, own_list, team_list):
    data = {"problem": "x", "term": "deadline", "deadline": "2027-03-31"}
    assert login(cast.secretary).post(reverse("rectification:item_new", args=[own_list.pk]), data).status_code == 404
    _pass_on(team_list)
    assert login(cast.member).post(reverse("rectification:item_new", args=[team_list.pk]), data).status_code == 403


def test_the_list_page_costs_the_same_for_5_and_50_items(login, cast, own_list, same_queries_at_5_and_50):
    client = login(cast.member)

    def grow(n):
        have = own_list.items.count()
        fill(own_list, n - have, cast.member, start=have)

    same_queries_at_5_and_50(grow, lambda: client.get(own_list.get_absolute_url()))


# --- an item's page and its editing -----------------------------------------------------------


def test_the_item_page_by_role(client, login, cast, own_list):
    item = fill(own_list, 1, cast.member)[0]
    url = item.get_absolute_url()
    assert client.get(url).url.startswith(reverse("login"))
    assert login(cast.outsider).get(url).status_code == 404
    assert login(cast.secretary).get(url).status_code == 404  # a draft: the owner's alone
    page = login(cast.member).get(url).content.decode()
    assert "措施1：每季度到基层调研一次" in page and "创建" in page and "添加整改措施" in page


def test_a_stale_edit_keeps_the_typed_text_and_shows_the_saved_one(login, cast, own_list):
    item = fill(own_list, 1, cast.member)[0]
    client = login(cast.member)
    url = reverse("rectification:item_edit", args=[item.pk])
    base = {"term": "deadline", "deadline": "2027-03-31", "version": 1}
    assert client.post(url, {**base, "problem": "第一个窗口"}).status_code == 302
    response = client.post(url, {**base, "problem": "第二个窗口的文字"})
    page = response.content.decode()
    assert response.status_code == 200 and "没有保存" in page
    assert "第二个窗口的文字" in page and "第一个窗口" in page
    assert Item.objects.get().problem == "第一个窗口"


def test_inline_editing_answers_htmx_with_the_item_fragment(login, cast, own_list):
    item = fill(own_list, 1, cast.member)[0]
    client = login(cast.member)
    url = reverse("rectification:item_edit", args=[item.pk])
    form = client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in form and 'name="problem"' in form
    saved = client.post(url, {"problem": "改好的问题", "term": "deadline", "deadline": "2027-03-31", "version": 1},
                        HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in saved and "改好的问题" in saved and f'id="item-{item.pk}"' in saved


def test_measures_are_added_changed_and_removed_on_the_item_page(login, cast, own_list):
    item = fill(own_list, 1, cast.member)[0]
    client = login(cast.member)
    client.post(reverse("rectification:measure_new", args=[item.pk]), {"new-content": "建立台账"})
    measure = item.measures.get(content="建立台账")
    client.post(reverse("rectification:measure_edit", args=[item.pk, measure.pk]),
                {f"m{measure.pk}-content": "建立整改台账", f"m{measure.pk}-version": 1})
    measure.refresh_from_db()
    assert measure.content == "建立整改台账"
    client.post(reverse("rectification:measure_delete", args=[item.pk, measure.pk]))
    assert not item.measures.filter(pk=measure.pk).exists()


def test_a_reader_of_the_team_list_cannot_edit_its_items(login, cast, team_list):
    item = fill(team_list, 1, cast.office)[0]
    _pass_on(team_list)
    client = login(cast.member)
    assert client.get(item.get_absolute_url()).status_code == 200
    assert client.get(reverse("rectification:item_edit", args=[item.pk])).status_code == 403
    assert client.post(reverse("rectification:item_delete", args=[item.pk])).status_code == 403
