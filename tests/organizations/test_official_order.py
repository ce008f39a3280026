"""The official order of people: a team by rank (书记 first), everyone else 按姓氏笔画."""

import io
import shutil
import subprocess

import pytest
from docx import Document

from meetings.models import MeetingKind
from meetings.plans import plan_content, plan_create_default
from organizations.models import OrganizationKind, Person, TeamMembership, TeamPosition
from organizations.ordering import in_official_order, name_sort_key, stroke_count
from organizations.services import team_member_add

from ..factories import MeetingFactory, OrganizationFactory, PersonFactory

# The plan: code-point order printed 刘芳、吴静、周文华、张建国, the secretary last.
TEAM = [("张建国", TeamPosition.SECRETARY, 1), ("周文华", TeamPosition.DEPUTY_SECRETARY, 2),
        ("吴静", TeamPosition.MEMBER, 3), ("刘芳", TeamPosition.MEMBER, 4)]
IN_RANK = "张建国、周文华、吴静、刘芳"


def test_stroke_counts_come_from_unihan():
    assert [stroke_count(c) for c in "丁王刘张周"] == [2, 4, 6, 7, 8]
    assert stroke_count("A") is None


def test_names_sort_by_the_surname_strokes_then_the_rest_of_the_name():
    names = ["周一", "张三", "刘芳", "王五", "丁六", "王二小", "王一"]
    # 丁2 < 王4 < 刘6 < 张7 < 周8; within 王 the second character: 一1 < 二2 < 五4.
    assert sorted(names, key=name_sort_key) == ["丁六", "王一", "王二小", "王五", "刘芳", "张三", "周一"]


def test_a_surname_that_is_also_written_first_in_code_points_still_follows_its_strokes():
    # 张 (U+5F20) comes before 周 (U+5468) by strokes (7 < 8) though after it in code points.
    assert "张" > "周"
    assert name_sort_key("张建国") < name_sort_key("周文华")


def test_latin_letters_sort_after_han_characters():
    assert sorted(["Anna", "丁一"], key=name_sort_key) == ["丁一", "Anna"]


@pytest.fixture
def team_org(db):
    org = OrganizationFactory(name="中共某局党组", short_name="某局党组")
    people = {}
    for name, position, rank in TEAM:
        people[name] = PersonFactory(name=name, organization=org)
        team_member_add(person=people[name], organization=org, position=position, rank=rank)
    return org, people


def test_a_renamed_person_moves_to_their_new_place(team_org):
    org, people = team_org
    person = people["刘芳"]
    person.name = "丁芳"
    person.save(update_fields=["name"])
    person.refresh_from_db()
    assert person.name_key == name_sort_key("丁芳")


def test_people_of_an_organisation_are_listed_team_first_in_rank_order(team_org):
    org, people = team_org
    PersonFactory(name="丁一", organization=org)  # not on the team, fewest strokes
    listed = [p.name for p in Person.objects.filter(organization=org).in_official_order(org)]
    assert listed == ["张建国", "周文华", "吴静", "刘芳", "丁一"]
    # The same in Python, for lists already in memory.
    assert [p.name for p in in_official_order(list(Person.objects.filter(organization=org)), organization=org)] == listed


def test_without_a_team_people_are_listed_by_strokes(team_org):
    org, _ = team_org
    assert [p.name for p in Person.objects.filter(organization=org)] == ["刘芳", "吴静", "张建国", "周文华"]


def test_the_secretary_heads_the_team_even_with_a_larger_rank_number(team_org):
    org, people = team_org
    TeamMembership.objects.filter(person=people["张建国"]).update(rank=9)
    assert [s.person.name for s in org.team.select_related("person")][0] == "张建国"
    assert Person.objects.filter(organization=org).in_official_order(org).first().name == "张建国"


@pytest.fixture
def plan(team_org):
    org, _ = team_org
    return plan_create_default(meeting=MeetingFactory(organization=org, kind=MeetingKind.DEMOCRATIC_LIFE))


def _attendance_line(lines):
    return next(line for line in lines if "出席：" in line)


def test_the_plan_lists_the_attendees_in_rank_order(plan):
    lines = [line for _, section in plan_content(plan)["sections"] for line in section]
    assert _attendance_line(lines).endswith(f"出席：{IN_RANK}")


def test_the_plan_page_lists_the_attendees_in_rank_order(plan, client):
    office = PersonFactory(organization=plan.meeting.organization, name="办公室")
    from organizations.models import StaffKind
    from organizations.services import staff_assign

    staff_assign(person=office, organization=plan.meeting.organization, kind=StaffKind.OFFICE)
    client.force_login(office.user, backend="django.contrib.auth.backends.ModelBackend")
    page = client.get(f"/meetings/{plan.meeting_id}/plan/").content.decode()
    assert f"出席：{IN_RANK}" in page
    edit = client.get(f"/meetings/{plan.meeting_id}/plan/edit/")
    # The pickers offer the team in rank order too.
    for name in ("attendees", "chair"):
        offered = [label for value, label in edit.context["form"].fields[name].choices if value]
        assert offered[:4] == IN_RANK.split("、")


def test_the_plan_in_word_lists_the_attendees_in_rank_order(plan):
    from documents.render import document_docx
    from meetings.documents import work_plan

    word = Document(io.BytesIO(document_docx(work_plan(plan.meeting))))
    assert f"出席：{IN_RANK}" in "\n".join(p.text for p in word.paragraphs)


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils missing")
def test_the_plan_in_pdf_lists_the_attendees_in_rank_order(plan, tmp_path):
    from documents.render import document_pdf
    from meetings.documents import work_plan

    path = tmp_path / "plan.pdf"
    path.write_bytes(document_pdf(work_plan(plan.meeting)))
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout
    assert f"出席：{IN_RANK}" in "".join(text.split())


def test_a_branch_meeting_lists_its_committee_by_rank_then_members_by_strokes(db):
    branch = OrganizationFactory(name="某支部", kind=OrganizationKind.BRANCH)
    secretary = PersonFactory(name="周书记", organization=branch, branch=branch)
    team_member_add(person=secretary, organization=branch, position=TeamPosition.SECRETARY, rank=1)
    for name in ("周七", "张六", "丁二"):  # code points: 丁 < 周 < 张; strokes: 丁2 < 张7 < 周8
        PersonFactory(name=name, organization=branch, branch=branch)
    plan = plan_create_default(meeting=MeetingFactory(organization=branch, kind=MeetingKind.ORGANIZATION_LIFE))
    lines = [line for _, section in plan_content(plan)["sections"] for line in section]
    assert _attendance_line(lines).endswith("出席：周书记、丁二、张六、周七")


def test_every_stroke_count_in_the_unihan_file_is_the_one_looked_up():
    from organizations.ordering import STROKES_FILE

    expected = {}
    for line in STROKES_FILE.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            code, strokes = line.split("\t")
            expected[chr(int(code, 16))] = int(strokes)
    assert len(expected) > 90_000
    assert all(stroke_count(char) == strokes for char, strokes in expected.items())
    # Not in the file: none, whether below, between or beyond its characters.
    between = next(chr(code) for code in range(0x4E00, 0x40000) if chr(code) not in expected)
    for char in ("\x00", "a", "·", "\u3000", between, "\U0010ffff"):
        assert stroke_count(char) is None
