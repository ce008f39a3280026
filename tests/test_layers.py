"""The phases stand in layers: an app imports only the apps below it (DEVELOPERS' guide).

A later phase reads an earlier one; an earlier one learns of a later one only through a
registered interface (`meetings.progress`, `documents.registry`, a provider hook such as
`inspections.carryover`). This test reads every module's imports, so a new import across
the layers fails here instead of in a review.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# Lowest first. Apps on the same layer do not import each other either.
LAYERS = [
    ("organizations",),
    ("documents", "notifications", "anonymity"),
    ("meetings",),
    ("study", "feedback", "talks"),
    ("inspections",),
    ("proceedings",),
    ("rectification", "evaluation"),
    ("oversight", "archive"),
]
LAYER_OF = {app: level for level, apps in enumerate(LAYERS) for app in apps}

# Known exceptions, each with its reason; the list should only shrink.
ALLOWED: dict[tuple[str, str], str] = {
    # The roster import reads an uploaded workbook with the one workbook reader.
    ("organizations", "documents"): "roster import uses documents.xlsx.read_sheet",
}


def _imported_apps(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        for name in names:
            top = name.split(".")[0]
            if top in LAYER_OF:
                found.add(top)
    return found


def _modules():
    for app in LAYER_OF:
        folder = ROOT / app
        if not folder.is_dir():
            continue  # a phase still to come
        for path in sorted(folder.rglob("*.py")):
            yield app, path


def test_every_app_imports_only_the_layers_below_it():
    wrong = []
    for app, path in _modules():
        for other in _imported_apps(path):
            if other == app or (app, other) in ALLOWED:
                continue
            if LAYER_OF[other] >= LAYER_OF[app]:
                wrong.append(f"{path.relative_to(ROOT)} imports {other}")
    assert not wrong, "imports across the layers:\n" + "\n".join(sorted(wrong))


@pytest.mark.parametrize("pair", sorted(ALLOWED))
def test_each_allowed_exception_is_still_needed(pair):
    app, other = pair
    users = [p for a, p in _modules() if a == app and other in _imported_apps(p)]
    assert users, f"{app} no longer imports {other}: remove the exception"


def test_every_app_of_the_project_has_a_layer():
    from django.apps import apps

    ours = {c.name for c in apps.get_app_configs() if (ROOT / c.name).is_dir()}
    assert ours - set(LAYER_OF) == set()
