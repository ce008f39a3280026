"""The quality hints: hints, not blocks — and the similarity hint shows its evidence."""

import pytest

from inspections.content import material_content
from inspections.hints import has_concrete_case, material_hints, stock_phrase_counts, structure_hints
from inspections.similarity import Passage, Source, similar_passages

from inspections.editing import problem_save

from .conftest import DETAILS, act, outline, write

COPIED = (
    "对基层反映的问题研究不深。今年6月县里部署农村人居环境整治督查，我带队到2个乡镇检查，"
    "只看了预先安排的点位，对群众反映较多的垃圾清运不及时问题没有深入了解，督查报告提出的4条建议针对性不强。"
)


def _codes(hints):
    return [h.code for h in hints]


def _content(**overrides):
    content = {
        "kind": "personal", "preface": "", "last_year": {"items": [], "text": ""},
        "aspects": [{"key": "aspect-1", "title": "加强政治建设", "problems": [{"title": "调研不深", "details": DETAILS}]}],
        "causes": [{"key": k, "title": k, "text": "思想上有所放松" if k == "cause_thought" else ""}
                   for k in ("cause_thought", "cause_political", "cause_style", "cause_ability", "cause_integrity")],
        "measures": [{"content": "每月调研", "term": "限期整改", "deadline": "2026-12-31", "problem": ""}],
        "answers": [],
    }
    content.update(overrides)
    return content


def test_a_complete_outline_has_no_structural_hint():
    assert structure_hints(_content()) == []


def test_an_aspect_with_no_problem_is_pointed_at():
    content = _content()
    content["aspects"].append({"key": "aspect-2", "title": "坚守人民情怀", "problems": []})
    hints = structure_hints(content)
    assert _codes(hints) == ["empty_aspect"] and hints[0].section == "aspect-2"


def test_a_problem_without_a_date_number_or_event_has_no_concrete_case():
    assert has_concrete_case(DETAILS)
    assert has_concrete_case("在《政府工作报告》起草中，我对基层意见吸收不够。")
    assert has_concrete_case("去年汛期，我只在办公室听汇报。")
    assert not has_concrete_case("理论学习不够深入，调查研究不够经常，联系群众不够紧密。")
    content = _content(aspects=[{"key": "aspect-1", "title": "加强政治建设",
                                 "problems": [{"title": "学习不深", "details": "理论学习不够深入，学用结合有差距。"}]}])
    assert "no_case" in _codes(structure_hints(content))


def test_a_personal_outline_speaking_of_we_and_the_team_is_reminded_to_say_i():
    team_voice = "我们班子在调研工作中存在差距，班子抓落实不够有力，我们今后要加强。"
    content = _content(preface=team_voice)
    hints = [h for h in structure_hints(content) if h.code == "collective_voice"]
    assert hints and hints[0].section == "preface" and "防止以班子问题代替个人问题" == hints[0].rule
    assert "collective_voice" not in _codes(structure_hints(_content(preface="作为班子成员，我对分管工作督促不够。")))
    assert "collective_voice" not in _codes(structure_hints(_content(preface=team_voice, kind="team")))


def test_stock_phrases_above_a_density_say_nothing():
    assert stock_phrase_counts("还需进一步加强学习，有待加强，有待加强") == {"还需进一步": 1, "有待加强": 2}
    empty = "理论学习有待加强，调查研究不够深入，联系群众还有差距，工作作风有待提高，纪律意识有所放松。"
    hints = [h for h in structure_hints(_content(preface=empty)) if h.code == "stock_phrases"]
    assert hints and "有待加强" in hints[0].message
    long_text = "2026年3月，我到3个乡镇调研了5天，走访了12户群众。" * 40 + "有待加强，还有差距，不够深入。"
    assert "stock_phrases" not in _codes(structure_hints(_content(preface=long_text)))


def test_unanswered_routed_opinions_are_counted():
    answers = [{"opinion": ["意见甲"], "aspect": "", "answer": "", "problem": ""},
               {"opinion": ["意见乙"], "aspect": "", "answer": "", "problem": "调研不深"},
               {"opinion": ["意见丙"], "aspect": "", "answer": "已整改", "problem": ""}]
    hints = [h for h in structure_hints(_content(answers=answers)) if h.code == "unanswered"]
    assert hints[0].message == "反映您本人的意见建议还有1条未回应（共3条）。"


def test_causes_without_thought_or_politics_and_measures_without_deadlines():
    content = _content()
    content["causes"][0]["text"] = ""
    content["causes"][2]["text"] = "作风不实"
    content["measures"][0]["deadline"] = None
    codes = _codes(structure_hints(content))
    assert "causes_not_political" in codes and "measure_no_deadline" in codes


# --- similarity -------------------------------------------------------------------------------


def test_a_passage_copied_into_another_outline_is_found_and_marked_on_both_sides():
    mine = [Passage("aspect-1", "方面一", "我的前言，与别人不同。"), Passage("aspect-1", "方面一", "调研方面。" + COPIED)]
    theirs = Source("王委员同志的发言提纲", "peer", [Passage("aspect-2", "方面二", COPIED), Passage("preface", "前言", "无关的话。")])
    matches = similar_passages(mine, [theirs])
    assert len(matches) == 1
    match = matches[0]
    assert match.mine.text.endswith(COPIED) and match.theirs.text == COPIED
    assert match.shared >= 80 and match.percent >= 80
    assert "<mark>" in match.mine_html and "<mark>" in match.theirs_html
    assert "调研方面。<mark>" in match.mine_html  # only the shared run is marked


def test_quoting_the_same_official_phrases_is_not_copying():
    a = "我深入学习习近平新时代中国特色社会主义思想，对照中央八项规定及其实施细则精神，查找了自己在调研中的不足。"
    b = "学习习近平新时代中国特色社会主义思想，落实中央八项规定及其实施细则精神方面，我在分管领域督导不够有力。"
    assert similar_passages([Passage("p", "前言", a)], [Source("他人", "peer", [Passage("p", "前言", b)])]) == []


def _writer_hints(material, user):
    return material_hints(material, material_content(material), user=user)


@pytest.mark.parametrize("colleague_submitted", [False, True])
def test_a_member_pasting_a_colleagues_text_gets_no_hint_that_depends_on_it(cast, meeting, member2,
                                                                            colleague_submitted, login):
    """Issue 10 #2: the hint must not tell the author how much of a guess matches a text
    they may not read — neither a colleague's draft nor their submitted version."""
    theirs = write(outline(meeting, member2), member2, problem=("调研不深", COPIED))
    if colleague_submitted:
        act(theirs, member2, "submit")
    mine = write(outline(meeting, cast.member), cast.member, problem=("督查走过场", COPIED))
    pasted = _writer_hints(mine, cast.member)
    problem = mine.problems.get()
    problem_save(material=mine, problem_id=problem.pk, version=problem.version, title="督查走过场",
                 details="我到基层调研次数少，2026年只去了2次，对群众反映的问题跟进不及时。", aspect_id=problem.aspect_id,
                 actor=cast.member)
    unrelated = _writer_hints(mine, cast.member)
    assert [h.message for h in pasted if h.matches] == [h.message for h in unrelated if h.matches] == []
    # nor through the hints page, the submit page, or the hints frozen with the version
    client = login(cast.member)
    problem.refresh_from_db()
    problem_save(material=mine, problem_id=problem.pk, version=problem.version, title="督查走过场", details=COPIED,
                 aspect_id=problem.aspect_id, actor=cast.member)
    for url in (f"/inspections/{mine.pk}/hints/", f"/inspections/{mine.pk}/act/submit/"):
        page = client.get(url).content.decode()
        assert "相似" not in page and "字相同" not in page, url
    act(mine, cast.member, "submit")
    assert "similar_peer" not in [h["code"] for h in mine.versions.get().hints]


def test_the_author_is_compared_with_the_team_material_once_they_may_read_it(cast, meeting, member2):
    from .conftest import team_material

    team = write(team_material(meeting), cast.office, problem=("班子调研不深", COPIED))
    mine = write(outline(meeting, cast.member), cast.member, problem=("督查走过场", COPIED))
    assert [h for h in _writer_hints(mine, cast.member) if h.code == "similar_team"] == []  # a draft
    act(team, cast.office, "submit")
    act(team, cast.secretary, "pass_on")  # approved by the secretary: the members read it
    similar = [h for h in _writer_hints(mine, cast.member) if h.code == "similar_team"]
    assert similar and "<mark>" in str(similar[0].matches[0].theirs_html)  # shown side by side


def test_the_secretary_sees_the_copied_passages_side_by_side_with_the_colleagues_name(cast, meeting, member2, login):
    act(write(outline(meeting, member2), member2, problem=("调研不深", COPIED)), member2, "submit")
    mine = write(outline(meeting, cast.member), cast.member, problem=("督查走过场", COPIED))
    act(mine, cast.member, "submit")
    page = login(cast.secretary).get(f"/inspections/{mine.pk}/").content.decode()
    assert "王委员同志2026年度民主生活会个人发言提纲" in page
    assert page.count("<mark>") >= 2
    assert "严禁他人代笔、照抄照搬" in page


def test_a_colleagues_unsubmitted_draft_is_not_shown_to_the_secretary(cast, meeting, member2, login):
    write(outline(meeting, member2), member2, problem=("调研不深", COPIED))  # a draft: only its author sees it
    mine = write(outline(meeting, cast.member), cast.member, problem=("督查走过场", COPIED))
    act(mine, cast.member, "submit")
    page = login(cast.secretary).get(f"/inspections/{mine.pk}/").content.decode()
    assert "王委员同志" not in page


def test_repeating_ones_own_outline_of_an_earlier_year_is_found(cast, meeting):
    from tests.factories import MeetingFactory

    last_year = MeetingFactory(organization=cast.gov, year=2025, title="2025年度民主生活会", aspects=["方面"])
    old = write(outline(last_year, cast.member), cast.member, problem=("调研不深", COPIED))
    assert old.meeting.year == 2025
    mine = write(outline(meeting, cast.member), cast.member, problem=("调研不深", COPIED))
    hints = [h for h in material_hints(mine, material_content(mine)) if h.code == "similar_earlier"]
    assert hints and "2025年度个人发言提纲" in hints[0].message
    assert hints[0].rule == "防止以曾经查找但尚未解决的问题代替新发现的问题"
    assert "<mark>" in str(hints[0].matches[0].theirs_html)


def test_hints_are_frozen_with_each_version_for_the_board(cast, meeting):
    from tests.factories import MeetingFactory

    last_year = MeetingFactory(organization=cast.gov, year=2025, title="2025年度民主生活会", aspects=["方面"])
    write(outline(last_year, cast.member), cast.member, problem=("调研不深", COPIED))
    mine = write(outline(meeting, cast.member), cast.member, problem=("督查走过场", COPIED))
    act(mine, cast.member, "submit")
    hints = mine.versions.get().hints
    assert "similar_earlier" in [h["code"] for h in hints] and "no_causes" in [h["code"] for h in hints]


def _colleagues(cast, meeting, numbers):
    from organizations.models import TeamPosition
    from organizations.services import team_member_add
    from tests.factories import PersonFactory, UserFactory

    for i in numbers:
        person = PersonFactory(user=UserFactory(username=f"colleague{i}"), name=f"同事{i}", organization=cast.gov)
        team_member_add(person=person, organization=cast.gov, position=TeamPosition.MEMBER, rank=10 + i)
        material = write(outline(meeting, person.user), person.user, problem=("调研不深", COPIED))
        act(material, person.user, "submit")


@pytest.mark.parametrize("viewer", ["member", "secretary"])
def test_the_hints_cost_the_same_queries_for_two_colleagues_or_eight(cast, meeting, login, viewer):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    mine = write(outline(meeting, cast.member), cast.member, problem=("督查走过场", COPIED))
    act(mine, cast.member, "submit")
    url = f"/inspections/{mine.pk}/hints/" if viewer == "member" else f"/inspections/{mine.pk}/"
    client = login(getattr(cast, viewer))
    counts = []
    for numbers in (range(2), range(2, 8)):
        _colleagues(cast, meeting, numbers)
        client.get(url)  # the reviewer's mark is set on the first visit
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[1] == counts[0], counts
