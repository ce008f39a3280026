"""The cast after the meeting: the seven-member team of tests/proceedings, its meeting held.

- `held_meeting`: the gov team's meeting, held on 2026-12-10, in 整改落实, with three
  criticisms in its minutes (张书记 → 李委员 twice, 李委员 → 张书记 once) and the
  supervisor's 点评;
- `office` (王办公) drafts the team list; each member drafts their own; `secretary`
  (张书记) approves; `supervisor` (赵督导, 组织部) approves the team list and confirms its
  items' 销号; `outsider` sits in the neighbouring organisation and gets 404 everywhere.

Each part of the phase adds its own fixtures below; keep them small and unsurprising.
"""

from datetime import date

import pytest

from meetings.models import Meeting, Stage
from proceedings.minutes import comment_save, criticism_add
from proceedings.models import SlotKind

from ..proceedings.conftest import ready_meeting, sitting, team7  # noqa: F401  (the shared cast)

HELD_ON = date(2026, 12, 10)


def _slot(sitting, subject, speaker):
    return sitting.slots.get(kind=SlotKind.CRITICISM, subject__name=subject, speaker__name=speaker)


def make_held_meeting(cast, sitting):
    """Record three criticisms and a 点评 in the sitting's minutes, then hold the meeting."""
    from meetings.access import meeting_access

    criticism_add(slot=_slot(sitting, "李委员", "张书记"), text="调查研究不够深入，到基层一线少。", actor=cast.office)
    criticism_add(slot=_slot(sitting, "李委员", "张书记"), text="对分管领域的督促检查不够。", actor=cast.office)
    criticism_add(slot=_slot(sitting, "张书记", "李委员"), text="有时听取不同意见不够耐心。", actor=cast.office)
    comment_save(sitting=sitting, access=meeting_access(cast.supervisor, sitting.meeting), actor=cast.supervisor,
                 text="整改要一项一项抓落实，建立台账，按期销号。")
    meeting = sitting.meeting
    Meeting.objects.filter(pk=meeting.pk).update(stage=Stage.RECTIFYING, held_on=HELD_ON)
    meeting.refresh_from_db()
    return meeting


@pytest.fixture
def held_meeting(cast, sitting):  # noqa: F811
    return make_held_meeting(cast, sitting)


# --- the lists part (tests/rectification/lists_fixtures.py) ------------------------------
from .lists_fixtures import own_list, team_list  # noqa: E402, F401


# --- the progress part (tests/rectification/progress_fixtures.py) ------------------------
from .progress_fixtures import personal_item, team_item  # noqa: E402, F401
