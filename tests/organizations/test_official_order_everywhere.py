"""Every place that lists a team or a group of people uses the official order.

The places are enumerated twice: each listing function and export is called with a team
whose rank order differs from both code-point and stroke order; and the source of every
app is scanned for the ways a list used to be ordered by the bare name.
"""

import io
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook

from meetings.models import MeetingKind, Stage
from organizations.models import OrganizationKind, StaffKind, TeamPosition
from organizations.services import staff_assign, team_member_add

from ..factories import MeetingFactory, OrganizationFactory, PersonFactory

# 书记 张(7 strokes), then 周(8), 吴(7), 刘(6): neither code points nor strokes give this.
TEAM = [("张建国", TeamPosition.SECRETARY, 4), ("周文华", TeamPosition.DEPUTY_SECRETARY, 1),
        ("吴静", TeamPosition.MEMBER, 2), ("刘芳", TeamPosition.MEMBER, 3)]
IN_RANK = ["张建国", "周文华", "吴静", "刘芳"]
# Branch members with no seat: 按姓氏笔画, 丁2 < 张7 < 周8 (code points: 丁 < 周 < 张).
MEMBERS_BY_STROKES = ["丁二", "张六", "周七"]


def _team(org):
    for name, position, rank in TEAM:
        person = PersonFactory(name=name, organization=org, branch=org if org.kind == OrganizationKind.BRANCH else None)
        team_member_add(person=person, organization=org, position=position, rank=rank)


@pytest.fixture
def party_group_meeting(db):
    org = OrganizationFactory(name="中共某局党组")
    _team(org)
    office = PersonFactory(name="办公室", organization=org)
    staff_assign(person=office, organization=org, kind=StaffKind.OFFICE)
    return MeetingFactory(organization=org, kind=MeetingKind.DEMOCRATIC_LIFE, stage=Stage.PRE_MEETING)


@pytest.fixture
def branch_meeting(db):
    org = OrganizationFactory(name="某机关党支部", kind=OrganizationKind.BRANCH)
    _team(org)
    for name in reversed(MEMBERS_BY_STROKES):
        PersonFactory(name=name, organization=org, branch=org)
    return MeetingFactory(organization=org, kind=MeetingKind.ORGANIZATION_LIFE, stage=Stage.PRE_MEETING)


def _plan_participants(meeting):
    from meetings.plans import plan_participants_default

    return [p.name for p in plan_participants_default(meeting)]


def _plan_pickers(meeting):
    from meetings.plan_forms import DutyForm, PlanForm

    form = PlanForm(meeting=meeting)
    lists = [[label for value, label in form.fields[name].choices if value] for name in ("attendees", "chair")]
    lists.append([label for value, label in DutyForm(meeting=meeting).fields["person"].choices if value])
    assert lists[0] == lists[1] == lists[2]
    return lists[0]


def _plan_text(meeting):
    from meetings.plans import plan_content, plan_create_default

    plan = plan_create_default(meeting=meeting)
    line = next(line for _, section in plan_content(plan)["sections"] for line in section if "出席：" in line)
    return line.split("出席：")[1].split("、")


def _study_participants(meeting):
    from study.selectors import participant_people

    return [p.name for p in participant_people(meeting)]


def _study_statistics(meeting):
    from study.selectors import study_statistics

    return [m.person.name for m in study_statistics(meeting).members]


def _study_export(meeting):
    from study.exports import study_workbook

    sheet = load_workbook(io.BytesIO(study_workbook(meeting))).worksheets[-1]
    return [row[0] for row in sheet.iter_rows(min_row=2, values_only=True) if row[0]]


def _feedback_candidates(meeting):
    from feedback.selectors import concern_candidates

    return [p.name for p in concern_candidates(meeting)]


def _feedback_picker(meeting):
    from feedback.forms import ConcernsFields
    from feedback.selectors import concern_candidates

    return [label for _, label in ConcernsFields(candidates=concern_candidates(meeting)).fields["members"].choices]


def _outline_authors(meeting):
    from inspections.selectors import outline_authors

    return [p.name for p in outline_authors(meeting)]


def _drafter_picker(meeting):
    from inspections.forms import DrafterForm

    field = DrafterForm(organization=meeting.organization).fields["drafter"]
    return [label for value, label in field.choices if value and label != "办公室"]


def _talks_matrix(meeting):
    from talks.coverage import meeting_coverage

    return [c.person.name for c in meeting_coverage(meeting).columns]


def _talks_export(meeting):
    from talks.coverage import meeting_coverage
    from talks.exports import coverage_workbook

    header = next(load_workbook(io.BytesIO(coverage_workbook(meeting_coverage(meeting)))).worksheets[0].iter_rows(values_only=True))
    return [h for h in header[2:] if h not in ("应谈", "已谈", "免谈", "完成率")]


def _organization_page(meeting):
    from organizations.models import TeamMembership

    return [s.person.name for s in TeamMembership.objects.filter(organization=meeting.organization).select_related("person")]


TEAM_PLACES = [
    _plan_participants, _plan_pickers, _plan_text, _study_participants, _study_statistics, _study_export,
    _feedback_candidates, _feedback_picker, _outline_authors, _drafter_picker, _talks_matrix, _talks_export,
    _organization_page,
]


@pytest.mark.parametrize("listing", TEAM_PLACES, ids=lambda f: f.__name__.strip("_"))
def test_a_team_is_listed_in_rank_order_with_the_secretary_first(party_group_meeting, listing):
    assert listing(party_group_meeting)[:4] == IN_RANK


BRANCH_PLACES = [_plan_participants, _plan_text, _study_participants, _feedback_candidates, _outline_authors,
                 _talks_matrix]


@pytest.mark.parametrize("listing", BRANCH_PLACES, ids=lambda f: f.__name__.strip("_"))
def test_a_branch_lists_its_committee_by_rank_then_its_members_by_strokes(branch_meeting, listing):
    assert listing(branch_meeting)[:7] == IN_RANK + MEMBERS_BY_STROKES


APPS = ["meetings", "study", "feedback", "talks", "inspections", "documents", "notifications", "organizations"]
# Ordering people by the bare name (code points) or by rank alone (no 书记 first).
BARE_ORDER = re.compile(
    r"""order_by\([^)]*["'](-?(\w+__)?(name|first_name|username)|rank)["']"""
    r"""|sorted\([^)]*key=lambda \w+: \(?\w+\.(name|rank)\b"""
)


def test_no_app_orders_people_by_the_bare_name_or_rank():
    root = Path(__file__).resolve().parents[2]
    offenders = []
    for app in APPS:
        for path in (root / app).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
                if BARE_ORDER.search(line):
                    offenders.append(f"{path.relative_to(root)}:{number}: {line.strip()}")
    assert offenders == [], "use organizations.ordering (in_official_order, in_rank_order, person_sort_key)"
