"""The meeting's proceedings pages not measured in their own files cost the same queries
for a team of 5 as for a team of 50 (the rows: members, their planned criticisms)."""

import pytest
from django.urls import reverse

from organizations.models import TeamPosition
from organizations.services import team_member_add
from proceedings.agenda import agenda_item_add

from ..factories import MeetingFactory, PersonFactory, UserFactory
from .planner_kit import HOPE, plan
from .report_helpers import draft, held_meeting, prepared, sitting  # noqa: F401  (a held meeting, its report)


@pytest.fixture
def meeting(cast):
    """The cast's meeting in 会前准备 with its plan, the team of two (secretary, member) to grow."""
    from meetings.models import Meeting, Stage
    from meetings.plans import plan_create_default

    meeting = MeetingFactory(organization=cast.gov, title="2026年度县政府办党组民主生活会")
    Meeting.objects.filter(pk=meeting.pk).update(stage=Stage.PRE_MEETING)
    meeting.refresh_from_db()
    plan_create_default(meeting=meeting)
    return meeting


def _team_grower(cast, meeting, giver=None):
    """Team members of the 党组 up to n; `giver` plans a criticism of each of them."""

    def grow(n):
        team = list(cast.gov.team.all())
        for rank in range(len(team) + 1, n + 1):
            person = PersonFactory(user=UserFactory(username=f"team{rank:02d}"), name=f"赵委员{rank:02d}",
                                   organization=cast.gov)
            team_member_add(person=person, organization=cast.gov, position=TeamPosition.MEMBER, rank=rank + 10)
            if giver is not None:
                plan(meeting, giver.person, person, HOPE)
        meeting.plan.attendees.set(cast.gov.team.values_list("person", flat=True))
        # an agenda item per member: the agenda's rows grow with the team too
        for i in range(meeting.agenda_items.count(), n):
            agenda_item_add(meeting=meeting, title=f"议程{i:02d}", speaker=cast.secretary.person)

    return grow


# (URL name, who opens it, whether the members are named on it). Not named: the upper
# level's page shows figures over the team, the workbook is checked cell by cell, and the
# preparation page lists nothing per member before its report is made (a fixed cost).
PAGES = [
    ("proceedings:preparation", "office", False),
    ("proceedings:application_edit", "office", True),
    ("proceedings:convening", "supervisor", False),
    ("proceedings:agenda_item_new", "office", True),
    ("proceedings:rotation_order", "office", True),
    ("proceedings:planner_mine", "member", True),
    ("proceedings:planner_xlsx", "office", False),
]


@pytest.mark.parametrize("name, who, named", PAGES, ids=[name.split(":")[1] for name, _, _ in PAGES])
def test_a_page_costs_the_same_for_a_team_of_5_and_of_50(cast, meeting, login, same_queries_at_5_and_50,
                                                         name, who, named):
    client = login(getattr(cast, who))
    url = reverse(name, args=[meeting.pk])
    grow = _team_grower(cast, meeting, giver=cast.member if name == "proceedings:planner_mine" else None)
    _, response = same_queries_at_5_and_50(grow, lambda: client.get(url))
    assert response.status_code == 200
    if named:
        assert "赵委员50" in response.content.decode()
    elif name == "proceedings:convening":
        # the upper level reads the figures over all 50: pairs to talk, agenda items
        assert "已谈0/1225对" in response.content.decode() and "50项议程" in response.content.decode()
    elif name == "proceedings:planner_xlsx":
        from io import BytesIO

        from openpyxl import load_workbook

        cells = {c.value for ws in load_workbook(BytesIO(response.content)) for row in ws.iter_rows() for c in row}
        assert "赵委员50" in cells


def test_an_agenda_item_costs_the_same_for_a_team_of_5_and_of_50(cast, meeting, login, same_queries_at_5_and_50):
    item = agenda_item_add(meeting=meeting, title="通报上年度民主生活会整改落实情况", speaker=cast.secretary.person)
    client = login(cast.office)
    url = reverse("proceedings:agenda_item", args=[meeting.pk, item.pk])
    _, response = same_queries_at_5_and_50(_team_grower(cast, meeting), lambda: client.get(url))
    assert "赵委员50" in response.content.decode()  # offered as the speaker


def test_the_sittings_page_costs_the_same_for_5_and_50_halted_sittings(cast, meeting, login, same_queries_at_5_and_50):
    from proceedings.models import Sitting, SittingStatus

    def grow(n):
        for number in range(Sitting.objects.filter(meeting=meeting).count() + 1, n + 1):
            Sitting.objects.create(meeting=meeting, number=number, created_by=cast.office,
                                   status=SittingStatus.HALTED, halt_reason=f"第{number}次叫停")

    client = login(cast.supervisor)
    url = reverse("proceedings:minutes", args=[meeting.pk])
    _, response = same_queries_at_5_and_50(grow, lambda: client.get(url))
    assert "第50次叫停" in response.content.decode()


@pytest.mark.parametrize("name, who", [("proceedings:mode", "office"), ("proceedings:mode_projector", "member")])
def test_meeting_mode_costs_the_same_for_5_and_50_agenda_items(cast, ready_meeting, login, same_queries_at_5_and_50,
                                                               name, who):
    from proceedings.rotation import slots_generate

    from .mode_setup import meeting_day

    sitting = meeting_day(ready_meeting, cast.office)

    def grow(n):
        for i in range(ready_meeting.agenda_items.count(), n):
            agenda_item_add(meeting=ready_meeting, title=f"议程{i:02d}", speaker=cast.secretary.person)
        slots_generate(sitting=sitting)

    client = login(getattr(cast, who))
    url = reverse(name, args=[ready_meeting.pk])
    _, response = same_queries_at_5_and_50(grow, lambda: client.get(url))
    assert response.status_code == 200
    if name == "proceedings:mode":
        assert "议程49" in response.content.decode()


@pytest.mark.parametrize("who", ["office", "secretary"])
def test_the_situation_report_costs_the_same_for_5_and_50_events_and_files(cast, draft, login,  # noqa: F811
                                                                           same_queries_at_5_and_50, who):
    from django.contrib.contenttypes.models import ContentType

    from documents.models import GeneratedFile
    from proceedings.models import ReportEvent, SituationReport

    def grow(n):
        for i in range(draft.events.count(), n):
            ReportEvent.objects.create(report=draft, action=f"第{i:02d}次修改", actor=cast.office)
            GeneratedFile.objects.create(kind="situation_report", format="pdf", title=f"召开情况报告{i:02d}",
                                         content_type=ContentType.objects.get_for_model(SituationReport),
                                         object_id=draft.pk, content_hash=f"{i:064d}", requested_by=cast.office)

    client = login(getattr(cast, who))
    url = reverse("proceedings:report", args=[draft.meeting_id])
    _, response = same_queries_at_5_and_50(grow, lambda: client.get(url))
    assert "第49次修改" in response.content.decode()
