"""A bare Debian 12 with python3, git and make: `make test` must find every shared library
the test stack loads, and the README must show the demo accounts seed_demo prints."""

import re
import shutil
import subprocess
from pathlib import Path

import playwright
import pytest

from meetings.management.commands.seed_demo import ACCOUNTS, DEMO_PASSWORD

ROOT = Path(__file__).resolve().parents[1]
BARE_MACHINE = ["python3", "git", "make"]  # what README asks a bare machine to have


def _bootstrap_packages(*sections: str) -> list[str]:
    packages, section = [], None
    for line in (ROOT / "scripts" / "debian-packages.txt").read_text().splitlines():
        line = line.split("#")[0].strip()
        if match := re.fullmatch(r"\[(\w+)\]", line):
            section = match[1]
        elif line and section in sections:
            packages.append(line)
    return packages


def _with_dependencies(packages: list[str]) -> set[str]:
    """What apt installs for `packages` without recommends, as bootstrap.sh runs it."""
    output = subprocess.run(
        ["apt-cache", "depends", "--recurse", "--no-recommends", "--no-suggests", "--no-conflicts",
         "--no-breaks", "--no-replaces", "--no-enhances", *packages],
        capture_output=True, text=True, check=True,
    ).stdout
    return {line.strip() for line in output.splitlines() if line and not line.startswith((" ", "<"))}


def _owners_of_linked_libraries(binary: Path) -> set[str]:
    linked = [
        line.split("=>")[1].split()[0]
        for line in subprocess.run(["ldd", str(binary)], capture_output=True, text=True, check=True).stdout.splitlines()
        if "=>" in line and "/" in line.split("=>")[1]
    ]
    # With a merged /usr, dpkg knows a file by one of its names only: ask for all of them.
    names = {}
    for path in linked:
        for name in {path, str(Path(path).resolve())}:
            for variant in {name, name.replace("/usr/lib/", "/lib/", 1), name.replace("/lib/", "/usr/lib/", 1)}:
                names.setdefault(variant, path)
    found = subprocess.run(["dpkg", "-S", *names], capture_output=True, text=True).stdout
    owners, owned = set(), set()
    for line in found.splitlines():
        package, _, path = line.rpartition(": ")
        if path in names:
            owners.add(package.split(":")[0])
            owned.add(names[path])
    owners |= {f"(no package owns {path})" for path in set(linked) - owned}
    return owners


@pytest.mark.skipif(not shutil.which("apt-cache") or not shutil.which("dpkg"), reason="not a Debian system")
def test_bootstrap_installs_every_library_playwright_and_chromium_link():
    installed = _with_dependencies(BARE_MACHINE + _bootstrap_packages("run", "test"))
    binaries = [Path(playwright.__file__).parent / "driver" / "node", Path("/usr/lib/chromium/chromium")]
    for binary in (b for b in binaries if b.exists()):
        missing = _owners_of_linked_libraries(binary) - installed
        assert not missing, f"{binary.name} links libraries of {sorted(missing)}, which bootstrap does not install"


def test_the_readme_shows_the_demo_accounts_seed_demo_prints():
    readme = (ROOT / "README.md").read_text()
    section = readme.split("### Demo accounts", 1)[1].split("\n#", 1)[0]
    rows = [
        [cell.strip().strip("`") for cell in line.strip().strip("|").split("|")]
        for line in section.splitlines()
        if line.startswith("| `")
    ]
    assert [tuple(row[:3]) for row in rows] == ACCOUNTS
    assert f"`{DEMO_PASSWORD}`" in section
