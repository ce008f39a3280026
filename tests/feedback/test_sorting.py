"""Sorting (梳理): classify, merge duplicates (every text kept, counted once), set aside,
one at a time or hundreds at once."""

import pytest

from feedback import sorting
from feedback.models import Opinion, OpinionEvent, OpinionRouting, OpinionState
from feedback.selectors import feedback_summary
from feedback.sorting import Concerns, SortingError

from .factories import OpinionFactory, routed


def _state(opinion):
    opinion.refresh_from_db()
    return opinion.state


def _routes(opinion):
    return sorted(
        ("team" if r.member_id is None else r.member.name)
        for r in OpinionRouting.objects.filter(opinion=opinion).select_related("member")
    )


# --- classifying ------------------------------------------------------------------------


def test_an_opinion_with_a_kind_and_whom_it_concerns_is_sorted(cast, solicitation, people, meeting):
    opinion = OpinionFactory(solicitation=solicitation)
    aspect = meeting.aspects.get(order=1)
    outcome = sorting.opinions_classify(
        solicitation=solicitation, ids=[opinion.pk], actor=cast.office, aspect=aspect, kind="suggestion",
        concerns=Concerns(team=True, members=(people["member"],)),
    )
    assert outcome == sorting.Outcome(changed=1, sorted=1)
    assert outcome.message == "已修改 1 条的分类；现已梳理 1 条。"
    opinion.refresh_from_db()
    assert (opinion.state, opinion.kind, opinion.aspect) == (OpinionState.SORTED, "suggestion", aspect)
    assert _routes(opinion) == ["team", "李委员"]
    event = OpinionEvent.objects.get(opinion=opinion)
    assert (event.action, event.from_state, event.to_state, event.actor) == ("梳理分类", "new", "sorted", cast.office)


def test_an_opinion_classified_in_part_still_waits(cast, solicitation):
    opinion = OpinionFactory(solicitation=solicitation)
    sorting.opinions_classify(solicitation=solicitation, ids=[opinion.pk], actor=cast.office, kind="opinion")
    assert _state(opinion) == OpinionState.NEW


def test_routing_by_the_senders_choice_follows_each_opinion(cast, solicitation, people):
    to_member = OpinionFactory(solicitation=solicitation, addressed_member=people["member"])
    to_team = OpinionFactory(solicitation=solicitation)
    sorting.opinions_classify(
        solicitation=solicitation, ids=[to_member.pk, to_team.pk], actor=cast.office, kind="opinion",
        concerns=sorting.FROM_SENDER,
    )
    assert _routes(to_member) == ["李委员"]
    assert _routes(to_team) == ["team"]
    assert _state(to_member) == _state(to_team) == OpinionState.SORTED


def test_classifying_again_replaces_whom_it_concerns(cast, solicitation, people):
    opinion = routed(OpinionFactory(solicitation=solicitation), people["member"])
    sorting.opinions_classify(
        solicitation=solicitation, ids=[opinion.pk], actor=cast.office,
        concerns=Concerns(members=(people["colleague"],)),
    )
    assert _routes(opinion) == ["王委员"]
    assert opinion.kind == "opinion"  # kept


def test_fed_back_merged_and_set_aside_opinions_are_left_alone_and_counted(cast, solicitation, people):
    released = routed(OpinionFactory(solicitation=solicitation), team=True, state=OpinionState.RELEASED)
    aside = OpinionFactory(solicitation=solicitation, state=OpinionState.SET_ASIDE)
    fresh = OpinionFactory(solicitation=solicitation)
    outcome = sorting.opinions_classify(
        solicitation=solicitation, ids=[released.pk, aside.pk, fresh.pk], actor=cast.office, kind="problem",
        concerns=Concerns(members=(people["colleague"],)),
    )
    assert outcome == sorting.Outcome(
        changed=1, sorted=1, skipped=2, skipped_states=(OpinionState.RELEASED, OpinionState.SET_ASIDE)
    )
    assert outcome.message == "已修改 1 条的分类；现已梳理 1 条；2 条处于“已反馈、已搁置”状态，不能修改，未处理。"
    assert _routes(released) == ["team"]
    assert Opinion.objects.get(pk=released.pk).kind == "opinion"


def test_another_solicitations_opinions_cannot_be_touched(cast, solicitation, people):
    from .factories import SolicitationFactory

    foreign = OpinionFactory(solicitation=SolicitationFactory())
    outcome = sorting.opinions_classify(
        solicitation=solicitation, ids=[foreign.pk], actor=cast.office, kind="opinion", concerns=Concerns(team=True)
    )
    assert outcome.changed == 0
    assert _state(foreign) == OpinionState.NEW


# --- merging ----------------------------------------------------------------------------


def test_merging_keeps_every_text_and_counts_the_group_once(cast, solicitation, people):
    first = routed(OpinionFactory(solicitation=solicitation, content="建议精简会议。"), people["member"])
    second = OpinionFactory(solicitation=solicitation, content="会议太多，建议精简。")
    third = routed(OpinionFactory(solicitation=solicitation, content="能合并的会合并开。"), people["colleague"])
    primary = sorting.opinions_merge(
        solicitation=solicitation, ids=[second.pk, first.pk, third.pk], actor=cast.office
    )
    assert primary == first  # the classified one stands for the group
    for duplicate in (second, third):
        duplicate.refresh_from_db()
        assert (duplicate.state, duplicate.duplicate_of) == (OpinionState.MERGED, first)
    assert sorted(o.content for o in Opinion.objects.all()) == sorted(["建议精简会议。", "会议太多，建议精简。", "能合并的会合并开。"])
    assert _routes(first) == ["李委员", "王委员"]  # nobody loses an opinion meant for them
    assert not OpinionRouting.objects.filter(opinion__in=[second, third]).exists()
    summary = feedback_summary(solicitation)
    assert (summary.counted, summary.merged, summary.received) == (1, 2, 3)
    note = OpinionEvent.objects.get(opinion=second).note
    assert first.code in note


def test_a_merged_group_takes_a_classification_from_its_members(cast, solicitation, people, meeting):
    aspect = meeting.aspects.get(order=2)
    plain = OpinionFactory(solicitation=solicitation)
    classified = OpinionFactory(solicitation=solicitation, aspect=aspect, kind="suggestion")
    OpinionRouting.objects.create(opinion=classified, member=None)
    primary = sorting.opinions_merge(
        solicitation=solicitation, ids=[plain.pk, classified.pk], actor=cast.office, primary_id=plain.pk
    )
    assert primary == plain
    assert (primary.aspect, primary.kind, primary.state) == (aspect, "suggestion", OpinionState.SORTED)


def test_merging_a_group_into_another_brings_its_duplicates_along(cast, solicitation):
    a, b, c = (OpinionFactory(solicitation=solicitation) for _ in range(3))
    sorting.opinions_merge(solicitation=solicitation, ids=[a.pk, b.pk], actor=cast.office)
    sorting.opinions_merge(solicitation=solicitation, ids=[c.pk, a.pk], actor=cast.office)
    assert set(Opinion.objects.filter(duplicate_of=c).values_list("pk", flat=True)) == {a.pk, b.pk}


def test_a_late_duplicate_may_join_an_opinion_already_fed_back(cast, solicitation, people):
    released = routed(OpinionFactory(solicitation=solicitation), people["member"], state=OpinionState.RELEASED)
    late = OpinionFactory(solicitation=solicitation)
    sorting.opinions_merge(solicitation=solicitation, ids=[late.pk, released.pk], actor=cast.office)
    late.refresh_from_db()
    assert late.duplicate_of == released
    assert _state(released) == OpinionState.RELEASED


def test_a_duplicate_routed_elsewhere_cannot_join_an_opinion_already_fed_back(cast, solicitation, people):
    released = routed(OpinionFactory(solicitation=solicitation), people["member"], state=OpinionState.RELEASED)
    other = routed(OpinionFactory(solicitation=solicitation), people["colleague"])
    with pytest.raises(SortingError, match="反映对象相同"):
        sorting.opinions_merge(solicitation=solicitation, ids=[other.pk, released.pk], actor=cast.office)


@pytest.mark.parametrize("state", [OpinionState.SET_ASIDE, OpinionState.MERGED])
def test_merging_refuses_opinions_out_of_play(cast, solicitation, state):
    ok = OpinionFactory(solicitation=solicitation)
    out = OpinionFactory(solicitation=solicitation, state=state)
    with pytest.raises(SortingError):
        sorting.opinions_merge(solicitation=solicitation, ids=[ok.pk, out.pk], actor=cast.office, primary_id=ok.pk)
    assert _state(ok) == OpinionState.NEW


def test_merging_needs_two(cast, solicitation):
    with pytest.raises(SortingError, match="至少选择两条"):
        sorting.opinions_merge(solicitation=solicitation, ids=[OpinionFactory(solicitation=solicitation).pk], actor=cast.office)


def test_a_duplicate_can_be_split_out_again(cast, solicitation):
    a, b = OpinionFactory(solicitation=solicitation), OpinionFactory(solicitation=solicitation)
    sorting.opinions_merge(solicitation=solicitation, ids=[a.pk, b.pk], actor=cast.office)
    sorting.opinion_split(opinion=Opinion.objects.get(pk=b.pk), actor=cast.office)
    b.refresh_from_db()
    assert (b.state, b.duplicate_of) == (OpinionState.NEW, None)


# --- setting aside ----------------------------------------------------------------------


def test_setting_aside_needs_a_reason_and_leaves_the_count(cast, solicitation, people):
    opinion = routed(OpinionFactory(solicitation=solicitation), team=True)
    with pytest.raises(SortingError, match="原因"):
        sorting.opinions_set_aside(solicitation=solicitation, ids=[opinion.pk], reason=" ", actor=cast.office)
    sorting.opinions_set_aside(solicitation=solicitation, ids=[opinion.pk], reason="与主题无关", actor=cast.office)
    opinion.refresh_from_db()
    assert (opinion.state, opinion.set_aside_reason) == (OpinionState.SET_ASIDE, "与主题无关")
    assert feedback_summary(solicitation).counted == 0
    sorting.opinions_restore(solicitation=solicitation, ids=[opinion.pk], actor=cast.office)
    opinion.refresh_from_db()
    assert (opinion.state, opinion.set_aside_reason) == (OpinionState.NEW, "")


def test_a_move_from_the_wrong_state_is_refused_with_a_reason(cast, solicitation):
    released = OpinionFactory(solicitation=solicitation, state=OpinionState.RELEASED)
    with pytest.raises(SortingError, match="已反馈"):
        sorting.opinions_set_aside(solicitation=solicitation, ids=[released.pk], reason="x", actor=cast.office)
    assert not OpinionEvent.objects.exists()


# --- the list's bulk actions --------------------------------------------------------------


def _bulk(client, solicitation, data, query="", **headers):
    return client.post(f"/feedback/{solicitation.pk}/opinions/bulk/{query}", data, **headers)


def test_hundreds_are_classified_in_one_go_in_a_fixed_number_of_queries(
    cast, solicitation, people, login, django_assert_max_num_queries
):
    client = login(cast.office)
    opinions = OpinionFactory.create_batch(300, solicitation=solicitation)
    data = {"action": "classify", "ids": [str(o.pk) for o in opinions], "aspect": "keep", "kind": "opinion",
            "concerns": "chosen", "members": [str(people["member"].pk)]}
    with django_assert_max_num_queries(40):
        response = _bulk(client, solicitation, data)
    assert response.status_code == 302
    assert Opinion.objects.filter(state=OpinionState.SORTED).count() == 300
    assert OpinionRouting.objects.filter(member=people["member"]).count() == 300


def test_a_bulk_action_can_apply_to_everything_the_filters_match(cast, solicitation, people, login):
    client = login(cast.office)
    online = OpinionFactory.create_batch(3, solicitation=solicitation, channel="online")
    forum = OpinionFactory(solicitation=solicitation, channel="forum")
    response = _bulk(client, solicitation, {"action": "set_aside", "scope": "all", "reason": "测试"}, "?channel=online")
    assert response.status_code == 302
    assert response["Location"].endswith("?channel=online")
    assert all(_state(o) == OpinionState.SET_ASIDE for o in online)
    assert _state(forum) == OpinionState.NEW


def test_merging_from_the_list(cast, solicitation, login):
    client = login(cast.office)
    a, b = OpinionFactory(solicitation=solicitation), OpinionFactory(solicitation=solicitation)
    _bulk(client, solicitation, {"action": "merge", "ids": [str(a.pk), str(b.pk)]})
    assert Opinion.objects.filter(state=OpinionState.MERGED).count() == 1


def test_a_bulk_mistake_over_htmx_is_shown_beside_the_buttons_keeping_the_ticks(cast, solicitation, login):
    client = login(cast.office)
    opinion = OpinionFactory(solicitation=solicitation)
    response = _bulk(
        client, solicitation, {"action": "set_aside", "ids": [str(opinion.pk)]},
        HTTP_HX_REQUEST="true", HTTP_HX_TARGET="results",
    )
    assert response.status_code == 200
    assert response["HX-Retarget"] == "#bulk-message"
    assert "搁置意见须写明原因" in response.content.decode()
    assert _state(opinion) == OpinionState.NEW


def test_a_bulk_action_over_htmx_returns_the_refreshed_list(cast, solicitation, login):
    client = login(cast.office)
    opinion = OpinionFactory(solicitation=solicitation)
    response = _bulk(
        client, solicitation, {"action": "set_aside", "ids": [str(opinion.pk)], "reason": "重复录入"},
        HTTP_HX_REQUEST="true", HTTP_HX_TARGET="results",
    )
    body = response.content.decode()
    assert "已搁置 1 条" in body
    assert "<html" not in body  # the fragment, not the page
    assert 'id="bulk"' in body


@pytest.mark.parametrize(
    "data, message",
    [
        ({"action": "classify"}, "请先勾选"),
        ({"action": "classify", "ids": ["not-a-uuid"]}, "所选意见无效"),
        ({"action": "explode", "ids": ["00000000-0000-4000-8000-000000000000"]}, "不在可选范围内"),
        ({"action": "classify", "ids": ["00000000-0000-4000-8000-000000000000"], "concerns": "chosen"}, "请勾选反映对象"),
        ({"action": "classify", "ids": ["00000000-0000-4000-8000-000000000000"], "aspect": "keep", "kind": "keep",
          "concerns": "keep"}, "没有可应用的分类"),
    ],
)
def test_bad_bulk_posts_say_what_is_wrong(cast, solicitation, login, data, message):
    response = _bulk(login(cast.office), solicitation, data, follow=True)
    assert message in response.content.decode()


def _report(response) -> tuple[str, str]:
    [message] = list(response.context["messages"])
    return message.level_tag, message.message


def test_applying_a_kind_without_whom_they_concern_says_they_still_wait_and_why(cast, solicitation, login):
    """The reported case: 应用分类 with 反映对象 left unchanged said "已分类 3 条" while all
    three stayed 待梳理."""
    opinions = OpinionFactory.create_batch(3, solicitation=solicitation, kind="")
    data = {"action": "classify", "ids": [str(o.pk) for o in opinions], "aspect": "keep", "kind": "opinion",
            "concerns": "keep"}
    level, text = _report(_bulk(login(cast.office), solicitation, data, follow=True))
    assert all(_state(o) == OpinionState.NEW for o in opinions)
    assert level == "warning"
    assert text == (
        "已修改 3 条的分类；3 条仍待梳理（3 条未定反映对象，可在“反映对象”中选“按提出人所选”或指定对象）。"
    )
    assert "已分类" not in text


def test_applying_what_they_already_have_says_nothing_changed(cast, solicitation, people, login):
    opinions = [routed(OpinionFactory(solicitation=solicitation, kind="opinion"), team=True) for _ in range(2)]
    data = {"action": "classify", "ids": [str(o.pk) for o in opinions], "aspect": "keep", "kind": "opinion",
            "concerns": "keep"}
    level, text = _report(_bulk(login(cast.office), solicitation, data, follow=True))
    assert (level, text) == ("success", "2 条原已是所选分类，未变化；现已梳理 2 条。")


def test_a_mixed_selection_is_reported_part_by_part(cast, solicitation, people, login):
    fresh = OpinionFactory(solicitation=solicitation, kind="")
    no_kind = OpinionFactory(solicitation=solicitation, kind="")
    released = routed(OpinionFactory(solicitation=solicitation), team=True, state=OpinionState.RELEASED)
    foreign = OpinionFactory()
    client = login(cast.office)
    _bulk(client, solicitation, {"action": "classify", "ids": [str(fresh.pk)], "aspect": "keep", "kind": "opinion",
                                 "concerns": "keep"}, follow=True)
    data = {"action": "classify", "ids": [str(o.pk) for o in (fresh, no_kind, released, foreign)], "aspect": "keep",
            "kind": "keep", "concerns": "chosen", "team": "on"}
    level, text = _report(_bulk(client, solicitation, data, follow=True))
    assert level == "warning"
    assert text == (
        "已修改 2 条的分类；现已梳理 1 条；1 条仍待梳理（1 条未定类别）；"
        "1 条处于“已反馈”状态，不能修改，未处理；1 条不在本次征求意见中，未处理。"
    )


def test_setting_aside_says_how_many_were_not_this_solicitations(cast, solicitation, login):
    mine, foreign = OpinionFactory(solicitation=solicitation), OpinionFactory()
    data = {"action": "set_aside", "ids": [str(mine.pk), str(foreign.pk)], "reason": "与主题无关"}
    level, text = _report(_bulk(login(cast.office), solicitation, data, follow=True))
    assert (level, text) == ("warning", "已搁置 1 条。另有 1 条不在本次征求意见中，未处理。")
    assert _state(foreign) == OpinionState.NEW


def test_a_refused_bulk_move_says_nothing_was_changed(cast, solicitation, login):
    fresh, released = OpinionFactory(solicitation=solicitation), OpinionFactory(solicitation=solicitation, state=OpinionState.RELEASED)
    data = {"action": "set_aside", "ids": [str(fresh.pk), str(released.pk)], "reason": "与主题无关"}
    level, text = _report(_bulk(login(cast.office), solicitation, data, follow=True))
    assert (level, text) == ("error", "有1条意见处于“已反馈”状态，不能“搁置”，所选意见均未修改。")
    assert _state(fresh) == OpinionState.NEW


def test_classifying_a_fed_back_opinion_on_its_page_says_it_was_not_changed(cast, solicitation, people, login):
    released = routed(OpinionFactory(solicitation=solicitation), team=True, state=OpinionState.RELEASED)
    response = login(cast.office).post(
        f"/feedback/opinion/{released.pk}/",
        {"action": "classify", "kind": "problem", "members": [str(people["member"].pk)]}, follow=True,
    )
    level, text = _report(response)
    assert level == "error" and "不能修改分类" in text and "已梳理" not in text


def test_classifying_one_and_moving_on_to_the_next(cast, solicitation, people, login):
    client = login(cast.office)
    first, second = OpinionFactory(solicitation=solicitation), OpinionFactory(solicitation=solicitation)
    response = client.post(
        f"/feedback/opinion/{first.pk}/",
        {"action": "classify", "kind": "opinion", "team": "on", "members": [str(people["member"].pk)], "next": "1"},
    )
    assert response["Location"] == f"/feedback/opinion/{second.pk}/"
    assert _state(first) == OpinionState.SORTED


def test_classifying_one_without_whom_it_concerns_is_refused(cast, solicitation, login):
    opinion = OpinionFactory(solicitation=solicitation)
    response = login(cast.office).post(f"/feedback/opinion/{opinion.pk}/", {"action": "classify", "kind": "opinion"})
    assert response.status_code == 400
    assert "请选择这条意见反映的对象" in response.content.decode()


def test_setting_one_aside_and_restoring_it_from_its_page(cast, solicitation, login):
    client = login(cast.office)
    opinion = OpinionFactory(solicitation=solicitation)
    client.post(f"/feedback/opinion/{opinion.pk}/", {"action": "set_aside", "reason": "信访事项，另行转办"})
    assert _state(opinion) == OpinionState.SET_ASIDE
    body = client.get(f"/feedback/opinion/{opinion.pk}/").content.decode()
    assert "信访事项，另行转办" in body
    client.post(f"/feedback/opinion/{opinion.pk}/", {"action": "restore"})
    assert _state(opinion) == OpinionState.NEW
