"""Every workbook the app writes keeps user text as text: never a formula, never altered.

The writers are found from the code itself: every URL that serves a .xlsx, and every
document type registered with the xlsx format. A new export is covered without editing
this file; one that bypasses documents/xlsx.py is caught by the import guard below.
"""

import ast
import io
import re
import zipfile
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from openpyxl import load_workbook

from documents.registry import registered_types
from documents.render import RENDERERS
from documents.xlsx import workbook_bytes, workbook_new, workbook_save
from meetings.models import Stage
from organizations.models import Person, TeamPosition
from organizations.services import team_member_add
from tests.factories import MeetingFactory, OrganizationFactory, PersonFactory, UserFactory
from tests.feedback.factories import OpinionFactory, SolicitationFactory
from tests.study.conftest import make_session
from tests.talks.conftest import make_talk

PAYLOADS = [
    '=HYPERLINK("http://x","y")',
    " =1+1",
    "+1",
    "-1",
    "@SUM(A1)",
    "\t=1",
    "=1+1",
    "#N/A",
]
FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")
# Writers that carry no user text at all (a fixed template): checked for formulas only.
NO_USER_TEXT = {"organizations:roster_template"}


def _cell_types(data: bytes) -> list[bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheets = [archive.read(n) for n in archive.namelist() if n.startswith("xl/worksheets/sheet")]
    assert sheets
    return sheets


def _strings(data: bytes) -> list[str]:
    wb = load_workbook(io.BytesIO(data))
    return [c.value for ws in wb.worksheets for row in ws.iter_rows() for c in row if isinstance(c.value, str)]


def assert_text_only(data: bytes) -> list[str]:
    for xml in _cell_types(data):
        assert not FORMULA.search(xml), xml[:2000]
        assert b't="e"' not in xml  # "#N/A" typed by a person is not Excel's error value
    strings = _strings(data)
    for payload in PAYLOADS:
        assert "'" + payload not in strings  # nothing was prefixed to defuse it
    return strings


# --- the one writer ---------------------------------------------------------------------


def test_streamed_workbooks_write_every_text_as_a_string():
    data = workbook_bytes([("表", PAYLOADS, [PAYLOADS, [1, *PAYLOADS]])])
    strings = assert_text_only(data)
    assert strings.count("=1+1") == 3 and strings.count("\t=1") == 3


def test_editable_workbooks_write_every_text_as_a_string():
    wb = workbook_new()
    wb.active.append(PAYLOADS)
    wb.create_sheet("说明").cell(row=2, column=3, value="=HYPERLINK(\"http://x\",\"y\")")
    strings = assert_text_only(workbook_save(wb))
    assert sorted(strings) == sorted(PAYLOADS + ['=HYPERLINK("http://x","y")'])


# --- every writer of the app ----------------------------------------------------------------


def _xlsx_routes(resolver=None, prefix=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = f"{entry.namespace}:" if entry.namespace else prefix
            yield from _xlsx_routes(entry, ns)
        elif isinstance(entry, URLPattern) and str(entry.pattern).endswith(".xlsx"):
            yield f"{prefix}{entry.name}", entry


@pytest.fixture
def poisoned(cast):
    """One meeting whose every kind of user text starts like a formula."""
    meeting = MeetingFactory(
        organization=cast.gov, title="2026年度民主生活会", stage=Stage.PRE_MEETING, aspects=PAYLOADS[:2]
    )
    secretary, member = Person.objects.get(user=cast.secretary), Person.objects.get(user=cast.member)
    Person.objects.filter(pk=secretary.pk).update(title=PAYLOADS[0])
    Person.objects.filter(pk=member.pk).update(title=PAYLOADS[4])
    # A name heads a column of the talks matrix: header cells are typed like the others.
    third = PersonFactory(user=UserFactory(username="third"), name=PAYLOADS[7], organization=cast.gov)
    team_member_add(person=third, organization=cast.gov, position=TeamPosition.MEMBER, rank=3)
    make_session(meeting, [secretary, member], topic=PAYLOADS[0], absent={member: PAYLOADS[2]},
                 speeches={secretary: PAYLOADS[3]})
    make_talk(meeting, secretary, member, place=PAYLOADS[1], team_problems=PAYLOADS[0],
              own_problems=PAYLOADS[5], criticism=PAYLOADS[6])
    solicitation = SolicitationFactory(meeting=meeting, created_by=cast.office)
    # An organisation's name is a row of the supervisor's overview (oversight:export_xlsx).
    OrganizationFactory(name=PAYLOADS[1], short_name=PAYLOADS[1], parent=cast.county)
    for payload in PAYLOADS:
        OpinionFactory(solicitation=solicitation, content=payload)
    return [meeting, solicitation, _poisoned_evaluation(cast, member), _poisoned_list(meeting, member)]


def _poisoned_list(meeting, member):
    """The team's 整改清单: its problem, measures and departments are typed by people."""
    from rectification.models import Item, ItemMeasure, ListKind, RectificationList

    rlist = RectificationList.objects.create(meeting=meeting, kind=ListKind.TEAM)
    item = Item.objects.create(rectification_list=rlist, problem=PAYLOADS[1], target=PAYLOADS[2],
                               lead_department=PAYLOADS[3], cooperating=PAYLOADS[7], responsible=member)
    ItemMeasure.objects.create(item=item, content=PAYLOADS[5])
    return rlist


def _poisoned_evaluation(cast, member):
    """A branch's 组织生活会 with 民主评议党员: the 汇总表 carries the opinions on a 登记表."""
    from evaluation.models import Evaluation, Registration
    from meetings.models import MeetingKind
    from organizations.models import OrganizationKind, StaffKind
    from organizations.services import person_permissions_sync, staff_assign
    from tests.factories import OrganizationFactory

    branch = OrganizationFactory(name="测试支部", kind=OrganizationKind.BRANCH, parent=cast.gov)
    staff_assign(person=Person.objects.get(user=cast.office), organization=branch, kind=StaffKind.OFFICE)
    Person.objects.filter(pk=member.pk).update(branch=branch)
    person_permissions_sync(person=Person.objects.get(pk=member.pk))
    meeting = MeetingFactory(organization=branch, kind=MeetingKind.ORGANIZATION_LIFE, title="2026年度组织生活会")
    evaluation = Evaluation.objects.create(meeting=meeting)
    Registration.objects.create(evaluation=evaluation, person=member, self_judgement="qualified",
                                group_opinion=PAYLOADS[3], outside_opinion=PAYLOADS[6])
    return evaluation


def _download(client, name, route, objects, users) -> bytes:
    """The workbook as the first of these people who may have it downloads it."""
    args = list(route.pattern.regex.groupindex)
    for user in users:
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        for obj in objects if args else [None]:
            response = client.get(reverse(name, kwargs={a: obj.pk for a in args}))
            if response.status_code == 200:
                return b"".join(response) if response.streaming else response.content
    raise AssertionError(f"nobody could download {name}")


def _writers():
    return [name for name, _ in _xlsx_routes()] + [
        t.kind for t in registered_types() if "xlsx" in t.formats
    ]


def test_the_app_has_workbook_writers_to_check():
    # Guards the enumeration itself: if it found nothing, the test below would pass vacuously.
    found = set(_writers())
    assert {"study:export", "talks:coverage_xlsx", "talks:talks_xlsx", "feedback_table"} <= found
    assert {"feedback:import_template", "organizations:roster_template"} <= found


def test_every_workbook_keeps_user_text_as_text(client, cast, poisoned):
    users = [cast.office, cast.secretary, cast.supervisor]
    seen = set()
    workbooks = {name: _download(client, name, route, poisoned, users) for name, route in _xlsx_routes()}
    for doc_type in registered_types():
        if "xlsx" not in doc_type.formats:
            continue
        for obj in poisoned:
            try:
                source = doc_type.get_for_user(cast.office, obj.pk)
            except Exception:
                continue
            workbooks[doc_type.kind] = RENDERERS["xlsx"](doc_type.build(source))
            break
    assert set(workbooks) == set(_writers())
    for name, data in workbooks.items():
        strings = assert_text_only(data)
        found = {p for p in PAYLOADS if p in strings}
        if name not in NO_USER_TEXT:
            assert found, f"{name}: no user text came through unchanged"
        seen |= found
    assert seen == set(PAYLOADS)


# --- nothing writes a workbook elsewhere ----------------------------------------------------

WRITING_NAMES = {"Workbook", "WriteOnlyCell", "Cell", "load_workbook"}


def _source_files():
    root = Path(settings.BASE_DIR)
    for path in root.rglob("*.py"):
        parts = path.relative_to(root).parts
        if parts[0] in {".venv", "tests", "var", "node_modules"} or "migrations" in parts:
            continue
        yield path.relative_to(root), path


def test_only_documents_xlsx_writes_workbooks():
    offenders = []
    files = list(_source_files())
    assert any(rel == Path("documents/xlsx.py") for rel, _ in files)
    for rel, path in files:
        if rel == Path("documents/xlsx.py"):
            continue
        for node in ast.walk(ast.parse(path.read_text(), filename=str(rel))):
            if isinstance(node, ast.Import) and any(a.name.split(".")[0] == "openpyxl" for a in node.names):
                offenders.append(f"{rel}: import openpyxl")
            elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("openpyxl"):
                if node.module in ("openpyxl", "openpyxl.workbook", "openpyxl.cell", "openpyxl.cell.cell") or any(
                    a.name in WRITING_NAMES for a in node.names
                ):
                    offenders.append(f"{rel}: from {node.module} import {', '.join(a.name for a in node.names)}")
    assert offenders == []
