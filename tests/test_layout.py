"""The house rules that code can check: dependency direction and the README's commands."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


@pytest.mark.parametrize("path", sorted((ROOT / "numerics").rglob("*.py")), ids=lambda p: p.name)
def test_numerics_imports_neither_sympy_nor_theorems_nor_the_cli(path):
    forbidden = [n for n in _imports(path)
                 if n.split(".")[0] == "sympy" or n.startswith(("rnnbounds.theorems", "rnnbounds.cli",
                                                               "rnnbounds.report", "rnnbounds.check"))]
    assert not forbidden, f"{path.name} imports {forbidden}"


@pytest.mark.parametrize("path", sorted((ROOT / "theorems").rglob("*.py")), ids=lambda p: p.name)
def test_theorems_do_not_import_the_cli_or_report_layer(path):
    forbidden = [n for n in _imports(path) if n.startswith(("rnnbounds.cli", "rnnbounds.report",
                                                            "rnnbounds.commands", "rnnbounds.check"))]
    assert not forbidden, f"{path.name} imports {forbidden}"


def test_ci_runs_the_readme_test_command():
    readme = (ROOT / "README.md").read_text()
    ci = (ROOT / ".ci" / "run").read_text()
    command = next(line for line in ci.splitlines() if "pytest" in line).strip()
    assert command in readme
