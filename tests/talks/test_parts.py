"""A talk has two sides (issue 9 #13): the other party adds their own part to the same
record — their own problems, the other's shortcomings, the criticisms they plan to raise —
before confirming it (seed 001 "四必谈")."""

import io

import pytest
from openpyxl import load_workbook

from talks.documents import talk_record
from talks.models import PlannedCriticism, TalkPart, TalkState
from talks.selectors import planned_criticisms
from talks.services import PartContent, talk_part_save
from talks.workflow import TalkError

from .conftest import CONTENT, make_talk, person
from .test_documents import _texts

MINE = "本人抓班子自身建设不够经常。整改打算：每季度专题研究一次。"
ADVICE = "李委员督查后跟踪问效不够，建议建立台账、逐项销号。"
CRITICISM = "李委员对分管科室的问题碍于情面，批评不够直接。"


@pytest.fixture
def talk(cast, talks_meeting):
    """李委员 recorded a talk with 张书记 (criticising him); it waits for 张书记."""
    return make_talk(talks_meeting, person(cast.member), person(cast.secretary), state=TalkState.RECORDED,
                     criticism="对班子成员分管工作放手不够。")


def _post(client, talk, action="save", **fields):
    data = {
        "own_problems": MINE, "other_shortcomings": ADVICE, "team_problems": "",
        "planned-TOTAL_FORMS": 2, "planned-INITIAL_FORMS": 0, "planned-MIN_NUM_FORMS": 0, "planned-MAX_NUM_FORMS": 6,
        "planned-0-content": CRITICISM, "planned-1-content": "", "action": action, **fields,
    }
    return client.post(f"/talks/{talk.pk}/part/", data)


def test_the_other_side_writes_their_own_part_of_the_same_record(cast, talk, login):
    client = login(cast.secretary)
    assert "填写本人的谈话内容" in client.get(f"/talks/{talk.pk}/").content.decode()
    assert _post(client, talk).status_code == 302
    part = TalkPart.objects.get(talk=talk)
    assert (part.person, part.own_problems, part.other_shortcomings) == (person(cast.secretary), MINE, ADVICE)
    criticism = part.criticisms.get()
    assert (criticism.critic, criticism.target, criticism.content) == (person(cast.secretary), person(cast.member), CRITICISM)
    talk.refresh_from_db()
    assert talk.state == TalkState.RECORDED and talk.own_problems == CONTENT["own_problems"]  # the record is untouched
    for user in (cast.member, cast.secretary, cast.office):  # the same people read it
        page = login(user).get(f"/talks/{talk.pk}/").content.decode()
        assert "张书记本人填写的内容" in page and MINE in page and CRITICISM in page


def test_saving_and_confirming_at_once(cast, talk, login):
    assert _post(login(cast.secretary), talk, action="confirm").status_code == 302
    talk.refresh_from_db()
    assert talk.state == TalkState.CONFIRMED and TalkPart.objects.filter(talk=talk).exists()


def test_the_criticisms_planned_for_the_meeting_include_the_second_partys(cast, talk, login):
    _post(login(cast.secretary), talk, action="confirm")
    planned = {(c.critic.name, c.target.name, c.content) for c in planned_criticisms(talk.meeting)}
    assert planned == {("李委员", "张书记", "对班子成员分管工作放手不够。"), ("张书记", "李委员", CRITICISM)}


def test_the_recorder_changing_the_record_keeps_the_other_sides_part(cast, talk, login):
    _post(login(cast.secretary), talk)
    client = login(cast.member)
    response = client.post(f"/talks/{talk.pk}/edit/", {
        "initiator": "a", "talked_on": talk.talked_on.isoformat(), "place": "改过的地点", "mode": "in_person",
        **CONTENT, "criticisms-TOTAL_FORMS": 1, "criticisms-INITIAL_FORMS": 0, "criticisms-MIN_NUM_FORMS": 0,
        "criticisms-MAX_NUM_FORMS": 12, "criticisms-0-critic": "a", "criticisms-0-content": "改过的批评。",
    })
    assert response.status_code == 302
    contents = set(PlannedCriticism.objects.filter(talk=talk).values_list("content", flat=True))
    assert contents == {"改过的批评。", CRITICISM}
    # and the recorder's form shows only the recorder's own items
    assert CRITICISM not in client.get(f"/talks/{talk.pk}/edit/").content.decode()


def test_an_empty_part_is_refused_and_nothing_is_lost(cast, talk, login):
    response = _post(login(cast.secretary), talk, own_problems="", other_shortcomings="", **{"planned-0-content": ""})
    assert response.status_code == 400 and "请至少填写一项内容。" in response.content.decode()
    assert not TalkPart.objects.exists()


def test_a_failed_confirmation_saves_nothing_and_keeps_what_was_typed(cast, talk, login):
    from talks.models import Talk

    # Disputed: the part may still be written (to correct it), but not confirmed from here.
    Talk.objects.filter(pk=talk.pk).update(state=TalkState.DISPUTED)
    response = _post(login(cast.secretary), talk, action="confirm")
    assert response.status_code == 400 and MINE in response.content.decode()
    assert not TalkPart.objects.exists()


def test_only_the_other_side_and_only_before_confirming(cast, talk):
    with pytest.raises(TalkError):
        talk_part_save(talk=talk, content=PartContent(own_problems="记录人自己"), actor=cast.member)
    with pytest.raises(TalkError):
        talk_part_save(talk=talk, content=PartContent(own_problems="办公室"), actor=cast.office)
    talk.state = TalkState.CONFIRMED
    talk.save(update_fields=["state"])
    with pytest.raises(TalkError, match="不能再补充"):
        talk_part_save(talk=talk, content=PartContent(own_problems=MINE), actor=cast.secretary)


def test_the_record_form_and_the_export_carry_both_sides(cast, talk, login):
    talk_part_save(talk=talk, content=PartContent(own_problems=MINE, other_shortcomings=ADVICE, criticisms=(CRITICISM,)),
                   actor=cast.secretary)
    texts = _texts(talk_record(talk))
    assert "五、张书记本人填写的内容" in texts and MINE in texts
    assert f"1. 张书记对李委员：{CRITICISM}" in texts
    sheet = load_workbook(io.BytesIO(login(cast.office).get(f"/talks/meeting/{talk.meeting_id}/talks.xlsx").content))["谈话清单"]
    row = [c.value for c in sheet[2]]
    assert any(MINE in str(v) for v in row) and any(CRITICISM in str(v) for v in row)
