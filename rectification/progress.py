"""Progress on a measure (整改进展): the owner reports the date, what was done, and where the
measure stands — a percent, or a status that implies one (未启动 0 / 推进中 1–99 /
已完成 100) — with evidence files. The measure takes the reported status and percent; the
item's percent is the mean of its measures'."""

from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from .access import ItemAccess, ItemRole, ensure_item_editable
from .evidence import evidence_check, evidence_save
from .models import ItemEvent, ItemMeasure, ItemStatus, ListState, MeasureStatus, ProgressReport


class ProgressError(Exception):
    """A report that is refused; the message is shown to the person as is."""


def progress_implied(*, status: str = "", percent: int | None = None) -> tuple[str, int]:
    """The (status, percent) a report stands for: a status implies its percent, a percent
    its status; 推进中 needs a percent between 1 and 99."""
    if percent is not None and not 0 <= percent <= 100:
        raise ProgressError("完成百分比须在 0 到 100 之间。")
    if not status:
        if percent is None:
            raise ProgressError("请选择进展状态或填写完成百分比。")
        status = (MeasureStatus.NOT_STARTED if percent == 0 else MeasureStatus.DONE if percent == 100
                  else MeasureStatus.IN_PROGRESS)
    if status == MeasureStatus.NOT_STARTED:
        return status, 0
    if status == MeasureStatus.DONE:
        return status, 100
    if status != MeasureStatus.IN_PROGRESS:
        raise ProgressError("未知的进展状态。")
    if percent is None or not 1 <= percent <= 99:
        raise ProgressError("“推进中”须填写 1 到 99 之间的完成百分比。")
    return status, percent


def item_percent(item) -> int:
    """The item's percent: the mean of its measures' (0 without measures)."""
    percents = [m.percent for m in item.measures.all()]
    return round(sum(percents) / len(percents)) if percents else 0


def ensure_item_followable(item) -> None:
    """Progress and 销号 follow an approved list's item, while its meeting is not archived."""
    ensure_item_editable(item)
    if item.rectification_list.state != ListState.APPROVED and item.rectification_list.approved_at is None:
        raise PermissionDenied("整改清单批准后才能报告进展")


@transaction.atomic
def progress_report(
    *, measure: ItemMeasure, on: date, text: str, status: str = "", percent: int | None = None, files=(), actor,
    access: ItemAccess,
) -> ProgressReport:
    """Record the owner's report on one measure with its evidence; nothing is saved when a
    file is refused."""
    item = measure.item
    if not access.has(ItemRole.REPORTER):
        raise PermissionDenied("只有整改责任人可以报告进展")
    ensure_item_followable(item)
    if item.status == ItemStatus.CLOSED:
        raise ProgressError("事项已销号，不能再报告进展；如需继续整改，请在回头看时重新打开。")
    text = (text or "").strip()
    if not text:
        raise ProgressError("请填写进展情况。")
    if on > timezone.localdate():
        raise ProgressError("进展日期不能晚于今天。")
    status, percent = progress_implied(status=status, percent=percent)
    checked = [evidence_check(upload=upload) for upload in files]  # every file before anything is written

    report = ProgressReport.objects.create(measure=measure, on=on, text=text, status=status, percent=percent,
                                           by=actor)
    for one in checked:
        evidence_save(report=report, checked=one, actor=actor)
    ItemMeasure.objects.filter(pk=measure.pk).update(status=status, percent=percent, updated_by=actor,
                                                    updated_at=timezone.now(), version=measure.version + 1)
    measure.status, measure.percent, measure.version = status, percent, measure.version + 1
    label = MeasureStatus(status).label
    ItemEvent.objects.create(
        item=item, action="report", label="报告进展", actor=actor, at=timezone.now(),
        note=f"措施“{measure.content[:40]}”：{label}，{percent}%" + (f"，佐证材料{len(checked)}份" if checked else ""),
    )
    return report
