"""`rnnbounds new NAME` writes a plugin package that passes `rnnbounds check NAME` and the battery
with no other step: registered from a .dist-info in the default suite, pip-installed (into a
throwaway target folder, never the running environment) in a slow test."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from rnnbounds.cli import main
from rnnbounds.scaffold import plugin_names
from rnnbounds.testing.battery import run_battery
from rnnbounds.testing.entry_points import plugins_from, write_distribution


def test_new_writes_the_package_and_refuses_to_overwrite(tmp_path, capsys):
    assert main(["new", "grad-norms", "--dir", str(tmp_path)]) == 0
    root = tmp_path / "rnnbounds-grad-norms"
    assert str(root) in capsys.readouterr().out
    files = sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())
    assert files == ["README.md", "pyproject.toml", "rnnbounds_grad_norms/__init__.py",
                     "rnnbounds_grad_norms/theorem.py", "tests/test_battery.py"]
    pyproject = (root / "pyproject.toml").read_text()
    assert '[project.entry-points."rnnbounds.theorems"]\ngrad-norms = "rnnbounds_grad_norms.theorem:THEOREM"' in pyproject
    assert main(["new", "grad-norms", "--dir", str(tmp_path)]) == 2
    assert capsys.readouterr().err.strip().endswith("already exists; choose another NAME or --dir")


@pytest.mark.parametrize("name", ["Demo", "demo_x", "demo-", "demo--x", "1demo", "", "a" * 61])
def test_new_refuses_a_name_that_is_not_a_theorem_id(name, tmp_path, capsys):
    assert main(["new", name, "--dir", str(tmp_path)]) == 2
    error = capsys.readouterr().err.strip()
    assert error.startswith("rnnbounds: error: NAME:") and "\n" not in error
    assert not any(tmp_path.iterdir())


@pytest.mark.parametrize("name", ["demo", "a", "grad-norms-2"])
def test_new_accepts_theorem_ids(name):
    assert plugin_names(name).theorem_id == name


def test_a_new_package_passes_check_and_the_battery(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    assert main(["new", "scaffolded", "--dir", str(tmp_path)]) == 0
    root = tmp_path / "rnnbounds-scaffolded"
    write_distribution(root, "rnnbounds-scaffolded", {"scaffolded": "rnnbounds_scaffolded.theorem:THEOREM"})
    with plugins_from(root):
        capsys.readouterr()
        assert main(["check", "scaffolded", "--executor", "serial", "--quiet", "--cache", str(tmp_path / "c")]) == 0
        assert " holds " in capsys.readouterr().out
        assert run_battery(["scaffolded"], examples=5) == []


@pytest.mark.slow
def test_a_new_package_pip_installed_passes_check_selftest_and_its_own_tests(tmp_path):
    """`pip install` of the new package into a target folder, then the CLI and pytest in fresh processes."""
    assert main(["new", "demo", "--dir", str(tmp_path)]) == 0
    root, target = tmp_path / "rnnbounds-demo", tmp_path / "site"
    install = [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--no-build-isolation",
               "--target", str(target), str(root)]
    subprocess.run(install, check=True, capture_output=True, timeout=300)
    environment = {**os.environ, "PYTHONPATH": str(target), "RNNBOUNDS_CACHE": str(tmp_path / "cache")}
    cli = [sys.executable, "-m", "rnnbounds.cli"]

    def run(*command: str, cwd: Path = tmp_path) -> subprocess.CompletedProcess:
        return subprocess.run(list(command), cwd=cwd, env=environment, capture_output=True, text=True, timeout=600)

    checked = run(*cli, "check", "demo", "--quiet")  # the default executor: worker processes re-import it
    assert checked.returncode == 0 and " holds " in checked.stdout, checked.stderr
    assert run(*cli, "selftest", "demo").returncode == 0
    own = run(sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests", cwd=root)
    assert own.returncode == 0, own.stdout[-2000:]
