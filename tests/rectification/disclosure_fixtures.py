"""The 公示's cast: approved lists with items whose sources, evidence and refusals must
never reach the public page.

- the team list, approved: 「群众办事排队时间长」 (from a routed opinion, so suggested;
  responsible 王委员, 县政务服务中心; two measures, one in progress at 60%, one done) and
  「内部会议多」 (not disclosed);
- 李委员's personal list, approved: 「调查研究不够深入」 (from 张书记's criticism, its
  quote kept; a progress report with an evidence file; a refused 销号 with a note);
- 张书记's personal list, only submitted: an item marked public that must not show.
"""

from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from organizations.models import Person
from rectification.models import (
    Disclosure,
    Evidence,
    Item,
    ItemEvent,
    ItemMeasure,
    ItemSource,
    ListKind,
    ListState,
    MeasureStatus,
    ProgressReport,
    RectificationList,
    SourceKind,
)

GIVER_QUOTE = "张书记批评：调查研究不够深入，到基层一线少。"
REFUSAL_NOTE = "佐证材料不足，暂不销号（核验人意见）"
EVIDENCE_NAME = "走访台账扫描件.pdf"


def approved_list(meeting, *, owner=None):
    now = timezone.now()
    return RectificationList.objects.create(
        meeting=meeting, kind=ListKind.PERSONAL if owner else ListKind.TEAM, owner=owner,
        state=ListState.APPROVED, first_submitted_at=now, passed_on_at=None if owner else now, approved_at=now,
    )


def team_item(rlist, problem, order, **fields):
    return Item.objects.create(rectification_list=rlist, problem=problem, order=order, **fields)


def make_disclosure_cast(cast, meeting):
    team = approved_list(meeting)
    wang = Person.objects.get(name="王委员")
    queue = team_item(team, "群众办事排队时间长、跑腿多", 1, target="一般事项一次办结", responsible=wang,
                      lead_department="县政务服务中心", deadline=date(2027, 3, 31), disclosed=True)
    ItemSource.objects.create(item=queue, kind=SourceKind.OPINION, quote="群众来信：窗口办事要跑三趟")
    ItemMeasure.objects.create(item=queue, order=1, content="推行一窗受理", status=MeasureStatus.IN_PROGRESS, percent=60)
    ItemMeasure.objects.create(item=queue, order=2, content="公开办事指南", status=MeasureStatus.DONE, percent=100)
    meetings = team_item(team, "内部会议多、文件多", 2, responsible=wang, deadline=date(2027, 2, 28))

    own = approved_list(meeting, owner=Person.objects.get(name="李委员"))
    study = team_item(own, "调查研究不够深入", 1, target="每季度到基层调研不少于2次", deadline=date(2027, 6, 30),
                      disclosed=True)
    ItemSource.objects.create(item=study, kind=SourceKind.CRITICISM, quote=GIVER_QUOTE)
    measure = ItemMeasure.objects.create(item=study, order=1, content="建立基层联系点", status=MeasureStatus.IN_PROGRESS,
                                         percent=30)
    report = ProgressReport.objects.create(measure=measure, on=timezone.localdate(), text="已走访两个乡镇",
                                           status=MeasureStatus.IN_PROGRESS, percent=30)
    Evidence.objects.create(report=report, file=ContentFile(b"%PDF-1.4 test", name="x.pdf"), name=EVIDENCE_NAME,
                            content_type="application/pdf", size=13, sha256="0" * 64)
    ItemEvent.objects.create(item=study, action="refuse", label="退回销号", note=REFUSAL_NOTE, at=timezone.now())

    pending = RectificationList.objects.create(
        meeting=meeting, kind=ListKind.PERSONAL, owner=Person.objects.get(name="张书记"),
        state=ListState.SUBMITTED, first_submitted_at=timezone.now(),
    )
    unapproved = team_item(pending, "批评与自我批评辣味不足", 1, disclosed=True)
    return SimpleNamespace(team=team, own=own, queue=queue, meetings=meetings, study=study, unapproved=unapproved)


@pytest.fixture
def disclosure_cast(cast, team7, held_meeting):
    return make_disclosure_cast(cast, held_meeting)


def open_disclosure(meeting, *, by=None, **fields):
    """A 公示 published and open today."""
    today = timezone.localdate()
    values = {"title": "县政府办党组整改落实情况公示", "starts_on": today - timedelta(days=1),
              "ends_on": today + timedelta(days=14), "contact": "电话 0000-1234567",
              "published_at": timezone.now(), "published_by": by, **fields}
    return Disclosure.objects.create(meeting=meeting, **values)


@pytest.fixture
def published(cast, disclosure_cast, held_meeting):
    return open_disclosure(held_meeting, by=cast.office)
