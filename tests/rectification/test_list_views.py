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
    p = f"i{item.pk}-"
    base = {p + "term": "deadline", p + "deadline": "2027-03-31", p + "version": 1}
    assert client.post(url, {**base, p + "problem": "第一个窗口"}).status_code == 302
    response = client.post(url, {**base, p + "problem": "第二个窗口的文字"})
    page = response.content.decode()
    assert response.status_code == 200 and "没有保存" in page
    assert "第二个窗口的文字" in page and "第一个窗口" in page
    assert Item.objects.get().problem == "第一个窗口"


def test_inline_editing_answers_htmx_with_the_item_fragment(login, cast, own_list):
    item = fill(own_list, 1, cast.member)[0]
    client = login(cast.member)
    url = reverse("rectification:item_edit", args=[item.pk])
    form = client.get(url, HTTP_HX_REQUEST="true").content.decode()
    p = f"i{item.pk}-"
    assert "<html" not in form and f'name="{p}problem"' in form
    saved = client.post(url, {p + "problem": "改好的问题", p + "term": "deadline", p + "deadline": "2027-03-31",
                              p + "version": 1}, HTTP_HX_REQUEST="true").content.decode()
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


# --- every view: anonymous, outsider, a reader who may not write ----------------------------


def _urls(meeting, rlist, item, measure):
    return [
        ("get", reverse("rectification:transition", args=[rlist.pk, "submit"])),
        ("post", reverse("rectification:item_new", args=[rlist.pk])),
        ("get", reverse("rectification:item_edit", args=[item.pk])),
        ("post", reverse("rectification:item_delete", args=[item.pk])),
        ("post", reverse("rectification:measure_new", args=[item.pk])),
        ("post", reverse("rectification:measure_edit", args=[item.pk, measure.pk])),
        ("post", reverse("rectification:measure_delete", args=[item.pk, measure.pk])),
    ]


def test_every_editing_view_sends_the_anonymous_to_login_and_the_outsider_to_404(client, login, cast, team_list):
    item = fill(team_list, 1, cast.office)[0]
    for method, url in _urls(team_list.meeting, team_list, item, item.measures.get()):
        assert getattr(client, method)(url).url.startswith(reverse("login")), url
    outsider = login(cast.outsider)
    for method, url in _urls(team_list.meeting, team_list, item, item.measures.get()):
        assert getattr(outsider, method)(url).status_code == 404, url


def test_every_editing_view_refuses_a_reader_of_the_team_list(login, cast, team_list):
    item = fill(team_list, 1, cast.office)[0]
    _pass_on(team_list)
    member = login(cast.member)
    for method, url in _urls(team_list.meeting, team_list, item, item.measures.get()):
        response = getattr(member, method)(url)
        # The move's page answers with a message instead (the button is not offered).
        assert response.status_code in (403, 302), url
        if response.status_code == 302:
            assert response.url == team_list.get_absolute_url()
    assert Item.objects.filter(pk=item.pk).exists() and item.measures.count() == 1


def test_a_move_through_its_page(login, cast, own_list):
    fill(own_list, 1, cast.member)
    client = login(cast.member)
    url = reverse("rectification:transition", args=[own_list.pk, "submit"])
    assert "确认提交书记审批" in client.get(url).content.decode()
    assert client.post(url, {"note": ""}).url == own_list.get_absolute_url()
    own_list.refresh_from_db()
    assert own_list.state == ListState.SUBMITTED
    secretary = login(cast.secretary)
    back = reverse("rectification:transition", args=[own_list.pk, "return"])
    page = secretary.post(back, {"note": ""}).content.decode()
    assert "须填写意见" in page
    secretary.post(back, {"note": "措施要具体"})
    own_list.refresh_from_db()
    assert own_list.state == ListState.RETURNED
    assert "措施要具体" in login(cast.member).get(own_list.get_absolute_url()).content.decode()


def test_a_stale_measure_save_keeps_the_typed_text(login, cast, own_list):
    item = fill(own_list, 1, cast.member)[0]
    measure = item.measures.get()
    client = login(cast.member)
    url = reverse("rectification:measure_edit", args=[item.pk, measure.pk])
    p = f"m{measure.pk}-"
    client.post(url, {p + "content": "第一个窗口的措施", p + "version": 1})
    page = client.post(url, {p + "content": "第二个窗口的措施", p + "version": 1}).content.decode()
    assert "没有保存" in page and "第二个窗口的措施" in page and "第一个窗口的措施" in page
    measure.refresh_from_db()
    assert measure.content == "第一个窗口的措施"


def test_an_item_typed_while_the_list_was_submitted_elsewhere_stays_on_the_page(login, cast, own_list):
    RectificationList.objects.filter(pk=own_list.pk).update(state=ListState.SUBMITTED, first_submitted_at=timezone.now())
    response = login(cast.member).post(reverse("rectification:item_new", args=[own_list.pk]), {
        "problem": "在另一个窗口里写的问题", "term": "deadline", "deadline": "2027-03-31",
    })
    page = response.content.decode()
    assert response.status_code == 200 and "不能再修改" in page and "在另一个窗口里写的问题" in page
    assert not Item.objects.exists()


def test_the_item_page_costs_the_same_for_5_and_50_measures(login, cast, own_list, same_queries_at_5_and_50):
    from rectification.services import measure_add

    item = fill(own_list, 1, cast.member)[0]
    client = login(cast.member)

    def grow(n):
        for i in range(item.measures.count(), n):
            measure_add(item=item, actor=cast.member, content=f"措施{i}")

    same_queries_at_5_and_50(grow, lambda: client.get(item.get_absolute_url()))


# --- what leaves the team: the supervisor and the members read versions, never the draft ----


def _team_through(cast, team_list, *moves):
    from rectification.workflow import list_transition

    from .lists_fixtures import access_of

    for name, user, note in moves:
        list_transition(rlist=team_list, name=name, actor=user, access=access_of(user, team_list), note=note)


def _passed_on_team_list(cast, team_list):
    from .lists_fixtures import cover

    fill(team_list, 1, cast.office)
    cover(team_list, cast.office)
    _team_through(cast, team_list, ("submit", cast.office, ""), ("approve", cast.secretary, ""))


def _redraft(cast, team_list):
    """The office edits the first item and adds one: a draft nobody outside has seen."""
    from rectification.services import item_add, item_update

    item = team_list.items.order_by("order").first()
    item_update(item=item, version=item.version, actor=cast.office, problem="草稿中改写的问题")
    item_add(rlist=team_list, actor=cast.office, problem="草稿中新加的问题", deadline="2027-03-31",
             lead_department="办公室", measures=["草稿中的措施"])
    return item


def test_after_an_upper_return_the_supervisor_and_members_read_the_returned_version_not_the_draft(
        login, cast, team_list):
    _passed_on_team_list(cast, team_list)
    _team_through(cast, team_list, ("upper_return", cast.supervisor, "要对照巡察反馈问题"))
    _redraft(cast, team_list)
    for user in (cast.supervisor, cast.member):
        page = login(user).get(team_list.get_absolute_url()).content.decode()
        assert "问题1：调查研究不够深入" in page and "第1版" in page
        assert "草稿中改写的问题" not in page and "草稿中新加的问题" not in page and "草稿中的措施" not in page
    office = login(cast.office).get(team_list.get_absolute_url()).content.decode()
    assert "草稿中改写的问题" in office and "草稿中新加的问题" in office


def test_after_a_revision_the_supervisor_and_members_read_the_approved_version_until_it_goes_up_again(
        login, cast, team_list):
    _passed_on_team_list(cast, team_list)
    _team_through(cast, team_list, ("upper_approve", cast.supervisor, ""), ("revise", cast.office, "新的反馈问题"))
    _redraft(cast, team_list)
    _team_through(cast, team_list, ("submit", cast.office, ""))  # with the secretary, not yet passed on
    for user in (cast.supervisor, cast.member):
        page = login(user).get(team_list.get_absolute_url()).content.decode()
        assert "问题1：调查研究不够深入" in page
        assert "草稿中改写的问题" not in page and "草稿中新加的问题" not in page
        assert "第2版" not in page  # the version before the secretary is still the team's
    secretary = login(cast.secretary).get(team_list.get_absolute_url()).content.decode()
    assert "草稿中改写的问题" in secretary and "第2版" in secretary
    _team_through(cast, team_list, ("approve", cast.secretary, ""))  # passed on: now it has left
    page = login(cast.supervisor).get(team_list.get_absolute_url()).content.decode()
    assert "草稿中改写的问题" in page and "第2版" in page


def test_versions_returned_inside_the_team_and_their_comments_stay_inside(login, cast, team_list):
    from .lists_fixtures import cover

    fill(team_list, 1, cast.office)
    cover(team_list, cast.office)
    _team_through(cast, team_list, ("submit", cast.office, "请书记把关"), ("return", cast.secretary, "书记的内部意见"),
                  ("submit", cast.office, ""), ("approve", cast.secretary, ""))
    for user in (cast.supervisor, cast.member):
        page = login(user).get(team_list.get_absolute_url()).content.decode()
        assert "第2版" in page and "第1版" not in page
        assert "书记的内部意见" not in page and "请书记把关" not in page
    office = login(cast.office).get(team_list.get_absolute_url()).content.decode()
    assert "书记的内部意见" in office and "第1版" in office


def test_a_draft_item_is_404_to_the_supervisor_and_members_while_the_list_is_back_in_drafting(
        login, cast, team_list):
    _passed_on_team_list(cast, team_list)
    item = team_list.items.order_by("order").first()
    assert login(cast.supervisor).get(item.get_absolute_url()).status_code == 200  # upper review: left the team
    _team_through(cast, team_list, ("upper_approve", cast.supervisor, ""), ("revise", cast.office, "新的反馈问题"))
    _redraft(cast, team_list)
    for user in (cast.supervisor, cast.member):
        assert login(user).get(item.get_absolute_url()).status_code == 404
    assert "草稿中改写的问题" in login(cast.office).get(item.get_absolute_url()).content.decode()
    assert login(cast.secretary).get(item.get_absolute_url()).status_code == 200


def test_the_supervisors_frozen_view_costs_the_same_for_5_and_50_items(login, cast, team_list,
                                                                       same_queries_at_5_and_50):
    from rectification.models import ListVersion
    from rectification.workflow import list_content

    _passed_on_team_list(cast, team_list)
    _team_through(cast, team_list, ("upper_return", cast.supervisor, "再改"))
    client = login(cast.supervisor)

    def grow(n):
        have = team_list.items.count()
        fill(team_list, n - have, cast.office, start=have)
        ListVersion.objects.filter(rectification_list=team_list).update(content=list_content(team_list))

    _, page = same_queries_at_5_and_50(grow, lambda: client.get(team_list.get_absolute_url()))
    assert page.content.decode().count('<article class="rect-item') == 50


def test_deleting_an_item_with_progress_after_a_revision_is_refused_on_the_page(login, cast, own_list):
    from rectification.models import ProgressReport
    from rectification.workflow import list_transition

    from .lists_fixtures import access_of, cover

    item = fill(own_list, 1, cast.member)[0]
    cover(own_list, cast.member)
    for name, user, note in (("submit", cast.member, ""), ("approve", cast.secretary, ""),
                             ("revise", cast.member, "巡察反馈了新问题")):
        list_transition(rlist=own_list, name=name, actor=user, access=access_of(user, own_list), note=note)
    ProgressReport.objects.create(measure=item.measures.get(), on="2027-01-05", text="已调研", status="in_progress",
                                  percent=40, by=cast.member)
    client = login(cast.member)
    response = client.post(reverse("rectification:item_delete", args=[item.pk]), follow=True)
    assert "已有整改进展报告" in response.content.decode() and Item.objects.filter(pk=item.pk).exists()
