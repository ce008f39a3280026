"""An archived meeting is read-only everywhere (issue 16), and a new view cannot slip by.

The demo county is built once and every meeting in it is archived. The test then walks
the URL resolver: every pattern of the phase apps is filled with objects of those
meetings, POSTed to by each demo account that has a role on the object's meeting, and
must answer with a refusal that names the archive (403 "会议已归档…", for htmx the same
reason aimed at #page-alert, or 405 for a page that takes no POST) while writing nothing
to the database. Every page a GET reaches is then read for forms: none may offer to post
to an address that would refuse.

A pattern the walk cannot fill or that is deliberately open is named in EXEMPT with its
reason; a new pattern of a phase app that is neither fillable nor exempt fails the test.
"""

import re
import uuid

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.urls import URLPattern, URLResolver, get_resolver, resolve, Resolver404
from django.urls.resolvers import RoutePattern

from meetings.access import meeting_access
from meetings.models import Meeting, Stage

PHASE_APPS = (
    "meetings", "study", "feedback", "talks", "inspections", "proceedings", "rectification", "evaluation",
    "documents",
)

# Deliberately open on an archived meeting, each with its reason.
EXEMPT = {
    "meetings:list": "lists meetings; changes nothing",
    "meetings:create": "creates a new meeting, not one of the archived one",
    "meetings:template_list": "the organisation's aspect templates, not a meeting's",
    "meetings:template_copy": "the organisation's aspect templates, not a meeting's",
    "meetings:template_edit": "the organisation's aspect templates, not a meeting's",
    "study:library": "the organisation's study library, shared by all its meetings",
    "study:material_create": "the organisation's study library, shared by all its meetings",
    "study:materials_import": "the organisation's study library, shared by all its meetings",
    "study:material_edit": "the organisation's study library, shared by all its meetings",
    "study:material_archive": "the organisation's study library, shared by all its meetings",
    "documents:request": "prints what is there (the archive is built from these files); writes only the file's own row",
    "documents:detail": "reading a printed file",
    "documents:download": "downloading a printed file",
    "talks:person_records": "prints one person's talk records (a document request, as documents:request)",
    "rectification:public": "the public disclosure page stays readable for its period, archived or not",
    "rectification:public_comment": "the public may comment while the disclosure runs; the comments feed the next meeting",
    "rectification:public_thanks": "the public disclosure's thank-you page",
    "rectification:comment_take": "takes a public comment into the next meeting's opinions: that meeting is the one changed",
    "proceedings:reports": "the supervisor's list of reports across meetings; changes nothing",

}

# The users of the demo (seed_demo's ACCOUNTS) who may hold a role on some meeting.
ACCOUNTS = ("office", "secretary", "member", "supervisor", "branch_office", "branch_member")

# Writes a refused request may still make: the session, the login guard, read marks.
# A reviewer's "seen up to version N" mark is a reading record of the same kind.
ALLOWED_TABLES = ("django_session", "axes_", "notifications_", "inspections_reviewermark")


def _names(module_path: str, attr: str):
    def values():
        module = __import__(module_path, fromlist=[attr])
        return list(getattr(module, attr))

    return values


# Slug kwargs: every value a view acts on (all transitions, all actions), per URL name.
SLUGS = {
    "meetings:transition": {"name": _names("meetings.workflow", "TRANSITIONS")},
    "feedback:link": {"action": lambda: ["open", "close", "renew"]},
    "feedback:qr": {"fmt": lambda: ["png"]},
    "talks:transition": {"name": _names("talks.workflow", "TRANSITIONS")},
    "inspections:transition": {"name": _names("inspections.workflow", "TRANSITIONS")},
    "proceedings:agenda_move": {"direction": lambda: ["up", "down"]},
    "proceedings:report_move": {"name": _names("proceedings.report", "TRANSITIONS")},
    "rectification:disclosure_qr": {"fmt": lambda: ["png"]},
    "rectification:transition": {"name": _names("rectification.workflow", "TRANSITIONS")},
    "rectification:item_move": {"name": _names("rectification.closing", "TRANSITIONS")},
    "rectification:list_start": {"kind": lambda: __import__("rectification.models", fromlist=["ListKind"]).ListKind.values},
    "evaluation:transition": {"name": _names("evaluation.workflow", "TRANSITIONS")},
    "evaluation:round_move": {"name": _names("evaluation.scoring", "ROUND_MOVES")},
    "evaluation:verdict_move": {"name": _names("evaluation.verdicts", "VERDICT_MOVES")},
    "evaluation:round_qr": {"fmt": lambda: ["png"]},
}


def _model(label):
    from django.apps import apps

    return apps.get_model(label)


def _first(label, **filters):
    obj = _model(label).objects.filter(**filters).order_by("pk").first()
    assert obj is not None, f"the demo has no {label} {filters or ''}"
    return obj


# (app, the literal segment before the kwarg, kwarg) → the object the kwarg names.
# The route's own app prefix ("feedback/<int:pk>/") counts as the segment.
OBJECTS = {
    ("meetings", "meetings", "pk"): "meetings.Meeting",
    ("meetings", "milestones", "milestone_id"): "meetings.Milestone",
    ("meetings", "duties", "duty_id"): "meetings.PlanDuty",
    ("study", "meetings", "pk"): "meetings.Meeting",
    ("study", "sessions", "pk"): "study.StudySession",
    ("study", "attendance", "pk"): "study.StudyAttendance",
    ("feedback", "meeting", "meeting_pk"): "meetings.Meeting",
    ("feedback", "feedback", "pk"): "feedback.Solicitation",
    ("feedback", "opinion", "pk"): "feedback.Opinion",
    ("talks", "meeting", "meeting_id"): "talks.Talk",  # the meeting of a talk
    ("talks", "notes", "note_id"): "talks.PairNote",
    ("talks", "talks", "pk"): "talks.Talk",
    ("inspections", "meeting", "pk"): "inspections.Material",
    ("inspections", "inspections", "pk"): "inspections.Material",
    ("inspections", "comments", "comment_id"): "inspections.ReviewComment",
    ("inspections", "problems", "problem_id"): "inspections.Problem",
    ("inspections", "measures", "measure_id"): "inspections.Measure",
    ("inspections", "answers", "routing_id"): "feedback.OpinionRouting",
    ("proceedings", "proceedings", "pk"): "proceedings.Sitting",
    ("proceedings", "proceedings", "meeting_id"): "proceedings.CriticismPlan",
    ("proceedings", "agenda", "item_id"): "proceedings.AgendaItem",
    ("proceedings", "sittings", "sitting_id"): "proceedings.Sitting",
    ("proceedings", "comments", "comment_id"): "proceedings.SupervisorComment",
    ("proceedings", "slots", "slot_id"): "proceedings.Slot",
    ("proceedings", "criticisms", "criticism_id"): "proceedings.Criticism",
    ("proceedings", "planner", "plan_id"): "proceedings.CriticismPlan",
    ("rectification", "rectification", "pk"): "rectification.RectificationList",
    ("rectification", "list", "pk"): "rectification.RectificationList",
    ("rectification", "item", "pk"): "rectification.Item",
    ("rectification", "measures", "measure_id"): "rectification.ItemMeasure",
    ("rectification", "measure", "pk"): "rectification.ItemMeasure",
    ("rectification", "evidence", "pk"): "rectification.Evidence",
    ("rectification", "findings", "pk"): "rectification.UpperFinding",
    ("rectification", "comments", "pk"): "rectification.PublicComment",
    ("rectification", "carry", "item_pk"): "rectification.Item",
    ("rectification", "carried", "item_pk"): "rectification.Item",
    ("evaluation", "meeting", "meeting_id"): "evaluation.Registration",
    ("evaluation", "registration", "pk"): "evaluation.Registration",
    ("evaluation", "round", "pk"): "evaluation.ScoringRound",
    ("evaluation", "verdict", "pk"): "evaluation.Verdict",
}


def _meeting_of(obj) -> Meeting:
    """Follow foreign keys up to the meeting (at most four steps)."""
    seen = 0
    while not isinstance(obj, Meeting):
        seen += 1
        assert seen < 6, f"no way from {obj!r} to its meeting"
        direct = getattr(obj, "meeting", None)
        if isinstance(direct, Meeting):
            return direct
        for field in obj._meta.concrete_fields:
            if field.is_relation and field.many_to_one or field.one_to_one:
                target = getattr(obj, field.name, None)
                if target is not None and _leads_to_meeting(type(target)):
                    obj = target
                    break
        else:
            raise AssertionError(f"no way from {obj!r} to its meeting")
    return obj


def _leads_to_meeting(model, depth=0) -> bool:
    if model is Meeting:
        return True
    if depth > 4:
        return False
    return any(
        (f.many_to_one or f.one_to_one) and f.concrete and f.related_model and _leads_to_meeting(f.related_model, depth + 1)
        for f in model._meta.get_fields()
    )


def _walk(patterns, prefix="", namespace=None):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), pattern.namespace or namespace)
        elif isinstance(pattern, URLPattern) and isinstance(pattern.pattern, RoutePattern):
            name = f"{namespace}:{pattern.name}" if namespace else pattern.name
            yield prefix + str(pattern.pattern), name


CONVERTER = re.compile(r"<(?:(?P<conv>\w+):)?(?P<kwarg>\w+)>")


def _phase_patterns():
    for route, name in _walk(get_resolver().url_patterns):
        if name and name.split(":")[0] in PHASE_APPS:
            yield route, name


def _fill(route: str, name: str):
    """The URLs of this pattern for objects of archived meetings, with the meeting each
    acts on; raises LookupError when the route has a kwarg the tables do not cover."""
    app = name.split(":")[0]
    parts = CONVERTER.split(route)  # literal, conv, kwarg, literal, conv, kwarg, …
    literals, kwargs = parts[0::3], list(zip(parts[1::3], parts[2::3]))
    slugs = SLUGS.get(name, {})
    anchor = None  # the object the first object kwarg names
    values: list[dict] = [{}]
    for index, (conv, kwarg) in enumerate(kwargs):
        segment = [s for s in literals[index].split("/") if s][-1:] or [""]
        segment = segment[0].split(".")[0]
        if kwarg in slugs:
            values = [{**v, kwarg: s} for v in values for s in slugs[kwarg]()]
            continue
        try:
            choice = _special(name, kwarg, anchor)
        except AttributeError as exc:
            raise LookupError(f"{name}: <{kwarg}>: {exc}") from exc
        if choice is None:
            label = OBJECTS.get((app, segment, kwarg))
            if label is None:
                raise LookupError(f"{name}: no object for <{kwarg}> after '{segment}/'")
            obj = _first(label)
            if anchor is None:
                anchor = obj
            choice = _key(app, segment, kwarg, obj)
        values = [{**v, kwarg: choice} for v in values]
    path_values = []
    for v in values:
        path = route
        for conv, kwarg in kwargs:
            path = re.sub(rf"<(?:\w+:)?{kwarg}>", str(v[kwarg]), path, count=1)
        path_values.append("/" + path)
    meeting = _meeting_of(anchor) if anchor is not None else None
    return path_values, meeting


def _key(app, segment, kwarg, obj):
    """The value in the URL for this object: mostly its pk, its meeting's for a meeting
    route that the table fills from a phase object."""
    meeting_routes = {
        ("talks", "meeting"), ("inspections", "meeting"), ("evaluation", "meeting"),
    }
    if (app, segment) in meeting_routes or (app, segment, kwarg) in {
        ("proceedings", "proceedings", "pk"), ("proceedings", "proceedings", "meeting_id"),
        ("rectification", "rectification", "pk"),
    }:
        return _meeting_of(obj).pk
    return obj.pk


def _special(name, kwarg, anchor):
    """Kwargs that are not an object's pk: tokens, version numbers, pairs, section keys."""
    if name in ("feedback:public", "feedback:public_thanks") and kwarg == "token":
        return _first("feedback.Solicitation").token
    if name.startswith("rectification:public") and kwarg == "token":
        return _first("rectification.Disclosure").token
    if name == "rectification:public_comment" and kwarg == "key":
        from rectification.disclosure import public_items

        items = public_items(_first("rectification.Disclosure"))
        assert items, "the demo's disclosure shows no item"
        return items[0].key
    if name == "evaluation:score" and kwarg == "token":
        return _first("evaluation.ScoringRound").token
    if kwarg == "number":
        return 1
    if name.startswith("talks:") and kwarg in ("a", "b"):
        talk = _first("talks.Talk")
        return talk.person_a_id if kwarg == "a" else talk.person_b_id
    if name.startswith("talks:") and kwarg == "person_id":
        return _first("talks.Talk").initiator_id
    if name == "inspections:section_save" and kwarg == "key":
        return _first("inspections.MaterialSection", material=anchor).key
    if name.startswith("proceedings:report_section") and kwarg == "key":
        return _first("proceedings.ReportSection").key
    if name in ("proceedings:critics",) and kwarg == "person_id":
        return _first("proceedings.RotationSeat").person_id
    if name == "proceedings:explanation" and kwarg == "person_id":
        return _first("proceedings.Attendance", sitting=anchor).person_id
    if name == "evaluation:propose" and kwarg == "person_id":
        return _first("evaluation.Registration").person_id
    return None


def _add_what_the_demo_lacks():
    """One row of each kind the demo does not make, written plainly (the services would
    refuse some of them at the demo's stages); enough for the views to find them."""
    from datetime import date

    from django.core.files.base import ContentFile

    from evaluation.models import Registration, ScoringRound, Verdict
    from proceedings.models import RotationSeat
    from rectification.models import Disclosure, Evidence, Item, ProgressReport, PublicComment, UpperFinding

    today = date.today()
    item = Item.objects.order_by("pk").first()
    meeting = item.rectification_list.meeting
    Disclosure.objects.create(meeting=meeting, starts_on=today, ends_on=today, published_at=timezone.now())
    Item.objects.filter(rectification_list__meeting=meeting).update(disclosed=True)
    PublicComment.objects.create(item=item, text="留言", received_on=today)
    UpperFinding.objects.create(meeting=meeting, source="县委第二巡察组", text="反馈问题")
    report = ProgressReport.objects.order_by("pk").first()
    Evidence.objects.create(report=report, file=ContentFile(b"x", name="e.txt"), name="e.txt",
                            content_type="text/plain", size=1, sha256="0" * 64)
    sitting = _model("proceedings.Sitting").objects.order_by("pk").first()
    if sitting and not RotationSeat.objects.exists():
        seat_people = _model("proceedings.Attendance").objects.filter(sitting=sitting).values_list("person_id", flat=True)
        for order, person_id in enumerate(seat_people[:2], 1):
            RotationSeat.objects.create(meeting=sitting.meeting, person_id=person_id, order=order)
    registration = Registration.objects.order_by("pk").first()
    ScoringRound.objects.create(evaluation=registration.evaluation, token=uuid.uuid4().hex)
    Verdict.objects.create(registration=registration, grade="qualified")


@pytest.fixture(scope="module")
def archived_demo(django_db_setup, django_db_blocker):
    """The demo county with every meeting archived, built once for the module and rolled
    back after it (the tests' own transactions nest inside)."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            call_command("seed_demo", stdout=open("/dev/null", "w"))
            _add_what_the_demo_lacks()
            Meeting.objects.update(stage=Stage.ARCHIVED)
            yield {u.username: u for u in get_user_model().objects.filter(username__in=ACCOUNTS)}
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def _clients(users):
    clients = {}
    for username, user in users.items():
        client = Client()
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        clients[username] = client
    return clients


def _writes(queries) -> list[str]:
    found = []
    for query in queries:
        sql = query["sql"].lstrip().upper()
        if not sql.startswith(("INSERT", "UPDATE", "DELETE")):
            continue
        table = re.search(r'(?:INTO|UPDATE|FROM)\s+"?(\w+)', sql, re.I)
        if table and table.group(1).lower().startswith(ALLOWED_TABLES):
            continue
        found.append(query["sql"][:120])
    return found


def _with_role(users, meeting):
    return [name for name, user in users.items() if meeting is None or meeting_access(user, meeting).roles]


def _targets():
    """(name, urls, meeting) for every phase pattern, the unfillable ones as errors."""
    targets, unfilled = [], []
    for route, name in _phase_patterns():
        if name in EXEMPT:
            continue
        try:
            urls, meeting = _fill(route, name)
        except (LookupError, AssertionError) as exc:
            unfilled.append(str(exc))
            continue
        targets.append((name, urls, meeting))
    return targets, unfilled


def _queued_messages(response) -> list[str]:
    storage = getattr(response.wsgi_request, "_messages", None)
    return [str(m) for m in getattr(storage, "_queued_messages", [])]


def _verdict(client, url, response) -> str:
    """'refused' (told the meeting is archived), 'neutral' (not this person's to do, not
    a POST address, or a page that only reads), or what is wrong."""
    status = response.status_code
    if status == 403:
        return "refused" if "已归档" in response.content.decode() else "neutral"
    if status in (404, 405):
        return "neutral"
    if status == 302:
        if any("已归档" in m for m in _queued_messages(response)):
            return "refused"
        again = client.get(url)  # a page that sends every visitor on, whatever the method
        if again.status_code == 302 and again["Location"] == response["Location"]:
            return "neutral"
        return f"redirected to {response['Location']} without saying why"
    if status == 200 and response.get("HX-Retarget") == "#page-alert":  # the htmx refusal
        return "refused" if "已归档" in response.content.decode() else "neutral"
    if status == 200:
        offered = _refusable_forms(response, url)
        return f"answered 200 with a form to {offered[0]}" if offered else "neutral"
    return f"answered {status}"


@pytest.mark.django_db
def test_every_phase_view_refuses_to_change_an_archived_meeting_and_writes_nothing(archived_demo):
    users = archived_demo
    clients = _clients(users)
    anonymous = Client()
    targets, failures = _targets()
    refused = 0
    for name, urls, meeting in targets:
        who = _with_role(users, meeting) if meeting else list(users)
        for url in urls:
            verdicts = []
            for index, username in enumerate(who or ["<anonymous>"]):
                client = clients.get(username, anonymous)
                # Every other person asks as htmx does: the refusal must reach a fragment too.
                headers = {"HTTP_HX_REQUEST": "true"} if index % 2 else {}
                with CaptureQueriesContext(connection) as queries:
                    response = client.post(url, {}, **headers)
                writes = _writes(queries.captured_queries)
                if writes:
                    failures.append(f"{name} {url} as {username}: wrote {writes[:2]}")
                verdict = _verdict(client, url, response)
                if verdict not in ("refused", "neutral"):
                    failures.append(f"{name} {url} as {username}: {verdict}")
                verdicts.append((verdict, response.status_code))
            statuses = {status for _, status in verdicts}
            if any(v == "refused" for v, _ in verdicts):
                refused += 1
            elif 403 in statuses and statuses <= {403, 404}:  # refused, but for another reason first
                failures.append(f"{name} {url}: nobody was told the meeting is archived ({sorted(statuses)})")
    assert not failures, "\n".join(failures)
    assert refused > 100  # the walk reached the phases' edits, not just a few pages


def _refusable_forms(response, url) -> list[str]:
    """The phase addresses this page offers to post to: a POST form with a button to
    submit it, or an htmx edit (hx-post, hx-delete…). A form shown without its button is
    a read-only view of the record, and fine."""
    if "html" not in response.get("Content-Type", ""):
        return []
    html = response.content.decode()
    targets = []
    for form in POST_FORM.finditer(html):
        inner = form.group("inner")
        if SUBMIT.search(inner) or HX_EDIT.search(inner):
            action = ACTION.search(form.group("tag"))
            targets.append((action.group(1) if action else "") or url)
    outside = POST_FORM.sub("", html)
    targets += [m.group(1) for m in HX_EDIT.finditer(outside)]
    found = []
    for target in targets:
        try:
            match = resolve(target.split("?")[0].replace("&amp;", "&"))
        except Resolver404:
            continue
        if match.app_name in PHASE_APPS and match.view_name not in EXEMPT:
            found.append(f"{match.view_name} ({target})")
    return found


POST_FORM = re.compile(r'(?P<tag><form\b[^>]*\bmethod=["\']?post\b[^>]*>)(?P<inner>.*?)</form>', re.I | re.S)
SUBMIT = re.compile(r'<button\b(?![^>]*\btype=["\']?(?:button|reset)\b)[^>]*>|<input\b[^>]*\btype=["\']?(?:submit|image)\b', re.I)
HX_EDIT = re.compile(r'\bhx-(?:post|put|patch|delete)=["\']([^"\']*)["\']', re.I)
ACTION = re.compile(r'\baction=["\']([^"\']*)["\']', re.I)


@pytest.mark.django_db
def test_no_page_of_an_archived_meeting_offers_a_form_that_would_be_refused(archived_demo):
    users = archived_demo
    # The module's first walk may have made meetings (meetings:create is exempt: a new
    # meeting is not the archived one) and opened their phases; archive them too, so every
    # page walked here belongs to an archived meeting whatever ran before.
    Meeting.objects.exclude(stage=Stage.ARCHIVED).update(stage=Stage.ARCHIVED)
    clients = _clients(users)
    targets, _ = _targets()
    offered = []
    for name, urls, meeting in targets:
        for url in urls[:1]:
            for username in _with_role(users, meeting) if meeting else []:
                response = clients[username].get(url)
                if response.status_code != 200:
                    continue
                offered += [f"{name} {url} as {username}: offers {form}" for form in _refusable_forms(response, url)]
    assert not offered, "\n".join(sorted(set(offered)))


def test_every_exempt_name_is_a_url_that_exists():
    names = {name for _, name in _phase_patterns()}
    assert set(EXEMPT) <= names, set(EXEMPT) - names

