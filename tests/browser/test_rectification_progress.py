"""Following an item to the end (issue 13 step 2): the owner reports progress on each
measure, one with a PDF as evidence, and asks to close it; the owner sees no close button;
the secretary opens the evidence and verifies and closes (销号) it. Another item's deadline
passes: the daily job, run for a day three days later, puts the owner's reminder and the
secretary's escalation in their inboxes."""

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from rectification.models import Item
from rectification.reminders import item_reminders_send
from tests.proceedings.conftest import ready_meeting, sitting, team7  # noqa: F401
from tests.rectification.conftest import held_meeting, own_list, personal_item  # noqa: F401
from tests.rectification.progress_fixtures import DUE

from .helpers import PHONE, assert_fits_width, log_in, screenshot

pytestmark = pytest.mark.browser

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def report(page, measure_index, text, status, evidence=None):
    page.get_by_role("link", name="报告这条措施的进展").nth(measure_index).click()
    page.get_by_label("进展情况").fill(text)
    page.get_by_label("进展状态").select_option(label=status)
    if evidence:
        page.get_by_label("佐证材料").set_input_files(evidence)
    page.get_by_role("button", name="提交进展").click()
    expect(page.get_by_text("进展已报告。")).to_be_visible()


def test_the_owner_reports_with_evidence_and_the_secretary_closes_the_item(
    cast, personal_item, new_page, tmp_path,  # noqa: F811
):
    item = personal_item
    late = Item.objects.create(rectification_list=item.rectification_list, order=2, problem="学习不够系统深入",
                               deadline=DUE)
    evidence = tmp_path / "调研报告.pdf"
    evidence.write_bytes(PDF)

    owner = new_page()
    log_in(owner, cast.member)
    owner.goto(item.get_absolute_url())
    report(owner, 0, "到两个乡镇蹲点调研，形成问题清单", "已完成", evidence=str(evidence))
    expect(owner.locator("#progress").get_by_role("link", name="调研报告.pdf")).to_be_visible()
    report(owner, 1, "调研报告已印发", "已完成")
    expect(owner.locator("#progress")).to_contain_text("总体完成 100%")
    owner.get_by_role("link", name="申请销号").click()
    owner.get_by_role("button", name="确认申请销号").click()
    expect(owner.get_by_text("已申请销号。")).to_be_visible()
    closing = owner.locator("#closing")
    expect(closing).to_contain_text("待销号")
    expect(closing).to_contain_text("等待核验人核验")
    expect(owner.get_by_role("link", name="核验销号")).to_have_count(0)  # never the owner's own
    screenshot(owner, "progress-1-owner-asked")
    owner.screenshot(path="/tmp/progress-owner.png", full_page=True)

    secretary = new_page()
    log_in(secretary, cast.secretary)
    secretary.get_by_role("link", name="核验销号：调查研究不够深入，到基层一线少").first.click()
    with secretary.expect_download() as download:
        secretary.locator("#progress").get_by_role("link", name="调研报告.pdf").click()
    assert download.value.suggested_filename == "调研报告.pdf"
    secretary.get_by_role("link", name="核验销号").click()
    expect(secretary.get_by_text("核对进展和佐证材料")).to_be_visible()
    secretary.get_by_role("button", name="确认核验销号").click()
    expect(secretary.get_by_text("已核验销号。")).to_be_visible()
    expect(secretary.locator("#closing")).to_contain_text("由张书记核验销号")
    expect(secretary.locator("#history")).to_contain_text("申请销号")
    secretary.screenshot(path="/tmp/progress-closed.png", full_page=True)

    # The other item's deadline passes; the daily job runs for the third day overdue.
    item_reminders_send(today=DUE + timedelta(days=3))
    owner.goto("/inbox/")
    expect(owner.get_by_text("【整改事项·已逾期3天】学习不够系统深入")).to_be_visible()
    owner.screenshot(path="/tmp/progress-owner-inbox.png", full_page=True)
    secretary.goto("/inbox/")
    expect(secretary.get_by_text("【整改督办·已逾期3天】县政府办党组：学习不够系统深入")).to_be_visible()
    secretary.screenshot(path="/tmp/progress-secretary-inbox.png", full_page=True)
    assert late.get_absolute_url()

    # The item page reads on a phone.
    phone = new_page(viewport=PHONE)
    log_in(phone, cast.member)
    phone.goto(item.get_absolute_url())
    assert_fits_width(phone)
    phone.screenshot(path="/tmp/progress-phone.png", full_page=True)
