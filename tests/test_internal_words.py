"""Users read the domain's words: no 种子/seed numbers, no §, sources cited by title."""

import ast
import re
from pathlib import Path

from django.apps import apps as django_apps
from django.conf import settings

from documents.sources import TITLES, cite
from meetings.aspect_seeds import SHIPPED_TEMPLATES
from meetings.models import AspectTemplate

ROOT = Path(settings.BASE_DIR)
APPS = ["organizations", "notifications", "documents", "meetings", "study", "feedback", "talks", "inspections", "proceedings", "evaluation", "config"]
INTERNAL = re.compile(r"种子|seed|§", re.IGNORECASE)
COMMENTS = re.compile(r"{#.*?#}|{%\s*comment\s*%}.*?{%\s*endcomment\s*%}", re.DOTALL)


def test_no_template_shows_an_internal_word():
    found = []
    for path in sorted((ROOT / "templates").rglob("*.html")):
        text = COMMENTS.sub("", path.read_text(encoding="utf-8"))
        found += [f"{path.relative_to(ROOT)}: {m.group()}" for m in INTERNAL.finditer(text)]
    assert not found


def _strings(path):
    """The string literals of a module that can reach a page: not its docstrings."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
        and node.body and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)
    }
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
            yield node.lineno, node.value


def test_no_label_help_text_or_message_in_the_code_shows_an_internal_word():
    found = []
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            # Migrations replay history; seed_demo is a command name, typed by developers.
            if "migrations" in path.parts or "management" in path.parts:
                continue
            found += [f"{path.relative_to(ROOT)}:{line}: {text[:60]}" for line, text in _strings(path) if INTERNAL.search(text)]
    assert not found


def test_a_source_is_cited_by_its_title():
    assert cite("001", part="第二部分") == "《2021年度年末专题民主生活会实施方案（五个带头）》第二部分"
    assert cite("002", piece=5) == "《党史学习教育专题组织生活会工作方案》"
    assert set(TITLES) == {"000", "001", "002", "003", "004"}


def test_the_shipped_templates_name_their_sources_by_title(db):
    sources = list(AspectTemplate.objects.filter(organization=None).values_list("source", flat=True))
    assert len(sources) == len(SHIPPED_TEMPLATES)
    assert all(s.startswith("《") and not INTERNAL.search(s) for s in sources)


def test_the_migration_rewords_the_shipped_templates_and_their_copies(db, cast):
    from importlib import import_module

    migration = import_module("meetings.migrations.0007_shipped_sources_by_title")
    shipped = AspectTemplate.objects.get(organization=None, name=SHIPPED_TEMPLATES[0]["name"])
    copy = AspectTemplate.objects.create(name="副本", kind=shipped.kind, organization=cast.gov,
                                         source="种子文件001 §二、003 §二（2021年度）")
    AspectTemplate.objects.filter(pk=shipped.pk).update(source="种子文件001 §二、003 §二（2021年度）")

    migration.cite_by_title(django_apps, None)

    for template in (shipped, copy):
        template.refresh_from_db()
        assert template.source == SHIPPED_TEMPLATES[0]["source"]


def test_the_talk_form_and_the_templates_page_cite_by_title(cast, login, meeting):
    from talks.forms import TalkForm

    help_text = TalkForm.base_fields["mode"].help_text
    assert "《党支部党史学习教育专题组织生活会方案》" in help_text and not INTERNAL.search(help_text)
    page = login(cast.office).get("/meetings/templates/").content.decode()
    assert "出处：《2021年度年末专题民主生活会实施方案（五个带头）》" in page
