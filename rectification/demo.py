"""Rectification in the demo (make run): last year's meeting, in 整改落实, has its team list
approved by the secretary and the 组织部, personal lists in several states, items with
progress — one closed (销号), one overdue — so a newcomer sees the phase at once.

Made through the lists' services and workflow, as a person would; the closing and the
progress are written as their rows (the progress part owns their services)."""

from datetime import timedelta

from django.utils import timezone

from inspections.models import MeasureTerm
from meetings.builders import register_demo
from organizations.models import Person

from .access import list_access
from .models import Item, ItemEvent, ItemMeasure, ItemStatus, ListKind, MeasureStatus, ProgressReport, RectificationList
from .services import item_create, list_ensure
from .workflow import list_transition

TEAM_ITEMS = [
    ("调查研究不够深入，到基层一线听取意见少", "每季度到基层调研不少于两次", MeasureTerm.IMMEDIATE, "member",
     ["制定年度调研计划，明确调研重点。", "建立调研问题台账，限时办结。"], "督查室"),
    ("会议文件仍然偏多，基层负担较重", "会议、发文数量同比减少10%", MeasureTerm.DEADLINE, "secretary",
     ["严格会议计划管理，能合并的合并。", "推行精简发文审核。"], "综合科"),
    ("政务服务“一网通办”推进不够快", "高频事项全部网上可办", MeasureTerm.DEADLINE, None,
     ["梳理高频事项清单。", "完成系统对接。"], "政务服务中心"),
    ("制度执行还有宽松软现象", "制度体系完善、执行到位", MeasureTerm.LONG_TERM, None,
     ["修订机关工作制度汇编。", "每半年开展一次制度执行“回头看”。"], "综合科"),
]
PERSONAL = {
    "member": ("对分管领域的督促检查不够", "分管工作按期完成", ["每月听取分管科室工作汇报。"]),
    "wanghaitao": ("理论学习不够系统，学用结合不紧", "形成常态化学习机制", ["制定个人学习计划。"]),
    "liufang": ("服务群众意识有所弱化", "群众满意度明显提升", ["每月接访下访一次。"]),
    "chenzhiqiang": ("抓落实的韧劲不足", "重点工作按期办结", ["建立个人工作任务清单。"]),
}


@register_demo(order=90)
def rectification_demo(context: dict) -> None:
    meeting = context["gov_last_year"]
    meeting.refresh_from_db()
    if not meeting.held_on or RectificationList.objects.filter(meeting=meeting).exists():
        return
    users, today = context["users"], timezone.localdate()
    office, secretary, supervisor = users["office"], users["secretary"], users["supervisor"]
    people = {u: Person.objects.get(user=users[u]) for u in ["secretary", *PERSONAL] if u in users}

    team = list_ensure(meeting=meeting, kind=ListKind.TEAM)
    items = []
    for n, (problem, target, term, who, measures, department) in enumerate(TEAM_ITEMS):
        deadline = {MeasureTerm.IMMEDIATE: today + timedelta(days=20), MeasureTerm.DEADLINE: today + timedelta(days=60 + 30 * n)}
        items.append(item_create(
            rlist=team, actor=office, problem=problem, target=target, term=term, deadline=deadline.get(term),
            next_review=today + timedelta(days=120) if term == MeasureTerm.LONG_TERM else None,
            responsible=people.get(who) if who else None, lead_department=department, disclosed=n < 3,
            measures=measures,
        ))
    _cover(team, items, office)
    _move(team, "submit", office)
    _move(team, "approve", secretary)
    _move(team, "upper_approve", supervisor)

    # The first item done and closed, the third past its deadline, the rest under way.
    now = timezone.now()
    closed, _, overdue, _ = items
    _report(closed, office, percent=100, text="调研计划已印发，一季度走访基层站所6个，问题台账已建立并逐项办结。")
    Item.objects.filter(pk=closed.pk).update(status=ItemStatus.CLOSED, closed_at=now, closed_by=supervisor)
    ItemEvent.objects.create(item=closed, action="closed", label="销号", from_status=ItemStatus.CLOSING,
                             to_status=ItemStatus.CLOSED, actor=supervisor, note="佐证材料齐全，同意销号。", at=now)
    Item.objects.filter(pk=overdue.pk).update(deadline=today - timedelta(days=12))
    ItemMeasure.objects.filter(item=overdue).update(deadline=today - timedelta(days=12))
    _report(overdue, office, percent=50, text="高频事项清单已梳理完毕，系统对接尚在进行。")
    _report(items[1], office, percent=40, text="会议计划已报批，发文审核制度正在起草。")

    # Personal lists: one approved with progress, one submitted, one returned, one still a draft.
    states = ["approved", "submitted", "returned", "draft"]
    for (username, (problem, target, measures)), state in zip(PERSONAL.items(), states):
        if username not in users:
            continue
        owner = users[username]
        rlist = list_ensure(meeting=meeting, kind=ListKind.PERSONAL, owner=people[username])
        item = item_create(rlist=rlist, actor=owner, problem=problem, target=target, term=MeasureTerm.DEADLINE,
                           deadline=today + timedelta(days=90), measures=measures)
        if state == "draft":
            continue
        _cover(rlist, [item], owner)
        _move(rlist, "submit", owner)
        if state == "approved":
            _move(rlist, "approve", secretary)
            _report(item, owner, percent=30, text="已制定计划并开始落实。")
        elif state == "returned":
            _move(rlist, "return", secretary, note="整改措施还不够具体，请写明时间节点。")


def _cover(rlist, items, user) -> None:
    """What the list must cover (the criticisms, routed opinions, 点评) merged into its items,
    one after the other: the demo's lists can then be approved, as coverage requires."""
    from .coverage import uncovered
    from .sources import source_merge

    for n, source in enumerate(uncovered(rlist)):
        source_merge(item=items[n % len(items)], kind=source.kind, pk=source.pk, actor=user)


def _move(rlist, name, user, note=""):
    rlist.refresh_from_db()
    list_transition(rlist=rlist, name=name, actor=user, access=list_access(user, rlist), note=note)


def _report(item, user, *, percent: int, text: str) -> None:
    status = MeasureStatus.DONE if percent == 100 else MeasureStatus.IN_PROGRESS
    for measure in item.measures.all():
        ProgressReport.objects.create(measure=measure, on=timezone.localdate(), text=text, status=status,
                                      percent=percent, by=user)
    item.measures.update(status=status, percent=percent)
