"""The preparation report and the application to convene, end to end.

The office compiles the report (its figures are those of the phase pages), edits a
sentence and applies; the application is refused while the talks are not all done and
the page names the step with its link; the 组织部 postpones with a reason, the office reads
it and applies again; the 组织部 agrees and fixes the day.
"""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from feedback.models import Solicitation
from inspections.models import Material, MaterialState
from organizations.models import OrganizationKind, Person
from talks.coverage import meeting_coverage
from talks.models import TalkParticipant
from tests.factories import OrganizationFactory, PersonFactory
from tests.proceedings.conftest import ready_meeting, team7  # noqa: F401
from tests.proceedings.prep_fixtures import prepared  # noqa: F401
from tests.talks.conftest import make_talk

from .helpers import log_in

pytestmark = pytest.mark.browser


def shot(page, name):
    page.screenshot(path=f"/tmp/prep-{name}.png", full_page=True)


def _with_a_branch_representative(cast, meeting, people):
    """The team's 党支部 and its party-member representative (四必谈's fourth rule)."""
    branch = OrganizationFactory(name="中共测试县人民政府办公室机关支部委员会", short_name="县政府办机关支部",
                                 kind=OrganizationKind.BRANCH, parent=cast.gov)
    Person.objects.filter(pk__in=[p.pk for p in people]).update(branch=branch)
    representative = PersonFactory(name="周代表", organization=cast.gov, branch=branch)
    TalkParticipant.objects.create(meeting=meeting, person=representative, is_representative=True)


def _all_talks_confirmed(meeting):
    """Every required pair talks and both confirm (as the members would, on their pages)."""
    coverage = meeting_coverage(meeting)
    people = coverage.roster.people
    for status in coverage.pairs.values():
        if status.is_missing:
            make_talk(meeting, people[status.key[0]], people[status.key[1]])


def test_the_office_compiles_edits_and_applies_the_upper_level_postpones_then_agrees(cast, team7, prepared, new_page):
    meeting = prepared
    Material.objects.filter(meeting=meeting).update(state=MaterialState.APPROVED)  # only the talks are missing
    solicitation = Solicitation.objects.get(meeting=meeting)
    _with_a_branch_representative(cast, meeting, team7.people)

    office = new_page()
    log_in(office, cast.office)
    # The figures as the phase pages show them.
    office.goto(f"/meetings/{meeting.pk}/")
    office.get_by_role("link", name="准备工作情况报告已生成").click()
    expect(office.get_by_role("heading", name="召开准备", level=1)).to_be_visible()
    readiness = office.locator("#readiness")
    expect(readiness).to_contain_text("尚未完成：召开准备——准备工作情况报告已生成")
    office.get_by_role("button", name="生成准备工作情况报告").click()
    report = office.get_by_label("准备工作情况报告正文")
    expect(report).to_contain_text("共开展学习研讨4次，其中集中学习研讨2次")
    expect(report).to_contain_text("共征求到2个方面意见建议3条")
    expect(report).to_contain_text("书记与班子成员必谈应谈6对、已开展3对、双方确认3对")
    expect(report).to_contain_text("经上级审核通过7份")

    study = new_page()
    log_in(study, cast.office)
    study.goto(f"/study/meetings/{meeting.pk}/")
    expect(study.locator("#stat-sessions")).to_have_text("4")
    expect(study.locator("#stat-group")).to_have_text("2")
    study.goto(f"/feedback/{solicitation.pk}/summary/")
    expect(study.locator("#sentence")).to_have_text("共征求到2个方面意见建议3条")
    study.goto(f"/talks/meeting/{meeting.pk}/")
    expect(study.locator(".talk-totals")).to_contain_text("28")

    # The office edits a sentence.
    office.get_by_role("link", name="修改文字").click()
    office.get_by_label("结尾").fill("截止目前，县政府办党组班子各项准备工作已就绪，现已具备开会条件，恳请审定。")
    office.get_by_role("button", name="保存").click()
    expect(office.get_by_text("报告已保存。")).to_be_visible()
    expect(report).to_contain_text("恳请审定")

    # The application starts from the plan.
    office.get_by_role("link", name="填写召开申请").click()
    expect(office.get_by_label("会议地点")).to_have_value("县政府办四楼会议室")
    day = timezone.localdate() + timedelta(days=20)
    office.get_by_label("拟召开时间").fill(f"{day.isoformat()}T09:00")
    office.get_by_role("button", name="保存召开申请").click()
    expect(office.locator("#proposed-time")).to_contain_text(f"{day.year}年{day.month}月{day.day}日09:00")

    # One step missing: the page names it with its link, before and after the button.
    expect(readiness).to_contain_text("尚未完成：谈心谈话——应谈对象全部谈完（四必谈）")
    expect(readiness.get_by_role("link", name="尚未完成：谈心谈话——应谈对象全部谈完（四必谈）")).to_have_attribute(
        "href", f"/talks/meeting/{meeting.pk}/"
    )
    office.get_by_role("button", name="确认报请召开").click()
    expect(office.get_by_role("alert")).to_contain_text("尚未完成：谈心谈话——应谈对象全部谈完（四必谈）")
    shot(office, "refused")

    # The talks are done meanwhile: the draft says its talks figures changed.
    _all_talks_confirmed(meeting)
    office.goto(f"/proceedings/{meeting.pk}/preparation/")
    changed = office.locator("#changed-figures")
    expect(changed).to_contain_text("数据已更新")
    expect(changed).to_contain_text("报告中为“合计应谈28对、已开展4对、双方确认3对”，现为“合计应谈28对、已开展28对、双方确认28对”")
    shot(office, "changed")
    office.get_by_role("button", name="更新此数据：谈心谈话合计").click()
    expect(report).to_contain_text("合计应谈28对、已开展28对、双方确认28对")
    office.get_by_role("button", name="重新生成本节：书记与班子成员必谈").click()
    expect(office.locator("#changed-figures")).to_have_count(0)
    expect(report).to_contain_text("恳请审定")  # the edited sentence is kept
    expect(office.locator("#ready")).to_be_visible()
    shot(office, "ready")
    office.get_by_role("button", name="确认报请召开").click()
    expect(office.locator("#stage")).to_have_text("报请召开")

    # The 组织部 postpones with a reason.
    supervisor = new_page()
    log_in(supervisor, cast.supervisor)
    supervisor.get_by_role("link", name="审核召开申请").click()
    expect(supervisor.get_by_role("heading", name="审核召开申请", level=1)).to_be_visible()
    expect(supervisor.get_by_label("准备工作情况报告正文")).to_contain_text("恳请审定")
    expect(supervisor.get_by_role("heading", name="工作进度")).to_be_visible()
    shot(supervisor, "decision")
    supervisor.get_by_label("意见说明").fill("请补充上年度整改落实情况后再报。")
    supervisor.get_by_role("button", name="确认暂缓召开").click()
    expect(supervisor.locator("#stage")).to_have_text("会前准备")

    # The office sees why and applies again.
    office.goto(f"/proceedings/{meeting.pk}/preparation/")
    expect(office.locator("#postponed")).to_contain_text("上级暂缓召开（第1次报请）：请补充上年度整改落实情况后再报。")
    shot(office, "postponed")
    office.get_by_role("link", name="修改文字").click()
    office.get_by_label("结尾").fill("上年度整改事项已在会前逐项对照检查。截止目前，县政府办党组班子各项准备工作已就绪，现已具备开会条件，恳请审定。")
    office.get_by_role("button", name="保存").click()
    office.get_by_role("button", name="确认报请召开").click()
    expect(office.locator("#stage")).to_have_text("报请召开")

    # The 组织部 agrees and fixes the day (the proposed one, as offered).
    supervisor.goto("/")
    supervisor.get_by_role("link", name="审核召开申请").click()
    changes = supervisor.locator("#changes")
    expect(changes).to_contain_text("与第1次报请相比的修改")
    expect(changes.locator("ins")).to_contain_text("上年度整改事项已在会前逐项对照检查。")
    shot(supervisor, "changes")
    expect(supervisor.get_by_label("同意召开日期")).to_have_value(day.isoformat())
    supervisor.get_by_role("button", name="确认同意召开").click()
    expect(supervisor.locator("#stage")).to_have_text("已同意召开")
    expect(supervisor.locator("#meeting-date")).to_have_text(f"{day.year}年{day.month}月{day.day}日（上级同意召开）")
    supervisor.goto(f"/proceedings/{meeting.pk}/convening/")
    expect(supervisor.locator("#request-2")).to_contain_text("同意于")
    expect(supervisor.locator("#request-1")).to_contain_text("暂缓召开")
    shot(supervisor, "agreed")
    meeting.refresh_from_db()
    assert meeting.agreed_on == day

    # Outsiders get 404 on both pages.
    outsider = new_page()
    log_in(outsider, cast.outsider)
    for tail in ("preparation/", "convening/"):
        assert outsider.goto(f"/proceedings/{meeting.pk}/{tail}").status == 404
