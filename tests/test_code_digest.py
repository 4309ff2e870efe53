"""The sweep cache key (rnnbounds.sweeps.version) changes when any source file it covers changes.

Each test copies the three packages to tmp_path, points the digest at the copy (never at the working
tree), edits one file of the copy and checks that code_version moves.
"""

from __future__ import annotations

import importlib
import shutil
import sys
import types
from pathlib import Path

import pytest

from rnnbounds.sweeps import version

ROOT = Path(__file__).resolve().parents[1]
FOLDERS = {"rnnbounds": ROOT / "rnnbounds", "rnnbounds.theorems": ROOT / "theorems",
           "rnnbounds.numerics": ROOT / "numerics"}
TASK = "rnnbounds.theorems.linear_curse_of_memory"
TASK_REFERENCE = f"{TASK}:MEMORY_IDENTITY"


@pytest.fixture
def copied_tree(tmp_path, monkeypatch):
    """The packages copied to tmp_path, with version's imports answering from the copy."""
    roots = {}
    for package, folder in FOLDERS.items():
        roots[package] = tmp_path / package
        shutil.copytree(folder, roots[package], ignore=shutil.ignore_patterns("__pycache__"))
    modules = {package: types.SimpleNamespace(__file__=str(root / "__init__.py")) for package, root in roots.items()}
    modules[TASK] = types.SimpleNamespace(__file__=str(roots["rnnbounds.theorems"] / "linear_curse_of_memory.py"))
    fake = types.SimpleNamespace(import_module=lambda name: modules[name], metadata=importlib.metadata)
    monkeypatch.setattr(version, "importlib", fake)
    version.package_digest.cache_clear()
    version.module_digest.cache_clear()
    yield roots, modules
    version.package_digest.cache_clear()
    version.module_digest.cache_clear()


def _fresh_version(reference: str = TASK_REFERENCE) -> str:
    version.package_digest.cache_clear()
    version.module_digest.cache_clear()
    return version.code_version(reference)


def test_the_copy_has_the_digest_of_the_working_tree(copied_tree, monkeypatch):
    copied = _fresh_version()
    monkeypatch.setattr(version, "importlib", importlib)  # now the real packages
    assert _fresh_version() == copied


EDITS = [
    ("rnnbounds", "sweeps/store.py"),
    ("rnnbounds", "cli.py"),
    ("rnnbounds.theorems", "core/bound.py"),
    ("rnnbounds.theorems", "gd_convergence/constants.py"),
    ("rnnbounds.theorems", "linear_curse_of_memory.py"),        # the task's own module
    ("rnnbounds.numerics", "linear_rnn.py"),
]


@pytest.mark.parametrize("package, relative", EDITS, ids=[f"{p}/{r}" for p, r in EDITS])
def test_editing_a_source_file_changes_the_code_version(copied_tree, package, relative):
    roots, _ = copied_tree
    before = _fresh_version()
    path = roots[package] / relative
    path.write_text(path.read_text().replace("\n", "\n# edited\n", 1))
    assert _fresh_version() != before


@pytest.mark.parametrize("package", sorted(FOLDERS))
def test_adding_or_renaming_a_source_file_changes_the_code_version(copied_tree, package):
    roots, _ = copied_tree
    before = _fresh_version()
    added = roots[package] / "zz_added.py"
    added.write_text("X = 1\n")
    after_add = _fresh_version()
    added.rename(roots[package] / "zz_renamed.py")
    assert len({before, after_add, _fresh_version()}) == 3


def test_a_task_module_outside_the_packages_is_covered(copied_tree, tmp_path):
    """A plugin task lives outside rnnbounds: its own module is part of the key."""
    _, modules = copied_tree
    plugin = tmp_path / "plugin_task.py"
    plugin.write_text("def task():\n    return 1\n")
    modules["plugin_task"] = types.SimpleNamespace(__file__=str(plugin))
    before = _fresh_version("plugin_task:task")
    plugin.write_text("def task():\n    return 2\n")
    assert _fresh_version("plugin_task:task") != before
    assert _fresh_version("plugin_task:task") != _fresh_version(TASK_REFERENCE)


def test_an_unchanged_tree_keeps_its_code_version(copied_tree):
    """The control: nothing edited, the same key (so the edits above are what moved it)."""
    assert _fresh_version() == _fresh_version()


def test_the_working_tree_is_untouched(copied_tree):
    roots, _ = copied_tree
    (roots["rnnbounds.numerics"] / "linear_rnn.py").write_text("# replaced\n")
    assert (FOLDERS["rnnbounds.numerics"] / "linear_rnn.py").read_text() != "# replaced\n"


# A plugin theorem's package: source_digest covers every file of the top-level package its module
# belongs to (or the one file of a top-level module), wherever it is installed.


@pytest.fixture
def plugin_tree(tmp_path, monkeypatch):
    """A package plugin_pkg (theorem.py, helpers/limits.py) and a top-level module plugin_single."""
    package = tmp_path / "plugin_pkg"
    (package / "helpers").mkdir(parents=True)
    for relative, text in {"__init__.py": "", "theorem.py": "THEOREM = 1\n", "helpers/__init__.py": "",
                           "helpers/limits.py": "LIMIT = 1.0\n", "notes.txt": "not code\n"}.items():
        (package / relative).write_text(text)
    (tmp_path / "plugin_single.py").write_text("THEOREM = 2\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    version.clear_digests()
    yield package, tmp_path / "plugin_single.py"
    version.clear_digests()
    for name in [n for n in sys.modules if n.startswith(("plugin_pkg", "plugin_single"))]:
        del sys.modules[name]


def _source(module: str) -> str:
    version.clear_digests()
    return version.source_digest(module)


@pytest.mark.parametrize("relative", ["theorem.py", "helpers/limits.py", "__init__.py"])
def test_editing_any_file_of_a_plugin_package_changes_its_digest(plugin_tree, relative):
    package, _ = plugin_tree
    before = _source("plugin_pkg.theorem")
    assert _source("plugin_pkg.helpers.limits") == before  # one digest per top-level package
    (package / relative).write_text((package / relative).read_text() + "# edited\n")
    assert _source("plugin_pkg.theorem") != before


def test_a_plugin_digest_ignores_files_that_are_not_python_and_is_stable(plugin_tree):
    package, _ = plugin_tree
    before = _source("plugin_pkg.theorem")
    assert _source("plugin_pkg.theorem") == before
    (package / "notes.txt").write_text("changed\n")
    assert _source("plugin_pkg.theorem") == before


def test_adding_a_module_to_a_plugin_package_changes_its_digest(plugin_tree):
    package, _ = plugin_tree
    before = _source("plugin_pkg.theorem")
    (package / "helpers" / "more.py").write_text("X = 1\n")
    assert _source("plugin_pkg.theorem") != before


def test_a_top_level_plugin_module_is_digested_by_its_file(plugin_tree):
    _, single = plugin_tree
    before = _source("plugin_single")
    single.write_text("THEOREM = 3\n")
    assert _source("plugin_single") != before != ""


def test_rnnbounds_modules_need_no_source_digest_of_their_own():
    """Built-in theorems are covered by package_digest already (the tests above show it moves)."""
    assert version.source_digest("rnnbounds.theorems.linear_curse_of_memory") == ""
