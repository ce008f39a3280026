"""The draft reads like the seeds' reports: numbered sections with the figures of the
minutes inside the sentences (attendance, criticisms given and received, the absent
member's material read by a colleague, the 点评, the problems per aspect)."""

from datetime import date

from inspections.editing import team_material_for
from inspections.models import Problem
from proceedings.report import report_facts
from proceedings.report_text import (
    Attendance,
    Leave,
    PersonCriticism,
    ReportFacts,
    cn_number,
    compile_sections,
    count_word,
    numbered_heading,
)

from .report_helpers import COMMENT, LEAVE_REASON, draft, held_meeting, prepared, sitting  # noqa: F401


def _texts(report):
    return {s.key: s.text for s in report.sections.all()}


def test_the_sections_are_numbered_as_in_the_seeds():
    assert [numbered_heading(k) for k in ["preparation", "proceedings", "criticism", "supervision", "problems",
                                           "next_steps"]] == [
        "一、会前准备情况", "二、会议召开情况", "三、开展批评和自我批评情况", "四、上级到会指导点评情况",
        "五、查摆的主要问题", "六、下一步工作打算"]
    assert numbered_heading("opening") == ""


def test_numbers_and_counts_are_written_in_chinese():
    assert [cn_number(n) for n in (1, 2, 10, 11, 20, 23)] == ["一", "二", "十", "十一", "二十", "二十三"]
    assert count_word(2) == "两" and count_word(5) == "五"


def test_the_attendance_sentence_holds_the_figures_of_the_minutes(draft):
    text = _texts(draft)["proceedings"]
    assert f"会议应到7人，实到6人，请假1人（李委员同志因{LEAVE_REASON}请假）" in text
    assert "会议共五项议程" in text


def test_the_criticisms_each_gave_and_received_are_counted(draft):
    text = _texts(draft)["criticism"]
    assert "张书记同志代表县政府办党组班子作对照检查" in text
    assert "相互提出批评意见36条" in text  # 6 present × 6 colleagues
    assert "王委员同志提出批评意见6条、收到批评意见5条" in text
    assert "李委员同志请假、收到批评意见6条" in text
    assert "其书面发言材料由王委员同志代为宣读" in text


def test_the_supervisors_comment_is_quoted_with_its_author(draft):
    assert f"赵督导同志对会议召开情况进行了点评。赵督导同志指出：{COMMENT}。" in _texts(draft)["supervision"]


def test_the_problems_are_counted_per_aspect_from_the_materials(cast, held_meeting):
    material = team_material_for(meeting=held_meeting)
    aspect = held_meeting.aspects.get(title="带头坚守人民情怀")
    Problem.objects.create(material=material, aspect=aspect, title="联系服务群众不够经常")
    text = compile_sections(report_facts(held_meeting))["problems"]
    assert text.startswith("对照两个方面，班子共查摆问题1个")
    assert "（二）在带头坚守人民情怀方面：联系服务群众不够经常；" in text


def test_what_follows_names_the_rectification_lists_and_the_notice(draft):
    text = _texts(draft)["next_steps"]
    assert "制定班子和个人整改清单" in text and "在适当范围内通报" in text


def test_a_branch_meeting_speaks_of_its_party_members():
    facts = ReportFacts(
        organization="中共测试机关第一支部委员会", short_name="机关第一党支部", team="机关第一党支部", member_word="党员",
        meeting_title="2026年度组织生活会", occasion="2026年度组织生活会", theme="", held_on=date(2026, 7, 1),
        place="党员活动室", chair="周书记", secretary="周书记",
        attendance=Attendance(3, 3), agenda=[],
        criticisms=[PersonCriticism("周书记", 2, 2), PersonCriticism("吴党员", 2, 2), PersonCriticism("郑党员", 2, 2)],
        comments=[], problems=[], preparation=[],
    )
    texts = compile_sections(facts)
    assert "党员逐一开展自我批评和相互批评" in texts["criticism"]
    assert "在党员活动室召开" in texts["proceedings"]
    assert texts["supervision"] == "会议记录中尚未录入上级的点评意见。"


def test_an_absent_member_without_a_reader_is_still_named():
    facts = ReportFacts(
        organization="o", short_name="s", team="s班子", member_word="党组成员", meeting_title="m", occasion="o",
        theme="", held_on=date(2026, 12, 28), place="", chair="甲", secretary="甲",
        attendance=Attendance(2, 1, leave=[Leave("乙", "")]), agenda=[],
        criticisms=[PersonCriticism("甲", 0, 0), PersonCriticism("乙", 0, 1, absent=True)],
        comments=[], problems=[], preparation=[],
    )
    texts = compile_sections(facts)
    assert "请假1人（乙同志请假）" in texts["proceedings"]
    assert "乙同志请假未参会，会上对其提出的批评意见已于会后转告本人。" in texts["criticism"]


def test_the_preparation_section_holds_the_preparation_figures(draft):
    from proceedings.preparation import preparation_figures

    f = preparation_figures(draft.meeting)
    text = _texts(draft)["preparation"]
    assert text.startswith("会前，县政府办党组班子坚持时间服从质量，做实做细各项准备工作。一是深入开展学习研讨")
    assert f"共开展学习研讨{f.study.sessions}次，其中集中学习研讨{f.study.group_sessions}次" in text
    assert f"二是广泛征求意见建议，通过座谈会、征求意见表等方式{f.opinions.sentence}" in text
    assert f"三是深入开展谈心谈话，应谈{f.talks_total.required}对、已谈{f.talks_total.held}对" in text
    assert f"经上级审核通过{f.outlines_approved}份" in text
    assert (f.study.sessions, f.opinions.sentence, f.talks_total.required) == (4, "共征求到2个方面意见建议3条", 21)


def test_last_years_open_rectification_items_are_carried_into_what_follows(held_meeting, monkeypatch):
    from proceedings import carryover

    monkeypatch.setattr(carryover, "_providers", [lambda meeting: [
        carryover.RectificationItem("会风文风整改", done=True), carryover.RectificationItem("调研制度建设", done=False)]])
    text = compile_sections(report_facts(held_meeting))["next_steps"]
    assert "一揽子推进上一年度民主生活会尚未完成的1项整改问题" in text


def test_the_report_goes_to_the_organisation_department_above_or_a_branchs_committee(cast):
    from proceedings.report import default_addressee

    from ..factories import MeetingFactory, OrganizationFactory

    branch = OrganizationFactory(name="中共测试县政府办机关支部委员会", short_name="机关支部", kind="branch",
                                 parent=cast.gov)
    assert default_addressee(MeetingFactory(organization=cast.gov)) == "县委组织部"
    assert default_addressee(MeetingFactory(organization=branch, kind="organization_life")) == "县政府办党组"
