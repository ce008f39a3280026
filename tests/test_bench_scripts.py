"""The benchmark scripts' own plumbing (the benchmarks themselves are run by hand)."""

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _load(name):
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _excel_child_env(monkeypatch, bench, env):
    """The environment bench_excel's child sets Django up with, the child's own main()
    run in this process, as `python bench_feedback.py --excel-child ...` would run it."""
    child_env = {}

    def child_process(argv, **kwargs):
        monkeypatch.setattr("sys.argv", argv[1:])
        monkeypatch.setattr(bench, "django_setup", lambda env: child_env.update(env))
        monkeypatch.setattr(bench, "excel_child", lambda *a: None)
        bench.main()
        out = json.dumps({"seconds": 1, "bytes": 1, "rss_before_mb": 1, "rss_peak_mb": 1, "python_peak_mb": 1})
        return subprocess.CompletedProcess(argv, 0, stdout=out)

    # Whatever the shell running the tests exports must not stand in for an argument the
    # child was not given.
    monkeypatch.delenv("BENCH_DATABASE_URL", raising=False)
    monkeypatch.delenv("BENCH_REDIS_URL", raising=False)
    monkeypatch.setattr(bench, "ensure_opinions", lambda count: 1)
    monkeypatch.setattr(bench.subprocess, "run", child_process)
    bench.bench_excel(env, 10)
    return child_env


def test_bench_feedback_gives_its_excel_child_the_database_it_was_told(monkeypatch):
    bench = _load("bench_feedback")
    url = "postgres://postgres@127.0.0.1:5432/some_other_bench"
    assert _excel_child_env(monkeypatch, bench, bench.environment(url))["DATABASE_URL"] == url


def test_bench_feedback_gives_the_server_and_its_excel_child_the_redis_it_was_told(monkeypatch):
    bench = _load("bench_feedback")
    url = "redis://127.0.0.1:6379/8"
    assert bench.environment("postgres://x/y")["REDIS_URL"] == ""  # none unless told
    env = bench.environment("postgres://x/y", url)
    assert env["REDIS_URL"] == url  # what start_server hands gunicorn
    assert _excel_child_env(monkeypatch, bench, env)["REDIS_URL"] == url


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads /proc (Linux)")
def test_bench_feedback_reports_the_excel_childs_own_peak_not_its_parents():
    # A child started from this (large) test process: its own peak is far below the
    # parent's memory, while getrusage's ru_maxrss, carried over exec, is not.
    bench = _load("bench_feedback")
    ballast = b"x" * (100 * 1024 * 1024)  # a parent large whatever else the run has loaded
    parent_now, _ = bench.memory_mb()
    code = (
        "import importlib.util, json, resource, sys\n"
        f"spec = importlib.util.spec_from_file_location('b', {str(ROOT / 'scripts' / 'bench_feedback.py')!r})\n"
        "b = importlib.util.module_from_spec(spec); spec.loader.exec_module(b)\n"
        "print(json.dumps([b.memory_mb()[1], resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024]))\n"
    )
    child_peak, child_maxrss = json.loads(
        subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    )
    assert child_peak < parent_now / 2
    assert child_maxrss >= parent_now / 2  # the figure the benchmark used to print
    del ballast


def test_bench_pages_groups_urls_by_their_url_name_and_skips_what_is_not_a_page(db):
    bench = _load("bench_pages")
    assert bench.page_kind("/meetings/12/") == "meetings:detail"
    assert bench.page_kind("/meetings/13/?tab=x") == "meetings:detail"
    assert bench.page_kind("/feedback/3/opinions/?page=2") == "feedback:opinions"
    for path in ("/accounts/logout/", "/documents/4/download/", "/study/meetings/3/export.xlsx",
                 "/meetings/3/stage/submit_plan/", "/talks/meeting/3/coverage.xlsx", "/nowhere/"):
        assert bench.page_kind(path) is None, path


def test_bench_pages_follows_only_the_sites_own_links():
    bench = _load("bench_pages")
    page = (b'<a href="/meetings/1/">x</a><a href="https://example.com/a">e</a>'
            b'<a href="../plan/?a=1&amp;b=2">p</a><a href="#top">t</a><a href="mailto:x@y">m</a>')
    assert bench.links(page, "/meetings/1/edit/") == ["/meetings/1/", "/meetings/1/plan/?a=1&b=2", "/meetings/1/edit/"]


def test_bench_rectification_builds_its_items_and_prints_the_excel_and_the_report(db, monkeypatch):
    bench = _load("bench_rectification")
    called = {}

    def setup(database_url):  # the test database is already set up
        called["url"] = database_url

    monkeypatch.setattr(bench, "setup", setup)
    results = bench.main(["--items", "45", "--database-url", "sqlite:///unused"])
    assert called["url"] == "sqlite:///unused"
    assert [r["what"] for r in results] == ["整改清单 Excel", "整改落实情况报告 PDF", "整改落实情况报告 Word"]
    assert all(r["seconds"] >= 0 and r["bytes"] > 0 and r["rss_peak_mb"] > 0 for r in results)
    from rectification.models import Item

    assert Item.objects.count() == 45
