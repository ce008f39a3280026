"""The preparation report: compiled from the phases' records in seed 004's sentences, edited
by the office, and flagged when a figure changed since the draft (数据已更新)."""

import pytest
from django.core.exceptions import PermissionDenied

from meetings.models import Meeting, Stage
from proceedings import carryover
from proceedings.carryover import RectificationItem
from proceedings.models import PreparationReport
from proceedings.preparation import (
    StaleReportError,
    changed_figures,
    preparation_figures,
    report_compile,
    report_refresh_figure,
    report_section_recompile,
    report_sections,
    report_update,
)
from study.selectors import study_statistics
from talks.coverage import meeting_coverage

from ..study.conftest import make_session
from .prep_fixtures import prepared  # noqa: F401


def _text(meeting, key):
    sections, _ = report_sections(preparation_figures(meeting))
    return next(s for s in sections if s["key"] == key)


def test_the_draft_reads_like_the_seed_reports_numbered_one_to_four_with_a_preface_and_a_closing(prepared):
    sections, _ = report_sections(preparation_figures(prepared))
    assert [s["heading"][:2] for s in sections] == ["", "一、", "二、", "三、", "四、", ""]
    assert sections[0]["text"].startswith("根据上级关于开好2026年度民主生活会的要求，县政府办党组班子")
    assert sections[0]["text"].endswith("现将准备工作情况报告如下：")
    assert sections[-1]["text"].endswith("各项准备工作已就绪，现已具备开会条件。")


def test_the_study_section_holds_the_figures_of_study_statistics(prepared):
    stats = study_statistics(prepared)
    text = _text(prepared, "study")["text"]
    assert f"共开展学习研讨{stats.sessions}次" in text
    assert "共开展学习研讨4次，其中集中学习研讨2次（中心组学习1次、集中学习研讨1次）" in text
    assert "班子成员个人自学2次，累计学习6小时" in text
    assert f"应到{stats.expected_attendances}人次、实到{stats.present_attendances}人次，出勤率{stats.attendance_rate}" in text
    assert "缺席人员已补学1人次" in text
    assert "共学习材料1篇（部），交流发言2人次" in text


def test_the_opinions_section_says_how_many_from_which_channels_and_how_many_each_member_received(prepared):
    text = _text(prepared, "opinions")["text"]
    assert "通过座谈会、征求意见表等方式" in text
    assert "共收到意见建议3条（座谈会1条、征求意见表2条）" in text
    assert "共征求到2个方面意见建议3条" in text
    assert "其中涉及领导班子1条，涉及班子成员个人3条（张书记2条、李委员1条）" in text


def test_without_a_solicitation_the_opinions_section_says_it_has_not_started(cast, ready_meeting):
    assert _text(ready_meeting, "opinions")["text"] == "征求意见工作尚未开展。"


def test_the_talks_section_gives_pairs_required_held_and_confirmed_per_rule_as_the_matrix_counts(prepared):
    coverage = meeting_coverage(prepared)
    text = _text(prepared, "talks")["text"]
    assert text.startswith("按照“四必谈”要求")
    assert "书记与班子成员必谈应谈6对、已开展3对、双方确认3对" in text
    assert "班子成员之间必谈应谈15对、已开展1对、双方确认0对" in text
    assert f"合计应谈{coverage.total.required}对、已开展4对、双方确认{coverage.total.done}对" in text


def test_the_materials_section_counts_the_outlines_reviewed_by_the_secretary_and_approved_above(prepared):
    text = _text(prepared, "materials")["text"]
    assert "已经书记审定并经上级审核通过" in text
    assert "7名班子成员均自己动手撰写个人发言提纲，书记逐一审阅把关7份，经上级审核通过5份" in text


@pytest.fixture
def last_year(monkeypatch):
    """The rectification phase registers its provider (it is built later, above this phase)."""
    items = [RectificationItem("会风文风有待改进", True, "已完成"), RectificationItem("调研不深入", False, "正在整改")]
    monkeypatch.setattr(carryover, "_providers", [lambda meeting: items])


def test_last_years_rectification_comes_through_the_provider_hook_as_section_five(prepared, last_year):
    sections, _ = report_sections(preparation_figures(prepared))
    rectification = sections[-2]
    assert rectification["heading"] == "五、对照上年度整改，清理旧账"
    assert "上年度民主生活会查摆问题的整改事项共2项，已完成1项，正在整改1项" in rectification["text"]
    assert "1.调研不深入（正在整改）" in rectification["text"]


def test_without_a_provider_there_is_no_rectification_section(prepared):
    sections, _ = report_sections(preparation_figures(prepared))
    assert "rectification" not in [s["key"] for s in sections]


def test_a_figure_changed_since_the_draft_is_flagged_and_refreshed_in_the_edited_text(cast, team7, prepared):
    report = report_compile(meeting=prepared, actor=cast.office)
    study = next(s for s in report.sections if s["key"] == "study")
    report = report_update(report=report, version=report.version, actor=cast.office,
                           texts={"study": "经认真组织，" + study["text"]})
    assert changed_figures(report) == []

    make_session(prepared, team7.people, form="collective", topic="再次研讨")
    changed = {c.key: c for c in changed_figures(report)}
    assert changed["study.sessions"].old == "共开展学习研讨4次"
    assert changed["study.sessions"].new == "共开展学习研讨5次"
    assert changed["study.sessions"].label == "学习研讨次数"

    assert report_refresh_figure(report=report, key="study.sessions", version=report.version, actor=cast.office)
    report.refresh_from_db()
    text = next(s for s in report.sections if s["key"] == "study")["text"]
    assert text.startswith("经认真组织，县政府办党组班子")  # the office's words are kept
    assert "共开展学习研讨5次" in text
    assert "study.sessions" not in {c.key for c in changed_figures(report)}


def test_a_figure_whose_words_the_office_rewrote_is_not_replaced_blindly(cast, team7, prepared):
    report = report_compile(meeting=prepared, actor=cast.office)
    report = report_update(report=report, version=report.version, actor=cast.office,
                           texts={"study": "班子多次开展学习研讨。"})
    make_session(prepared, team7.people, form="collective", topic="再次研讨")
    assert not report_refresh_figure(report=report, key="study.sessions", version=report.version, actor=cast.office)
    report = report_section_recompile(report=report, section="study", version=report.version, actor=cast.office)
    assert "共开展学习研讨5次" in next(s for s in report.sections if s["key"] == "study")["text"]
    assert changed_figures(report) == []


def test_a_stale_save_is_refused_and_loses_nothing(cast, prepared):
    report = report_compile(meeting=prepared, actor=cast.office)
    loaded = report.version
    report_update(report=report, version=loaded, actor=cast.office, texts={"preface": "第一位同志的开头。"})
    with pytest.raises(StaleReportError):
        report_update(report=report, version=loaded, actor=cast.office, texts={"preface": "第二位同志的开头。"})
    saved = PreparationReport.objects.get(meeting=prepared)
    assert saved.sections[0]["text"] == "第一位同志的开头。"


def test_compiling_again_replaces_the_draft_and_bumps_its_version(cast, prepared):
    first = report_compile(meeting=prepared, actor=cast.office)
    again = report_compile(meeting=prepared, actor=cast.office)
    assert (PreparationReport.objects.count(), again.version) == (1, first.version + 1)


@pytest.mark.parametrize("stage", [Stage.CONVENE_REQUESTED, Stage.ARCHIVED])
def test_the_report_cannot_change_once_sent_or_archived(cast, prepared, stage):
    Meeting.objects.filter(pk=prepared.pk).update(stage=stage)
    prepared.refresh_from_db()
    with pytest.raises(PermissionDenied):
        report_compile(meeting=prepared, actor=cast.office)


def test_a_branchs_organisation_life_meeting_is_reported_by_its_committee_with_the_branch_rules(cast):
    from ..talks.conftest import branch_meeting_with

    branch = branch_meeting_with(6, parent=cast.gov)
    sections, _ = report_sections(preparation_figures(branch.meeting))
    text = {s["key"]: s["text"] for s in sections}
    assert sections[0]["text"].startswith("根据上级关于开好2026年度组织生活会的要求，6人支部委员会")
    assert text["talks"].startswith("按照支委委员之间、支委委员与党员之间、党员之间普遍谈心谈话的要求")
    assert "支委委员之间必谈应谈3对" in text["talks"]
    assert "党员个人自学0次" in text["study"]
    assert text["materials"].startswith("委员会对照检查材料由书记主持起草")
