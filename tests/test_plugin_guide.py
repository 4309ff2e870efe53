"""The worked example of docs/plugins.md runs: its files, written out as a package, pass
`rnnbounds check` and the installed battery; and they are exactly what `rnnbounds new demo` writes."""

from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path

import pytest

from rnnbounds.cli import main
from rnnbounds.scaffold import plugin_files
from rnnbounds.testing.battery import run_battery
from rnnbounds.testing.entry_points import plugins_from, write_distribution

GUIDE = Path(__file__).resolve().parents[1] / "docs" / "plugins.md"
BLOCK = re.compile(r"^(?P<fence>`{3,})\w+ file=(?P<path>\S+)\n(?P<text>.*?)^(?P=fence)$", re.MULTILINE | re.DOTALL)


def guide_files() -> dict[str, str]:
    """Relative path -> text of every code block of the guide tagged ``file=rnnbounds-demo/PATH``."""
    found = {m["path"]: m["text"] for m in BLOCK.finditer(GUIDE.read_text())}
    assert found, "no file blocks in the guide"
    return {path.removeprefix("rnnbounds-demo/"): text for path, text in found.items()}


@pytest.fixture
def guide_package(tmp_path, monkeypatch):
    """The guide's files in tmp_path/rnnbounds-demo, registered from its pyproject's entry points."""
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    root = tmp_path / "rnnbounds-demo"
    for relative, text in guide_files().items():
        (root / relative).parent.mkdir(parents=True, exist_ok=True)
        (root / relative).write_text(text)
    project = tomllib.loads((root / "pyproject.toml").read_text())["project"]
    write_distribution(root, project["name"], project["entry-points"]["rnnbounds.theorems"])
    with plugins_from(root):
        yield root


def test_the_guide_shows_the_files_that_new_writes():
    assert guide_files() == plugin_files("demo")


def test_the_guides_example_passes_check_and_the_battery(guide_package, tmp_path, capsys):
    status = main(["check", "demo", "--executor", "serial", "--quiet", "--cache", str(tmp_path / "cache")])
    output = capsys.readouterr().out
    assert status == 0, output
    assert re.search(r"^S1-state-bounded\s+paper .* holds ", output, re.MULTILINE), output
    assert run_battery(["demo"], examples=5) == []


def test_the_battery_catches_a_planted_bug_in_the_example(guide_package):
    """The control: an example whose bound is off by 10% fails the battery (the near control's
    5% overshoot then stays below the inflated bound)."""
    theorem_file = guide_package / "rnnbounds_demo" / "theorem.py"
    theorem_file.write_text(theorem_file.read_text().replace("expr=u / (1 - w)", "expr=1.1 * u / (1 - w)"))
    with plugins_from(guide_package):
        failures = run_battery(["demo"], examples=3)
    assert any("negative_control" in line or "no_unexpected_failure" in line for line in failures), failures
